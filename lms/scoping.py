"""Wagtail admin views whose every object comes from a queryset scoped to the
user's agencies: the listing, and the edit, delete, inspect, history and usage
views all look objects up in it, so changing an id in the URL gives a 404."""

from django.http import Http404
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet


class ScopedViewMixin:
    """For views of one object: the object must be in the scope (404 otherwise)."""

    #: set by the viewset: a callable(request) -> QuerySet
    scope = None

    def get_object(self, *args, **kwargs):
        # Wagtail's views load objects in several ways (some ignore a queryset
        # argument), so check the loaded object against the scope instead.
        obj = super().get_object(*args, **kwargs)
        if not self.scope(self.request).filter(pk=obj.pk).exists():
            raise Http404
        return obj


class ScopedListingMixin(ScopedViewMixin):
    """For the listing: its rows come from the scope. (Only there: the history
    view's base queryset is its log entries, not the objects.)"""

    def get_base_queryset(self):
        return self.scope(self.request)


class ScopedChooserMixin(ScopedViewMixin):
    """For chooser views (choose, results, chosen): the modal offers only the scope,
    and choosing an object outside it by id gives 404."""

    def get_object_list(self):
        return self.scope(self.request)


class ScopedChooserViewSetMixin:
    """For a ChooserViewSet whose choose, results and chosen view classes are
    `scoped(…, ScopedChooserMixin)`: they see only `chooser_scope(request)`."""

    def chooser_scope(self, request):
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope=self.chooser_scope, **kwargs)


def scoped(view_class, mixin=ScopedViewMixin):
    """`view_class` looking its objects up in the viewset's scope."""
    return type(f"Scoped{view_class.__name__}", (mixin, view_class), {})


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose views see only `scoped_queryset(request)`."""

    index_view_class = scoped(generic.IndexView, ScopedListingMixin)
    edit_view_class = scoped(generic.EditView)
    delete_view_class = scoped(generic.DeleteView)
    inspect_view_class = scoped(generic.InspectView)
    history_view_class = scoped(history.HistoryView)
    usage_view_class = scoped(usage.UsageView)
    copy_view_enabled = False

    def scoped_queryset(self, request):
        raise NotImplementedError

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(scope=self.scoped_queryset, **kwargs)

    #: a WagtailAdminModelForm subclass taking `for_user`, which limits its
    #: choices (agencies) to the user's scope as well
    form_class = None

    def get_form_class(self, for_update=False):
        return self.form_class

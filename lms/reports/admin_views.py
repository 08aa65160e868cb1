"""Admin screens for API tokens and saved column mappings (scoped to the user's agencies)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic

from lms.access import agencies_for
from lms.models import Role
from lms.reports.models import ApiToken, SavedColumnMapping
from lms.reports.services import api_token_create, api_token_revoke
from lms.roster.parsing import ALL_COLUMNS
from lms.scoping import ScopedModelViewSet, ScopedViewMixin


class ApiTokenForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(label=gettext_lazy("Revoke this token"), required=False)

    class Meta:
        model = ApiToken
        fields = ["name", "agency", "scope"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        self.fields["agency"].queryset = agencies_for(for_user, Role.HR).order_by("path")
        if self.instance.pk:
            for name in ("agency", "scope"):
                self.fields[name].disabled = True
            if self.instance.revoked_at:
                self.fields["revoke"].disabled = True
                self.fields["revoke"].initial = True
        else:
            del self.fields["revoke"]


class ApiTokenCreateView(ScopedViewMixin, generic.CreateView):
    def get_base_queryset(self):
        return self.scope(self.request)

    def save_instance(self):
        data = self.form.cleaned_data
        token, self.raw_token = api_token_create(
            name=data["name"], agency=data["agency"], scope=data["scope"], created_by=self.request.user
        )
        return token

    def get_success_message(self, instance):
        return _("Token created. Copy it now, it will not be shown again: %(token)s") % {
            "token": self.raw_token
        }


class ApiTokenEditView(ScopedViewMixin, generic.EditView):
    def save_instance(self):
        instance = self.form.instance
        ApiToken.objects.filter(pk=instance.pk).update(name=self.form.cleaned_data["name"])
        if self.form.cleaned_data.get("revoke") and instance.revoked_at is None:
            api_token_revoke(token=instance, revoked_by=self.request.user)
        instance.refresh_from_db()
        return instance


class ApiTokenViewSet(ScopedModelViewSet):
    model = ApiToken
    icon = "key"
    menu_label = gettext_lazy("API tokens")
    name = "api_tokens"
    form_class = ApiTokenForm
    add_view_class = ApiTokenCreateView
    edit_view_class = ApiTokenEditView
    delete_view_enabled = False
    list_display = ["name", "agency", "scope", "prefix", "created_at", "last_used_at", "revoked_at"]
    ordering = ["-created_at"]

    def scoped_queryset(self, request):
        return ApiToken.objects.filter(agency__in=agencies_for(request.user, Role.HR)).select_related(
            "agency"
        )


class MappingForm(WagtailAdminModelForm):
    class Meta:
        model = SavedColumnMapping
        fields = ["name", "agency", "mapping"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        self.fields["agency"].queryset = agencies_for(for_user, Role.HR).order_by("path")
        self.fields["mapping"].help_text = _(
            "A JSON object from our column names (%(columns)s) to the headers in your file, "
            'e.g. {"first_name": "PER_NAME", "agency_code": "ORG_CODE"}.'
        ) % {"columns": ", ".join(ALL_COLUMNS)}

    def clean_mapping(self):
        mapping = self.cleaned_data["mapping"]
        if not isinstance(mapping, dict) or not mapping:
            raise forms.ValidationError(_("Give a JSON object of column names."))
        unknown = [key for key in mapping if key not in ALL_COLUMNS]
        if unknown:
            raise forms.ValidationError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
        for value in mapping.values():
            values = value if isinstance(value, list) else [value]
            if not values or not all(isinstance(v, str) and v.strip() for v in values):
                raise forms.ValidationError(_("Each column must name a header (text) or a list of headers."))
        return mapping

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class MappingViewSet(ScopedModelViewSet):
    model = SavedColumnMapping
    icon = "list-ul"
    menu_label = gettext_lazy("Saved column mappings")
    name = "column_mappings"
    form_class = MappingForm
    list_display = ["name", "agency", "created_at"]
    ordering = ["name"]

    def scoped_queryset(self, request):
        return SavedColumnMapping.objects.filter(
            agency__in=agencies_for(request.user, Role.HR)
        ).select_related("agency")

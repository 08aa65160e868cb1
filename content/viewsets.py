"""Wagtail admin screens for the H5P package library, and the chooser used by
the lesson block. Trainers see and choose only their agencies' packages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic import models as model_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from content import services
from content.forms import H5PPackageForm
from content.h5p import H5PValidationError
from content.models import H5PPackage
from content.selectors import packages_for_trainer
from lms.scoping import ScopedModelViewSet, ScopedViewMixin


class PackageCreateView(model_views.CreateView):
    def save_instance(self):
        form = self.form
        upload = form.cleaned_data["file"]
        return services.h5p_package_create(
            file=upload, owner_agency=form.cleaned_data["owner_agency"], uploaded_by=self.request.user,
            title=form.cleaned_data.get("title") or "", original_filename=upload.name,
        )  # fmt: skip

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except H5PValidationError as error:
            form.add_error("file", error.as_django_validation_error())
            return self.form_invalid(form)


class PackageDeleteView(ScopedViewMixin, model_views.DeleteView):
    def form_valid(self, form):
        try:
            services.h5p_package_delete(package=self.object, deleted_by=self.request.user)
        except services.PackageInUse as exc:
            messages.error(self.request, str(exc))
            return redirect(self.get_success_url())
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())


class H5PPackageViewSet(ScopedModelViewSet):
    model = H5PPackage
    icon = "media"
    menu_label = _("H5P packages")
    menu_order = 260
    add_to_admin_menu = True
    name = "h5p_packages"
    form_class = H5PPackageForm
    add_view_class = PackageCreateView
    delete_view_class = PackageDeleteView
    list_display = ["title", "main_library_label", "size_label", "file_count", "owner_agency", "uploaded_at"]
    list_filter = ["main_library", "owner_agency"]
    search_fields = ["title", "main_library", "original_filename"]
    ordering = ["title"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title", "main_library", "library_version", "language", "reports_score", "size_bytes", "upload_bytes",
        "file_count", "original_filename", "owner_agency", "uploaded_by", "uploaded_at",
    ]  # fmt: skip

    def scoped_queryset(self, request):
        return packages_for_trainer(request.user).select_related("owner_agency")


class _ScopedChooserMixin:
    def get_object_list(self):
        return packages_for_trainer(self.request.user).order_by("title")


class PackageChooseView(_ScopedChooserMixin, chooser_views.ChooseView):
    pass


class PackageChooseResultsView(_ScopedChooserMixin, chooser_views.ChooseResultsView):
    pass


class PackageChosenView(chooser_views.ChosenView):
    def get_object(self, pk):
        return get_object_or_404(packages_for_trainer(self.request.user), pk=pk)


class H5PPackageChooserViewSet(ChooserViewSet):
    model = H5PPackage
    icon = "media"
    choose_one_text = _("Choose an H5P package")
    choose_another_text = _("Choose another H5P package")
    edit_item_text = _("Edit this package")
    choose_view_class = PackageChooseView
    choose_results_view_class = PackageChooseResultsView
    chosen_view_class = PackageChosenView
    register_widget = False


h5p_package_chooser_viewset = H5PPackageChooserViewSet("h5p_package_chooser")

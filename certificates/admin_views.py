"""Wagtail admin screens of certificates: templates (snippet with PDF preview), per-course settings
(trainers of the owning agency), and HR's certificate list with revoke, reissue, regenerate and
ZIP download, every object looked up in the user's agency scope (wrong object → 404)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates import selectors, services
from certificates.forms import CertificateTemplateForm
from certificates.models import Certificate, CertificateExport, CertificateTemplate, CourseCertificateSetting
from certificates.selectors import templates_editable_by, templates_usable_by
from courses.models import CoursePage
from lms.access import agencies_for, has_role
from lms.models import Role
from lms.scoping import (
    ScopedChooserMixin,
    ScopedChooserViewSetMixin,
    ScopedListingMixin,
    ScopedModelViewSet,
    scoped,
)
from lms.security.client_ip import client_ip


class TemplateCopyView(snippet_views.CopyView):
    """A copy starts from any template the trainer may use (the shared standard one too);
    the copy is theirs."""

    def get_object(self, *args, **kwargs):
        template = super().get_object(*args, **kwargs)
        if not templates_usable_by(user=self.request.user).filter(pk=template.pk).exists():
            raise Http404
        return template


class CertificateTemplateChooserViewSet(ScopedChooserViewSetMixin, snippet_chooser.SnippetChooserViewSet):
    """Trainers choose among the shared templates and their own agencies' ones."""

    choose_view_class = scoped(snippet_chooser.ChooseView, ScopedChooserMixin)
    choose_results_view_class = scoped(snippet_chooser.ChooseResultsView, ScopedChooserMixin)
    chosen_view_class = scoped(snippet_chooser.SnippetChosenView, ScopedChooserMixin)

    def chooser_scope(self, request):
        return templates_usable_by(user=request.user)


class CertificateTemplateViewSet(SnippetViewSet):
    """Trainers list, change, copy and delete only their own agencies' templates (404
    otherwise); shared templates and the default are the superusers'."""

    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    add_to_admin_menu = True
    menu_order = 270
    list_display = ["name", "title", "owner_agency", "orientation", "language", "is_default", "updated_at"]
    edit_handler = ObjectList(CertificateTemplate.panels, base_form_class=CertificateTemplateForm)
    chooser_viewset_class = CertificateTemplateChooserViewSet
    index_view_class = scoped(snippet_views.IndexView, ScopedListingMixin)
    edit_view_class = scoped(snippet_views.EditView)
    copy_view_class = TemplateCopyView
    delete_view_class = scoped(snippet_views.DeleteView)
    history_view_class = scoped(snippet_views.HistoryView)
    usage_view_class = scoped(snippet_views.UsageView)
    inspect_view_class = scoped(snippet_views.InspectView)
    preview_on_edit_view_class = scoped(snippet_views.PreviewOnEditView)

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            scope=lambda request: templates_editable_by(user=request.user), **kwargs
        )


# Per-course settings: trainers of the course's owning agency --------------------------------------


def trainer_courses(user):
    return CoursePage.objects.filter(owner_agency__in=agencies_for(user, Role.TRAINER)).order_by("title")


class CourseCertificateSettingForm(WagtailAdminModelForm):
    class Meta:
        model = CourseCertificateSetting
        fields = ["course", "template", "issue_certificates", "recertification_lead_days"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["course"].queryset = trainer_courses(for_user)
        self.fields["template"].queryset = templates_usable_by(user=for_user)
        if self.instance.pk:
            self.fields["course"].disabled = True


class CourseCertificateSettingViewSet(ScopedModelViewSet):
    model = CourseCertificateSetting
    icon = "cog"
    menu_label = _("Course certificates")
    add_to_admin_menu = True
    menu_order = 271
    form_class = CourseCertificateSettingForm
    list_display = ["course", "template", "issue_certificates", "recertification_lead_days"]

    def scoped_queryset(self, request):
        return CourseCertificateSetting.objects.filter(
            course__in=trainer_courses(request.user)
        ).select_related("course", "template")


# Certificates: HR of the officer's agency subtree ---------------------------------------------------


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Certificate.Status.choices, method="filter_status", empty_label=_("All")
    )
    issued_at = django_filters.DateFromToRangeFilter(label=_("issued at"), widget=DateRangePickerWidget)

    class Meta:
        model = Certificate
        fields = ["course"]

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == Certificate.Status.SUPERSEDED:
            return queryset.filter(superseded_at__isnull=False)
        if value == Certificate.Status.REVOKED:
            return queryset.current().filter(revoked_at__isnull=False)
        valid = queryset.valid(today=today)
        if value == Certificate.Status.VALID:
            return valid
        return queryset.current().filter(revoked_at__isnull=True, expires_on__lt=today)


def hr_scope(request):
    return selectors.certificates_for_hr(user=request.user)


def _require_hr(request):
    if not has_role(request.user, Role.HR):
        raise PermissionDenied


class CertificateIndexView(ScopedListingMixin, generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.pdf:
            buttons.append(
                Button(
                    _("Download PDF"),
                    url=reverse("certificates:pdf", args=[instance.pk]),
                    icon_name="download",
                )
            )
        if instance.superseded_at is None and instance.revoked_at is None:
            buttons.append(
                Button(
                    _("Revoke"),
                    url=reverse("certificate_admin:revoke", args=[instance.pk]),
                    icon_name="cross",
                )
            )
            buttons.append(
                Button(
                    _("Reissue"),
                    url=reverse("certificate_admin:reissue", args=[instance.pk]),
                    icon_name="repeat",
                )
            )
        return buttons

    @property
    def header_more_buttons(self):
        return [
            Button(
                _("Regenerate PDFs of a course"),
                url=reverse("certificate_admin:regenerate"),
                icon_name="repeat",
            ),
            Button(_("Download as ZIP"), url=reverse("certificate_admin:export"), icon_name="download"),
        ]


class CertificateViewSet(ScopedModelViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = _("Certificates")
    add_to_admin_menu = True
    menu_order = 269
    index_view_class = CertificateIndexView
    inspect_view_enabled = True
    list_display = [
        "number",
        "full_name",
        "course_title",
        "agency_name",
        "issued_at",
        "expires_on",
        "get_status_display",
    ]
    list_export = ["number", "full_name", "course_title", "agency_name", "completed_on", "issued_at", "expires_on",
                   "get_status_display", "revocation_reason"]  # fmt: skip
    export_filename = "certificates"
    filterset_class = CertificateFilterSet
    search_fields = ["number", "full_name", "course_title"]
    search_backend_name = None
    inspect_view_fields = [
        "number", "full_name", "full_name_en", "course_title", "agency_name", "issuing_agency_name", "completed_on",
        "issued_at", "expires_on", "get_status_display", "sha256", "revoked_at", "revocation_reason", "superseded_at",
        "superseded_by",
    ]  # fmt: skip
    copy_view_enabled = False

    def scoped_queryset(self, request):
        return hr_scope(request)

    # A certificate is issued, never typed in, edited or deleted here: its lifecycle
    # is revoke / reissue / regenerate (below), so the listing links to the inspect view.
    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs |= {
            "add_url_name": None,
            "delete_url_name": None,
            "edit_url_name": self.get_url_name("inspect"),
        }
        return view_kwargs

    def get_urlpatterns(self):
        return [p for p in super().get_urlpatterns() if p.name not in {"add", "edit", "delete", "copy"}]


# Lifecycle views -----------------------------------------------------------------------------------


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Recorded in the audit trail. The verify page will say the certificate is revoked."),
    )


def _page(request, template, title, **context):
    return TemplateResponse(request, template, {"page_title": title, "header_title": title, **context})


def _scoped_certificate(request, pk) -> Certificate:
    _require_hr(request)
    return get_object_or_404(hr_scope(request), pk=pk)


def revoke_view(request, pk: int):
    certificate = _scoped_certificate(request, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate,
                revoked_by=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except services.CertificateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Certificate %(number)s was revoked.") % {"number": certificate.number}
            )
        return redirect("certificate_admin_viewset:index")
    return _page(
        request,
        "certificates/admin/revoke.html",
        _("Revoke certificate %(number)s") % {"number": certificate.number},
        certificate=certificate,
        form=form,
    )


def reissue_view(request, pk: int):
    certificate = _scoped_certificate(request, pk)
    if request.method == "POST":
        try:
            new = services.certificate_reissue(
                certificate=certificate, reissued_by=request.user, ip=client_ip(request)
            )
        except services.CertificateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Certificate %(old)s was replaced by %(new)s; its PDF is being prepared.")
                % {"old": certificate.number, "new": new.number},
            )
        return redirect("certificate_admin_viewset:index")
    return _page(
        request,
        "certificates/admin/reissue.html",
        _("Reissue certificate %(number)s") % {"number": certificate.number},
        certificate=certificate,
    )


class RegenerateForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = hr_scope_for(user).values("course_id")
        self.fields["course"].queryset = CoursePage.objects.filter(pk__in=ids).order_by("title")


def hr_scope_for(user):
    return selectors.certificates_for_hr(user=user)


def regenerate_view(request):
    _require_hr(request)
    form = RegenerateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        ids = list(
            hr_scope(request)
            .current()
            .filter(course=form.cleaned_data["course"])
            .values_list("pk", flat=True)
        )

        def schedule():
            from certificates.tasks import regenerate_certificates_task

            regenerate_certificates_task.delay(ids, request.user.pk)

        transaction.on_commit(schedule)
        messages.success(
            request,
            _("%(count)d certificates will be made again with the course's current template.")
            % {"count": len(ids)},
        )
        return redirect("certificate_admin_viewset:index")
    return _page(request, "certificates/admin/regenerate.html", _("Regenerate certificate PDFs"), form=form)


class ExportForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    agency = forms.ModelChoiceField(label=_("Agency (with its subtree)"), queryset=None)
    issued_from = forms.DateField(label=_("Issued from"), widget=forms.DateInput(attrs={"type": "date"}))
    issued_until = forms.DateField(label=_("Issued until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        ids = hr_scope_for(user).values("course_id")
        self.fields["course"].queryset = CoursePage.objects.filter(pk__in=ids).order_by("title")
        self.fields["agency"].queryset = agencies_for(user, Role.HR).order_by("path")

    def clean(self):
        data = super().clean()
        if (
            data.get("issued_from")
            and data.get("issued_until")
            and data["issued_from"] > data["issued_until"]
        ):
            raise forms.ValidationError(_("The start of the period must not be after its end."))
        return data


def export_view(request):
    _require_hr(request)
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            export = services.certificate_export_create(requested_by=request.user, **form.cleaned_data)
        except services.CertificateError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("certificate_admin:export_status", pk=export.pk)
    recent = CertificateExport.objects.filter(requested_by=request.user).select_related("course", "agency")[
        :10
    ]
    return _page(
        request, "certificates/admin/export.html", _("Download certificates as ZIP"), form=form, recent=recent
    )


def _own_export(request, pk) -> CertificateExport:
    _require_hr(request)
    export = (
        CertificateExport.objects.select_related("course", "agency")
        .filter(pk=pk, requested_by=request.user)
        .first()
    )
    if export is None:
        raise Http404
    return export


def _export_status(export: CertificateExport) -> dict:
    return {
        "state": export.state,
        "state_label": str(export.get_state_display()),
        "total": export.total,
        "done": export.done,
        "percent": export.percent,
        "download_url": reverse("certificate_admin:export_download", args=[export.pk])
        if export.state == CertificateExport.State.READY
        else None,
    }


def export_status_view(request, pk: int):
    export = _own_export(request, pk)
    return _page(
        request,
        "certificates/admin/export_status.html",
        _("Certificate ZIP download"),
        export=export,
        status=_export_status(export),
        status_url=reverse("certificate_admin:export_status_json", args=[export.pk]),
    )


def export_status_json_view(request, pk: int):
    return JsonResponse(_export_status(_own_export(request, pk)))


def export_download_view(request, pk: int):
    export = _own_export(request, pk)
    if export.state != CertificateExport.State.READY or not export.file:
        raise Http404
    filename = (
        f"certificates-{export.course_id}-{export.agency.code}-{export.issued_from}-{export.issued_until}.zip"
    )
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=filename, content_type="application/zip"
    )


admin_urlpatterns = [
    path("revoke/<int:pk>/", revoke_view, name="revoke"),
    path("reissue/<int:pk>/", reissue_view, name="reissue"),
    path("regenerate/", regenerate_view, name="regenerate"),
    path("export/", export_view, name="export"),
    path("export/<int:pk>/", export_status_view, name="export_status"),
    path("export/<int:pk>/status.json", export_status_json_view, name="export_status_json"),
    path("export/<int:pk>/download/", export_download_view, name="export_download"),
]

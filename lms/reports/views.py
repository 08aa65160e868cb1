"""HR workspace admin views: thin adapters that check scope, call a selector or
service, and render or export. Every object and filter value comes from the
user's own agency subtree (`agencies_for(user, Role.HR)`); anything else is a 404."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import CoursePage
from lms.access import agencies_for, has_role
from lms.civil_service import Level
from lms.models import Agency, Role
from lms.reports import selectors
from lms.reports.exporting import FORMATS, XLSX, export_response, stream_xlsx
from lms.reports.models import RosterImport, SavedColumnMapping
from lms.reports.services import roster_import_rerun, roster_import_start
from lms.roster.parsing import DPIS_MAPPING
from lms.thai_dates import format_thai_date


def _require_hr(request) -> None:
    if not has_role(request.user, Role.HR):
        raise PermissionDenied


def _scope(request):
    return agencies_for(request.user, Role.HR)


def _root_agency(request) -> Agency:
    """The agency in the `agency` parameter (within scope, else 404), or the user's top agency."""
    scope = _scope(request)
    code = request.GET.get("agency", "").strip()
    if code:
        agency = scope.filter(code=code).first()
        if agency is None:
            raise Http404
        return agency
    agency = scope.order_by("depth", "path").first()
    if agency is None:
        raise PermissionDenied
    return agency


def _int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def filters_from_request(request) -> selectors.ReportFilters:
    agency = _root_agency(request)
    get = request.GET
    course_id = _int_or_none(get.get("course"))
    level = get.get("level", "")
    fy_param = get.get("fy", "")
    fiscal_year = None if fy_param == "all" else (_int_or_none(fy_param) or selectors.current_fiscal_year())
    return selectors.ReportFilters(
        agency=agency,
        course_id=course_id,
        level=level if level in Level.values else "",
        position=get.get("position", "")[:255],
        status=get.get("status", "")
        if get.get("status") in {*selectors.S.values, selectors.STATUS_OVERDUE}
        else "",
        due_window=get.get("due", "") if get.get("due") in selectors.DUE_WINDOWS else "",
        fiscal_year=fiscal_year,
    )


def _filter_context(request, filters: selectors.ReportFilters) -> dict:
    this_year = selectors.current_fiscal_year()
    return {
        "filters": filters,
        "agency_choices": list(_scope(request).order_by("path").values("code", "name_th", "depth")),
        "course_choices": list(CoursePage.objects.live().order_by("title").values("pk", "title")),
        "level_choices": Level.choices,
        "position_choices": selectors.positions_in_scope(filters.agency),
        "status_choices": [
            (s, selectors.status_label(s)) for s in [*selectors.S.values, selectors.STATUS_OVERDUE]
        ],
        "due_choices": [
            ("overdue", _("Overdue")),
            ("7", _("Due within 7 days")),
            ("30", _("Due within 30 days")),
            ("90", _("Due within 90 days")),
        ],
        "fy_choices": [this_year + 1, this_year, this_year - 1, this_year - 2, this_year - 3],
        "fy_value": str(filters.fiscal_year or "all"),
        "query": request.GET.urlencode(),
        "query_without_export": _query(request, export=None),
    }


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


class HRView(WagtailAdminTemplateMixin, TemplateView):
    breadcrumbs_items = []
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        _require_hr(request)
        return super().dispatch(request, *args, **kwargs)


class DashboardView(HRView):
    """Per agency (rolled up) × course, charts, and links down the tree."""

    template_name = "reports/dashboard.html"
    page_title = gettext_lazy("Training dashboard")
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        filters = filters_from_request(request)
        summary = selectors.completion_summary(filters)
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            header, rows = selectors.summary_export(summary)
            return export_response(fmt, filename=f"summary-{filters.agency.code}", header=header, rows=rows,
                                   title=_("Summary"))  # fmt: skip
        over_time = selectors.completions_over_time(filters)
        charts = {
            "agencies": [
                a.name_th if not is_self else f"{a.name_th} ({_('itself')})"
                for a, is_self, _c, _h in summary.by_agency
            ],
            "percent": [c.percent for _a, _s, c, _h in summary.by_agency],
            "overdue": [c.overdue for _a, _s, c, _h in summary.by_agency],
            "months": [format_thai_date(month, style="short").split(" ", 1)[1] for month, _n in over_time],
            "completions": [n for _m, n in over_time],
            "labels": {
                "percent": _("Completion %"),
                "overdue": _("Overdue"),
                "completions": _("Completions"),
            },
        }
        context = self.get_context_data(summary=summary, charts=charts, **_filter_context(request, filters))
        context["breadcrumb_agencies"] = [
            a for a in filters.agency.get_ancestors() if _scope(request).filter(pk=a.pk).exists()
        ] if filters.agency.depth > 1 else []  # fmt: skip
        return self.render_to_response(context)


class OfficersView(HRView):
    """The drill-down: officers, their status, due and completion dates, and the registered extra columns."""

    template_name = "reports/officers.html"
    page_title = gettext_lazy("Officers and their training")
    header_icon = "group"
    paginate_by = 50

    def get(self, request, *args, **kwargs):
        filters = filters_from_request(request)
        qs = selectors.officer_rows(filters)
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            return export_response(
                fmt,
                filename=f"officers-{filters.agency.code}",
                header=selectors.officer_export_header(),
                rows=selectors.officer_export_rows(qs, today=filters.today),
                title=_("Officers"),
                date_columns=None if selectors.extra_columns() else selectors.OFFICER_DATE_COLUMNS,
            )
        page = Paginator(qs, self.paginate_by).get_page(request.GET.get("p"))
        extra = selectors.extra_columns()
        values = selectors.extra_values([e.pk for e in page.object_list]) if extra else {}
        rows = []
        for enrolment in page.object_list:
            state = selectors.status_of(status=enrolment.status, completed_at=enrolment.completed_at,
                                        due_at=enrolment.due_at, today=filters.today)  # fmt: skip
            rows.append({
                "e": enrolment, "state": state, "state_label": selectors.status_label(state),
                "extra": [values.get(enrolment.pk, {}).get(key, "") for key, _label in extra],
            })  # fmt: skip
        context = self.get_context_data(page=page, rows=rows, extra_labels=[label for _k, label in extra],
                                        page_query=_query(request, p=None), **_filter_context(request, filters))  # fmt: skip
        return self.render_to_response(context)


class ItaView(HRView):
    """Integrity-assessment evidence for a fiscal year, grouped by disclosure item."""

    template_name = "reports/ita.html"
    page_title = gettext_lazy("Integrity assessment (ITA) evidence")
    header_icon = "doc-full"
    participants_shown = 200

    def get(self, request, *args, **kwargs):
        agency = _root_agency(request)
        be_year = _int_or_none(request.GET.get("fy")) or selectors.current_fiscal_year()
        items = selectors.ita_evidence(agency=agency, be_year=be_year)
        fmt = request.GET.get("export")
        if fmt == XLSX:
            return self._xlsx(agency, be_year, items)
        if fmt == "pdf":
            return self._pdf(request, agency, be_year, items)
        for item in items:
            qs = selectors.ita_participants(
                agency=agency, be_year=be_year, course_ids=[c for c, _t in item.courses]
            )
            item.participants = list(qs[: self.participants_shown])
            item.more = item.completed > len(item.participants)
        start, end = selectors.fiscal_year_bounds(be_year)
        context = self.get_context_data(
            agency=agency, be_year=be_year, items=items, fy_start=start, fy_end=end,
            fy_choices=[selectors.current_fiscal_year() - i for i in range(4)],
            agency_choices=list(_scope(request).order_by("path").values("code", "name_th", "depth")),
            query=request.GET.urlencode(),
        )  # fmt: skip
        return self.render_to_response(context)

    def _xlsx(self, agency, be_year, items):
        summary_header = [
            _("Item"),
            _("Courses"),
            _("Agency"),
            _("Officers"),
            _("Completed"),
            _("Completion %"),
        ]

        def summary_rows():
            for item in items:
                courses = ", ".join(t for _c, t in item.courses)
                for row in item.rows:
                    yield [item.code, courses, row.agency.name_th, row.officers, row.completed, row.percent]
                yield [item.code, courses, _("Total"), item.officers, item.completed, item.percent]

        people_header = [
            _("Item"),
            _("Employee ID"),
            _("Name"),
            _("Agency"),
            _("Position"),
            _("Course"),
            _("Completed at"),
        ]

        def people_rows():
            for item in items:
                qs = selectors.ita_participants(
                    agency=agency, be_year=be_year, course_ids=[c for c, _t in item.courses]
                )
                for emp, title, first, last, agency_name, position, course, done in qs.iterator(
                    chunk_size=5000
                ):
                    yield [
                        item.code,
                        emp,
                        f"{title}{first} {last}".strip(),
                        agency_name,
                        position,
                        course,
                        done,
                    ]

        return stream_xlsx(
            filename=f"ita-{be_year}-{agency.code}", header=None, rows=None,
            sheets=[(_("Summary"), summary_header, summary_rows()), (_("Participants"), people_header, people_rows())],
        )  # fmt: skip

    def _pdf(self, request, agency, be_year, items):
        import fontpkg_sarabun
        from weasyprint import HTML

        for item in items:
            qs = selectors.ita_participants(
                agency=agency, be_year=be_year, course_ids=[c for c, _t in item.courses]
            )
            item.participants = list(qs)
        start, end = selectors.fiscal_year_bounds(be_year)
        html = render_to_string(
            "reports/ita_pdf.html",
            {
                "agency": agency, "be_year": be_year, "items": items, "fy_start": start, "fy_end": end,
                "generated": timezone.localtime(), "font_dir": (fontpkg_sarabun.ROOT / "files").as_uri(),
            },
            request=request,
        )  # fmt: skip
        pdf = HTML(string=html).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="ita-{be_year}-{agency.code}.pdf"'
        return response


# ---------------------------------------------------------------------------
# Roster upload


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Roster file (CSV or Excel .xlsx)"))
    mapping = forms.ChoiceField(label=gettext_lazy("Column names"), required=False)
    dry_run = forms.BooleanField(
        label=gettext_lazy("Preview only (write nothing)"), required=False, initial=True
    )
    deactivate_missing = forms.BooleanField(
        label=gettext_lazy("Deactivate officers of my agencies who are not in the file"), required=False
    )

    def __init__(self, *args, mappings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mappings = {str(m.pk): m for m in mappings}
        self.fields["mapping"].choices = [
            ("", _("Standard or Thai headers")),
            ("dpis", _("DPIS export (PER_NAME, ORG_CODE …)")),
            *[(pk, m.name) for pk, m in self.mappings.items()],
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")):
            raise forms.ValidationError(_("Please upload a CSV or Excel (.xlsx) file."))
        if upload.size > settings.ROSTER_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s. Split the roster into several files.")
                % {"size": filesizeformat(settings.ROSTER_MAX_UPLOAD_BYTES)}
            )
        return upload

    def chosen_mapping(self) -> dict:
        value = self.cleaned_data.get("mapping") or ""
        if value == "dpis":
            return {k: list(v) if isinstance(v, tuple) else v for k, v in DPIS_MAPPING.items()}
        mapping = self.mappings.get(value)
        return dict(mapping.mapping) if mapping else {}


def _mappings_for(request):
    return SavedColumnMapping.objects.filter(agency__in=_scope(request)).order_by("name")


class RosterUploadView(HRView):
    template_name = "reports/roster_upload.html"
    page_title = gettext_lazy("Import roster")
    header_icon = "upload"

    def get(self, request, *args, **kwargs):
        form = RosterUploadForm(mappings=_mappings_for(request))
        return self.render_to_response(self.get_context_data(form=form, recent=self._recent(request)))

    def post(self, request, *args, **kwargs):
        form = RosterUploadForm(request.POST, request.FILES, mappings=_mappings_for(request))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, recent=self._recent(request)))
        upload = form.cleaned_data["file"]
        job = roster_import_start(
            uploaded_by=request.user, file=upload, filename=upload.name, mapping=form.chosen_mapping(),
            dry_run=form.cleaned_data["dry_run"], deactivate_missing=form.cleaned_data["deactivate_missing"],
        )  # fmt: skip
        return redirect("reports:roster_status", pk=job.pk)

    def _recent(self, request):
        return RosterImport.objects.filter(uploaded_by=request.user)[:10]


def _own_job(request, pk) -> RosterImport:
    _require_hr(request)
    qs = (
        RosterImport.objects.all()
        if request.user.is_superuser
        else RosterImport.objects.filter(uploaded_by=request.user)
    )
    return get_object_or_404(qs, pk=pk)


def _job_json(job: RosterImport) -> dict:
    total = max(job.total_rows, job.processed_rows, 1)
    done = job.status in (RosterImport.Status.DONE, RosterImport.Status.FAILED)
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "finished": done,
        "processed_rows": job.processed_rows,
        "total_rows": job.total_rows,
        "percent": 100 if done else min(99, round(100 * job.processed_rows / total)),
        "created": job.created,
        "updated": job.updated,
        "unchanged": job.unchanged,
        "deactivated": job.deactivated,
        "rejected": job.rejected,
        "message": job.message,
        "dry_run": job.dry_run,
    }


class RosterStatusView(HRView):
    template_name = "reports/roster_status.html"
    page_title = gettext_lazy("Roster import")
    header_icon = "upload"

    def get(self, request, pk, *args, **kwargs):
        job = _own_job(request, pk)
        context = self.get_context_data(
            job=job,
            status_json=_job_json(job),
            status_url=reverse("reports:roster_status_json", args=[job.pk]),
        )
        return self.render_to_response(context)


def roster_status_json(request, pk):
    return JsonResponse(_job_json(_own_job(request, pk)))


def roster_apply(request, pk):
    job = _own_job(request, pk)
    if request.method != "POST" or not job.dry_run or job.status != RosterImport.Status.DONE:
        raise Http404
    new_job = roster_import_rerun(job=job, by=request.user)
    messages.success(request, _("The import is running."))
    return redirect("reports:roster_status", pk=new_job.pk)


def roster_errors(request, pk):
    job = _own_job(request, pk)
    if not job.error_report:
        raise Http404
    return FileResponse(
        job.error_report.open("rb"), as_attachment=True, filename=f"{job.filename}-errors.csv"
    )

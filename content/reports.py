"""Wagtail admin report: H5P results of the officers an HR officer or trainer
may see (their agency subtrees), with CSV/XLSX export. Every score is marked
as self-reported by the officer's browser."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.reports import ReportView

from content.models import H5PResult
from lms.access import agencies_for
from lms.models import Role


def results_visible_to(user):
    """Results of officers in the agencies `user` acts on as HR officer or trainer."""
    agencies = agencies_for(user, Role.HR) | agencies_for(user, Role.TRAINER)
    return (
        H5PResult.objects.filter(user__agency__in=agencies)
        .select_related("user", "user__agency", "lesson", "package", "enrolment__course")
        .order_by("-last_at")
    )


class H5PResultFilterSet(WagtailFilterSet):
    passed = django_filters.BooleanFilter(label=_("passed"))

    class Meta:
        model = H5PResult
        fields = ["passed"]


class H5PResultsReportView(ReportView):
    page_title = _("H5P activity results")
    header_icon = "media"
    index_url_name = "content_h5p_results"
    index_results_url_name = "content_h5p_results_results"
    filterset_class = H5PResultFilterSet
    columns = [
        Column("user", label=_("Officer"), accessor="user.display_name"),
        Column("agency", label=_("Agency"), accessor="user.agency.name_th"),
        Column("course", label=_("Course"), accessor="enrolment.course.title"),
        Column("lesson", label=_("Lesson"), accessor="lesson.title"),
        Column("package", label=_("Activity"), accessor="package.title"),
        Column("attempts", label=_("number of attempts")),
        Column("best_score", label=_("best score")),
        Column("max_score", label=_("maximum score")),
        BooleanColumn("passed", label=_("passed")),
        DateColumn("last_at", label=_("Last attempt")),
        Column("score_source", label=_("Score source")),
    ]
    list_export = [
        "user.employee_id", "user.display_name", "user.agency.code", "enrolment.course.title", "enrolment.cycle",
        "lesson.title", "package.title", "attempts", "last_score", "best_score", "max_score", "best_percent",
        "passed", "passed_at", "last_at", "score_source",
    ]  # fmt: skip
    export_headings = {
        "user.employee_id": _("Employee ID"), "user.display_name": _("Officer"), "user.agency.code": _("Agency"),
        "enrolment.course.title": _("Course"), "enrolment.cycle": _("Cycle"), "lesson.title": _("Lesson"),
        "package.title": _("Activity"), "attempts": _("number of attempts"), "last_score": _("last score"),
        "best_score": _("best score"), "max_score": _("maximum score"), "best_percent": _("best score (%)"),
        "passed": _("passed"), "passed_at": _("passed at"), "last_at": _("Last attempt"),
        "score_source": _("Score source"),
    }  # fmt: skip

    def get_queryset(self):
        return results_visible_to(self.request.user)

    def get_filename(self):
        return "h5p-results"

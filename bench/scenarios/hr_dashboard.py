"""hr-dashboard: completion summary of an agency subtree (per child agency × course).

ours: `lms.reports.selectors.completion_summary` (aggregate queries grouped by
materialised-path prefix). baseline: the naive per-agency ORM loop: for each
child agency, its descendants, then per course a count() of assigned,
completed, in progress, not started and overdue. Unit: milliseconds (median
of several runs for ours, one run of the baseline on medium/large). Smoke
mode checks every number equals the baseline's.
"""

from __future__ import annotations

import statistics
import time

from bench.harness import BenchmarkError, Result

SCENARIO = "hr-dashboard"


def _setup():
    import os

    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


def baseline_summary(root, today):
    """The naive way: one set of count() queries per child agency and course."""
    from courses.models import CoursePage, Enrolment
    from lms.models import Agency

    result = {}
    course_ids = list(
        CoursePage.objects.filter(enrolments__user__agency__path__startswith=root.path)
        .distinct()
        .values_list("pk", flat=True)
    )
    children = list(Agency.objects.filter(path__startswith=root.path, depth=root.depth + 1))
    for child in children:
        agencies = [child, *child.get_descendants()]
        for course_id in course_ids:
            base = Enrolment.objects.filter(
                user__agency__in=agencies, user__is_active=True, course_id=course_id
            )
            base = base.exclude(pk__in=_superseded(course_id))
            assigned = base.count()
            if not assigned:
                continue
            result[(child.code, course_id)] = (
                assigned,
                base.filter(status="completed").count(),
                base.filter(status="in_progress").count(),
                base.filter(status="not_started").count(),
                base.filter(completed_at__isnull=True, due_at__lt=today).count(),
            )
    return result


def _superseded(course_id):
    from django.db.models import Exists, OuterRef

    from courses.models import Enrolment

    later = Enrolment.objects.filter(
        user_id=OuterRef("user_id"), course_id=course_id, cycle__gt=OuterRef("cycle")
    )
    return Enrolment.objects.filter(course_id=course_id).filter(Exists(later)).values("pk")


def ours_summary(root, today):
    from lms.reports.selectors import ReportFilters, completion_summary

    summary = completion_summary(ReportFilters(agency=root, fiscal_year=None, today=today))
    return summary, {
        (row.agency.code, row.course_id): (
            row.cell.assigned, row.cell.completed, row.cell.in_progress, row.cell.not_started, row.cell.overdue
        )
        for row in summary.rows
        if not row.is_self
    }  # fmt: skip


def run(*, size: str, smoke: bool) -> Result:
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.datasets import ensure_dataset
    from lms.models import Agency

    data = ensure_dataset("small" if smoke else size)
    root = Agency.objects.get(pk=data.root_id)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        _summary, ours = ours_summary(root, today)
    times = []
    for _ in range(3 if smoke else 7):
        start = time.perf_counter()
        ours_summary(root, today)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    base = baseline_summary(root, today)
    baseline_seconds = time.perf_counter() - start
    if ours != base:
        missing = set(base.items()) ^ set(ours.items())
        raise BenchmarkError(
            f"summary differs from the baseline in {len(missing)} cells, e.g. {sorted(missing)[:3]}"
        )
    if len(queries) > 10:
        raise BenchmarkError(f"{len(queries)} queries for the summary (at most 10)")
    return Result(
        scenario=SCENARIO,
        ours=statistics.median(times) * 1000,
        baseline=baseline_seconds * 1000,
        unit="ms",
        higher_is_better=False,
        size="small" if smoke else size,
        extra={"queries": len(queries), "cells": len(ours), "enrolments": data.enrolments},
    )

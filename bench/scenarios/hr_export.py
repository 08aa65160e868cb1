"""hr-export: streaming CSV and XLSX export of every enrolment row of a dataset.

ours: the drill-down's export (`officer_export_rows` over a server-side
cursor) through `stream_csv` (StreamingHttpResponse) and, for XLSX,
openpyxl write-only spooled to a temporary file. baseline: `list()` of the
same rows, then a non-streaming writer (csv into one string; a normal
openpyxl workbook). Unit: CSV rows per second. Peak memory (max RSS of a
fresh child process doing only the XLSX export) is reported for both. Smoke mode
checks the CSV bodies are identical and row counts match.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import resource
import time

from bench.harness import BenchmarkError, Result

SCENARIO = "hr-export"


def _setup():
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


def _query(root_id):

    from lms.models import Agency
    from lms.reports import selectors

    filters = selectors.ReportFilters(agency=Agency.objects.get(pk=root_id), fiscal_year=None)
    return selectors.officer_rows(filters), filters.today


def ours_csv(root_id) -> tuple[int, bytes | None, int]:
    from lms.reports import selectors
    from lms.reports.exporting import stream_csv

    qs, today = _query(root_id)
    response = stream_csv(filename="x", header=selectors.officer_export_header(),
                          rows=selectors.officer_export_rows(qs, today=today), date_columns=selectors.OFFICER_DATE_COLUMNS)  # fmt: skip
    size, lines = 0, 0
    keep = io.BytesIO()
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
        if keep.tell() < 50_000_000:
            keep.write(chunk)
    return lines - 1, keep.getvalue(), size


def _baseline_rows(root_id):
    """The usual way: list() of the model instances, then one row per instance."""
    from lms.civil_service import Level
    from lms.reports import selectors
    from lms.reports.columns import extra_columns, extra_values

    qs, today = _query(root_id)
    levels = dict(Level.choices)
    rows = []
    enrolments = list(qs)
    keys = [key for key, _label in extra_columns()]
    extras: dict = {}
    if keys:  # the columns other apps add (post-test, certificate)
        for start in range(0, len(enrolments), 2000):
            extras |= extra_values([e.pk for e in enrolments[start : start + 2000]])
    for e in enrolments:
        state = selectors.status_of(
            status=e.status, completed_at=e.completed_at, due_at=e.due_at, today=today
        )
        rows.append([
            e.user.employee_id, e.user.display_name, e.user.agency.code, e.user.agency.name_th, e.user.position,
            str(levels.get(e.user.level, e.user.level)), e.course.title, e.cycle, selectors.status_label(state),
            e.due_at, e.completed_at, *[extras.get(e.pk, {}).get(key) for key in keys],
        ])  # fmt: skip
    return rows


def baseline_csv(root_id) -> tuple[int, bytes]:
    from django.http import HttpResponse

    from lms.reports import selectors
    from lms.reports.exporting import _csv_cell

    rows = _baseline_rows(root_id)
    out = io.StringIO()
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([str(h) for h in selectors.officer_export_header()])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv")
    return len(rows), response.content


def _xlsx_child(root_id, ours: bool, queue):
    _setup()
    from lms.reports import selectors
    from lms.reports.exporting import write_xlsx

    qs, today = _query(root_id)
    header = selectors.officer_export_header()
    with open(os.devnull, "wb") as sink:
        if ours:
            write_xlsx(sink, sheets=[("Officers", header, selectors.officer_export_rows(qs, today=today))])
        else:
            from openpyxl import Workbook

            rows = _baseline_rows(root_id)
            book = Workbook()
            sheet = book.active
            sheet.append([str(h) for h in header])
            for row in rows:
                sheet.append(
                    [v.replace(tzinfo=None) if hasattr(v, "tzinfo") and v.tzinfo else v for v in row]
                )
            book.save(sink)
    queue.put(_high_water_mb())


def _high_water_mb() -> float:
    """This process's peak resident memory. VmHWM belongs to the address space,
    which exec replaces, so the parent's peak does not leak in (ru_maxrss would)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _peak_mb(root_id, ours: bool) -> float:
    # A fresh interpreter (spawn, not fork): its peak RSS is the export's alone.
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_xlsx_child, args=(root_id, ours, queue))
    proc.start()
    value = queue.get(timeout=3600)
    proc.join()
    return value


def run(*, size: str, smoke: bool) -> Result:
    _setup()
    from bench.datasets import ensure_dataset

    data = ensure_dataset("small" if smoke else size)
    start = time.perf_counter()
    rows, body, _size = ours_csv(data.root_id)
    ours_seconds = time.perf_counter() - start
    start = time.perf_counter()
    base_rows, base_body = baseline_csv(data.root_id)
    base_seconds = time.perf_counter() - start
    if rows != base_rows:
        raise BenchmarkError(f"CSV rows: ours {rows}, baseline {base_rows}")
    if smoke and body != base_body:
        raise BenchmarkError("CSV body differs from the baseline's")
    extra = {"rows": rows}
    if not smoke:
        extra["xlsx_peak_mb_ours"] = round(_peak_mb(data.root_id, True), 1)
        extra["xlsx_peak_mb_baseline"] = round(_peak_mb(data.root_id, False), 1)
    return Result(
        scenario=SCENARIO,
        ours=rows / ours_seconds,
        baseline=base_rows / base_seconds,
        unit="rows/s",
        size="small" if smoke else size,
        extra=extra,
    )

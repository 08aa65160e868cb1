"""Streamed CSV and XLSX responses whose memory does not grow with the rows.

CSV is produced row by row into a StreamingHttpResponse (UTF-8 with BOM so
that Excel shows Thai). XLSX is written by openpyxl in write-only mode, which
spools the sheet to a temporary file as rows come, then the file is streamed
from disk. Rows come from a generator over a server-side cursor.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from lms.thai_dates import format_thai_date

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_thai_date(timezone.localtime(value), style="numeric", with_time=True)
    if isinstance(value, dt.date):
        return format_thai_date(value, style="numeric")
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value  # never a formula when opened in Excel
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(h) for h in header])
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def stream_csv(*, filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_cell(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str) and value[:1] in ("=",):
        return "'" + value
    return value


def write_xlsx(target, *, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> None:
    """Write one or more (title, header, rows) sheets to a path or binary file, write-only."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        bold = []
        for h in header:
            cell = WriteOnlyCell(sheet, value=str(h))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    workbook.save(target)


def stream_xlsx(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence], title: str = "Sheet1", sheets=None
) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by FileResponse
    write_xlsx(spool, sheets=sheets or [(title, header, rows)])
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=f"{filename}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_response(fmt: str, *, filename: str, header, rows, title: str = "Sheet1"):
    if fmt == XLSX:
        return stream_xlsx(filename=filename, header=header, rows=rows, title=title)
    return stream_csv(filename=filename, header=header, rows=rows)

"""Streamed CSV and XLSX responses whose memory does not grow with the rows.

CSV is produced row by row into a StreamingHttpResponse (UTF-8 with BOM so
that Excel shows Thai). XLSX is written by openpyxl in write-only mode, which
spools the sheet to a temporary file as rows come, then the file is streamed
from disk. Rows come from a generator over a server-side cursor.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import tempfile
import zoneinfo
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from lms.thai_dates import format_thai_date

CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)


_FORMULA = ("=", "+", "-", "@")


@functools.lru_cache(maxsize=8192)
def _csv_date(value: dt.date) -> str:
    return format_thai_date(value, style="numeric")


@functools.cache
def _local_zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _csv_datetime(value: dt.datetime) -> str:
    return format_thai_date(value.astimezone(_local_zone()), style="numeric", with_time=True)


def _csv_text(value: str) -> str:
    return "'" + value if value[:1] in _FORMULA else value  # never a formula when opened in Excel


_CSV_CONVERTERS = {dt.datetime: _csv_datetime, dt.date: _csv_date, str: _csv_text, type(None): lambda _v: ""}


def _csv_cell(value):
    convert = _CSV_CONVERTERS.get(value.__class__)
    return convert(value) if convert is not None else value


def csv_chunks(
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    batch: int = 2000,
    date_columns: Sequence[int] | None = None,
):
    """CSV text in chunks of `batch` rows (UTF-8 BOM first, for Excel).

    With `date_columns`, the rows are known to be safe text (already escaped)
    except at those indexes, which hold dates, datetimes or None: only they
    are converted, which is several times faster on big exports."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([str(h) for h in header])
    converters = _CSV_CONVERTERS
    pending = 0
    for row in rows:
        if date_columns is not None:
            row = list(row)
            for index in date_columns:
                value = row[index]
                if value is not None:
                    row[index] = converters[value.__class__](value)
            writer.writerow(row)
        else:
            writer.writerow([(c(v) if (c := converters.get(v.__class__)) is not None else v) for v in row])
        pending += 1
        if pending == batch:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def stream_csv(
    *,
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence],
    date_columns: Sequence[int] | None = None,
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (chunk.encode("utf-8") for chunk in csv_chunks(header, rows, date_columns=date_columns)),
        content_type="text/csv; charset=utf-8",
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


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value[:1] in _FORMULA else value


def export_response(fmt: str, *, filename: str, header, rows, title: str = "Sheet1", date_columns=None):
    if fmt == XLSX:
        return stream_xlsx(filename=filename, header=header, rows=rows, title=title)
    return stream_csv(filename=filename, header=header, rows=rows, date_columns=date_columns)

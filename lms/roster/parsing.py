"""Reading an HR roster file (CSV or XLSX) into checked rows, without the database.

The HR officer uploads whatever their HR system exports: CSV in UTF-8 (with or
without BOM), in the Thai Windows encoding Excel writes (cp874 / TIS-620) or in
UTF-16 ("Unicode text"), delimited by comma, semicolon or tab; or an XLSX
workbook (first sheet). Headers may be the canonical English names, the Thai
names in `THAI_HEADERS`, or another system's names given by a `ColumnMapping`
(`DPIS_MAPPING` for DPIS exports).

`parse_roster` checks the whole file before it gives a single row: a file it
cannot read raises `RosterFileError` with a Thai message. It then streams one
item per data row (or several `RowError`s for a bad row), so a 200k-row file
is parsed in bounded memory: only the set of employee ids seen so far grows.

PDPA: only the columns in `ALL_COLUMNS` are ever read into a row. Columns that
hold sensitive personal data (`IGNORED_SENSITIVE_COLUMNS`) are reported as
dropped, and a mapping that points at one is refused, with one exception: an
agency may use the national ID number as its employee id.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.translation import gettext as _

from lms.civil_service import (
    LEVEL_POSITION_TYPE,
    Level,
    PositionType,
    StaffType,
    parse_level,
    parse_staff_type,
)
from lms.thai_dates import from_thai_digits

__all__ = [
    "ALL_COLUMNS",
    "COLUMNS",
    "DPIS_MAPPING",
    "IGNORED_SENSITIVE_COLUMNS",
    "MAX_LENGTHS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "THAI_HEADERS",
    "ColumnMapping",
    "ParsedRoster",
    "RosterFileError",
    "RosterRow",
    "RosterSource",
    "RowError",
    "column_label",
    "parse_roster",
    "write_error_report",
]

#: The canonical columns of a roster.
COLUMNS: tuple[str, ...] = (
    "employee_id",
    "title",
    "first_name",
    "last_name",
    "position",
    "level",
    "agency_code",
    "email",
    "status",
)
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "title_en",
    "first_name_en",
    "last_name_en",
    "position_type",
    "staff_type",
)
ALL_COLUMNS: tuple[str, ...] = COLUMNS + OPTIONAL_COLUMNS
#: A file without one of these columns is refused. The others default to
#: empty (title, position, e-mail, English names), active (status), derived
#: from the level (position type) or civil servant (staff type).
REQUIRED_COLUMNS: tuple[str, ...] = ("employee_id", "first_name", "last_name", "level", "agency_code")

#: Thai headers accepted for each column; the first one is the name we use
#: when we speak to the HR officer (error messages, the error report).
THAI_HEADERS: dict[str, tuple[str, ...]] = {
    "employee_id": ("เลขประจำตัว", "รหัสพนักงาน", "รหัสบุคลากร", "รหัสประจำตัว", "เลขประจำตัวข้าราชการ"),
    "title": ("คำนำหน้าชื่อ", "คำนำหน้า", "คำนำหน้านาม"),
    "first_name": ("ชื่อ", "ชื่อจริง"),
    "last_name": ("นามสกุล",),
    "position": ("ตำแหน่ง", "ชื่อตำแหน่ง", "ตำแหน่งในสายงาน"),
    "level": ("ระดับ", "ระดับตำแหน่ง"),
    "agency_code": ("รหัสหน่วยงาน", "รหัสส่วนราชการ"),
    "email": ("อีเมล", "อีเมล์", "ไปรษณีย์อิเล็กทรอนิกส์"),
    "status": ("สถานะ", "สถานะการทำงาน", "สถานะบุคลากร"),
    "title_en": ("คำนำหน้าชื่อภาษาอังกฤษ", "คำนำหน้าภาษาอังกฤษ"),
    "first_name_en": ("ชื่อภาษาอังกฤษ", "ชื่ออังกฤษ"),
    "last_name_en": ("นามสกุลภาษาอังกฤษ", "นามสกุลอังกฤษ"),
    "position_type": ("ประเภทตำแหน่ง",),
    "staff_type": ("ประเภทบุคลากร", "ประเภทเจ้าหน้าที่"),
}

#: What `parse_roster` reads from: a binary file object (seekable or not), a path, or bytes.
RosterSource = IO[bytes] | str | os.PathLike | bytes

#: canonical column -> the source header, or several alternatives of which
#: the first present in the file is used.
ColumnMapping = Mapping[str, str | Sequence[str]]

#: The export of DPIS, the departmental personnel information system many
#: departments run. Assumptions, from DPIS exports seen in the field:
#: PER_CARDNO is the 13-digit national ID number, the same person's key in
#: every department, so it is preferred as the employee id; PER_ID, the
#: internal row number of one DPIS installation, is used only when there is
#: no PER_CARDNO. LEVEL_NAME holds a Thai level name ("ชำนาญการพิเศษ"); the
#: OCSC codes DPIS keeps in LEVEL_NO ("K3") are understood too. PER_STATUS is
#: 1 = in service, 0 = waiting to be appointed, 2 = left the service
#: (1 -> active, 0 and 2 -> inactive). The English-name columns are optional.
DPIS_MAPPING: dict[str, str | tuple[str, ...]] = {
    "employee_id": ("PER_CARDNO", "PER_ID"),
    "title": "PN_NAME",
    "first_name": "PER_NAME",
    "last_name": "PER_SURNAME",
    "position": "PL_NAME",
    "level": "LEVEL_NAME",
    "agency_code": "ORG_CODE",
    "email": "PER_EMAIL",
    "status": "PER_STATUS",
    "first_name_en": "PER_ENG_NAME",
    "last_name_en": "PER_ENG_SURNAME",
}

_NATIONAL_ID_HEADERS: tuple[str, ...] = (
    "เลขประจำตัวประชาชน",
    "เลขบัตรประชาชน",
    "บัตรประชาชน",
    "national_id",
    "citizen_id",
    "id_card",
    "card_no",
)

#: Words that mark a column as sensitive personal data under PDPA section 26
#: (religion and belief, health and disability, blood group, race and
#: ethnicity, political opinion, sexual behaviour, criminal record, trade
#: union, genetic and biometric data) or as a national ID number. A header
#: containing one of them (ignoring case, spaces, "_", "-", ".", brackets) is
#: never read.
IGNORED_SENSITIVE_COLUMNS: tuple[str, ...] = (
    "ศาสนา",
    "religion",
    "ลัทธิ",
    "ความเชื่อ",
    "belief",
    "สุขภาพ",
    "health",
    "โรค",
    "disease",
    "medical",
    "การแพทย์",
    "ความพิการ",
    "disability",
    "กรุ๊ปเลือด",
    "หมู่เลือด",
    "หมู่โลหิต",
    "กลุ่มเลือด",
    "blood",
    "เชื้อชาติ",
    "เผ่าพันธุ์",
    "ethnic",
    "race",
    "การเมือง",
    "political",
    "พฤติกรรมทางเพศ",
    "sexual",
    "อาชญากรรม",
    "criminal",
    "สหภาพแรงงาน",
    "trade_union",
    "พันธุกรรม",
    "genetic",
    "ชีวภาพ",
    "ชีวมิติ",
    "biometric",
    "ลายนิ้วมือ",
    "fingerprint",
    *_NATIONAL_ID_HEADERS,
)

#: Longest value each column may hold (the User and Agency fields' sizes).
MAX_LENGTHS: dict[str, int] = {
    "employee_id": 32,
    "title": 64,
    "first_name": 150,
    "last_name": 150,
    "position": 255,
    "agency_code": 32,
    "email": 254,
    "title_en": 32,
    "first_name_en": 150,
    "last_name_en": 150,
}

_CSV_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
_XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})
_DELIMITERS = (",", ";", "\t")
_CHUNK = 1 << 20
#: Refuse workbooks that unpack to more than this: openpyxl holds the shared
#: strings in memory, and a zip bomb must not take the worker down.
MAX_XLSX_UNPACKED_BYTES = 1 << 30


class RosterFileError(ValueError):
    """The file as a whole cannot be imported; `message` says why, in the active language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class RosterRow:
    """One officer, checked: codes from `lms.civil_service`, text NFC-normalised.

    Not frozen: a frozen dataclass takes several times longer to build, which
    shows on a 200k-row roster.
    """

    row_number: int
    employee_id: str
    title: str
    first_name: str
    last_name: str
    position: str
    level: str
    position_type: str
    staff_type: str
    agency_code: str
    email: str
    active: bool
    title_en: str = ""
    first_name_en: str = ""
    last_name_en: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem with one cell (or one row) that keeps the row from being imported.

    `column` is the canonical column name; `header` the header as written in
    the file (empty when the column was absent).
    """

    row_number: int
    column: str
    value: str
    message: str
    header: str = ""


def column_label(column: str) -> str:
    """The Thai name of a canonical column, as the HR officer knows it."""
    return THAI_HEADERS[column][0]


# --------------------------------------------------------------------------
# Text clean-up

# Zero-width characters come along when Thai text is copied from web pages and
# Word; they make two equal names compare different.
_CLEAN_TABLE = {
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
    0x00AD: None,
    0x00A0: " ",
}


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0]")


def _clean(value: str) -> str:
    if not value:
        return ""
    if not value.isascii():
        if _INVISIBLE.search(value):
            value = value.translate(_CLEAN_TABLE)
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text).translate(_CLEAN_TABLE)).casefold()
    return re.sub(r"[\s_\-.()\[\]]+", "", text)


_SENSITIVE_KEYS = tuple(_header_key(word) for word in IGNORED_SENSITIVE_COLUMNS)
_NATIONAL_ID_KEYS = tuple(_header_key(word) for word in _NATIONAL_ID_HEADERS)
_HEADER_ALIASES: dict[str, str] = {}
for _column in ALL_COLUMNS:
    for _name in (_column, *THAI_HEADERS[_column]):
        _HEADER_ALIASES[_header_key(_name)] = _column
_HEADER_ALIASES[_header_key("e-mail")] = "email"
_HEADER_ALIASES[_header_key("employee_no")] = "employee_id"


def _is_sensitive(header: str) -> bool:
    key = _header_key(header)
    return any(word in key for word in _SENSITIVE_KEYS)


def _is_national_id(header: str) -> bool:
    key = _header_key(header)
    return any(word in key for word in _NATIONAL_ID_KEYS)


# --------------------------------------------------------------------------
# Value parsers; each memoises, since a roster repeats a few dozen values.

_EMPLOYEE_ID_STRIP = re.compile(r"[\s\-]+")
_AGENCY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*")

# OCSC level codes, which DPIS and other personnel systems keep next to the name.
_LEVEL_CODES: dict[str, str] = {
    "o1": Level.OPERATIONAL,
    "o2": Level.EXPERIENCED,
    "o3": Level.SENIOR,
    "o4": Level.SPECIAL_SKILL,
    "k1": Level.PRACTITIONER,
    "k2": Level.PROFESSIONAL,
    "k3": Level.SENIOR_PROFESSIONAL,
    "k4": Level.EXPERT,
    "k5": Level.ADVISORY,
    "d1": Level.MANAGERIAL_PRIMARY,
    "d2": Level.MANAGERIAL_HIGH,
    "m1": Level.EXECUTIVE_PRIMARY,
    "m2": Level.EXECUTIVE_HIGH,
}
_POSITION_TYPES: dict[str, str] = {
    "บริหาร": PositionType.EXECUTIVE,
    "อำนวยการ": PositionType.MANAGERIAL,
    "วิชาการ": PositionType.KNOWLEDGE,
    "ทั่วไป": PositionType.GENERAL,
}
_ACTIVE_WORDS = frozenset({"active", "1", "true", "yes", "ปกติ", "ทำงาน", "ปฏิบัติราชการ", "ปฏิบัติงาน", "ยังทำงาน"})
_INACTIVE_WORDS = frozenset(
    {
        "inactive",
        "0",
        "2",
        "false",
        "no",
        "ลาออก",
        "เกษียณ",
        "เกษียณอายุ",
        "เกษียณอายุราชการ",
        "พ้นจากตำแหน่ง",
        "พ้นจากส่วนราชการ",
        "โอนย้ายออก",
        "โอนออก",
        "ย้ายออก",
        "เสียชีวิต",
        "ถึงแก่กรรม",
        "รอบรรจุ",
    }
)


_CIVIL_SERVANT = str(StaffType.CIVIL_SERVANT)
_LEVEL_TYPE = {str(level): str(position_type) for level, position_type in LEVEL_POSITION_TYPE.items()}


def _squash(text: str) -> str:
    return "".join(text.split()).lower()


def _parse_position_type(text: str) -> str | None:
    key = _squash(text)
    if key in PositionType.values:
        return key
    found = _POSITION_TYPES.get(key.removeprefix("ประเภท"))
    return str(found) if found else None


def _parse_level_text(text: str) -> str | None:
    # str(): the codes leave as plain strings, not Level members.
    level = parse_level(text)
    if level:
        return str(level)
    key = _squash(text).removeprefix("ระดับ")
    if key in _LEVEL_CODES:
        return str(_LEVEL_CODES[key])
    # "วิชาการ ชำนาญการ", "ประเภททั่วไป ระดับชำนาญงาน": the type said first.
    key = key.removeprefix("ประเภท")
    for label, position_type in _POSITION_TYPES.items():
        if key.startswith(label):
            level = parse_level(key[len(label) :])
            if level and LEVEL_POSITION_TYPE[level] == position_type:
                return str(level)
    return None


def _parse_status(text: str) -> bool | None:
    key = _squash(text)
    if not key or key in _ACTIVE_WORDS:
        return True
    if key in _INACTIVE_WORDS:
        return False
    return None


class _Memo(dict):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, key):
        value = self[key] = self.fn(key)
        return value


# --------------------------------------------------------------------------
# Opening the file


def _open_binary(file: Any) -> tuple[IO[bytes], bool]:
    """Return a seekable binary file and whether we must close it."""
    if isinstance(file, str | os.PathLike):
        return open(file, "rb"), True  # noqa: SIM115 - closed by the row generator
    if isinstance(file, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(file)), True
    if hasattr(file, "open") and getattr(file, "closed", False):
        file.open("rb")  # a Django File that was closed after upload
    seekable = getattr(file, "seekable", None)
    if seekable is not None and seekable():
        file.seek(0)
        return file, False
    spool = tempfile.SpooledTemporaryFile(max_size=8 * _CHUNK)  # noqa: SIM115
    while chunk := file.read(_CHUNK):
        spool.write(chunk)
    spool.seek(0)
    return spool, True


def _line_of(raw: IO[bytes], offset: int) -> int:
    raw.seek(0)
    lines, done = 1, 0
    while done < offset:
        chunk = raw.read(min(_CHUNK, offset - done))
        if not chunk:
            break
        lines += chunk.count(b"\n")
        done += len(chunk)
    return lines


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def _check_decodes(raw: IO[bytes], encoding: str) -> tuple[bool, int | None, bool]:
    """Decode the whole file strictly in chunks.

    Returns (decodes, byte offset of the first bad byte, Thai seen before it).
    """
    raw.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    done = 0
    saw_thai = False
    while True:
        chunk = raw.read(_CHUNK)
        buffered = len(decoder.getstate()[0])
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            if not saw_thai:
                saw_thai = _has_thai(exc.object[: exc.start].decode(encoding, errors="ignore"))
            return False, done + max(exc.start - buffered, 0), saw_thai
        if not saw_thai and not text.isascii():
            saw_thai = _has_thai(text)
        if not chunk:
            return True, None, saw_thai
        done += len(chunk)


def _detect_encoding(raw: IO[bytes]) -> str:
    raw.seek(0)
    utf16 = raw.read(2) in (b"\xff\xfe", b"\xfe\xff")
    candidates = ("utf-16",) if utf16 else ("utf-8-sig", "cp874")
    for encoding in candidates:
        ok, bad_offset, saw_thai = _check_decodes(raw, encoding)
        if ok:
            return encoding
        if encoding == "utf-8-sig" and saw_thai:
            # Thai text decoded as UTF-8 before the bad byte: a damaged UTF-8
            # file, which cp874 would turn into garbage rather than refuse.
            break
    line = _line_of(raw, bad_offset or 0)
    raise RosterFileError(
        _(
            "The file has characters that cannot be read near line %(line)s. "
            "Please save it again as CSV UTF-8 and upload it again."
        )
        % {"line": line}
    )


def _sniff_delimiter(raw: IO[bytes], encoding: str) -> str:
    raw.seek(0)
    sample = raw.read(64 * 1024).decode(encoding, errors="ignore")
    first_line = sample.lstrip("\ufeff").splitlines()[0] if sample.strip() else ""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(
    raw: IO[bytes], *, encoding: str, delimiter: str, close: bool
) -> Generator[list[str], None, None]:
    raw.seek(0)
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    row_number = 0
    try:
        for row_number, record in enumerate(csv.reader(text, delimiter=delimiter), start=1):  # noqa: B007
            yield record
    except csv.Error:
        # Only a broken CSV structure gets here (a cell over the csv module's
        # 128 KB limit, a NUL byte): the rows read so far are not trustworthy.
        raise RosterFileError(
            _("The file could not be read as CSV at row %(row)s. Please check the file and upload it again.")
            % {"row": row_number + 1}
        ) from None
    finally:
        # Detach so that the caller's file is not closed with our wrapper.
        text.detach()
        if close:
            raw.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Excel stores every number as a float: id 1234567 must stay "1234567".
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _open_workbook(raw: IO[bytes], filename: str):
    import openpyxl  # imported here: CSV imports should not pay for it

    not_xlsx = RosterFileError(
        _("The file '%(filename)s' could not be opened as an Excel (.xlsx) file; it may be damaged.")
        % {"filename": filename}
    )
    try:
        with zipfile.ZipFile(raw) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise not_xlsx from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise RosterFileError(_("The file '%(filename)s' is too large to import.") % {"filename": filename})
    raw.seek(0)
    try:
        return openpyxl.load_workbook(raw, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error for a damaged workbook
        raise not_xlsx from None


def _xlsx_records(workbook, *, raw: IO[bytes], close: bool) -> Generator[list[str], None, None]:
    try:
        if workbook.worksheets:
            sheet = workbook.worksheets[0]
            # Some exporters write a wrong <dimension> ("A1:A1"); openpyxl would
            # then stop after it. Unsized, it reads every row that is there.
            sheet.reset_dimensions()
            for values in sheet.iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
    finally:
        workbook.close()
        if close:
            raw.close()


def _open_records(file: Any, filename: str) -> tuple[Generator[list[str], None, None], dict[str, Any]]:
    raw, close = _open_binary(file)
    try:
        head = raw.read(8)
        raw.seek(0)
        extension = Path(filename or "").suffix.lower()
        if not head:
            raise RosterFileError(_("The file is empty."))
        if head.startswith(b"\xd0\xcf\x11\xe0") or extension == ".xls":
            raise RosterFileError(
                _(
                    "Old Excel files (.xls) cannot be read. Please save the file as .xlsx or CSV and upload it again."
                )
            )
        if head.startswith(b"PK\x03\x04") and extension in _XLSX_EXTENSIONS | _CSV_EXTENSIONS:
            workbook = _open_workbook(raw, filename)
            return _xlsx_records(workbook, raw=raw, close=close), {"format": "xlsx"}
        if extension in _XLSX_EXTENSIONS:
            raise RosterFileError(
                _("The file '%(filename)s' could not be opened as an Excel (.xlsx) file; it may be damaged.")
                % {"filename": filename}
            )
        if extension not in _CSV_EXTENSIONS or (
            b"\x00" in head and head[:2] not in (b"\xff\xfe", b"\xfe\xff")
        ):
            raise RosterFileError(
                _("The file '%(filename)s' is not a CSV or Excel (.xlsx) file.") % {"filename": filename}
            )
        encoding = _detect_encoding(raw)
        delimiter = _sniff_delimiter(raw, encoding)
        records = _csv_records(raw, encoding=encoding, delimiter=delimiter, close=close)
        return records, {"format": "csv", "encoding": encoding, "delimiter": delimiter}
    except BaseException:
        if close:
            raw.close()
        raise


# --------------------------------------------------------------------------
# Headers


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    index: int
    header: str


def _resolve_columns(
    headers: list[str], mapping: ColumnMapping | None
) -> tuple[list[_Column], tuple[str, ...], tuple[str, ...]]:
    """Match header cells to canonical columns; raise RosterFileError when required ones are missing."""
    cells = [(index, _clean(header)) for index, header in enumerate(headers)]
    by_key: dict[str, list[tuple[int, str]]] = {}
    for index, header in cells:
        if header:
            by_key.setdefault(_header_key(header), []).append((index, header))
    found: dict[str, _Column] = {}

    def take(column: str, hits: list[tuple[int, str]]) -> None:
        if column in found or len(hits) > 1:
            first = found[column].header if column in found else hits[0][1]
            raise RosterFileError(
                _(
                    "The columns '%(first)s' and '%(second)s' both hold %(column)s; "
                    "please keep only one of them."
                )
                % {"first": first, "second": hits[-1][1], "column": column_label(column)}
            )
        found[column] = _Column(column, *hits[0])

    wanted: dict[str, tuple[str, ...]] = {}
    for column, sources in (mapping or {}).items():
        if column not in ALL_COLUMNS:
            raise ValueError(f"ColumnMapping names an unknown column {column!r}")
        wanted[column] = (sources,) if isinstance(sources, str) else tuple(sources)
        for source in wanted[column]:
            hits = by_key.get(_header_key(source))
            if not hits:
                continue
            header = hits[0][1]
            if _is_sensitive(header) and not (column == "employee_id" and _is_national_id(header)):
                raise RosterFileError(
                    _("The column '%(header)s' holds sensitive personal data and is never imported.")
                    % {"header": header}
                )
            take(column, hits)
            break

    used = {c.index for c in found.values()}
    ignored, sensitive = [], []
    for index, header in cells:
        if not header or index in used:
            continue
        column = _HEADER_ALIASES.get(_header_key(header))
        if column is not None and column in wanted and column in found:
            ignored.append(header)  # the mapping chose another column for it
        elif column is not None:
            take(column, [(index, header)])
        elif _is_sensitive(header):
            sensitive.append(header)
        else:
            ignored.append(header)

    missing = [column for column in REQUIRED_COLUMNS if column not in found]
    if missing:
        names = []
        for column in missing:
            expected = wanted.get(column) or (column,)
            names.append(f"{column_label(column)} ({' / '.join(expected)})")
        message = _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(names)}
        national_id = next((h for h in sensitive if _is_national_id(h)), None)
        if "employee_id" in missing and national_id:
            message += " " + _(
                "The column '%(header)s' holds national ID numbers and is not imported. "
                "If your agency uses them as employee IDs, rename the column to '%(name)s'."
            ) % {"header": national_id, "name": column_label("employee_id")}
        raise RosterFileError(message)
    return sorted(found.values(), key=lambda c: c.index), tuple(ignored), tuple(sensitive)


# --------------------------------------------------------------------------
# Parsing


@dataclass(eq=False)
class ParsedRoster:
    """An open roster whose header has been checked: iterate it once for its rows.

    Iterating gives, in file order, a `RosterRow` for each good data row and
    one or more `RowError`s for each bad one; blank rows are skipped. Close it
    (or use it as a context manager) when stopping early.
    """

    format: str
    encoding: str | None
    delimiter: str | None
    #: canonical column -> header as written in the file
    columns: dict[str, str]
    #: headers that are neither a known column nor sensitive, and so not read
    ignored_columns: tuple[str, ...]
    #: headers dropped because they hold sensitive personal data
    sensitive_columns: tuple[str, ...]
    _items: Generator[RosterRow | RowError, None, None]
    _records: Generator[list[str], None, None]

    def __iter__(self) -> Iterator[RosterRow | RowError]:
        return self._items

    def __next__(self) -> RosterRow | RowError:
        return next(self._items)

    def close(self) -> None:
        """Release the file (and workbook) even when the rows were never read."""
        self._items.close()
        self._records.close()

    def __enter__(self) -> ParsedRoster:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def parse_roster(*, file: RosterSource, filename: str, mapping: ColumnMapping | None = None) -> ParsedRoster:
    """Open a roster and check it as a whole; return the stream of its rows.

    `file` is a binary file object (a Django `UploadedFile` will do), a path or
    bytes; `filename` gives the format by its extension (.csv/.txt/.tsv or
    .xlsx). `mapping` names source headers for columns whose header is neither
    canonical nor in `THAI_HEADERS`; other columns still match by name.

    Raises `RosterFileError` (Thai message) before yielding anything when the
    file is not CSV/XLSX, is empty or has no data row, cannot be decoded
    (checked for the whole file), lacks a required column, has the same
    column twice, or `mapping` points at a sensitive column. Bad rows never
    raise: they come out as `RowError`s. The one problem found only while
    iterating is a broken CSV structure (a cell over 128 KB, a NUL byte),
    which raises `RosterFileError` naming the row; import nothing then. Row numbers are those a spreadsheet
    shows, the header being row 1. Memory stays bounded by one row plus the
    set of employee ids seen, which catches duplicates (the later row is the
    error).
    """
    records, info = _open_records(file, filename)
    try:
        try:
            headers = next(records)
        except StopIteration:
            raise RosterFileError(_("The file is empty.")) from None
        if not any(cell.strip() for cell in headers):
            raise RosterFileError(_("The first row of the file must hold the column headers."))
        columns, ignored, sensitive = _resolve_columns(headers, mapping)
        first = _next_data_row(records, 2)
        if first is None:
            raise RosterFileError(_("The file has no data rows below the header row."))
    except BaseException:
        records.close()
        raise
    return ParsedRoster(
        format=info["format"],
        encoding=info.get("encoding"),
        delimiter=info.get("delimiter"),
        columns={c.name: c.header for c in columns},
        ignored_columns=ignored,
        sensitive_columns=sensitive,
        _items=_rows(records, columns, first),
        _records=records,
    )


def _next_data_row(records: Iterator[list[str]], row_number: int) -> tuple[int, list[str]] | None:
    for cells in records:
        if any(cell and not cell.isspace() for cell in cells):
            return row_number, cells
        row_number += 1
    return None


def _rows(
    records: Iterator[list[str]], columns: list[_Column], first: tuple[int, list[str]]
) -> Generator[RosterRow | RowError, None, None]:
    checker = _RowChecker(columns)
    try:
        row_number, cells = first
        yield from checker.check(row_number, cells)
        for cells in records:
            row_number += 1
            if any(cell and not cell.isspace() for cell in cells):
                yield from checker.check(row_number, cells)
    finally:
        records.close()


class _FastEmailValidator(EmailValidator):
    """Django's e-mail rules; a roster repeats a few domains, so each domain is checked once."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, EmailValidator.user_regex.flags)

    def __init__(self):
        super().__init__()
        self.domains: dict[str, bool] = {}

    def validate_domain_part(self, domain_part: str) -> bool:
        ok = self.domains.get(domain_part)
        if ok is None:
            if len(self.domains) > _CACHE_LIMIT:
                self.domains.clear()
            ok = self.domains[domain_part] = super().validate_domain_part(domain_part)
        return ok


_CACHE_LIMIT = 50_000


class _RowChecker:
    def __init__(self, columns: list[_Column]):
        self.columns = [(c.name, c.index) for c in columns]
        self.headers = dict.fromkeys(ALL_COLUMNS, "") | {c.name: c.header for c in columns}
        self.limits = [(name, MAX_LENGTHS[name]) for name, _ in self.columns if name in MAX_LENGTHS]
        self.seen_ids: dict[str, int] = {}
        self.levels = _Memo(_parse_level_text)
        self.position_types = _Memo(_parse_position_type)
        self.staff_types = _Memo(lambda text: str(found) if (found := parse_staff_type(text)) else None)
        self.statuses = _Memo(_parse_status)
        self.validate_email = _FastEmailValidator()
        # Titles, positions, levels, agency codes and even names repeat; the
        # cache is emptied when full so that memory stays bounded.
        self.cleaned: dict[str, str] = {}

    def clean(self, text: str) -> str:
        cleaned = self.cleaned.get(text)
        if cleaned is None:
            if len(self.cleaned) > _CACHE_LIMIT:
                self.cleaned.clear()
            cleaned = self.cleaned[text] = _clean(text)
        return cleaned

    def check(self, row_number: int, cells: list[str]) -> list[RosterRow | RowError]:
        width = len(cells)
        values = dict.fromkeys(ALL_COLUMNS, "")
        cleaned = self.cleaned
        for name, index in self.columns:
            if index < width and (text := cells[index]):
                value = cleaned.get(text)
                values[name] = self.clean(text) if value is None else value
        errors: list[RowError] = []
        headers = self.headers

        employee_id = _EMPLOYEE_ID_STRIP.sub("", from_thai_digits(values["employee_id"])).upper()
        if not employee_id:
            message = _("Employee ID is required.")
        elif not (employee_id.isascii() and employee_id.isalnum()):
            message = _("Employee ID '%(value)s' may contain only digits and English letters.") % {
                "value": values["employee_id"]
            }
        elif employee_id in self.seen_ids:
            message = _("Employee ID '%(value)s' already appears in row %(row)s.") % {
                "value": values["employee_id"],
                "row": self.seen_ids[employee_id],
            }
        else:
            self.seen_ids[employee_id] = row_number
            message = None
        if message:
            errors.append(
                RowError(row_number, "employee_id", values["employee_id"], message, headers["employee_id"])
            )

        if not values["first_name"]:
            errors.append(
                RowError(row_number, "first_name", "", _("First name is required."), headers["first_name"])
            )
        if not values["last_name"]:
            errors.append(
                RowError(row_number, "last_name", "", _("Last name is required."), headers["last_name"])
            )

        agency_code = values["agency_code"]
        if not agency_code.isascii():
            agency_code = from_thai_digits(agency_code)
        agency_code = agency_code.replace(" ", "")
        if not agency_code:
            message = _("Agency code is required.")
        elif not _AGENCY_CODE.fullmatch(agency_code):
            message = _(
                "Agency code '%(value)s' may contain only digits, English letters, dots and dashes."
            ) % {"value": values["agency_code"]}
        else:
            message = None
        if message:
            errors.append(
                RowError(row_number, "agency_code", values["agency_code"], message, headers["agency_code"])
            )

        staff_type = self.staff_types[values["staff_type"]] if values["staff_type"] else _CIVIL_SERVANT
        if staff_type is None:
            errors.append(
                RowError(
                    row_number,
                    "staff_type",
                    values["staff_type"],
                    _("Staff type '%(value)s' is not valid.") % {"value": values["staff_type"]},
                    headers["staff_type"],
                )
            )

        level = ""
        if values["level"]:
            level = self.levels[values["level"]] or ""
            if not level:
                errors.append(
                    RowError(
                        row_number,
                        "level",
                        values["level"],
                        _("Level '%(value)s' is not valid.") % {"value": values["level"]},
                        headers["level"],
                    )
                )
        elif staff_type == _CIVIL_SERVANT:
            errors.append(
                RowError(
                    row_number, "level", "", _("Level is required for civil servants."), headers["level"]
                )
            )

        position_type = _LEVEL_TYPE[level] if level else ""
        if values["position_type"]:
            given = self.position_types[values["position_type"]]
            if given is None:
                message = _("Position type '%(value)s' is not valid.") % {"value": values["position_type"]}
            elif level and given != position_type:
                message = _("Position type '%(value)s' does not match level '%(level)s'.") % {
                    "value": values["position_type"],
                    "level": values["level"],
                }
            else:
                position_type, message = given, None
            if message:
                errors.append(
                    RowError(
                        row_number,
                        "position_type",
                        values["position_type"],
                        message,
                        headers["position_type"],
                    )
                )

        active = self.statuses[values["status"]]
        if active is None:
            errors.append(
                RowError(
                    row_number,
                    "status",
                    values["status"],
                    _("Status '%(value)s' is not valid; use active or inactive.")
                    % {"value": values["status"]},
                    headers["status"],
                )
            )

        email = values["email"].lower()
        if email:
            try:
                self.validate_email(email)
            except ValidationError:
                errors.append(
                    RowError(
                        row_number,
                        "email",
                        values["email"],
                        _("E-mail address '%(value)s' is not valid.") % {"value": values["email"]},
                        headers["email"],
                    )
                )

        for column, limit in self.limits:
            if len(values[column]) > limit:
                errors.append(
                    RowError(
                        row_number,
                        column,
                        values[column],
                        _("%(column)s is longer than %(limit)s characters.")
                        % {"column": column_label(column), "limit": limit},
                        headers[column],
                    )
                )

        if errors:
            return errors
        return [
            RosterRow(
                row_number=row_number,
                employee_id=employee_id,
                title=values["title"],
                first_name=values["first_name"],
                last_name=values["last_name"],
                position=values["position"],
                level=level,
                position_type=position_type,
                staff_type=staff_type,
                agency_code=agency_code,
                email=email,
                active=active,
                title_en=values["title_en"],
                first_name_en=values["first_name_en"],
                last_name_en=values["last_name_en"],
            )
        ]


# --------------------------------------------------------------------------
# Error report


def _spreadsheet_safe(text: str) -> str:
    # A value starting with = + - @ would run as a formula when the report is
    # opened in Excel; the leading quote makes it plain text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Utf8Writer:
    def __init__(self, target: Any):
        self.target = target

    def write(self, text: str) -> Any:
        return self.target.write(text.encode("utf-8"))


def write_error_report(*, errors: Iterable[RowError], path_or_file: str | os.PathLike | IO) -> int:
    """Write the errors as a CSV that Excel opens with Thai intact; return how many were written.

    UTF-8 with BOM, one line per error: row number, column (the file's own
    header, else its Thai name), the value found, the problem in the active
    language. `path_or_file` is a path, a text file or a binary file (a
    Django `HttpResponse` will do); a given file is not closed.
    """
    if isinstance(path_or_file, str | os.PathLike):
        with open(path_or_file, "w", encoding="utf-8-sig", newline="") as handle:
            return _write_report(errors, handle)
    if isinstance(path_or_file, io.TextIOBase):
        path_or_file.write("\ufeff")
        return _write_report(errors, path_or_file)
    path_or_file.write(codecs.BOM_UTF8)
    return _write_report(errors, _Utf8Writer(path_or_file))


def _write_report(errors: Iterable[RowError], handle: Any) -> int:
    writer = csv.writer(handle)
    writer.writerow([_("Row"), _("Column"), _("Value in the file"), _("Problem")])
    count = 0
    for error in errors:
        header = error.header or (
            column_label(error.column) if error.column in THAI_HEADERS else error.column
        )
        writer.writerow(
            [error.row_number, _spreadsheet_safe(header), _spreadsheet_safe(error.value), error.message]
        )
        count += 1
    return count

"""Import and export of question banks as CSV or Excel (.xlsx) files.

One question per row, header in row 1, in English or Thai (either works, and
a header may carry both, such as ``question/คำถาม``):

=================  ==========================  ==============================================
column             Thai header                 content
=================  ==========================  ==============================================
category           หมวด                        category name; blank = no category
type               ประเภท                      single | multiple | true_false
                                               (ตัวเลือกเดียว | หลายคำตอบ | ถูกผิด)
question           คำถาม                       question text (required)
choice_1…choice_6  ตัวเลือก_1…ตัวเลือก_6        choices in order, no gaps; blank for true/false
correct            คำตอบที่ถูก                 choice numbers: "2", "1,3"; ถูก/ผิด for true/false
points             คะแนน                       positive number, at most 2 decimals; blank = 1
explanation        คำอธิบาย                    shown after the answer
feedback_1…_6      คำอธิบายตัวเลือก_1…_6       feedback for one choice
=================  ==========================  ==============================================

Thai digits (๑–๙) are read as digits. CSV may be UTF-8 (with or without BOM),
cp874/TIS-620 as Thai Excel saves it, or UTF-16; the delimiter may be comma,
semicolon or tab. Of a workbook only the first sheet is read, in openpyxl's
read-only mode; rows are processed one at a time.

A true/false question has the fixed choices ``TRUE_FALSE_CHOICES`` (1 = ถูก,
2 = ผิด), so its ``correct`` is ``(1,)`` or ``(2,)``.

Exports write text cells so that a spreadsheet never runs them as formulas:
in CSV a cell starting with = + - @ gets a leading apostrophe (OWASP's advice),
which the import removes again; in XLSX such cells are typed as text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Literal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lms.thai_dates import from_thai_digits
from quizzes.scoring import QUESTION_KINDS, QuestionKind

MAX_CHOICES = 6
MIN_CHOICES = 2
MAX_POINTS = Decimal(1000)
DEFAULT_POINTS = Decimal(1)
TRUE_FALSE_CHOICES: tuple[str, str] = ("ถูก", "ผิด")

KIND_LABELS = {
    "single": _("single choice"),
    "multiple": _("multiple answers"),
    "true_false": _("true/false"),
}

_KIND_VALUES = {
    "single": "single",
    "single_choice": "single",
    "ตัวเลือกเดียว": "single",
    "คำตอบเดียว": "single",
    "multiple": "multiple",
    "multiple_answers": "multiple",
    "multiple_choice": "multiple",
    "หลายคำตอบ": "multiple",
    "หลายตัวเลือก": "multiple",
    "true_false": "true_false",
    "truefalse": "true_false",
    "true/false": "true_false",
    "tf": "true_false",
    "ถูกผิด": "true_false",
    "ถูก/ผิด": "true_false",
    "ถูก_ผิด": "true_false",
}
_EXPORT_KIND = {
    "th": {"single": "ตัวเลือกเดียว", "multiple": "หลายคำตอบ", "true_false": "ถูกผิด"},
    "en": {"single": "single", "multiple": "multiple", "true_false": "true_false"},
}
_EXPORT_TRUE_FALSE = {"th": TRUE_FALSE_CHOICES, "en": ("true", "false")}
_TRUE_WORDS = {"ถูก", "จริง", "true", "t", "yes", "ใช่", "1"}
_FALSE_WORDS = {"ผิด", "เท็จ", "false", "f", "no", "ไม่ใช่", "2", "0"}

_PLAIN_COLUMNS = ("category", "type", "question", "correct", "points", "explanation")
_REQUIRED_COLUMNS = ("question", "type", "correct")
_ALIASES = {
    "category": {"category", "หมวด", "หมวดหมู่"},
    "type": {"type", "kind", "question_type", "ประเภท", "ประเภทคำถาม"},
    "question": {"question", "question_text", "คำถาม", "โจทย์"},
    "correct": {"correct", "correct_answer", "answer", "คำตอบที่ถูก", "คำตอบที่ถูกต้อง", "คำตอบ", "เฉลย"},
    "points": {"points", "point", "score", "คะแนน"},
    "explanation": {"explanation", "คำอธิบาย", "คำอธิบายเฉลย"},
}
_NUMBERED = re.compile(
    r"^(?:(?P<choice>choice|option|ตัวเลือก|ตัวเลือกที่)|(?P<feedback>feedback|คำอธิบายตัวเลือก|คำอธิบายตัวเลือกที่))"
    r"_?(?P<n>[1-6])$"
)
_HEADERS = {
    "en": {
        "category": "category",
        "type": "type",
        "question": "question",
        "correct": "correct",
        "points": "points",
        "explanation": "explanation",
        **{f"choice_{n}": f"choice_{n}" for n in range(1, MAX_CHOICES + 1)},
        **{f"feedback_{n}": f"feedback_{n}" for n in range(1, MAX_CHOICES + 1)},
    },
    "th": {
        "category": "หมวด",
        "type": "ประเภท",
        "question": "คำถาม",
        "correct": "คำตอบที่ถูก",
        "points": "คะแนน",
        "explanation": "คำอธิบาย",
        **{f"choice_{n}": f"ตัวเลือก_{n}" for n in range(1, MAX_CHOICES + 1)},
        **{f"feedback_{n}": f"คำอธิบายตัวเลือก_{n}" for n in range(1, MAX_CHOICES + 1)},
    },
}
EXPORT_COLUMNS: tuple[str, ...] = (
    "category",
    "type",
    "question",
    *(f"choice_{n}" for n in range(1, MAX_CHOICES + 1)),
    "correct",
    "points",
    "explanation",
    *(f"feedback_{n}" for n in range(1, MAX_CHOICES + 1)),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TEXT_COLUMNS = {"category", "question", "explanation"} | {
    f"{kind}_{n}" for kind in ("choice", "feedback") for n in range(1, MAX_CHOICES + 1)
}


@dataclass(frozen=True, slots=True)
class ParsedQuestion:
    """One valid question of a bank file, or a bank question to export.

    ``correct`` holds 1-based positions in ``choices``, ascending.
    ``feedback`` is padded to one entry per choice ("" where none).
    ``row_number`` (the spreadsheet row it came from, 0 if none) is left out
    of equality, so a round trip compares the questions themselves.
    """

    category: str
    kind: QuestionKind
    text: str
    choices: tuple[str, ...]
    correct: tuple[int, ...]
    points: Decimal = DEFAULT_POINTS
    explanation: str = ""
    feedback: tuple[str, ...] = ()
    row_number: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        choices = tuple(self.choices)
        feedback = tuple(self.feedback) + ("",) * (len(choices) - len(self.feedback))
        object.__setattr__(self, "choices", choices)
        object.__setattr__(self, "correct", tuple(sorted(set(self.correct))))
        object.__setattr__(self, "feedback", feedback)


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem in the file. ``row_number`` 0 and ``column`` "" mean the whole file.

    ``message`` is the full sentence for the trainer, in the active language,
    e.g. "แถวที่ 5 คอลัมน์ correct: ต้องระบุคำตอบที่ถูกอย่างน้อย 1 ข้อ";
    ``problem`` is the same without the row and column, for a table.
    """

    row_number: int
    column: str
    message: str
    problem: str = ""


@dataclass(slots=True)
class ParseResult:
    rows: list[ParsedQuestion] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)  # header cells we did not recognise

    @property
    def ok(self) -> bool:
        return not self.errors


class _UnreadableFileError(Exception):
    """The file's bytes cannot be read as the format they claim to be."""


# --- reading cells --------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _normalise_header(text: str) -> str:
    text = from_thai_digits(text.replace("\ufeff", "")).strip().strip("*").strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)


def _header_key(text: str) -> str | None:
    candidates = [text, *text.split("/")] if "/" in text else [text]
    for candidate in candidates:
        name = _normalise_header(candidate)
        for key, aliases in _ALIASES.items():
            if name in aliases:
                return key
        match = _NUMBERED.match(name)
        if match:
            return f"{'choice' if match['choice'] else 'feedback'}_{match['n']}"
    return None


# --- one row --------------------------------------------------------------------------------------


class _RowChecker:
    """Validates one data row against the header; collects every problem in the row."""

    def __init__(self, row_number: int, cells: dict[str, str], headers: dict[str, str]) -> None:
        self.row_number = row_number
        self.cells = cells
        self.headers = headers
        self.errors: list[RowError] = []

    def column(self, key: str) -> str:
        return self.headers.get(key, key)

    def error(self, key: str, problem: str) -> None:
        column = self.column(key)
        message = gettext("Row %(row)s, column %(column)s: %(problem)s") % {
            "row": self.row_number,
            "column": column,
            "problem": problem,
        }
        self.errors.append(RowError(self.row_number, column, message, problem))

    def check(self) -> ParsedQuestion | None:
        text = self.cells.get("question", "")
        if not text:
            self.error("question", gettext("Question text is required."))
        kind = self._kind()
        choices = self._choices(kind) if kind else None
        correct = self._correct(kind, choices) if kind and choices is not None else None
        points = self._points()
        feedback = self._feedback(choices)
        if self.errors or kind is None or choices is None or correct is None or points is None:
            return None
        return ParsedQuestion(
            category=self.cells.get("category", ""),
            kind=kind,
            text=text,
            choices=choices,
            correct=correct,
            points=points,
            explanation=self.cells.get("explanation", ""),
            feedback=feedback,
            row_number=self.row_number,
        )

    def _kind(self) -> QuestionKind | None:
        raw = self.cells.get("type", "")
        if not raw:
            self.error("type", gettext("Question type is required."))
            return None
        kind = _KIND_VALUES.get(re.sub(r"[\s\-]+", "_", raw.casefold()))
        if kind is None:
            self.error(
                "type",
                gettext(
                    "Unknown question type “%(value)s”. Use ตัวเลือกเดียว, หลายคำตอบ or ถูกผิด "
                    "(single, multiple, true_false)."
                )
                % {"value": raw},
            )
        return kind  # type: ignore[return-value]

    def _choices(self, kind: str) -> tuple[str, ...] | None:
        values = [self.cells.get(f"choice_{n}", "") for n in range(1, MAX_CHOICES + 1)]
        last_filled = max((i for i, v in enumerate(values) if v), default=-1)
        filled = values[: last_filled + 1]
        if kind == "true_false":
            words = [v.casefold() for v in filled]
            if not filled or words in (["ถูก", "ผิด"], ["true", "false"], ["จริง", "เท็จ"]):
                return TRUE_FALSE_CHOICES
            self.error(
                "choice_1",
                gettext("A true/false question takes no choices; leave the choice columns empty."),
            )
            return None
        ok = True
        for n, value in enumerate(filled, start=1):
            if not value:
                self.error(
                    f"choice_{n}",
                    gettext(
                        "Choice %(n)s is empty but a later choice is filled; fill the choices in order "
                        "without gaps."
                    )
                    % {"n": n},
                )
                ok = False
        if ok and not MIN_CHOICES <= len(filled) <= MAX_CHOICES:
            self.error(
                "choice_1",
                gettext("A “%(kind)s” question needs 2 to 6 choices; this row has %(count)s.")
                % {"kind": str(KIND_LABELS[kind]), "count": len(filled)},
            )
            ok = False
        seen: dict[str, int] = {}
        for n, value in enumerate(filled, start=1):
            key = " ".join(value.split()).casefold()
            if value and key in seen:
                self.error(
                    f"choice_{n}",
                    gettext("Choice %(n)s repeats choice %(first)s.") % {"n": n, "first": seen[key]},
                )
                ok = False
            elif value:
                seen[key] = n
        return tuple(filled) if ok else None

    def _correct(self, kind: str, choices: tuple[str, ...]) -> tuple[int, ...] | None:
        raw = from_thai_digits(self.cells.get("correct", ""))
        if not raw:
            self.error("correct", gettext("At least one correct answer is required."))
            return None
        if kind == "true_false":
            word = raw.casefold()
            if word in _TRUE_WORDS:
                return (1,)
            if word in _FALSE_WORDS:
                return (2,)
            self.error(
                "correct",
                gettext("The correct answer of a true/false question must be ถูก or ผิด (true or false)."),
            )
            return None
        tokens = [t for t in re.split(r"[,;\s]+|และ", raw) if t]
        if not tokens or not all(t.isdigit() for t in tokens):
            self.error(
                "correct",
                gettext("Cannot read the correct answer “%(value)s”; write choice numbers such as 2 or 1,3.")
                % {"value": raw},
            )
            return None
        numbers = sorted({int(t) for t in tokens})
        ok = True
        for n in numbers:
            if not 1 <= n <= len(choices):
                self.error(
                    "correct",
                    gettext("The correct answer points at choice %(n)s, which is empty.") % {"n": n},
                )
                ok = False
        if kind == "single" and len(numbers) != 1:
            self.error(
                "correct",
                gettext("A “%(kind)s” question must have exactly one correct answer.")
                % {"kind": str(KIND_LABELS[kind])},
            )
            ok = False
        return tuple(numbers) if ok else None

    def _points(self) -> Decimal | None:
        raw = from_thai_digits(self.cells.get("points", "")).replace(",", "")
        if not raw:
            return DEFAULT_POINTS
        try:
            points = Decimal(raw)
        except InvalidOperation:
            points = None
        if (
            points is None
            or not points.is_finite()
            or not 0 < points <= MAX_POINTS
            or points.as_tuple().exponent < -2  # type: ignore[operator]
        ):
            self.error(
                "points",
                gettext(
                    "Points must be a number greater than 0 and at most 1000, with at most 2 decimals, "
                    "such as 1 or 0.5."
                ),
            )
            return None
        return points

    def _feedback(self, choices: tuple[str, ...] | None) -> tuple[str, ...]:
        values = [self.cells.get(f"feedback_{n}", "") for n in range(1, MAX_CHOICES + 1)]
        if choices is not None:
            for n, value in enumerate(values, start=1):
                if value and n > len(choices):
                    self.error(
                        f"feedback_{n}",
                        gettext("There is feedback for choice %(n)s, but that choice is empty.") % {"n": n},
                    )
            values = values[: len(choices)]
        return tuple(values)


# --- a whole table --------------------------------------------------------------------------------


def _file_error(message: str, *, row_number: int = 0) -> ParseResult:
    return ParseResult(errors=[RowError(row_number, "", message, message)])


def _column_names(keys: Iterable[str]) -> str:
    return ", ".join(f"{_HEADERS['th'][k]} ({k})" for k in keys)


def _parse_table(rows: Iterable[Sequence[object]], *, unescape: bool) -> ParseResult:
    numbered = ((n, [_cell_text(v) for v in row]) for n, row in enumerate(rows, start=1))
    first = next(((n, cells) for n, cells in numbered if any(cells)), None)
    if first is None:
        return _file_error(gettext("The file is empty."))
    row_number, header = first

    result = ParseResult()
    keys: dict[int, str] = {}
    headers: dict[str, str] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        key = _header_key(text)
        if key is None:
            result.ignored_columns.append(text)
        elif key in headers:
            return _file_error(
                gettext("Column “%(column)s” appears more than once in the header.") % {"column": text},
                row_number=row_number,
            )
        else:
            keys[index] = key
            headers[key] = text
    if not headers:
        return _file_error(
            gettext(
                "Row %(row)s is not a question bank header. It must name the columns, such as %(columns)s."
            )
            % {"row": row_number, "columns": _column_names(EXPORT_COLUMNS[:4])},
            row_number=row_number,
        )
    missing = [k for k in _REQUIRED_COLUMNS if k not in headers]
    if missing:
        return _file_error(
            gettext("The header lacks the required column(s): %(columns)s.")
            % {"columns": _column_names(missing)},
            row_number=row_number,
        )

    first_row_of_text: dict[str, int] = {}
    for row_number, values in numbered:
        cells = {}
        for index, key in keys.items():
            value = values[index] if index < len(values) else ""
            if unescape and value[:1] == "'" and value[1:2] in _FORMULA_START:
                value = value[1:]
            cells[key] = value
        if not any(cells.values()):
            continue
        checker = _RowChecker(row_number, cells, headers)
        question = checker.check()
        text_key = " ".join(cells.get("question", "").split()).casefold()
        if text_key:
            if text_key in first_row_of_text:
                checker.error(
                    "question",
                    gettext("This question repeats the question in row %(row)s.")
                    % {"row": first_row_of_text[text_key]},
                )
                question = None
            else:
                first_row_of_text[text_key] = row_number
        result.errors.extend(checker.errors)
        if question is not None:
            result.rows.append(question)
    return result


# --- file formats ---------------------------------------------------------------------------------


def _csv_rows(raw: IO[bytes], encoding: str) -> Iterator[list[str]]:
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    try:
        first = text.readline()
        delimiter = max((",", ";", "\t"), key=first.count)
        yield from csv.reader(itertools.chain([first], text), delimiter=delimiter)
    finally:
        text.detach()  # the caller owns the file


def _parse_csv(raw: IO[bytes], head: bytes) -> ParseResult:
    if head.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        # Thai Excel on Windows saves "CSV" as cp874; try UTF-8 first, then start over.
        encodings = ["utf-8", "cp874"]
    for encoding in encodings:
        raw.seek(0)
        try:
            return _parse_table(_csv_rows(raw, encoding), unescape=True)
        except UnicodeDecodeError:
            continue
        except csv.Error:
            break
    return _file_error(
        gettext("The file's text could not be read. Save it as “CSV UTF-8” and import it again.")
    )


def _xlsx_rows(raw: IO[bytes]) -> Iterator[tuple[object, ...]]:
    workbook = _load_workbook(raw)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
        yield from sheet.iter_rows(values_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged sheets
        raise _UnreadableFileError from exc
    finally:
        workbook.close()


def _load_workbook(raw: IO[bytes]):
    import openpyxl

    try:
        return openpyxl.load_workbook(raw, read_only=True, data_only=True)
    except Exception as exc:  # BadZipFile, KeyError, InvalidFileException, XML errors…
        raise _UnreadableFileError from exc


def _parse_xlsx(raw: IO[bytes]) -> ParseResult:
    raw.seek(0)
    try:
        return _parse_table(_xlsx_rows(raw), unescape=False)
    except _UnreadableFileError:
        return _file_error(
            gettext("The Excel file could not be opened. Save it again as .xlsx and import it again.")
        )


def parse_question_bank(*, file: IO[bytes] | bytes, filename: str) -> ParseResult:
    """Read a question bank file; never raises for bad content.

    ``file`` is a binary file object (an uploaded file) or bytes. The format
    is recognised from the content first (a zip is a workbook) and the file
    name second. Valid rows come back as ParsedQuestion in file order; every
    problem comes back as a RowError with the row number the spreadsheet
    shows (header = row 1) and the column as the file names it, in the active
    language. A problem with the file itself (not CSV/XLSX, unreadable,
    empty, no usable header) gives exactly one error and no rows. Blank rows
    are skipped; unknown columns are listed in ``ignored_columns``.
    """
    raw: IO[bytes] = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    if not raw.seekable():
        raw = io.BytesIO(raw.read())
    raw.seek(0)
    head = raw.read(8)
    raw.seek(0)
    extension = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""

    if head.startswith(b"PK\x03\x04"):
        return _parse_xlsx(raw)
    if extension in ("xlsx", "xlsm"):
        return _parse_xlsx(raw)  # reports that it cannot be opened
    if extension in ("csv", "txt", "tsv") and not head.startswith(b"\xd0\xcf\x11\xe0"):
        return _parse_csv(raw, head)
    return _file_error(
        gettext("The file must be CSV or Excel (.xlsx). Save an older .xls file as .xlsx first.")
    )


# --- export ---------------------------------------------------------------------------------------


def _format_points(points: Decimal) -> str:
    return format(points.normalize(), "f")


def _export_row(question: ParsedQuestion, language: str) -> dict[str, object]:
    if question.kind not in QUESTION_KINDS:
        raise ValueError(f"cannot export a question of kind {question.kind!r}")
    if question.kind != "true_false" and len(question.choices) > MAX_CHOICES:
        raise ValueError(f"cannot export more than {MAX_CHOICES} choices: {question.text!r}")
    row: dict[str, object] = dict.fromkeys(EXPORT_COLUMNS, "")
    row.update(
        category=question.category,
        type=_EXPORT_KIND[language][question.kind],
        question=question.text,
        points=question.points,
        explanation=question.explanation,
    )
    if question.kind == "true_false":
        row["correct"] = _EXPORT_TRUE_FALSE[language][question.correct[0] - 1]
    else:
        for n, choice in enumerate(question.choices, start=1):
            row[f"choice_{n}"] = choice
        row["correct"] = (
            question.correct[0] if len(question.correct) == 1 else ",".join(map(str, question.correct))
        )
    for n, feedback in enumerate(question.feedback[:MAX_CHOICES], start=1):
        row[f"feedback_{n}"] = feedback
    return row


def _csv_cell(key: str, value: object) -> str:
    if isinstance(value, Decimal):
        return _format_points(value)
    text = str(value)
    if key in _TEXT_COLUMNS and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_question_bank(
    *,
    questions: Iterable[ParsedQuestion],
    format: Literal["csv", "xlsx"],
    language: Literal["th", "en"] = "th",
) -> bytes:
    """Write questions in the layout ``parse_question_bank`` reads.

    Guarantees: importing the result gives questions equal to the ones
    exported (same order). CSV is UTF-8 with BOM so that Excel shows Thai;
    headers and type names are in ``language``. With no questions the result
    is an empty template with the header only. Raises ValueError for a
    question that the layout cannot hold (more than 6 choices, unknown kind).
    """
    header = [_HEADERS[language][key] for key in EXPORT_COLUMNS]
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for question in questions:
            row = _export_row(question, language)
            writer.writerow([_csv_cell(key, row[key]) for key in EXPORT_COLUMNS])
        return buffer.getvalue().encode("utf-8-sig")
    if format == "xlsx":
        return _export_xlsx(questions, header, language)
    raise ValueError(f"unknown export format {format!r}")


def _export_xlsx(questions: Iterable[ParsedQuestion], header: list[str], language: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=gettext("Question bank")[:31])
    sheet.append(header)
    for question in questions:
        row = _export_row(question, language)
        cells = []
        for key in EXPORT_COLUMNS:
            cell = WriteOnlyCell(sheet, value=row[key])
            if isinstance(row[key], str):
                cell.data_type = "s"  # never a formula, even when the text starts with "="
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = [
    "EXPORT_COLUMNS",
    "KIND_LABELS",
    "TRUE_FALSE_CHOICES",
    "ParseResult",
    "ParsedQuestion",
    "RowError",
    "export_question_bank",
    "parse_question_bank",
]

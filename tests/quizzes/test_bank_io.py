"""Question bank import from CSV/XLSX and export back (no database)."""

import csv
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from quizzes.bank_io import (
    TRUE_FALSE_CHOICES,
    ParsedQuestion,
    export_question_bank,
    parse_question_bank,
)

PO_FILE = Path(__file__).resolve().parents[2] / "quizzes" / "locale" / "th" / "LC_MESSAGES" / "django.po"

TH_HEADER = ["หมวด", "ประเภท", "คำถาม", "ตัวเลือก_1", "ตัวเลือก_2", "ตัวเลือก_3", "คำตอบที่ถูก", "คะแนน", "คำอธิบาย"]
EN_HEADER = [
    "category",
    "type",
    "question",
    "choice_1",
    "choice_2",
    "choice_3",
    "correct",
    "points",
    "explanation",
]
ROWS = [
    [
        "ของขวัญ",
        "ตัวเลือกเดียว",
        "รับของขวัญมูลค่าเกินกี่บาทต้องรายงาน",
        "1,000",
        "3,000",
        "5,000",
        "๒",
        "1",
        "ตามประกาศ ป.ป.ช.",
    ],
    [
        "ผลประโยชน์ทับซ้อน",
        "หลายคำตอบ",
        "ข้อใดเป็นผลประโยชน์ทับซ้อน",
        "จ้างญาติ",
        "ประชุมตรงเวลา",
        "ใช้รถหลวงไปธุระส่วนตัว",
        "1,3",
        "2",
        "",
    ],
    ["ผลประโยชน์ทับซ้อน", "ถูกผิด", "การแจ้งเบาะแสต้องเปิดเผยชื่อผู้แจ้งเสมอ", "", "", "", "ผิด", "๐.๕", ""],
]
EXPECTED = [
    ParsedQuestion(
        category="ของขวัญ",
        kind="single",
        text="รับของขวัญมูลค่าเกินกี่บาทต้องรายงาน",
        choices=("1,000", "3,000", "5,000"),
        correct=(2,),
        points=Decimal(1),
        explanation="ตามประกาศ ป.ป.ช.",
    ),
    ParsedQuestion(
        category="ผลประโยชน์ทับซ้อน",
        kind="multiple",
        text="ข้อใดเป็นผลประโยชน์ทับซ้อน",
        choices=("จ้างญาติ", "ประชุมตรงเวลา", "ใช้รถหลวงไปธุระส่วนตัว"),
        correct=(1, 3),
        points=Decimal(2),
    ),
    ParsedQuestion(
        category="ผลประโยชน์ทับซ้อน",
        kind="true_false",
        text="การแจ้งเบาะแสต้องเปิดเผยชื่อผู้แจ้งเสมอ",
        choices=TRUE_FALSE_CHOICES,
        correct=(2,),
        points=Decimal("0.5"),
    ),
]


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        if translation.gettext("Question bank") != "คลังข้อสอบ":
            pytest.fail("Thai catalogue of quizzes is not compiled: run `manage.py compilemessages -l th`")
        yield


def csv_bytes(rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_csv(rows, encoding="utf-8"):
    return parse_question_bank(file=csv_bytes(rows, encoding), filename="bank.csv")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874", "utf-16"])
@pytest.mark.parametrize("header", [TH_HEADER, EN_HEADER], ids=["thai-header", "english-header"])
def test_csv_import_in_the_encodings_thai_excel_writes(encoding, header):
    result = parse_csv([header, *ROWS], encoding)

    assert result.errors == []
    assert result.rows == EXPECTED
    assert [q.row_number for q in result.rows] == [2, 3, 4]


@pytest.mark.parametrize("header", [TH_HEADER, EN_HEADER], ids=["thai-header", "english-header"])
def test_xlsx_import(header):
    # Excel stores typed numbers as numbers: points 1 and 2, and the single answer 2.
    rows = [list(row) for row in ROWS]
    rows[0][6], rows[0][7], rows[1][7] = 2, 1, 2.0
    result = parse_question_bank(file=io.BytesIO(xlsx_bytes([header, *rows])), filename="คลังข้อสอบ.xlsx")

    assert result.errors == []
    assert result.rows == EXPECTED


def test_cp874_file_whose_thai_starts_after_the_first_kilobytes():
    # An English header and many ASCII rows before the first Thai byte: UTF-8 looks fine at first.
    filler = [["general", "single", f"Question {i}", "yes", "no", "", "1", "1", ""] for i in range(2000)]
    result = parse_csv([EN_HEADER, *filler, *ROWS], "cp874")

    assert result.errors == []
    assert result.rows[-3:] == EXPECTED


def test_semicolon_separated_csv_with_bilingual_header_and_feedback():
    text = (
        "question/คำถาม;type/ประเภท;choice 1;choice 2;answer;feedback_1;คำอธิบายตัวเลือก ๒;notes\n"
        "ข้อใดถูก;single;ก;ข;1;ถูกต้อง;ยังไม่ถูก;for the trainer only\n"
    )
    result = parse_question_bank(file=text.encode(), filename="bank.csv")

    assert result.errors == []
    assert result.ignored_columns == ["notes"]
    [question] = result.rows
    assert question.feedback == ("ถูกต้อง", "ยังไม่ถูก")
    assert question.category == ""
    assert question.points == 1


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet():
    rows = [EN_HEADER, ROWS[0], [""] * 9, ["", "single", "", "a", "b", "", "1", "", ""]]
    result = parse_csv(rows)

    assert [q.row_number for q in result.rows] == [2]
    assert [(e.row_number, e.column) for e in result.errors] == [(4, "question")]


def test_the_brief_example_message():
    rows = [EN_HEADER, ROWS[0], ROWS[1], ROWS[2], ["x", "multiple", "ข้อที่ห้า", "a", "b", "c", "", "1", ""]]
    result = parse_csv(rows)

    assert [e.message for e in result.errors] == ["แถวที่ 5 คอลัมน์ correct: ต้องระบุคำตอบที่ถูกอย่างน้อย 1 ข้อ"]
    assert len(result.rows) == 3  # the good rows still come back


# (cells that differ from a valid single-choice row, column named in the error, Thai problem)
ROW_ERRORS = [
    ({"คำถาม": ""}, "คำถาม", "ต้องระบุคำถาม"),
    ({"ประเภท": ""}, "ประเภท", "ต้องระบุประเภทคำถาม"),
    (
        {"ประเภท": "เติมคำ"},
        "ประเภท",
        "ไม่รู้จักประเภทคำถาม “เติมคำ” กรุณาใช้ ตัวเลือกเดียว หลายคำตอบ หรือ ถูกผิด (single, multiple, true_false)",
    ),
    (
        {"ตัวเลือก_2": "", "ตัวเลือก_3": "", "คำตอบที่ถูก": "1"},
        "ตัวเลือก_1",
        "คำถามประเภท “ตัวเลือกเดียว” ต้องมีตัวเลือก 2 ถึง 6 ตัวเลือก แต่แถวนี้มี 1 ตัวเลือก",
    ),
    (
        {"ตัวเลือก_2": ""},
        "ตัวเลือก_2",
        "ตัวเลือกที่ 2 ว่าง แต่ตัวเลือกถัดไปมีข้อความ กรุณากรอกตัวเลือกเรียงตามลำดับโดยไม่เว้นช่องว่าง",
    ),
    ({"ตัวเลือก_3": " ก "}, "ตัวเลือก_3", "ตัวเลือกที่ 3 ซ้ำกับตัวเลือกที่ 1"),
    ({"คำตอบที่ถูก": ""}, "คำตอบที่ถูก", "ต้องระบุคำตอบที่ถูกอย่างน้อย 1 ข้อ"),
    (
        {"คำตอบที่ถูก": "ข"},
        "คำตอบที่ถูก",
        "อ่านคำตอบที่ถูก “ข” ไม่ได้ กรุณาระบุหมายเลขตัวเลือก เช่น 2 หรือ 1,3",
    ),
    ({"คำตอบที่ถูก": "4"}, "คำตอบที่ถูก", "คำตอบที่ถูกระบุตัวเลือกที่ 4 แต่ตัวเลือกนั้นว่าง"),
    ({"คำตอบที่ถูก": "1,2"}, "คำตอบที่ถูก", "คำถามประเภท “ตัวเลือกเดียว” ต้องมีคำตอบที่ถูกเพียง 1 ข้อ"),
    (
        {"ประเภท": "ถูกผิด", "คำตอบที่ถูก": "ไม่แน่ใจ", "ตัวเลือก_1": "", "ตัวเลือก_2": "", "ตัวเลือก_3": ""},
        "คำตอบที่ถูก",
        "คำตอบที่ถูกของคำถามประเภทถูกผิดต้องเป็น ถูก หรือ ผิด",
    ),
    (
        {"ประเภท": "ถูกผิด", "คำตอบที่ถูก": "ถูก"},
        "ตัวเลือก_1",
        "คำถามประเภทถูกผิดไม่ต้องกรอกตัวเลือก กรุณาเว้นคอลัมน์ตัวเลือกให้ว่าง",
    ),
    *(
        (
            {"คะแนน": value},
            "คะแนน",
            "คะแนนต้องเป็นตัวเลขที่มากกว่า 0 และไม่เกิน 1000 มีทศนิยมได้ไม่เกิน 2 ตำแหน่ง เช่น 1 หรือ 0.5",
        )
        for value in ("0", "-1", "หนึ่ง", "0.125", "1001", "NaN")
    ),
    ({"คำอธิบายตัวเลือก_4": "ไม่มีตัวเลือกนี้"}, "คำอธิบายตัวเลือก_4", "มีคำอธิบายของตัวเลือกที่ 4 แต่ตัวเลือกนั้นว่าง"),
]


@pytest.mark.parametrize(("changes", "column", "problem"), ROW_ERRORS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_each_row_error_names_the_row_and_column_in_thai(changes, column, problem, file_format):
    header = [*TH_HEADER, "คำอธิบายตัวเลือก_4"]
    good = dict(
        zip(header, ["หมวด ก", "ตัวเลือกเดียว", "ข้อที่ถูกต้อง", "ก", "ข", "ค", "2", "1", "", ""], strict=True)
    )
    bad = {**good, "คำถาม": "ข้อที่มีปัญหา", **changes}
    rows = [header, list(good.values()), list(bad.values())]
    data = csv_bytes(rows) if file_format == "csv" else xlsx_bytes(rows)

    result = parse_question_bank(file=data, filename=f"bank.{file_format}")

    assert [(e.row_number, e.column, e.message) for e in result.errors] == [
        (3, column, f"แถวที่ 3 คอลัมน์ {column}: {problem}")
    ]
    assert [q.text for q in result.rows] == ["ข้อที่ถูกต้อง"]


def test_duplicate_question_text_points_at_the_first_row():
    duplicate = list(ROWS[0])
    duplicate[2] = f"  {ROWS[0][2]}\n"  # the same text with other spacing
    result = parse_csv([TH_HEADER, ROWS[0], ROWS[1], duplicate])

    assert [(e.row_number, e.column, e.problem) for e in result.errors] == [
        (4, "คำถาม", "คำถามนี้ซ้ำกับคำถามในแถวที่ 2")
    ]
    assert len(result.rows) == 2


def test_every_problem_of_a_row_is_reported_at_once():
    result = parse_csv([EN_HEADER, ["", "single", "", "a", "b", "", "", "-3", ""]])

    assert [e.column for e in result.errors] == ["question", "correct", "points"]


def broken_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


FILE_ERRORS = [
    (
        b"%PDF-1.7 ...",
        "bank.pdf",
        "ไฟล์ต้องเป็น CSV หรือ Excel (.xlsx) เท่านั้น หากเป็นไฟล์ .xls แบบเก่า กรุณาบันทึกเป็น .xlsx ก่อน",
    ),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "bank.xls",
        "ไฟล์ต้องเป็น CSV หรือ Excel (.xlsx) เท่านั้น หากเป็นไฟล์ .xls แบบเก่า กรุณาบันทึกเป็น .xlsx ก่อน",
    ),
    (b"this is not a zip", "bank.xlsx", "เปิดไฟล์ Excel ไม่ได้ กรุณาบันทึกไฟล์ใหม่เป็น .xlsx แล้วนำเข้าข้อมูลอีกครั้ง"),
    (broken_zip(), "bank.xlsx", "เปิดไฟล์ Excel ไม่ได้ กรุณาบันทึกไฟล์ใหม่เป็น .xlsx แล้วนำเข้าข้อมูลอีกครั้ง"),
    (b"", "bank.csv", "ไฟล์ว่างเปล่า ไม่มีข้อมูล"),
    (b"\r\n,,\r\n", "bank.csv", "ไฟล์ว่างเปล่า ไม่มีข้อมูล"),
    (
        "ชื่อ,นามสกุล\nสมชาย,ใจดี\n".encode(),
        "bank.csv",
        "แถวที่ 1 ไม่ใช่หัวตารางของคลังข้อสอบ แถวนี้ต้องเป็นชื่อคอลัมน์ เช่น หมวด (category), ประเภท (type), "
        "คำถาม (question), ตัวเลือก_1 (choice_1)",
    ),
    (
        "คำถาม,ตัวเลือก_1,ตัวเลือก_2\nข้อ 1,ก,ข\n".encode(),
        "bank.csv",
        "หัวตารางขาดคอลัมน์ที่จำเป็น: ประเภท (type), คำตอบที่ถูก (correct)",
    ),
    (
        "คำถาม,ประเภท,คำตอบที่ถูก,question\n".encode(),
        "bank.csv",
        "หัวตารางมีคอลัมน์ “question” ซ้ำกันมากกว่าหนึ่งคอลัมน์",
    ),
    (
        b"question,type,correct\n\x81\x81\x81,single,1\n",
        "bank.csv",
        "อ่านข้อความในไฟล์ไม่ได้ กรุณาบันทึกไฟล์เป็นแบบ “CSV UTF-8” แล้วนำเข้าข้อมูลอีกครั้ง",
    ),
]


@pytest.mark.parametrize(("data", "filename", "message"), FILE_ERRORS)
def test_a_file_that_cannot_be_read_gives_one_clear_error(data, filename, message):
    result = parse_question_bank(file=data, filename=filename)

    assert result.rows == []
    assert [e.message for e in result.errors] == [message]


def test_messages_follow_the_active_language():
    with translation.override("en"):
        result = parse_csv([EN_HEADER, ["x", "single", "q", "a", "b", "", "", "1", ""]])

    assert result.errors[0].message == "Row 2, column correct: At least one correct answer is required."


# --- export and round trip ---------------------------------------------------------------------------

TRICKY = [
    *EXPECTED,
    ParsedQuestion(
        category="สูตร",
        kind="multiple",
        text='=HYPERLINK("http://evil.example","คลิก")\nบรรทัดที่สอง, มี "อัญประกาศ"',
        choices=("-1", "+2", "@3", "=4", "5", "6"),
        correct=(1, 2, 6),
        points=Decimal("1.25"),
        explanation="คำอธิบาย;มีเครื่องหมาย",
        feedback=("ข้อ ๑", "", "", "", "", "ข้อ ๖"),
    ),
    ParsedQuestion(
        category="",
        kind="true_false",
        text="ข้อถูกผิดที่มีคำอธิบายตัวเลือก",
        choices=TRUE_FALSE_CHOICES,
        correct=(1,),
        points=Decimal("10.00"),
        feedback=("ใช่แล้ว", "ลองอ่านบทเรียนอีกครั้ง"),
    ),
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["th", "en"])
def test_round_trip_import_export_import_gives_identical_questions(file_format, language):
    first = parse_question_bank(
        file=export_question_bank(questions=TRICKY, format=file_format, language=language),
        filename=f"bank.{file_format}",
    )
    again = parse_question_bank(
        file=export_question_bank(questions=first.rows, format=file_format, language=language),
        filename=f"bank.{file_format}",
    )

    assert first.errors == [] and again.errors == []
    assert first.rows == TRICKY
    assert again.rows == TRICKY


def test_csv_export_opens_in_excel_with_thai_headers_and_no_formulas():
    data = export_question_bank(questions=TRICKY, format="csv")

    assert data.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["หมวด", "ประเภท", "คำถาม"]
    assert rows[1][1] == "ตัวเลือกเดียว"
    assert rows[3][9] == "ผิด"
    assert all(not re.match(r"[=+\-@]", cell) for row in rows for cell in row)


def test_xlsx_export_keeps_formula_like_text_as_text():
    data = export_question_bank(questions=TRICKY, format="xlsx", language="en")

    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    question_cell = sheet.cell(row=5, column=3)
    assert question_cell.data_type == "s"
    assert question_cell.value.startswith("=HYPERLINK")
    assert [c.value for c in sheet[1]][:3] == ["category", "type", "question"]


def test_export_of_no_questions_is_a_template_with_the_header():
    result = parse_question_bank(file=export_question_bank(questions=[], format="xlsx"), filename="t.xlsx")

    assert (result.rows, result.errors) == ([], [])


def test_a_question_with_more_choices_than_the_layout_holds_is_refused():
    seven = ParsedQuestion(category="", kind="single", text="q", choices=tuple("abcdefg"), correct=(1,))
    with pytest.raises(ValueError, match="6 choices"):
        export_question_bank(questions=[seven], format="csv")


def test_every_message_has_a_thai_translation_with_the_same_placeholders():
    # Entries as gettext writes them, long strings continued on following "…" lines.
    text = re.sub(r'"\n"', "", PO_FILE.read_text(encoding="utf-8"))
    entries = re.findall(r'^msgid "(.*)"\nmsgstr "(.*)"$', text, flags=re.M)

    assert len(entries) > 20
    for msgid, msgstr in entries[1:]:  # the first entry is the header
        assert msgstr, f"no Thai for {msgid!r}"
        assert sorted(re.findall(r"%\(\w+\)\w", msgid)) == sorted(re.findall(r"%\(\w+\)\w", msgstr)), msgid

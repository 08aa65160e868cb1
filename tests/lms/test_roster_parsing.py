"""Roster file parsing (lms.roster.parsing): what the HR officer's upload turns into. No database."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from bench.scenarios._roster_files import write_roster_csv
from lms.roster.parsing import (
    DPIS_MAPPING,
    THAI_HEADERS,
    RosterFileError,
    RosterRow,
    RowError,
    parse_roster,
    write_error_report,
)

PO_FILE = (
    Path(__file__).resolve().parents[2] / "lms" / "roster" / "locale" / "th" / "LC_MESSAGES" / "django.po"
)

ENGLISH = [
    "employee_id",
    "title",
    "first_name",
    "last_name",
    "position",
    "level",
    "agency_code",
    "email",
    "status",
]
THAI = ["เลขประจำตัว", "คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "ตำแหน่ง", "ระดับ", "รหัสหน่วยงาน", "อีเมล", "สถานะ"]
DPIS = [
    "PER_CARDNO",
    "PN_NAME",
    "PER_NAME",
    "PER_SURNAME",
    "PL_NAME",
    "LEVEL_NAME",
    "ORG_CODE",
    "PER_EMAIL",
    "PER_STATUS",
]
SOMYING = [
    "1234567",
    "นางสาว",
    "สมหญิง",
    "ใจดี",
    "นักทรัพยากรบุคคล",
    "ชำนาญการ",
    "15004",
    "Somying.J@sso.go.th",
    "ปกติ",
]
SOMCHAI = ["7654321", "ว่าที่ร้อยตรี", "สมชาย", "รักษ์ไทย", "เจ้าพนักงานธุรการ", "ระดับชำนาญงาน", "15004", "", "ลาออก"]

EXPECTED_SOMYING = RosterRow(
    row_number=2,
    employee_id="1234567",
    title="นางสาว",
    first_name="สมหญิง",
    last_name="ใจดี",
    position="นักทรัพยากรบุคคล",
    level="professional",
    position_type="knowledge",
    staff_type="civil_servant",
    agency_code="15004",
    email="somying.j@sso.go.th",
    active=True,
)
EXPECTED_SOMCHAI = dataclasses.replace(
    EXPECTED_SOMYING,
    row_number=3,
    employee_id="7654321",
    title="ว่าที่ร้อยตรี",
    first_name="สมชาย",
    last_name="รักษ์ไทย",
    position="เจ้าพนักงานธุรการ",
    level="experienced",
    position_type="general",
    email="",
    active=False,
)


@pytest.fixture
def thai(settings, tmp_path):
    """Thai active, with the catalogue compiled from the .po as it is now (not a stale .mo)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (apt package gettext) is needed to compile the Thai catalogue")
    target = tmp_path / "locale" / "th" / "LC_MESSAGES"
    target.mkdir(parents=True)
    subprocess.run([msgfmt, "--check", "-o", str(target / "django.mo"), str(PO_FILE)], check=True)
    settings.LOCALE_PATHS = [str(tmp_path / "locale"), *settings.LOCALE_PATHS]
    with translation.override("th"):
        yield


def csv_bytes(rows, *, encoding="utf-8", delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("ไม่ใช่แผ่นนี้").append(["employee_id"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def parse(data, filename="roster.csv", **kwargs):
    with parse_roster(file=data, filename=filename, **kwargs) as roster:
        return list(roster)


def rows_and_errors(items):
    return [i for i in items if isinstance(i, RosterRow)], [i for i in items if isinstance(i, RowError)]


def file_error(data, filename="roster.csv", **kwargs) -> str:
    with pytest.raises(RosterFileError) as caught:
        parse_roster(file=data, filename=filename, **kwargs)
    return caught.value.message


# --- reading -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "detected"), [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"), ("cp874", "cp874")]
)
def test_csv_with_thai_headers_reads_in_utf8_with_or_without_bom_and_in_thai_windows_encoding(
    encoding, detected
):
    data = csv_bytes([THAI, SOMYING, SOMCHAI], encoding=encoding)

    with parse_roster(file=data, filename="ทะเบียน.csv") as roster:
        items = list(roster)
        assert roster.encoding == detected

    assert items == [EXPECTED_SOMYING, EXPECTED_SOMCHAI]


def test_excel_unicode_text_export_in_utf16_with_tabs_is_read():
    data = csv_bytes([THAI, SOMYING], encoding="utf-16", delimiter="\t")

    assert parse(data, filename="export.txt") == [EXPECTED_SOMYING]


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_delimited_files_are_sniffed(delimiter):
    data = csv_bytes([ENGLISH, SOMYING, SOMCHAI], delimiter=delimiter)

    with parse_roster(file=data, filename="roster.csv") as roster:
        assert roster.delimiter == delimiter
        assert list(roster) == [EXPECTED_SOMYING, EXPECTED_SOMCHAI]


def test_english_headers_match_whatever_their_case_and_spacing():
    headers = [
        " Employee ID ",
        "TITLE",
        "First Name",
        "last_name",
        "Position",
        "LEVEL",
        "Agency Code",
        "E-mail",
        "Status",
    ]

    assert parse(csv_bytes([headers, SOMYING])) == [EXPECTED_SOMYING]


OPTIONAL_VALUES = {
    "title_en": ("Miss", "Miss"),
    "first_name_en": ("Somying", "Somying"),
    "last_name_en": ("Jaidee", "Jaidee"),
    "position_type": ("วิชาการ", "knowledge"),
    "staff_type": ("ข้าราชการ", "civil_servant"),
}


@pytest.mark.parametrize(("column", "name"), [(c, n) for c, names in THAI_HEADERS.items() for n in names])
def test_every_thai_header_is_recognised(column, name):
    headers = [name if header == column else header for header in ENGLISH]
    values = list(SOMYING)
    expected = EXPECTED_SOMYING
    if column in OPTIONAL_VALUES:
        given, parsed = OPTIONAL_VALUES[column]
        headers.append(name)
        values.append(given)
        expected = dataclasses.replace(EXPECTED_SOMYING, **{column: parsed})

    assert parse(csv_bytes([headers, values])) == [expected]


@pytest.mark.parametrize("headers", [ENGLISH, THAI], ids=["english", "thai"])
def test_xlsx_reads_the_first_sheet_and_keeps_numeric_ids_whole(headers):
    numeric_somying = [1234567, *SOMYING[1:6], 15004.0, *SOMYING[7:]]
    numeric_somchai = [7654321.0, *SOMCHAI[1:6], 15004, *SOMCHAI[7:]]

    with parse_roster(
        file=xlsx_bytes([headers, numeric_somying, numeric_somchai]), filename="roster.xlsx"
    ) as roster:
        assert roster.format == "xlsx"
        assert list(roster) == [EXPECTED_SOMYING, EXPECTED_SOMCHAI]


def test_xlsx_row_numbers_match_the_sheet_even_after_blank_rows():
    data = xlsx_bytes([THAI, SOMYING, [], [None, None], SOMCHAI])

    rows = parse(data, filename="roster.xlsx")

    assert [r.row_number for r in rows] == [2, 5]


def test_xlsx_with_a_wrong_sheet_size_still_gives_every_row():
    # Some exporters declare the sheet as "A1:A1"; trusting that would drop all but one cell.
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([THAI, SOMYING, SOMCHAI])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:A1"/>', data)
                assert count == 1
            target.writestr(item, data)

    assert parse(out.getvalue(), filename="roster.xlsx") == [EXPECTED_SOMYING, EXPECTED_SOMCHAI]


def test_csv_row_numbers_count_a_quoted_multi_line_cell_as_one_row_and_keep_blank_rows():
    multi_line = [*SOMYING[:4], "นักทรัพยากรบุคคล\nชำนาญการ", *SOMYING[5:]]
    data = csv_bytes([THAI, multi_line]) + b"\r\n" + csv_bytes([SOMCHAI])

    rows = parse(data)

    assert [r.row_number for r in rows] == [2, 4]
    assert rows[0].position == "นักทรัพยากรบุคคล ชำนาญการ"


@pytest.mark.parametrize("filename", ["roster.csv", "roster.xlsx"])
def test_dpis_export_reads_through_the_dpis_mapping(filename):
    somying = ["3100500123456", "น.ส.", "สมหญิง", "ใจดี", "นักทรัพยากรบุคคล", "ชำนาญการ", "15004", "", "1"]
    somchai = ["3100500654321", "นาย", "สมชาย", "รักษ์ไทย", "เจ้าพนักงานธุรการ", "ชำนาญงาน", "15004", "", "2"]
    rows_in = [[*DPIS, "PER_ID", "RE_NAME"], [*somying, "17", "พุทธ"], [*somchai, "18", "อิสลาม"]]
    data = xlsx_bytes(rows_in) if filename.endswith("xlsx") else csv_bytes(rows_in)

    with parse_roster(file=data, filename=filename, mapping=DPIS_MAPPING) as roster:
        assert roster.columns["employee_id"] == "PER_CARDNO"
        rows = list(roster)

    assert [(r.employee_id, r.title, r.level, r.active) for r in rows] == [
        ("3100500123456", "น.ส.", "professional", True),
        ("3100500654321", "นาย", "experienced", False),
    ]


def test_dpis_mapping_falls_back_to_per_id_when_there_is_no_card_number():
    headers = ["PER_ID", *DPIS[1:]]
    row = ["17", "นาย", "สมชาย", "รักษ์ไทย", "นิติกร", "K2", "15004", "", "1"]

    [parsed] = parse(csv_bytes([headers, row]), mapping=DPIS_MAPPING)

    assert (parsed.employee_id, parsed.level, parsed.position_type) == ("17", "professional", "knowledge")


def test_an_uploaded_file_object_is_read_and_left_open_for_the_caller():
    upload = SimpleUploadedFile("roster.csv", csv_bytes([THAI, SOMYING]), content_type="text/csv")

    assert parse(upload, filename=upload.name) == [EXPECTED_SOMYING]
    assert not upload.closed


class _Stream:
    """A request body or pipe: read() only, no seeking."""

    def __init__(self, data):
        self._data = io.BytesIO(data)

    def read(self, size=-1):
        return self._data.read(size)


def test_a_stream_that_cannot_seek_is_read():
    assert parse(_Stream(csv_bytes([THAI, SOMYING], encoding="cp874"))) == [EXPECTED_SOMYING]


def test_rows_are_read_as_they_are_consumed_not_all_at_once(tmp_path):
    path = tmp_path / "big.csv"
    rows = [[f"{1000000 + i}", *SOMYING[1:]] for i in range(20_000)]
    path.write_bytes(csv_bytes([THAI, *rows]))

    with path.open("rb") as handle, parse_roster(file=handle, filename="big.csv") as roster:
        first = next(iter(roster))
        assert first.employee_id == "1000000"
        assert handle.tell() < path.stat().st_size / 4


# --- values ------------------------------------------------------------------


def test_thai_digits_in_employee_id_and_agency_code_become_arabic_digits():
    row = ["๑๒๓๔๕๖๗", *SOMYING[1:6], "๑๕๐๐๔", *SOMYING[7:]]

    [parsed] = parse(csv_bytes([THAI, row]))

    assert (parsed.employee_id, parsed.agency_code) == ("1234567", "15004")


def test_thai_text_is_nfc_normalised_and_zero_width_spaces_are_dropped():
    # ป + mai ek + sara uu is how some keyboards store "ปู่"; NFC puts the vowel first.
    row = [*SOMYING[:2], "ส\u200bม\u200bหญิง", "ป\u0e48\u0e39", *SOMYING[4:]]

    [parsed] = parse(csv_bytes([THAI, row]))

    assert parsed.first_name == "สมหญิง"
    assert parsed.last_name == "ป\u0e39\u0e48"


def test_employee_id_spaces_and_dashes_are_removed_and_letters_upper_cased():
    row = ["3-1005-00123-45-6", *SOMYING[1:]]
    row2 = ["emp 0042", *SOMCHAI[1:]]

    parsed = parse(csv_bytes([THAI, row, row2]))

    assert [p.employee_id for p in parsed] == ["3100500123456", "EMP0042"]


@pytest.mark.parametrize(
    ("text", "level", "position_type"),
    [
        ("ชำนาญการ", "professional", "knowledge"),
        ("ระดับชำนาญการพิเศษ", "senior_professional", "knowledge"),
        ("อำนวยการต้น", "managerial_primary", "managerial"),
        ("อำนวยการ ระดับสูง", "managerial_high", "managerial"),
        ("บริหารสูง", "executive_high", "executive"),
        ("วิชาการ เชี่ยวชาญ", "expert", "knowledge"),
        ("ประเภททั่วไป ระดับอาวุโส", "senior", "general"),
        ("O4", "special_skill", "general"),
        ("professional", "professional", "knowledge"),
    ],
)
def test_level_names_become_codes_and_give_the_position_type(text, level, position_type):
    [parsed] = parse(csv_bytes([THAI, [*SOMYING[:5], text, *SOMYING[6:]]]))

    assert (parsed.level, parsed.position_type) == (level, position_type)


def test_staff_type_defaults_to_civil_servant_and_other_staff_need_no_level():
    headers = [*THAI, "ประเภทบุคลากร", "ประเภทตำแหน่ง"]
    civil = [*SOMYING, "", ""]
    employee = ["5550001", "นาย", "มานะ", "ขยันดี", "พนักงานขับรถยนต์", "", "15004", "", "ปกติ", "ลูกจ้างประจำ", ""]
    contractor = [
        "5550002",
        "นาง",
        "มานี",
        "มีสุข",
        "นักวิชาการ",
        "",
        "15004",
        "",
        "ปกติ",
        "พนักงานราชการ",
        "วิชาการ",
    ]

    rows = parse(csv_bytes([headers, civil, employee, contractor]))

    assert [(r.staff_type, r.level, r.position_type) for r in rows] == [
        ("civil_servant", "professional", "knowledge"),
        ("permanent_employee", "", ""),
        ("government_employee", "", "knowledge"),
    ]


@pytest.mark.parametrize(
    ("status", "active"),
    [
        ("ปกติ", True),
        ("ทำงาน", True),
        ("ปฏิบัติราชการ", True),
        ("Active", True),
        ("", True),
        ("ลาออก", False),
        ("เกษียณ", False),
        ("พ้นจากตำแหน่ง", False),
        ("โอนย้ายออก", False),
        ("inactive", False),
    ],
)
def test_status_words_say_whether_the_officer_is_active(status, active):
    [parsed] = parse(csv_bytes([THAI, [*SOMYING[:8], status]]))

    assert parsed.active is active


def test_optional_english_names_are_read():
    headers = [*THAI, "คำนำหน้าชื่อภาษาอังกฤษ", "ชื่อภาษาอังกฤษ", "นามสกุลภาษาอังกฤษ"]

    [parsed] = parse(csv_bytes([headers, [*SOMYING, "Miss", "Somying", "Jaidee"]]))

    assert (parsed.title_en, parsed.first_name_en, parsed.last_name_en) == ("Miss", "Somying", "Jaidee")


# --- row errors --------------------------------------------------------------

OPTIONAL = ["ประเภทบุคลากร", "ประเภทตำแหน่ง"]


@pytest.mark.parametrize(
    ("changes", "column", "value", "message"),
    [
        ({5: "ชำนาญการพเศษ"}, "level", "ชำนาญการพเศษ", "ระดับ 'ชำนาญการพเศษ' ไม่ถูกต้อง"),
        ({5: ""}, "level", "", "ต้องระบุระดับสำหรับข้าราชการ"),
        ({0: ""}, "employee_id", "", "ต้องระบุเลขประจำตัว"),
        ({0: "12/345"}, "employee_id", "12/345", "เลขประจำตัว '12/345' ต้องมีเฉพาะตัวเลขหรือตัวอักษรภาษาอังกฤษ"),
        ({0: "๑๒๓๔๕๖๗"}, "employee_id", "๑๒๓๔๕๖๗", "เลขประจำตัว '๑๒๓๔๕๖๗' ซ้ำกับแถวที่ 2"),
        ({2: ""}, "first_name", "", "ต้องระบุชื่อ"),
        ({3: " "}, "last_name", "", "ต้องระบุนามสกุล"),
        ({6: ""}, "agency_code", "", "ต้องระบุรหัสหน่วยงาน"),
        (
            {6: "สำนัก 15004"},
            "agency_code",
            "สำนัก 15004",
            "รหัสหน่วยงาน 'สำนัก 15004' ต้องมีเฉพาะตัวเลข ตัวอักษรภาษาอังกฤษ จุด หรือขีด",
        ),
        ({7: "somchai@@sso.go.th"}, "email", "somchai@@sso.go.th", "อีเมล 'somchai@@sso.go.th' ไม่ถูกต้อง"),
        (
            {8: "หายไป"},
            "status",
            "หายไป",
            "สถานะ 'หายไป' ไม่ถูกต้อง ให้ระบุ ปกติ หรือ ลาออก เกษียณ พ้นจากตำแหน่ง โอนย้ายออก",
        ),
        ({9: "อาสาสมัคร"}, "staff_type", "อาสาสมัคร", "ประเภทบุคลากร 'อาสาสมัคร' ไม่ถูกต้อง"),
        ({10: "วิชาเกิน"}, "position_type", "วิชาเกิน", "ประเภทตำแหน่ง 'วิชาเกิน' ไม่ถูกต้อง"),
        ({10: "วิชาการ"}, "position_type", "วิชาการ", "ประเภทตำแหน่ง 'วิชาการ' ไม่ตรงกับระดับ 'ระดับชำนาญงาน'"),
        ({2: "ก" * 151}, "first_name", "ก" * 151, "ชื่อ ยาวเกิน 150 ตัวอักษร"),
    ],
)
def test_a_bad_row_gives_a_thai_error_naming_row_column_and_value_and_the_rest_still_parse(
    thai, changes, column, value, message
):
    bad = [*SOMCHAI, "", ""]
    for index, new in changes.items():
        bad[index] = new
    later = ["9999999", *SOMYING[1:], "", ""]
    data = csv_bytes([[*THAI, *OPTIONAL], [*SOMYING, "", ""], bad, later])

    rows, errors = rows_and_errors(parse(data))

    header = ([*THAI, *OPTIONAL])[next(iter(changes))]
    assert errors == [RowError(3, column, value, message, header)]
    assert [r.row_number for r in rows] == [2, 4]


def test_one_row_can_carry_several_errors_and_is_then_not_imported(thai):
    bad = ["", "นาย", "สมชาย", "", "", "ชำนาญการพเศษ", "15004", "x@", "ปกติ"]

    rows, errors = rows_and_errors(parse(csv_bytes([THAI, bad])))

    assert rows == []
    assert [(e.row_number, e.column) for e in errors] == [
        (2, "employee_id"),
        (2, "last_name"),
        (2, "level"),
        (2, "email"),
    ]


def test_a_duplicate_flags_the_later_row_even_when_written_differently(thai):
    rows, errors = rows_and_errors(parse(csv_bytes([THAI, SOMYING, SOMCHAI, ["1234-567", *SOMCHAI[1:]]])))

    assert [r.row_number for r in rows] == [2, 3]
    assert [(e.row_number, e.message) for e in errors] == [(4, "เลขประจำตัว '1234-567' ซ้ำกับแถวที่ 2")]


# --- file errors -------------------------------------------------------------


def test_a_file_that_is_neither_csv_nor_xlsx_is_refused(thai):
    assert (
        file_error(b"%PDF-1.7 ...", filename="roster.pdf") == "ไฟล์ 'roster.pdf' ไม่ใช่ไฟล์ CSV หรือ Excel (.xlsx)"
    )


def test_an_old_xls_workbook_is_refused_with_advice(thai):
    message = file_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, filename="roster.xls")

    assert message == "ระบบอ่านไฟล์ Excel รุ่นเก่า (.xls) ไม่ได้ กรุณาบันทึกไฟล์เป็น .xlsx หรือ CSV แล้วอัปโหลดอีกครั้ง"


def test_a_damaged_xlsx_is_refused(thai):
    assert file_error(b"PK\x03\x04not really a zip", filename="roster.xlsx") == (
        "เปิดไฟล์ 'roster.xlsx' เป็นไฟล์ Excel (.xlsx) ไม่ได้ ไฟล์อาจเสียหาย"
    )


@pytest.mark.parametrize(("data", "filename"), [(b"", "roster.csv"), (xlsx_bytes([]), "roster.xlsx")])
def test_an_empty_file_is_refused(thai, data, filename):
    assert file_error(data, filename=filename) == "ไฟล์ว่างเปล่า ไม่มีข้อมูล"


def test_a_file_with_headers_but_no_rows_is_refused(thai):
    assert file_error(csv_bytes([THAI, [], ["", " "]])) == "ไฟล์ไม่มีข้อมูลรายชื่อใต้แถวหัวคอลัมน์"


def test_missing_required_columns_are_named_in_thai_and_english(thai):
    data = csv_bytes([["ชื่อ", "นามสกุล", "อีเมล"], ["สมหญิง", "ใจดี", ""]])

    assert file_error(data) == (
        "ไม่พบคอลัมน์ที่จำเป็น: เลขประจำตัว (employee_id), ระดับ (level), รหัสหน่วยงาน (agency_code)"
    )


def test_a_missing_mapped_column_names_the_source_header_expected(thai):
    data = csv_bytes([DPIS[1:], SOMYING[1:]])

    assert file_error(data, mapping=DPIS_MAPPING) == "ไม่พบคอลัมน์ที่จำเป็น: เลขประจำตัว (PER_CARDNO / PER_ID)"


def test_a_national_id_column_is_not_taken_as_the_employee_id_but_the_message_says_how(thai):
    headers = ["เลขประจำตัวประชาชน", *THAI[1:]]

    message = file_error(csv_bytes([headers, SOMYING]))

    assert message.startswith("ไม่พบคอลัมน์ที่จำเป็น: เลขประจำตัว (employee_id)")
    assert "เปลี่ยนชื่อหัวคอลัมน์เป็น 'เลขประจำตัว'" in message


def test_the_same_column_twice_is_refused(thai):
    headers = [*THAI, "รหัสพนักงาน"]

    assert file_error(csv_bytes([headers, [*SOMYING, "1"]])) == (
        "คอลัมน์ 'เลขประจำตัว' และ 'รหัสพนักงาน' เป็นข้อมูล 'เลขประจำตัว' ซ้ำกัน กรุณาเหลือไว้เพียงคอลัมน์เดียว"
    )


def test_broken_utf8_is_refused_with_the_line_instead_of_being_read_as_garbage(thai):
    data = csv_bytes([THAI, SOMYING]) + b"7654321,\xe0\xb8\xff,x\n"

    assert file_error(data) == (
        "ไฟล์มีตัวอักษรที่อ่านไม่ได้ประมาณบรรทัดที่ 3 กรุณาบันทึกไฟล์ใหม่เป็นชนิด CSV UTF-8 แล้วอัปโหลดอีกครั้ง"
    )


def test_bytes_that_are_neither_utf8_nor_thai_windows_are_refused(thai):
    data = b"employee_id,first_name\n1,\xff\xfd\n"

    assert "อ่านไม่ได้ประมาณบรรทัดที่ 2" in file_error(data)


def test_binary_data_named_csv_is_refused(thai):
    assert file_error(b"\x00\x01\x02\x03binary", filename="roster.csv") == (
        "ไฟล์ 'roster.csv' ไม่ใช่ไฟล์ CSV หรือ Excel (.xlsx)"
    )


def test_a_broken_csv_structure_found_while_reading_raises_a_file_error_naming_the_row(thai):
    data = csv_bytes([THAI, SOMYING, [*SOMCHAI[:4], "ก" * 200_000, *SOMCHAI[5:]]])

    with parse_roster(file=data, filename="roster.csv") as roster, pytest.raises(RosterFileError) as caught:
        list(roster)

    assert caught.value.message == "อ่านไฟล์ CSV ไม่ได้ที่แถวที่ 3 กรุณาตรวจสอบไฟล์แล้วอัปโหลดอีกครั้ง"


# --- PDPA ----------------------------------------------------------------------


def test_sensitive_columns_never_reach_a_parsed_row_or_error():
    sensitive = ["ศาสนา", "กรุ๊ปเลือด", "โรคประจำตัว", "เชื้อชาติ", "Religion", "เลขประจำตัวประชาชน"]
    secrets = ["พุทธ-ลับ", "AB-ลับ", "เบาหวาน-ลับ", "ไทย-ลับ", "Buddhism-secret", "3100500999999"]
    bad = ["", *SOMCHAI[1:]]  # a row error carries values too
    data = csv_bytes(
        [[*THAI, *sensitive, "วันที่บรรจุ"], [*SOMYING, *secrets, "1/10/2560"], [*bad, *secrets, ""]]
    )

    with parse_roster(file=data, filename="roster.csv") as roster:
        items = list(roster)
        assert roster.sensitive_columns == tuple(sensitive)
        assert roster.ignored_columns == ("วันที่บรรจุ",)

    assert len(items) == 2
    every_value = " ".join(str(v) for item in items for v in dataclasses.astuple(item))
    for secret in secrets:
        assert secret not in every_value


def test_a_mapping_may_not_point_a_column_at_sensitive_data(thai):
    data = csv_bytes([[*THAI, "ศาสนา"], [*SOMYING, "พุทธ"]])

    assert file_error(data, mapping={"position": "ศาสนา"}) == (
        "คอลัมน์ 'ศาสนา' เป็นข้อมูลส่วนบุคคลที่อ่อนไหว ระบบจะไม่นำเข้าข้อมูลนี้"
    )


@pytest.mark.parametrize(
    "header",
    [
        "ศาสนา",
        "สุขภาพ",
        "โรคประจำตัว",
        "กรุ๊ปเลือด",
        "หมู่โลหิต",
        "เชื้อชาติ",
        "ความพิการ",
        "ประวัติอาชญากรรม",
        "ลายนิ้วมือ",
        "เลขบัตรประชาชน",
        "Religion",
        "Health Status",
        "Blood Type",
        "Ethnicity",
        "National ID",
    ],
)
def test_headers_of_every_pdpa_sensitive_category_are_dropped(header):
    with parse_roster(file=csv_bytes([[*THAI, header], [*SOMYING, "ลับ"]]), filename="roster.csv") as roster:
        assert roster.sensitive_columns == (header,)
        assert list(roster) == [EXPECTED_SOMYING]


# --- error report ------------------------------------------------------------

ERRORS = [
    RowError(3, "level", "ชำนาญการพเศษ", "ระดับ 'ชำนาญการพเศษ' ไม่ถูกต้อง", "ระดับ"),
    RowError(7, "email", '=HYPERLINK("http://x")', "อีเมล ไม่ถูกต้อง", ""),
]


def test_error_report_is_utf8_with_bom_so_excel_shows_thai(thai, tmp_path):
    path = tmp_path / "errors.csv"

    assert write_error_report(errors=ERRORS, path_or_file=path) == 2

    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig")))) == [
        ["แถวที่", "คอลัมน์", "ข้อมูลในไฟล์", "ปัญหาที่พบ"],
        ["3", "ระดับ", "ชำนาญการพเศษ", "ระดับ 'ชำนาญการพเศษ' ไม่ถูกต้อง"],
        # A value that Excel would run as a formula is written as text.
        ["7", "อีเมล", '\'=HYPERLINK("http://x")', "อีเมล ไม่ถูกต้อง"],
    ]


def test_error_report_writes_to_binary_and_text_files(thai):
    binary, text = io.BytesIO(), io.StringIO()

    write_error_report(errors=ERRORS[:1], path_or_file=binary)
    write_error_report(errors=ERRORS[:1], path_or_file=text)

    assert binary.getvalue().decode("utf-8") == text.getvalue()
    assert text.getvalue().startswith("\ufeffแถวที่,")


def test_errors_from_a_parse_go_straight_into_the_report(thai):
    items = parse(csv_bytes([THAI, SOMYING, [*SOMCHAI[:5], "ชำนาญการพเศษ", *SOMCHAI[6:]]]))
    out = io.BytesIO()

    write_error_report(errors=(i for i in items if isinstance(i, RowError)), path_or_file=out)

    assert "3,ระดับ,ชำนาญการพเศษ,ระดับ 'ชำนาญการพเศษ' ไม่ถูกต้อง" in out.getvalue().decode("utf-8-sig")


# --- benchmark file generator ------------------------------------------------

AGENCIES = ["15000", "15001", "15002", "15003", "1500401", "1500402", "15005.1", "15006-A"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874"])
def test_benchmark_roster_has_the_requested_officers_and_bad_rows(tmp_path, encoding):
    path = tmp_path / "roster.csv"

    summary = write_roster_csv(
        path=path, officers=2_000, agency_codes=AGENCIES, bad_row_share=0.01, encoding=encoding
    )

    with parse_roster(file=path, filename=path.name) as roster:
        rows, errors = rows_and_errors(list(roster))
        assert roster.sensitive_columns == ("ศาสนา",)
    assert summary.bad_rows == 20
    assert len(rows) == 2_000 - 20
    assert sorted({e.row_number for e in errors}) == list(summary.bad_row_numbers)
    assert len(errors) == 20  # exactly one problem per bad row
    assert {e.column for e in errors} >= {
        "level",
        "email",
        "employee_id",
        "last_name",
        "status",
        "agency_code",
    }
    assert {r.agency_code for r in rows} == set(AGENCIES)


def test_benchmark_roster_is_the_same_for_the_same_seed_and_changes_only_the_changed_share(tmp_path):
    first = write_roster_csv(path=tmp_path / "a.csv", officers=1_000, agency_codes=AGENCIES, seed=7)
    write_roster_csv(path=tmp_path / "b.csv", officers=1_000, agency_codes=AGENCIES, seed=7)
    changed = write_roster_csv(
        path=tmp_path / "c.csv", officers=1_000, agency_codes=AGENCIES, seed=7, changed_share=0.1
    )

    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert first.bad_row_numbers == changed.bad_row_numbers

    def good_rows(name):
        items = parse(tmp_path / name, filename=name)
        return {r.employee_id: dataclasses.astuple(r) for r in items if isinstance(r, RosterRow)}

    before, after = good_rows("a.csv"), good_rows("c.csv")
    assert before.keys() == after.keys()
    differing = {key for key in before if before[key] != after[key]}
    assert differing == set(changed.changed_employee_ids)
    assert len(differing) == round(len(before) * 0.1)

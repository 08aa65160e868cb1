"""Roster CSV files for the roster-import benchmark: realistic, fixed-seed, with known bad rows.

The file looks like an HR system's export opened and saved by Excel: Thai
headers, UTF-8 with BOM, Thai names with their English spelling, civil-service
positions with matching levels written the ways HR systems write them, a few
ids in Thai digits, an unrelated column (appointment date) and a sensitive
one (religion) that the importer must drop.

The same `seed` always gives the same officers in the same order, whatever
`bad_row_share` or `changed_share`: a file written with `changed_share=0.1`
is the first file with 10% of its good rows changed (promotion, new position,
move to another agency, new e-mail or leaving the service), as the benchmark's
second import needs. Each bad row has exactly one problem, so the parser
reports one error for it.
"""

from __future__ import annotations

import csv
import random
import re
from dataclasses import dataclass
from pathlib import Path

HEADERS = (
    "เลขประจำตัว",
    "คำนำหน้าชื่อ",
    "ชื่อ",
    "นามสกุล",
    "ชื่อภาษาอังกฤษ",
    "นามสกุลภาษาอังกฤษ",
    "ตำแหน่ง",
    "ระดับ",
    "ประเภทบุคลากร",
    "รหัสหน่วยงาน",
    "อีเมล",
    "สถานะ",
    "วันที่บรรจุ",
    "ศาสนา",
)

MALE_NAMES = (
    ("สมชาย", "Somchai"),
    ("สมศักดิ์", "Somsak"),
    ("ประยุทธ", "Prayut"),
    ("วิชัย", "Wichai"),
    ("สุรชัย", "Surachai"),
    ("ธนากร", "Thanakorn"),
    ("ณัฐพล", "Nattaphon"),
    ("กิตติศักดิ์", "Kittisak"),
    ("อนุชา", "Anucha"),
    ("ชัยวัฒน์", "Chaiwat"),
    ("ปิยะพงษ์", "Piyaphong"),
    ("ธีรวัฒน์", "Theerawat"),
    ("วรวุฒิ", "Worawut"),
    ("สุทธิพงษ์", "Sutthiphong"),
    ("บุญชัย", "Bunchai"),
    ("อภิสิทธิ์", "Aphisit"),
    ("เกียรติศักดิ์", "Kiattisak"),
    ("พงศกร", "Phongsakon"),
    ("ศุภชัย", "Supachai"),
    ("ณรงค์", "Narong"),
)
FEMALE_NAMES = (
    ("สมหญิง", "Somying"),
    ("สุดารัตน์", "Sudarat"),
    ("กาญจนา", "Kanchana"),
    ("วิไลวรรณ", "Wilaiwan"),
    ("ศิริพร", "Siriporn"),
    ("นภัสสร", "Napatsorn"),
    ("พรทิพย์", "Porntip"),
    ("อรุณี", "Arunee"),
    ("จันทร์เพ็ญ", "Chanphen"),
    ("ปวีณา", "Paweena"),
    ("รัตนา", "Rattana"),
    ("สุภาพร", "Supaporn"),
    ("ธิดารัตน์", "Thidarat"),
    ("ณัฐธิดา", "Natthida"),
    ("เบญจวรรณ", "Benjawan"),
    ("มาลัย", "Malai"),
    ("อัญชลี", "Anchalee"),
    ("วราภรณ์", "Waraporn"),
    ("ชนิดา", "Chanida"),
    ("กมลวรรณ", "Kamonwan"),
)
SURNAMES = (
    ("ใจดี", "Jaidee"),
    ("รักษ์ไทย", "Rakthai"),
    ("ศรีสุข", "Srisuk"),
    ("แก้วมณี", "Kaewmanee"),
    ("ทองดี", "Thongdee"),
    ("บุญมา", "Boonma"),
    ("สุขเจริญ", "Sukcharoen"),
    ("วงศ์สวัสดิ์", "Wongsawat"),
    ("พรหมมา", "Prommma"),
    ("จันทร์แก้ว", "Chankaew"),
    ("ศรีวงศ์", "Sriwong"),
    ("มีสุข", "Meesuk"),
    ("เพชรรัตน์", "Phetcharat"),
    ("สายทอง", "Saithong"),
    ("ปัญญาดี", "Panyadee"),
    ("อินทร์แก้ว", "Inkaew"),
    ("ชัยมงคล", "Chaimongkol"),
    ("นาคสวัสดิ์", "Naksawat"),
    ("เรืองศรี", "Ruangsri"),
    ("ทรัพย์มาก", "Sapmak"),
    ("สมบูรณ์ชัย", "Somboonchai"),
    ("กิตติวงศ์", "Kittiwong"),
    ("ประเสริฐสุข", "Prasertsuk"),
    ("ธรรมรักษ์", "Thammarak"),
    ("วัฒนาพร", "Wattanaporn"),
    ("บุญประเสริฐ", "Boonprasert"),
    ("หอมจันทร์", "Homchan"),
    ("ศักดิ์สิทธิ์", "Saksit"),
    ("พานิชกุล", "Panichakul"),
    ("ศรีประเสริฐ", "Sriprasert"),
)

# (position, staff type, levels with weights); levels in the words HR systems use.
_KNOWLEDGE_LEVELS = (("ปฏิบัติการ", 35), ("ชำนาญการ", 40), ("ชำนาญการพิเศษ", 20), ("เชี่ยวชาญ", 5))
_GENERAL_LEVELS = (("ปฏิบัติงาน", 40), ("ชำนาญงาน", 40), ("อาวุโส", 20))
POSITIONS = (
    ("นักทรัพยากรบุคคล", "ข้าราชการ", _KNOWLEDGE_LEVELS, 6),
    ("นักวิเคราะห์นโยบายและแผน", "ข้าราชการ", _KNOWLEDGE_LEVELS, 6),
    ("นักวิชาการเงินและบัญชี", "ข้าราชการ", _KNOWLEDGE_LEVELS, 6),
    ("นิติกร", "ข้าราชการ", _KNOWLEDGE_LEVELS, 5),
    ("นักวิชาการคอมพิวเตอร์", "ข้าราชการ", _KNOWLEDGE_LEVELS, 4),
    ("นักจัดการงานทั่วไป", "ข้าราชการ", _KNOWLEDGE_LEVELS, 8),
    ("นักวิชาการตรวจสอบภายใน", "ข้าราชการ", _KNOWLEDGE_LEVELS, 2),
    ("นักวิชาการแรงงาน", "ข้าราชการ", _KNOWLEDGE_LEVELS, 10),
    ("นักวิชาการประกันสังคม", "ข้าราชการ", _KNOWLEDGE_LEVELS, 10),
    ("เจ้าพนักงานธุรการ", "ข้าราชการ", _GENERAL_LEVELS, 8),
    ("เจ้าพนักงานการเงินและบัญชี", "ข้าราชการ", _GENERAL_LEVELS, 5),
    ("เจ้าพนักงานพัสดุ", "ข้าราชการ", _GENERAL_LEVELS, 3),
    ("เจ้าพนักงานประกันสังคม", "ข้าราชการ", _GENERAL_LEVELS, 6),
    ("ผู้อำนวยการกอง", "ข้าราชการ", (("อำนวยการต้น", 70), ("อำนวยการ ระดับสูง", 30)), 2),
    ("ผู้อำนวยการสำนักงานประกันสังคมจังหวัด", "ข้าราชการ", (("อำนวยการต้น", 100),), 1),
    ("รองอธิบดี", "ข้าราชการ", (("บริหารต้น", 100),), 0.1),
    ("นักวิชาการประกันสังคม", "พนักงานราชการ", (("", 100),), 8),
    ("เจ้าหน้าที่บันทึกข้อมูล", "พนักงานราชการ", (("", 100),), 4),
    ("พนักงานขับรถยนต์", "ลูกจ้างประจำ", (("", 100),), 4),
    ("พนักงานบริการ", "ลูกจ้างประจำ", (("", 100),), 2),
    ("เจ้าหน้าที่ธุรการ", "พนักงานจ้างเหมา", (("", 100),), 2),
)
INACTIVE_STATUSES = ("ลาออก", "เกษียณ", "โอนย้ายออก", "พ้นจากตำแหน่ง")
RELIGIONS = (("พุทธ", 93), ("อิสลาม", 5), ("คริสต์", 2))
BAD_KINDS = (
    "level_typo",
    "bad_email",
    "missing_employee_id",
    "duplicate_employee_id",
    "missing_last_name",
    "bad_status",
    "bad_agency_code",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@dataclass(frozen=True)
class RosterFileSummary:
    path: Path
    #: data rows written (good and bad)
    officers: int
    bad_rows: int
    changed_rows: int
    #: spreadsheet row numbers (header = 1) of the bad rows, ascending
    bad_row_numbers: tuple[int, ...]
    #: employee ids (ASCII digits) of the rows changed against the unchanged file
    changed_employee_ids: tuple[str, ...]


def _weighted(options):
    values = [value for value, _ in options]
    cumulative, total = [], 0.0
    for _, weight in options:
        total += weight
        cumulative.append(total)
    return values, cumulative


def write_roster_csv(
    *,
    path: str | Path,
    officers: int,
    agency_codes: list[str],
    bad_row_share: float = 0.01,
    seed: int = 1,
    changed_share: float = 0.0,
    encoding: str = "utf-8-sig",
) -> RosterFileSummary:
    """Write `officers` data rows, of which round(officers * bad_row_share) are bad.

    Officers are spread unevenly over `agency_codes` (which must be valid
    codes: digits, letters, dots, dashes). Bad rows each carry exactly one
    problem of `BAD_KINDS`, cycled in turn; a duplicate id always repeats an
    earlier good row's id. `encoding="cp874"` writes the file as Thai Excel's
    "CSV (Comma delimited)" does.
    """
    if not agency_codes:
        raise ValueError("agency_codes must not be empty")
    path = Path(path)
    rng = random.Random(seed)
    bad_rng = random.Random(f"{seed}-bad")
    change_rng = random.Random(f"{seed}-change")

    n_bad = round(officers * bad_row_share)
    bad_indexes = set(bad_rng.sample(range(1, officers), n_bad)) if n_bad else set()
    good_indexes = [i for i in range(officers) if i not in bad_indexes]
    n_changed = round(len(good_indexes) * changed_share)
    changed_indexes = set(change_rng.sample(good_indexes, n_changed)) if n_changed else set()
    del good_indexes

    codes = list(agency_codes)
    rng.shuffle(codes)
    agency_values, agency_weights = _weighted(
        [(code, 1 / (rank + 1) ** 0.8) for rank, code in enumerate(codes)]
    )
    position_values, position_weights = _weighted([(p, p[3]) for p in POSITIONS])
    religion_values, religion_weights = _weighted(RELIGIONS)
    level_tables = {id(levels): _weighted(levels) for _, _, levels, _ in POSITIONS}
    employee_ids = rng.sample(range(1_000_000, 10_000_000), officers)

    good_ids: list[str] = []
    bad_row_numbers: list[int] = []
    changed_ids: list[str] = []
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for index in range(officers):
            employee_id = str(employee_ids[index])
            female = rng.random() < 0.55
            first, first_en = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
            last, last_en = rng.choice(SURNAMES)
            roll = rng.random()
            if roll < 0.01:
                title = "ดร."
            elif roll < 0.02 and not female:
                title = "ว่าที่ร้อยตรี"
            elif female:
                title = "นางสาว" if rng.random() < 0.55 else "นาง"
            else:
                title = "นาย"
            position, staff_type, levels, _ = rng.choices(position_values, cum_weights=position_weights)[0]
            level_values, level_weights = level_tables[id(levels)]
            level = rng.choices(level_values, cum_weights=level_weights)[0]
            if level and rng.random() < 0.3:
                level = "ระดับ" + level
            agency = rng.choices(agency_values, cum_weights=agency_weights)[0]
            domain = f"agency{re.sub('[^a-z0-9]', '', agency.lower())}.go.th"
            email = (
                f"{first_en.lower()}.{last_en[:2].lower()}{index % 97}@{domain}" if rng.random() < 0.9 else ""
            )
            status = "ปกติ" if rng.random() < 0.97 else rng.choice(INACTIVE_STATUSES)
            appointed = f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2530, 2568)}"
            religion = rng.choices(religion_values, cum_weights=religion_weights)[0]
            written_id = employee_id.translate(_THAI_DIGITS) if rng.random() < 0.02 else employee_id

            if index in changed_indexes:
                change = change_rng.randrange(5)
                if change == 0:
                    promotions = [v for v in level_values if v and v != level.removeprefix("ระดับ")]
                    if promotions:
                        level = change_rng.choice(promotions)
                    else:
                        change = 3
                if change == 1:
                    moves = [
                        p[0] for p in POSITIONS if p[2] is levels and p[1] == staff_type and p[0] != position
                    ]
                    if moves:
                        position = change_rng.choice(moves)
                    else:
                        change = 3
                if change == 2:
                    agency = codes[(codes.index(agency) + 1) % len(codes)]
                    if len(codes) == 1:
                        change = 3
                if change == 3:
                    email = f"{first_en.lower()}.{last_en.lower()}{index}@mail.go.th"
                if change == 4:
                    status = change_rng.choice(INACTIVE_STATUSES) if status == "ปกติ" else "ปกติ"
                changed_ids.append(employee_id)

            if index in bad_indexes:
                kind = BAD_KINDS[len(bad_row_numbers) % len(BAD_KINDS)]
                if kind == "duplicate_employee_id" and not good_ids:
                    kind = "missing_last_name"
                if kind == "level_typo":
                    level, staff_type = "ชำนาญการพเศษ", "ข้าราชการ"
                elif kind == "bad_email":
                    email = f"{first_en.lower()}@@{domain}"
                elif kind == "missing_employee_id":
                    written_id = ""
                elif kind == "duplicate_employee_id":
                    written_id = bad_rng.choice(good_ids)
                elif kind == "missing_last_name":
                    last = ""
                elif kind == "bad_status":
                    status = "ไม่ทราบสถานะ"
                else:
                    agency = "สำนัก" + agency
                bad_row_numbers.append(index + 2)
            else:
                good_ids.append(employee_id)

            writer.writerow(
                (
                    written_id,
                    title,
                    first,
                    last,
                    first_en,
                    last_en,
                    position,
                    level,
                    staff_type,
                    agency,
                    email,
                    status,
                    appointed,
                    religion,
                )
            )
    return RosterFileSummary(
        path=path,
        officers=officers,
        bad_rows=len(bad_row_numbers),
        changed_rows=len(changed_ids),
        bad_row_numbers=tuple(bad_row_numbers),
        changed_employee_ids=tuple(changed_ids),
    )

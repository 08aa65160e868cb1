"""Fixed-seed Thai sample data for the certificate benchmarks: officers of the Social Security Office."""

from __future__ import annotations

import datetime as dt
import random

from certificates.numbering import format_certificate_number
from certificates.rendering import CertificateData, CertificateLayout, Signatory

SEED = 2569

TITLES = ("นาย", "นาง", "นางสาว")
FIRST_NAMES_MALE = (
    "สมชาย", "ประเสริฐ", "วิชัย", "สุรชัย", "อนุชา", "ธนากร", "กิตติศักดิ์", "ณัฐวุฒิ",
    "พงศกร", "ศุภชัย", "ชัยวัฒน์", "วีระพงษ์", "ปิยะพงษ์", "เอกชัย", "ธีรวัฒน์", "จักรพันธ์",
)  # fmt: skip
FIRST_NAMES_FEMALE = (
    "สมหญิง", "สุภาพร", "วิไลวรรณ", "กาญจนา", "พรทิพย์", "ณัฐธิดา", "ปวีณา", "ศิริพร",
    "อรอุมา", "จันทร์เพ็ญ", "รัตนาภรณ์", "กมลชนก", "ธิดารัตน์", "เบญจมาศ", "ชุติมา", "นภัสสร",
)  # fmt: skip
LAST_NAMES = (
    "ใจดี", "ศรีสุข", "วงศ์สวัสดิ์", "แก้วมณี", "ทองประเสริฐ", "บุญมา", "สุขสวัสดิ์", "จันทร์หอม",
    "พิทักษ์ธรรม", "รุ่งเรืองศรี", "ศักดิ์สิทธิ์", "เพชรรัตน์", "อินทรประเสริฐ", "นาคสุข",
    "ชัยมงคล", "กิตติวงศ์", "ธนสารสมบัติ", "เจริญผล", "มั่นคง", "สมบูรณ์ชัย",
)  # fmt: skip
AGENCIES = (
    ("SSO", "สำนักงานประกันสังคม"),
    ("SSO-BKK1", "สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ 1"),
    ("SSO-BKK4", "สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ 4"),
    ("SSO-CMI", "สำนักงานประกันสังคมจังหวัดเชียงใหม่"),
    ("SSO-KKN", "สำนักงานประกันสังคมจังหวัดขอนแก่น"),
    ("SSO-SKA", "สำนักงานประกันสังคมจังหวัดสงขลา"),
    ("SSO-NMA", "สำนักงานประกันสังคมจังหวัดนครราชสีมา"),
    ("SSO-MED", "สำนักงานการแพทย์ สำนักงานประกันสังคม"),
)
COURSES = (
    "การป้องกันผลประโยชน์ทับซ้อนในการปฏิบัติราชการ",
    "นโยบายงดรับของขวัญ (No Gift Policy) สำหรับเจ้าหน้าที่รัฐ",
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)",
    "ช่องทางการแจ้งเบาะแสและการคุ้มครองผู้แจ้งเบาะแส",
)


def sample_layout(*, orientation: str = "landscape", thai_digits: bool = False) -> CertificateLayout:
    return CertificateLayout(
        title="วุฒิบัตร",
        issuer="สำนักงานประกันสังคม กระทรวงแรงงาน",
        orientation=orientation,
        thai_digits=thai_digits,
        signatories=(
            Signatory(name="นายประสิทธิ์ มั่นคงดี", position="ผู้อำนวยการกองบริหารทรัพยากรบุคคล"),
            Signatory(name="นางสาววรรณา ศรีประเสริฐ", position="เลขาธิการสำนักงานประกันสังคม"),
        ),
    )


def sample_certificates(count: int, *, seed: int = SEED) -> list[CertificateData]:
    """`count` certificates with realistic Thai names, the same ones for the same seed."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        title = rng.choice(TITLES)
        first = rng.choice(FIRST_NAMES_MALE if title == "นาย" else FIRST_NAMES_FEMALE)
        code, agency = rng.choice(AGENCIES)
        completed_on = dt.date(2025, 10, 1) + dt.timedelta(days=rng.randrange(300))
        items.append(
            CertificateData(
                number=format_certificate_number(agency_code=code, be_year=2569, sequence=i + 1),
                full_name=f"{title}{first} {rng.choice(LAST_NAMES)}",
                course=rng.choice(COURSES),
                agency=agency,
                completed_on=completed_on,
                expires_on=completed_on.replace(year=completed_on.year + 2) if rng.random() < 0.5 else None,
                verify_url=f"https://zerocorruption.example.go.th/verify/{rng.getrandbits(80):020x}",
            )
        )
    return items

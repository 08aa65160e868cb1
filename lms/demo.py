"""Demo data of the platform core: the agency tree, officers and demo logins.

Idempotent: every object is looked up by its natural key (agency code,
username) and updated in place. Other apps add their own `demo.py` with a
`seed(*, stdout)` function; `manage.py seed_demo` runs them after this one.
"""

from __future__ import annotations

import os
import random

from django.db import transaction

from lms import demo_names
from lms.civil_service import LEVEL_POSITION_TYPE, Level, StaffType
from lms.models import Agency, Role, User
from lms.services import agency_role_grant

K = Agency.Kind
#: (code, Thai name, English name, kind, parent code)
AGENCIES = [
    ("MOL", "กระทรวงแรงงาน", "Ministry of Labour", K.MINISTRY, None),
    ("OPS", "สำนักงานปลัดกระทรวงแรงงาน", "Office of the Permanent Secretary", K.DEPARTMENT, "MOL"),
    ("SSO", "สำนักงานประกันสังคม", "Social Security Office", K.DEPARTMENT, "MOL"),
    ("DOE", "กรมการจัดหางาน", "Department of Employment", K.DEPARTMENT, "MOL"),
    ("DSD", "กรมพัฒนาฝีมือแรงงาน", "Department of Skill Development", K.DEPARTMENT, "MOL"),
    ("DLPW", "กรมสวัสดิการและคุ้มครองแรงงาน", "Department of Labour Protection and Welfare", K.DEPARTMENT, "MOL"),
    ("SSO-SEC", "สำนักงานเลขาธิการ", "Office of the Secretary-General", K.BUREAU, "SSO"),
    ("SSO-HRD", "กองบริหารทรัพยากรบุคคล", "Human Resources Division", K.BUREAU, "SSO"),
    ("SSO-FIN", "สำนักบริหารการเงินและบัญชี", "Bureau of Finance and Accounting", K.BUREAU, "SSO"),
    ("SSO-CON", "สำนักบริหารเงินสมทบ", "Bureau of Contributions", K.BUREAU, "SSO"),
    ("SSO-MED", "สำนักงานการแพทย์", "Bureau of Medical Services", K.BUREAU, "SSO"),
    ("SSO-WCF", "สำนักงานกองทุนเงินทดแทน", "Workmen's Compensation Fund Office", K.BUREAU, "SSO"),
    ("SSO-ACC", "ศูนย์ปฏิบัติการต่อต้านการทุจริต", "Anti-Corruption Operation Centre", K.BUREAU, "SSO"),
    ("SSO-BKK1", "สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ 1", "Bangkok Area 1 SSO", K.PROVINCE_OFFICE, "SSO"),
    ("SSO-BKK1-REG", "ฝ่ายทะเบียนผู้ประกันตน (กทม. 1)", "Registration Section, Bangkok 1", K.DIVISION, "SSO-BKK1"),
    ("SSO-BKK1-BEN", "ฝ่ายสิทธิประโยชน์ (กทม. 1)", "Benefits Section, Bangkok 1", K.DIVISION, "SSO-BKK1"),
    ("SSO-CMI", "สำนักงานประกันสังคมจังหวัดเชียงใหม่", "Chiang Mai Provincial SSO", K.PROVINCE_OFFICE, "SSO"),
    ("SSO-CMI-REG", "ฝ่ายทะเบียนผู้ประกันตน (เชียงใหม่)", "Registration Section, Chiang Mai", K.DIVISION, "SSO-CMI"),
    ("SSO-CMI-BEN", "ฝ่ายสิทธิประโยชน์ (เชียงใหม่)", "Benefits Section, Chiang Mai", K.DIVISION, "SSO-CMI"),
    ("SSO-CMI-ADM", "ฝ่ายบริหารงานทั่วไป (เชียงใหม่)", "Administration Section, Chiang Mai", K.DIVISION, "SSO-CMI"),
    ("SSO-KKN", "สำนักงานประกันสังคมจังหวัดขอนแก่น", "Khon Kaen Provincial SSO", K.PROVINCE_OFFICE, "SSO"),
    ("SSO-SKA", "สำนักงานประกันสังคมจังหวัดสงขลา", "Songkhla Provincial SSO", K.PROVINCE_OFFICE, "SSO"),
    ("SSO-CBI", "สำนักงานประกันสังคมจังหวัดชลบุรี", "Chon Buri Provincial SSO", K.PROVINCE_OFFICE, "SSO"),
    (
        "SSO-NMA",
        "สำนักงานประกันสังคมจังหวัดนครราชสีมา",
        "Nakhon Ratchasima Provincial SSO",
        K.PROVINCE_OFFICE,
        "SSO",
    ),
    (
        "DOE-CMI",
        "สำนักงานจัดหางานจังหวัดเชียงใหม่",
        "Chiang Mai Provincial Employment Office",
        K.PROVINCE_OFFICE,
        "DOE",
    ),
    (
        "DSD-CMI",
        "สำนักงานพัฒนาฝีมือแรงงานเชียงใหม่",
        "Chiang Mai Skill Development Office",
        K.PROVINCE_OFFICE,
        "DSD",
    ),
]

#: How many officers each agency gets (uneven on purpose, as in life).
OFFICER_COUNTS = {
    "OPS": 8, "SSO-SEC": 10, "SSO-HRD": 8, "SSO-FIN": 10, "SSO-CON": 12, "SSO-MED": 8, "SSO-WCF": 8,
    "SSO-ACC": 5, "SSO-BKK1": 6, "SSO-BKK1-REG": 14, "SSO-BKK1-BEN": 16, "SSO-CMI": 6, "SSO-CMI-REG": 12,
    "SSO-CMI-BEN": 14, "SSO-CMI-ADM": 8, "SSO-KKN": 12, "SSO-SKA": 10, "SSO-CBI": 12, "SSO-NMA": 10,
    "DOE": 6, "DOE-CMI": 8, "DSD": 6, "DSD-CMI": 6, "DLPW": 6,
}  # fmt: skip

LEVEL_WEIGHTS = [
    (Level.PRACTITIONER, 30), (Level.PROFESSIONAL, 25), (Level.SENIOR_PROFESSIONAL, 8), (Level.EXPERT, 1),
    (Level.OPERATIONAL, 15), (Level.EXPERIENCED, 10), (Level.SENIOR, 4), (Level.MANAGERIAL_PRIMARY, 3),
    (Level.MANAGERIAL_HIGH, 1), (Level.EXECUTIVE_PRIMARY, 1),
]  # fmt: skip

DEMO_LOGINS = {
    # username: (Thai title, first, last, English first, last, agency, position, level, role, agency of role)
    "demo-officer": ("นางสาว", "สมหญิง", "ใจดี", "Somying", "Jaidee", "SSO-CMI-BEN", "นักวิชาการแรงงาน",
                     Level.PROFESSIONAL, None, None),
    "demo-trainer": ("นาย", "ประเสริฐ", "ธรรมรักษ์", "Prasert", "Thammarak", "SSO-ACC", "นักทรัพยากรบุคคล",
                     Level.SENIOR_PROFESSIONAL, Role.TRAINER, "SSO"),
    "demo-approver": ("นางสาว", "อรุณี", "วงศ์สวัสดิ์", "Arunee", "Wongsawat", "SSO-HRD", "ผู้อำนวยการกลุ่มงาน",
                      Level.SENIOR_PROFESSIONAL, Role.APPROVER, "SSO"),
    "demo-hr": ("นาง", "กาญจนา", "ศรีสุข", "Kanjana", "Srisuk", "SSO-CMI-ADM", "นักทรัพยากรบุคคล",
                Level.PROFESSIONAL, Role.HR, "SSO-CMI"),
    "demo-admin": ("นาย", "วิชัย", "มั่นคง", "Wichai", "Mankong", "SSO-HRD", "ผู้อำนวยการกอง",
                   Level.MANAGERIAL_PRIMARY, None, None),
}  # fmt: skip


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or "demo"


def seed_agencies() -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for code, name_th, name_en, kind, parent_code in AGENCIES:
        existing = Agency.objects.filter(code=code).first()
        if existing:
            Agency.objects.filter(pk=existing.pk).update(name_th=name_th, name_en=name_en, kind=kind)
            agencies[code] = existing
            continue
        fields = {"code": code, "name_th": name_th, "name_en": name_en, "kind": kind}
        if parent_code is None:
            agencies[code] = Agency.add_root(**fields)
        else:
            parent = Agency.objects.get(pk=agencies[parent_code].pk)
            agencies[code] = parent.add_child(**fields)
    return agencies


def _officer_fields(rng: random.Random, agency: Agency) -> dict:
    female = rng.random() < 0.58
    idx = rng.randrange(len(demo_names.FEMALE_FIRST if female else demo_names.MALE_FIRST))
    last_idx = rng.randrange(len(demo_names.LAST))
    level = rng.choices([lv for lv, _ in LEVEL_WEIGHTS], weights=[w for _, w in LEVEL_WEIGHTS])[0]
    position_type = LEVEL_POSITION_TYPE[level]
    return {
        "title": rng.choice(("นาง", "นางสาว")) if female else "นาย",
        "title_en": rng.choice(("Mrs.", "Ms.")) if female else "Mr.",
        "first_name": (demo_names.FEMALE_FIRST if female else demo_names.MALE_FIRST)[idx],
        "first_name_en": (demo_names.FEMALE_FIRST_EN if female else demo_names.MALE_FIRST_EN)[idx],
        "last_name": demo_names.LAST[last_idx],
        "last_name_en": demo_names.LAST_EN[last_idx],
        "agency": agency,
        "level": level,
        "position_type": position_type,
        "position": rng.choice(demo_names.POSITIONS[position_type]),
        "staff_type": rng.choices(
            [
                StaffType.CIVIL_SERVANT,
                StaffType.GOVERNMENT_EMPLOYEE,
                StaffType.PERMANENT_EMPLOYEE,
                StaffType.CONTRACT,
            ],
            weights=[75, 15, 5, 5],
        )[0],
    }


def seed_officers(agencies: dict[str, Agency]) -> int:
    rng = random.Random(2569)  # noqa: S311 - demo data, not security
    number = 0
    existing = set(User.objects.filter(username__startswith="emp").values_list("username", flat=True))
    new_users = []
    for code, count in OFFICER_COUNTS.items():
        for _ in range(count):
            number += 1
            fields = _officer_fields(rng, agencies[code])
            employee_id = f"{5600000 + number}"
            username = f"emp{employee_id}"
            if username in existing:
                continue
            user = User(
                username=username, employee_id=employee_id, email=f"{username}@demo.invalid", **fields
            )
            user.set_unusable_password()
            new_users.append(user)
    User.objects.bulk_create(new_users)
    return number


def seed_logins(agencies: dict[str, Agency]) -> None:
    password = demo_password()
    for number, (username, spec) in enumerate(DEMO_LOGINS.items(), start=1):
        title, first, last, first_en, last_en, agency_code, position, level, role, role_agency = spec
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "employee_id": f"{5690000 + number}", "title": title, "first_name": first, "last_name": last,
                "first_name_en": first_en, "last_name_en": last_en, "email": f"{username}@demo.invalid",
                "agency": agencies[agency_code], "position": position, "level": level,
                "position_type": LEVEL_POSITION_TYPE[level], "is_active": True,
                "is_staff": username == "demo-admin", "is_superuser": username == "demo-admin",
            },
        )  # fmt: skip
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if role:
            agency_role_grant(user=user, agency=agencies[role_agency], role=role)


def seed(*, stdout) -> None:
    with transaction.atomic():
        agencies = seed_agencies()
        officers = seed_officers(agencies)
        seed_logins(agencies)
    stdout.write(f"  agencies: {len(agencies)}, officers: {officers} + {len(DEMO_LOGINS)} demo logins")

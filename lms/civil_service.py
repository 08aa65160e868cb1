"""The Thai civil service's vocabulary: position types, levels and staff types.

Pure data with no ORM, shared by the user model, roster import, assignments
and reports. Codes are stable ASCII identifiers; labels are the Thai words
HR systems use, so that a roster giving "ชำนาญการ" maps to one code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionType(models.TextChoices):
    EXECUTIVE = "executive", _("Executive")
    MANAGERIAL = "managerial", _("Managerial")
    KNOWLEDGE = "knowledge", _("Knowledge worker")
    GENERAL = "general", _("General")


class Level(models.TextChoices):
    EXECUTIVE_PRIMARY = "executive_primary", _("Executive, primary level")
    EXECUTIVE_HIGH = "executive_high", _("Executive, high level")
    MANAGERIAL_PRIMARY = "managerial_primary", _("Managerial, primary level")
    MANAGERIAL_HIGH = "managerial_high", _("Managerial, high level")
    PRACTITIONER = "practitioner", _("Practitioner level")
    PROFESSIONAL = "professional", _("Professional level")
    SENIOR_PROFESSIONAL = "senior_professional", _("Senior professional level")
    EXPERT = "expert", _("Expert level")
    ADVISORY = "advisory", _("Advisory level")
    OPERATIONAL = "operational", _("Operational level")
    EXPERIENCED = "experienced", _("Experienced level")
    SENIOR = "senior", _("Senior level")
    SPECIAL_SKILL = "special_skill", _("Special skill level")


class StaffType(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PERMANENT_EMPLOYEE = "permanent_employee", _("Permanent employee")
    GOVERNMENT_EMPLOYEE = "government_employee", _("Government employee")
    CONTRACT = "contract", _("Contract staff")


#: Which position type each level belongs to.
LEVEL_POSITION_TYPE: dict[str, str] = {
    Level.EXECUTIVE_PRIMARY: PositionType.EXECUTIVE,
    Level.EXECUTIVE_HIGH: PositionType.EXECUTIVE,
    Level.MANAGERIAL_PRIMARY: PositionType.MANAGERIAL,
    Level.MANAGERIAL_HIGH: PositionType.MANAGERIAL,
    Level.PRACTITIONER: PositionType.KNOWLEDGE,
    Level.PROFESSIONAL: PositionType.KNOWLEDGE,
    Level.SENIOR_PROFESSIONAL: PositionType.KNOWLEDGE,
    Level.EXPERT: PositionType.KNOWLEDGE,
    Level.ADVISORY: PositionType.KNOWLEDGE,
    Level.OPERATIONAL: PositionType.GENERAL,
    Level.EXPERIENCED: PositionType.GENERAL,
    Level.SENIOR: PositionType.GENERAL,
    Level.SPECIAL_SKILL: PositionType.GENERAL,
}

#: Names HR exports use for a level, mapped to its code. Executive and
#: managerial levels appear both with and without their type ("ต้น" alone is
#: ambiguous, so it needs the type: "อำนวยการต้น", "บริหารระดับสูง").
_LEVEL_ALIASES: dict[str, str] = {
    "บริหารต้น": Level.EXECUTIVE_PRIMARY,
    "บริหารระดับต้น": Level.EXECUTIVE_PRIMARY,
    "บริหารสูง": Level.EXECUTIVE_HIGH,
    "บริหารระดับสูง": Level.EXECUTIVE_HIGH,
    "อำนวยการต้น": Level.MANAGERIAL_PRIMARY,
    "อำนวยการระดับต้น": Level.MANAGERIAL_PRIMARY,
    "อำนวยการสูง": Level.MANAGERIAL_HIGH,
    "อำนวยการระดับสูง": Level.MANAGERIAL_HIGH,
    "ปฏิบัติการ": Level.PRACTITIONER,
    "ชำนาญการ": Level.PROFESSIONAL,
    "ชำนาญการพิเศษ": Level.SENIOR_PROFESSIONAL,
    "เชี่ยวชาญ": Level.EXPERT,
    "ทรงคุณวุฒิ": Level.ADVISORY,
    "ปฏิบัติงาน": Level.OPERATIONAL,
    "ชำนาญงาน": Level.EXPERIENCED,
    "อาวุโส": Level.SENIOR,
    "ทักษะพิเศษ": Level.SPECIAL_SKILL,
}

_STAFF_TYPE_ALIASES: dict[str, str] = {
    "ข้าราชการ": StaffType.CIVIL_SERVANT,
    "ลูกจ้างประจำ": StaffType.PERMANENT_EMPLOYEE,
    "พนักงานราชการ": StaffType.GOVERNMENT_EMPLOYEE,
    "พนักงานจ้างเหมา": StaffType.CONTRACT,
    "ลูกจ้างเหมา": StaffType.CONTRACT,
    "จ้างเหมา": StaffType.CONTRACT,
}


def _squash(text: str) -> str:
    return "".join(str(text).split()).lower()


def parse_level(text: str) -> str | None:
    """Return the level code for a Thai level name or a code, or None.

    Accepts "ชำนาญการ", "ระดับชำนาญการ", "อำนวยการ ระดับต้น", "professional".
    White space is ignored.
    """
    key = _squash(text)
    if not key:
        return None
    if key in Level.values:
        return key
    if key in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[key]
    if key.startswith("ระดับ") and key[len("ระดับ") :] in _LEVEL_ALIASES:
        return _LEVEL_ALIASES[key[len("ระดับ") :]]
    return None


def parse_staff_type(text: str) -> str | None:
    """Return the staff-type code for a Thai name or a code, or None."""
    key = _squash(text)
    if key in StaffType.values:
        return key
    return _STAFF_TYPE_ALIASES.get(key)


def position_type_of(level: str) -> str:
    return LEVEL_POSITION_TYPE[level]

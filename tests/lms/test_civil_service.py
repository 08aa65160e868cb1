import pytest

from lms.civil_service import Level, PositionType, parse_level, parse_staff_type, position_type_of


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("ชำนาญการ", Level.PROFESSIONAL),
        ("ชำนาญการพิเศษ", Level.SENIOR_PROFESSIONAL),
        ("ระดับชำนาญงาน", Level.EXPERIENCED),
        ("อำนวยการ ระดับต้น", Level.MANAGERIAL_PRIMARY),
        ("บริหารสูง", Level.EXECUTIVE_HIGH),
        (" ทักษะพิเศษ ", Level.SPECIAL_SKILL),
        ("professional", Level.PROFESSIONAL),
    ],
)
def test_thai_level_names_map_to_codes(text, level):
    assert parse_level(text) == level


def test_unknown_or_ambiguous_level_is_refused():
    assert parse_level("ต้น") is None  # needs its position type
    assert parse_level("ชำนาญการพเศษ") is None
    assert parse_level("") is None


def test_staff_types_and_position_types():
    assert parse_staff_type("พนักงานราชการ") == "government_employee"
    assert parse_staff_type("ลูกจ้างประจำ") == "permanent_employee"
    assert parse_staff_type("อื่นๆ") is None
    assert position_type_of(Level.OPERATIONAL) == PositionType.GENERAL
    assert position_type_of(Level.EXPERT) == PositionType.KNOWLEDGE

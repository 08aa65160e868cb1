"""Certificate numbers as officers read, type and verify them."""

from __future__ import annotations

import pytest

from certificates.numbering import (
    CertificateNumber,
    InvalidCertificateNumber,
    format_certificate_number,
    is_certificate_number,
    normalise_certificate_number,
    parse_certificate_number,
)


def test_format_pads_the_sequence_to_six_digits():
    assert (
        format_certificate_number(agency_code="SSO-BKK1", be_year=2569, sequence=123)
        == "SSO-BKK1-2569-000123"
    )


def test_format_upper_cases_the_agency_code():
    assert format_certificate_number(agency_code="sso", be_year=2569, sequence=1) == "SSO-2569-000001"


@pytest.mark.parametrize(
    ("agency_code", "be_year", "sequence"),
    [("SSO", 2569, 1), ("SSO-BKK1", 2569, 123), ("MOL-DSD-10", 2570, 999_999), ("SSO-2568", 2569, 42)],
)
def test_format_and_parse_round_trip(agency_code, be_year, sequence):
    text = format_certificate_number(agency_code=agency_code, be_year=be_year, sequence=sequence)
    parsed = parse_certificate_number(text)
    assert parsed == CertificateNumber(agency_code=agency_code, be_year=be_year, sequence=sequence)
    assert str(parsed) == text


def test_parse_accepts_what_people_type_from_a_thai_digit_certificate():
    assert normalise_certificate_number("  sso-bkk1-๒๕๖๙-๐๐๐๑๒๓ ") == "SSO-BKK1-2569-000123"
    assert is_certificate_number("SSO-BKK1-2569-000123")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SSO",
        "SSO-2569-123",  # sequence too short
        "SSO-2569-0001234",  # sequence too long
        "SSO-2569-000000",  # sequences start at 1
        "SSO-2026-000001",  # a Christian-era year
        "SSO--BKK1-2569-000001",
        "-2569-000001",
        "SSO BKK1-2569-000001",
        "สปส-2569-000001",
        "SSO-BKK1-2569-000123x",
        "SSO-ABCDEFGHIJKLMNOPQRSTU-2569-000001",  # agency code longer than 20
    ],
)
def test_parse_rejects_malformed_numbers(text):
    assert not is_certificate_number(text)
    with pytest.raises(InvalidCertificateNumber):
        parse_certificate_number(text)


@pytest.mark.parametrize(
    ("agency_code", "be_year", "sequence"),
    [("SSO", 2569, 0), ("SSO", 2569, 1_000_000), ("SSO", 2026, 1), ("SSO BKK", 2569, 1), ("", 2569, 1)],
)
def test_format_refuses_parts_that_would_not_parse_back(agency_code, be_year, sequence):
    with pytest.raises(InvalidCertificateNumber):
        format_certificate_number(agency_code=agency_code, be_year=be_year, sequence=sequence)


def test_error_message_is_in_thai_for_thai_users():
    from django.utils.translation import override

    with override("th"), pytest.raises(InvalidCertificateNumber) as raised:
        parse_certificate_number("hello")
    assert "เลขที่วุฒิบัตรไม่ถูกต้อง" in str(raised.value)

"""Human certificate numbers: `<AGENCY CODE>-<BE year>-<6-digit sequence>`, e.g. `SSO-BKK1-2569-000123`.

Pure functions, no ORM. The number is what an officer reads out or types into the public verify
page, so it stays in Arabic digits and upper-case ASCII; the parser is forgiving about what people
type (spaces, lower case, Thai digits) but strict about what it accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from lms.thai_dates import from_thai_digits

SEQUENCE_DIGITS = 6
MAX_SEQUENCE = 10**SEQUENCE_DIGITS - 1
MIN_BE_YEAR = 2500
MAX_BE_YEAR = 2999
MAX_AGENCY_CODE_LENGTH = 20

# Segments of letters and digits joined by single hyphens: "SSO", "SSO-BKK1", "MOL-DSD-10".
_AGENCY_CODE = r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
_AGENCY_CODE_RE = re.compile(rf"{_AGENCY_CODE}")
# The year and sequence are the last two segments, so an agency code may itself end in digits.
_NUMBER_RE = re.compile(
    rf"(?P<agency>{_AGENCY_CODE})-(?P<year>[0-9]{{4}})-(?P<sequence>[0-9]{{{SEQUENCE_DIGITS}}})"
)


class InvalidCertificateNumber(ValueError):
    """The text is not a well-formed certificate number, or its parts are out of range."""


@dataclass(frozen=True)
class CertificateNumber:
    agency_code: str
    be_year: int
    sequence: int

    def __str__(self) -> str:
        return format_certificate_number(
            agency_code=self.agency_code, be_year=self.be_year, sequence=self.sequence
        )


def _check_parts(agency_code: str, be_year: int, sequence: int) -> None:
    if len(agency_code) > MAX_AGENCY_CODE_LENGTH or not _AGENCY_CODE_RE.fullmatch(agency_code):
        raise InvalidCertificateNumber(
            _("The agency code must be letters A–Z and digits, in parts joined by single hyphens.")
        )
    if not MIN_BE_YEAR <= be_year <= MAX_BE_YEAR:
        raise InvalidCertificateNumber(_("The year must be a Buddhist-era year (for example 2569)."))
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise InvalidCertificateNumber(_("The running number must be between 1 and 999999."))


def format_certificate_number(*, agency_code: str, be_year: int, sequence: int) -> str:
    """`SSO-BKK1-2569-000123` from its parts.

    Guarantees the result parses back to the same parts with `parse_certificate_number`. The agency
    code is upper-cased; raises `InvalidCertificateNumber` when a part is malformed or out of range
    (a sequence past 999999 is an error, never a silently longer number).
    """
    code = agency_code.strip().upper()
    _check_parts(code, be_year, sequence)
    return f"{code}-{be_year:04d}-{sequence:0{SEQUENCE_DIGITS}d}"


def parse_certificate_number(text: str) -> CertificateNumber:
    """The parts of a certificate number as a person may type it.

    Accepts surrounding spaces, lower case and Thai digits (`sso-bkk1-๒๕๖๙-๐๐๐๑๒๓`); rejects anything
    else with `InvalidCertificateNumber`, including a sequence of 0 or a year outside 2500–2999.
    """
    normalised = from_thai_digits(text.strip()).upper()
    match = _NUMBER_RE.fullmatch(normalised)
    if match is None:
        raise InvalidCertificateNumber(
            _("This is not a certificate number. It should look like SSO-BKK1-2569-000123.")
        )
    agency_code = match["agency"]
    be_year = int(match["year"])
    sequence = int(match["sequence"])
    _check_parts(agency_code, be_year, sequence)
    return CertificateNumber(agency_code=agency_code, be_year=be_year, sequence=sequence)


def is_certificate_number(text: str) -> bool:
    """True when `parse_certificate_number(text)` would succeed."""
    try:
        parse_certificate_number(text)
    except InvalidCertificateNumber:
        return False
    return True


def normalise_certificate_number(text: str) -> str:
    """The canonical spelling of a typed certificate number (raises `InvalidCertificateNumber`)."""
    return str(parse_certificate_number(text))

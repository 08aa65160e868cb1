"""Small pure rules of certificates (no ORM): masked names, expiry dates, agency codes for numbers."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from certificates.numbering import MAX_AGENCY_CODE_LENGTH


def mask_name(first_name: str, last_name: str) -> str:
    """'สมหญิง ใ***': the first name and the first letter of the last name, as the public verify page
    shows it (PDPA). An empty last name gives just the first name."""
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    if not last:
        return first
    return f"{first} {last[0]}***"


def add_months(value: dt.date, months: int) -> dt.date:
    """The same day `months` later; the 31st falls back to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = value.month - 1 + months
    year, month = value.year + index // 12, index % 12 + 1
    return value.replace(year=year, month=month, day=min(value.day, calendar.monthrange(year, month)[1]))


def expiry_date(completed_on: dt.date, validity_months: int | None) -> dt.date | None:
    """The last day a certificate is valid: the day before the same date `validity_months` later."""
    if not validity_months:
        return None
    return add_months(completed_on, validity_months) - dt.timedelta(days=1)


def number_agency_code(code: str) -> str:
    """An agency code fit for a certificate number: upper-case ASCII letters and digits joined by
    single hyphens, at most 20 characters ('sso_bkk 1' -> 'SSO-BKK-1')."""
    cleaned = re.sub(r"[^A-Z0-9]+", "-", (code or "").upper()).strip("-")
    cleaned = cleaned[:MAX_AGENCY_CODE_LENGTH].strip("-")
    return cleaned or "AGENCY"

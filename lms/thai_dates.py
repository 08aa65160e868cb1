"""Dates as Thai readers expect them: Buddhist era, Thai month names, Thai digits.

Pure functions with no ORM and no settings, unit-tested without a database.
Thailand's fiscal year runs from 1 October to 30 September and is named by
the Buddhist-era year in which it ends: 1 Oct 2025 – 30 Sep 2026 is FY 2569.
"""

from __future__ import annotations

import datetime as dt

BE_OFFSET = 543

MONTHS_FULL = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_thai_digits(text: object) -> str:
    """'2569' -> '๒๕๖๙'; other characters are left alone."""
    return str(text).translate(_TO_THAI_DIGITS)


def from_thai_digits(text: str) -> str:
    """'๒๕๖๙' -> '2569'; other characters are left alone."""
    return text.translate(_FROM_THAI_DIGITS)


def buddhist_year(value: dt.date) -> int:
    return value.year + BE_OFFSET


def format_thai_date(
    value: dt.date | dt.datetime | None,
    *,
    style: str = "full",
    thai_digits: bool = False,
    with_time: bool = False,
    with_weekday: bool = False,
) -> str:
    """Format a date the Thai way.

    style "full": "25 พฤศจิกายน 2569"; "short": "25 พ.ย. 69" (two-digit BE
    year, as Thai offices write it); "numeric": "25/11/2569". Aware datetimes
    should be converted to local time by the caller. None gives "".
    """
    if value is None:
        return ""
    if style == "full":
        text = f"{value.day} {MONTHS_FULL[value.month - 1]} {buddhist_year(value)}"
    elif style == "short":
        text = f"{value.day} {MONTHS_SHORT[value.month - 1]} {buddhist_year(value) % 100:02d}"
    elif style == "numeric":
        text = f"{value.day:02d}/{value.month:02d}/{buddhist_year(value)}"
    else:
        raise ValueError(f"unknown style {style!r}")
    if with_weekday:
        text = f"วัน{WEEKDAYS[value.weekday()]}ที่ {text}"
    if with_time and isinstance(value, dt.datetime):
        text = f"{text} เวลา {value:%H:%M} น."
    return to_thai_digits(text) if thai_digits else text


def fiscal_year(value: dt.date) -> int:
    """The Thai fiscal year (BE) that contains the date."""
    year = value.year + 1 if value.month >= 10 else value.year
    return year + BE_OFFSET


def fiscal_year_bounds(be_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `be_year` (both inclusive)."""
    ce_end = be_year - BE_OFFSET
    return dt.date(ce_end - 1, 10, 1), dt.date(ce_end, 9, 30)

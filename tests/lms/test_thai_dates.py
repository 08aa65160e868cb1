import datetime as dt

import pytest

from lms import thai_dates


def test_full_date_in_buddhist_era_with_thai_month():
    assert thai_dates.format_thai_date(dt.date(2026, 11, 25)) == "25 พฤศจิกายน 2569"


def test_thai_digits():
    assert thai_dates.format_thai_date(dt.date(2026, 11, 25), thai_digits=True) == "๒๕ พฤศจิกายน ๒๕๖๙"
    assert thai_dates.from_thai_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"


def test_short_and_numeric_styles():
    assert thai_dates.format_thai_date(dt.date(2027, 1, 3), style="short") == "3 ม.ค. 70"
    assert thai_dates.format_thai_date(dt.date(2027, 1, 3), style="numeric") == "03/01/2570"


def test_weekday_and_time():
    value = dt.datetime(2026, 11, 25, 9, 5)
    text = thai_dates.format_thai_date(value, with_weekday=True, with_time=True)
    assert text == "วันพุธที่ 25 พฤศจิกายน 2569 เวลา 09:05 น."


def test_none_is_empty_and_bad_style_fails():
    assert thai_dates.format_thai_date(None) == ""
    with pytest.raises(ValueError):
        thai_dates.format_thai_date(dt.date(2026, 1, 1), style="long")


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (dt.date(2025, 9, 30), 2568),
        (dt.date(2025, 10, 1), 2569),
        (dt.date(2026, 9, 30), 2569),
        (dt.date(2026, 10, 1), 2570),
    ],
)
def test_fiscal_year_turns_on_first_of_october(day, fiscal_year):
    assert thai_dates.fiscal_year(day) == fiscal_year


def test_fiscal_year_bounds():
    assert thai_dates.fiscal_year_bounds(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))

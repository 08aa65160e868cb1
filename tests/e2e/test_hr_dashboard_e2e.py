"""An HR officer in Chromium: the dashboard's charts draw, the roster import shows progress and finishes."""

import pytest

from tests.e2e.conftest import screenshot
from tests.reports.conftest import hr_data  # noqa: F401

pytestmark = pytest.mark.e2e


def _sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_hr_sees_charts_and_imports_a_roster(desk, hr_data, people, tmp_path):  # noqa: F811
    page = desk
    _sign_in(page, people["hr_x"].username)
    page.goto("/admin/hr/?fy=all")
    page.wait_for_function("window.hrChartsReady === true")
    drawn = page.evaluate(
        """() => Array.from(document.querySelectorAll('canvas')).map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let ink = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) ink++; } return ink; })"""
    )
    assert len(drawn) == 3 and all(ink > 100 for ink in drawn)
    assert "สำนักงานจังหวัดวาย" not in page.content()
    screenshot(page, "hr-dashboard")

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "เลขประจำตัว,ชื่อ,นามสกุล,ระดับ,รหัสหน่วยงาน\n"
        + "".join(f"{880000 + i},ชื่อ{i},สกุล,ชำนาญการ,X1\n" for i in range(300)),
        encoding="utf-8-sig",
    )
    page.goto("/admin/hr/roster/")
    page.set_input_files("input[name=file]", str(roster))
    page.uncheck("input[name=dry_run]")
    page.click("#roster-form button[type=submit]")
    try:
        page.wait_for_selector("text=เสร็จสิ้น")
    except Exception:
        print(page.inner_text("main"))
        raise
    assert page.locator("#roster-created").inner_text() == "300"
    assert page.locator("#roster-progress").get_attribute("value") == "100"
    screenshot(page, "hr-roster-import")

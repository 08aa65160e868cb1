import pytest

from tests.e2e.conftest import screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_officer_signs_in_on_a_phone_with_the_keyboard(phone):
    officer = UserFactory(username="somying", first_name="สมหญิง", last_name="ใจดี")
    phone.goto("/")
    assert phone.locator("html").get_attribute("lang") == "th"
    # Keyboard users first meet the skip link.
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "ข้ามไปยังเนื้อหา"
    # The Thai web font is the project's own, loaded from our static files.
    assert phone.evaluate("async () => (await document.fonts.load('16px Sarabun', 'ทดสอบ')).length")

    phone.get_by_role("link", name="เข้าสู่ระบบ", exact=True).first.click()
    phone.get_by_label("ชื่อผู้ใช้หรือเลขประจำตัวเจ้าหน้าที่").fill(officer.employee_id)
    phone.get_by_label("รหัสผ่าน").fill("correct-horse-battery")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    assert phone.get_by_text("นางสาวสมหญิง ใจดี").is_visible()
    screenshot(phone, "home-signed-in-phone")


def test_language_switch_to_english(phone):
    phone.goto("/")
    with phone.expect_navigation():
        phone.get_by_role("button", name="English").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("link", name="Sign in", exact=True).first.is_visible()

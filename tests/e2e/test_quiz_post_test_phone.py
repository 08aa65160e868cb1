"""An officer takes the post-test on a phone: answers autosave, the server grades, the course completes."""

import pytest

from courses.models import Enrolment, LessonPage
from courses.services import lesson_complete
from lms.models import Agency
from quizzes.models import Attempt, AttemptAnswer
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.factories import UserFactory, make_agency
from tests.quizzes.conftest import make_bank, make_course, make_quiz

pytestmark = pytest.mark.e2e


def test_officer_passes_the_post_test_on_a_phone_and_the_course_completes(phone):
    # Data made in the test body (not in db fixtures), so that it lands in the live server's database.
    province = make_agency("X", name_th="สำนักงานจังหวัดเอกซ์", kind=Agency.Kind.PROVINCE_OFFICE)
    officer = UserFactory(agency=province, first_name="อรุณี", last_name="แก้วมณี")
    course = make_course(province, title="การป้องกันผลประโยชน์ทับซ้อน")
    quiz = make_quiz(make_bank(province), course=course, title="แบบทดสอบหลังเรียน", time_limit_minutes=20)
    for lesson in LessonPage.objects.child_of(course):
        lesson_complete(user=officer, lesson=lesson)
    assert Enrolment.objects.get(user=officer, course=course).completed_at is None

    phone.goto("/accounts/login/")
    phone.get_by_label("ชื่อผู้ใช้หรือเลขประจำตัวเจ้าหน้าที่").fill(officer.username)
    phone.get_by_label("รหัสผ่าน").fill("correct-horse-battery")
    with phone.expect_navigation():
        phone.keyboard.press("Enter")

    phone.goto(f"/quizzes/{quiz.pk}/")
    assert phone.get_by_text("เกณฑ์ผ่าน (ร้อยละ): 80%").is_visible()
    with phone.expect_navigation():
        phone.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    attempt = Attempt.objects.get(user=officer, quiz=quiz)
    html = phone.content()
    assert '"correct"' not in html and "ถูกต้อง" not in html  # no answer key, no feedback
    countdown = phone.locator("#countdown")
    assert countdown.is_visible()
    wait_for(lambda: ":" in countdown.inner_text(), timeout=10)

    for question in attempt.snapshot["questions"]:
        right = next(c for c in question["choices"] if c["correct"])
        phone.locator(f"#q{question['id']} label.choice", has_text=right["text"]).click()
    wait_for(lambda: phone.locator("#save-state").inner_text() == "บันทึกคำตอบแล้ว", timeout=15)
    wait_for(lambda: AttemptAnswer.objects.filter(attempt=attempt).count() == 5, timeout=15)
    screenshot(phone, "quiz-attempt-phone")

    phone.once("dialog", lambda dialog: dialog.accept())
    with phone.expect_navigation():
        phone.get_by_role("button", name="ส่งคำตอบ", exact=True).click()
    assert phone.get_by_test_id("percent").inner_text() == "100%"
    assert phone.get_by_text("เรียนจบหลักสูตรแล้ว").is_visible()
    screenshot(phone, "quiz-result-phone")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.passed
    assert Enrolment.objects.get(user=officer, course=course).status == Enrolment.Status.COMPLETED

    phone.goto(course.url)
    assert phone.locator(".card .badge.done").first.is_visible()
    # The page fits a phone: nothing wider than the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

"""An officer on a phone plays the TrueFalse activity of a lesson; the statement
reaches the server from the sandboxed frame and the lesson is completed."""

import pytest

from content.models import H5PResult, H5PState, H5PStatement
from content.services import h5p_package_create
from courses.models import LessonPage, LessonProgress
from courses.services import enrolment_create
from tests.conftest import wait_for
from tests.content.conftest import TRUE_FALSE, put_in_lesson
from tests.courses.conftest import make_course
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def _sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้หรือเลขประจำตัวเจ้าหน้าที่").fill(user.employee_id)
    page.get_by_label("รหัสผ่าน").fill("correct-horse-battery")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_officer_answers_a_true_false_activity(phone, tree, people):
    officer = people["officer_a"]
    course = make_course(tree["X"], lessons=2)
    package = h5p_package_create(file=TRUE_FALSE, owner_agency=tree["X"], uploaded_by=people["trainer"])
    lesson = put_in_lesson(
        LessonPage.objects.child_of(course).order_by("path").first(), (package, True, None)
    )
    enrolment = enrolment_create(user=officer, course=course)
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda e: errors.append(str(e)))

    _sign_in(phone, officer)
    phone.goto(lesson.url)
    activity = phone.locator("[data-h5p-activity]")
    activity.scroll_into_view_if_needed()
    start = activity.get_by_role("button", name="เริ่มทำกิจกรรม")
    if start.count():
        start.click()
    frame_element = activity.locator("iframe")
    assert frame_element.get_attribute("sandbox") == "allow-scripts"
    frame = phone.frame_locator("[data-h5p-activity] iframe")
    frame.get_by_text("Is this false?").wait_for(timeout=30_000)
    frame.get_by_role("radio", name="False").click()
    frame.get_by_role("button", name="Check").click()

    result = wait_for(lambda: H5PResult.objects.filter(user=officer, lesson=lesson, passed=True).first())
    assert (result.best_score, result.max_score, result.attempts) == (1.0, 1.0, 1)
    statement = H5PStatement.objects.filter(user=officer, counted=True).get()
    assert statement.verb == "answered"
    assert wait_for(
        lambda: LessonProgress.objects.filter(
            enrolment=enrolment, lesson=lesson, completed_at__isnull=False
        ).exists()
    )
    # The page tells the officer, in Thai, and marks the score as self-reported.
    status = activity.locator(".h5p-status")
    status.get_by_text("ผ่าน").first.wait_for()
    assert "เบราว์เซอร์" in activity.inner_text()
    # The player saved its state so that the officer resumes where they were.
    assert wait_for(lambda: H5PState.objects.filter(user=officer, lesson=lesson).exists())
    # The frame cannot see the officer's cookies.
    cookie_access = phone.frames[1].evaluate(
        "() => { try { return document.cookie; } catch (e) { return 'blocked'; } }"
    )
    assert cookie_access == "blocked"
    screenshot(phone, "h5p-true-false-lesson-phone")
    assert not [e for e in errors if "Content Security Policy" in e or "Error" in e], errors

"""In Chromium: no Content-Security-Policy violation on officer pages (phone) nor in the
Wagtail admin editor, the StreamField lesson editor and the admin listings."""

import pytest

from tests.e2e.conftest import screenshot
from tests.factories import UserFactory
from tests.security.conftest import PASSWORD, make_course

pytestmark = pytest.mark.e2e

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${location.pathname} ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


def _watch(page):
    """Collects violations reported by the page (per document) and by the console."""
    console = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    return console


def _collect(page, console):
    page.wait_for_load_state("networkidle")
    console.extend(page.evaluate("window.__csp || []"))


def test_officer_pages_on_a_phone_have_no_csp_violation(phone, tree, people):
    officer = people["officer_a"]
    course = make_course(tree["X"], title="หลักสูตรทดสอบนโยบาย")
    console = _watch(phone)
    phone.goto("/accounts/login/")
    phone.fill("input[name=username]", officer.username)
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.locator("form button[type=submit]").last.click()
    for path in (
        "/",
        "/learning/",
        course.url,
        course.get_children().first().url,
        "/accounts/profile/",
        "/privacy/",
    ):
        response = phone.goto(path)
        assert response.status == 200, path
        assert "script-src 'self';" in response.headers["content-security-policy"]
        _collect(phone, console)
    # The progress bar (formerly an inline style) still draws.
    phone.goto("/learning/")
    _collect(phone, console)
    screenshot(phone, "csp-officer-my-learning")
    assert console == []


def test_the_admin_editor_works_under_its_policy(django_db_serialized_rollback, desk, tree, people):
    admin = UserFactory(username="csp-admin", is_superuser=True, is_staff=True, agency=tree["D"])
    course = make_course(tree["X"], title="หลักสูตรในตัวแก้ไข")
    lesson = course.get_children().first()
    console = _watch(desk)
    desk.goto("/admin/login/")
    desk.fill("input[name=username]", admin.username)
    desk.fill("input[name=password]", PASSWORD)
    with desk.expect_navigation():
        desk.locator("form button[type=submit]").first.click()
    for path in (
        "/admin/",
        f"/admin/pages/{course.pk}/edit/",
        f"/admin/pages/{lesson.pk}/edit/",
        f"/admin/pages/{course.pk}/",
        "/admin/images/",
        "/admin/locked-sign-ins/",
    ):
        response = desk.goto(path)
        assert response.status == 200, path
        assert "'unsafe-inline'" in response.headers["content-security-policy"]
        _collect(desk, console)
    # The lesson editor's scripts ran: the StreamField and the scheduling date picker are live.
    desk.goto(f"/admin/pages/{lesson.pk}/edit/")
    _collect(desk, console)
    assert desk.locator("[data-contentpath=body]").count() == 1
    assert desk.evaluate("typeof window.initDateTimeChooser") == "function"
    desk.locator("#id_title").fill("บทเรียนที่แก้ไขแล้ว")
    screenshot(desk, "csp-admin-lesson-editor")
    _collect(desk, console)
    assert console == []

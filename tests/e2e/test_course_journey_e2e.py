"""The whole journey of a course in the running site, as its users would do it:
a trainer writes it in the admin and submits it, an approver of the owning
agency publishes it, HR assigns it to a subtree with a due date, and an officer
of that subtree finds it on "My learning", works through it and completes it."""

import datetime as dt

import pytest

from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
from lms.models import HomePage, Role
from lms.services import agency_role_grant
from tests.e2e.conftest import screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-battery"


def sign_in_to_admin(page, user):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").first.click()


def footer_action(page, name):
    """Choose an action from the editor's footer menu (opening its dropdown if needed)."""
    button = page.locator(f"button[name={name}]")
    if not button.is_visible():
        page.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]").first.click()
    with page.expect_navigation():
        button.click()


def test_trainer_to_hr_to_officer(desk, phone, tree, people):
    trainer, hr, officer = people["trainer"], people["hr_x"], people["officer_a"]
    approver = UserFactory(agency=tree["X"], username="approver-x")
    agency_role_grant(user=approver, agency=tree["X"], role=Role.APPROVER)
    catalogue = HomePage.objects.first().add_child(instance=CourseIndexPage(title="หลักสูตร", slug="courses"))
    catalogue.save_revision().publish()
    section = catalogue.add_child(
        instance=CourseIndexPage(title="หลักสูตรของสำนักงานจังหวัดเอกซ์", slug="x", owner_agency=tree["X"])
    )
    section.save_revision().publish()

    # 1. The trainer writes the course and one lesson, and submits them.
    sign_in_to_admin(desk, trainer)
    desk.goto(f"/admin/pages/add/courses/coursepage/{section.pk}/")
    desk.fill("input[name=title]", "การรับของขวัญตามนโยบาย No Gift Policy")
    desk.keyboard.press("Tab")
    # The admin shows Thai in the project's own font, not in missing-glyph boxes.
    assert desk.evaluate(
        """async () => (await document.fonts.load('16px "Sarabun Thai"', 'หลักสูตร')).length"""
    )
    desk.fill("textarea[name=summary]", "สิ่งที่เจ้าหน้าที่รับได้และรับไม่ได้")
    desk.fill("input[name=estimated_minutes]", "20")
    footer_action(desk, "action-submit")
    course = CoursePage.objects.get(title="การรับของขวัญตามนโยบาย No Gift Policy")
    assert not course.live and course.owner_agency == tree["X"]

    desk.goto(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
    desk.fill("input[name=title]", "ของขวัญที่รับได้")
    desk.keyboard.press("Tab")  # the slug follows the title when the trainer leaves the field
    footer_action(desk, "action-submit")
    lesson = LessonPage.objects.get(title="ของขวัญที่รับได้")
    assert not lesson.live
    screenshot(desk, "journey-1-trainer-submitted")

    # 2. The approver of X approves both from their dashboard.
    sign_in_to_admin(desk, approver)
    for page in (course, lesson):
        desk.goto(f"/admin/pages/{page.pk}/edit/")
        approve = desk.locator(
            "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        )
        if not approve.is_visible():
            desk.locator("footer .w-dropdown__toggle, footer [data-w-dropdown-target=toggle]").first.click()
        with desk.expect_navigation():
            approve.click()
    screenshot(desk, "journey-2-approved")
    course.refresh_from_db()
    lesson.refresh_from_db()
    assert course.live and lesson.live

    # 3. HR of X assigns it to their subtree with a due date.
    due = dt.date.today() + dt.timedelta(days=30)
    sign_in_to_admin(desk, hr)
    desk.goto("/admin/assignments/new/")
    desk.select_option("select[name=course]", str(course.pk))
    desk.select_option("select[name=agency]", str(tree["X"].pk))
    desk.fill("input[name=due_date]", due.isoformat())
    with desk.expect_navigation():
        desk.locator("form button[type=submit]").last.click()
    screenshot(desk, "journey-3-assigned")
    enrolment = Enrolment.objects.get(user=officer, course=course)
    assert enrolment.due_at == due and enrolment.source == Enrolment.Source.ASSIGNMENT

    # 4. The officer finds it on their phone, works through it and completes it.
    phone.goto("/accounts/login/")
    phone.fill("input[name=username]", officer.username)
    phone.fill("input[name=password]", PASSWORD)
    with phone.expect_navigation():
        phone.keyboard.press("Enter")
    phone.goto("/learning/")
    card = phone.get_by_text("การรับของขวัญตามนโยบาย No Gift Policy").first
    assert card.is_visible()
    with phone.expect_navigation():
        card.click()
    with phone.expect_navigation():
        phone.get_by_role("link", name="ของขวัญที่รับได้").first.click()
    with phone.expect_navigation():
        phone.get_by_role("button", name="ทำเครื่องหมายว่าเรียนแล้ว").click()
    phone.goto("/learning/")
    screenshot(phone, "journey-4-officer-completed")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert phone.get_by_text("เรียนจบแล้ว").first.is_visible()

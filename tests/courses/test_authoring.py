"""Trainers write courses only in their agency's section; an approver of the
owning agency publishes what they submit (Wagtail workflow)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage
from lms.models import HomePage, Role
from lms.services import agency_role_grant, agency_role_revoke
from tests.courses.conftest import make_course
from tests.factories import UserFactory


@pytest.fixture
def sections(tree):
    home = HomePage.objects.first()
    catalogue = home.add_child(instance=CourseIndexPage(title="หลักสูตร", slug="courses"))
    x = catalogue.add_child(instance=CourseIndexPage(title="หลักสูตรของ X", slug="x", owner_agency=tree["X"]))
    y = catalogue.add_child(instance=CourseIndexPage(title="หลักสูตรของ Y", slug="y", owner_agency=tree["Y"]))
    return {"X": x, "Y": y}


@pytest.fixture
def approver(tree, people):
    user = UserFactory(agency=tree["X"], username="approver-x")
    agency_role_grant(user=user, agency=tree["X"], role=Role.APPROVER)
    return user


def course_form(client, parent, **overrides):
    """The add form as the admin renders it, filled in like a trainer would."""
    url = reverse("wagtailadmin_pages:add", args=("courses", "coursepage", parent.pk))
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value == []:
            continue
        data[name] = value
    data.update(
        title="การรับของขวัญอย่างถูกต้อง",
        slug="gifts",
        summary="สิ่งที่รับได้และรับไม่ได้",
        estimated_minutes="45",
        **overrides,
    )
    for key in [k for k, v in data.items() if v is False]:
        del data[key]
    return url, data


def test_trainer_writes_in_own_section_but_cannot_publish(client, people, sections):
    trainer = people["trainer"]
    assert sections["X"].permissions_for_user(trainer).can_add_subpage()
    assert not sections["Y"].permissions_for_user(trainer).can_add_subpage()

    client.force_login(trainer)
    url, data = course_form(client, sections["X"])
    # The owning agency defaults to the section's and offers only the trainer's agencies.
    assert str(data["owner_agency"]) == str(sections["X"].owner_agency_id)
    response = client.post(url, {**data, "action-publish": "1"})
    course = CoursePage.objects.get(slug="gifts")
    assert not course.live  # no publish right: the publish action only saves a draft
    assert not course.permissions_for_user(trainer).can_publish()
    assert response.status_code == 302

    assert client.get(
        reverse("wagtailadmin_pages:add", args=("courses", "coursepage", sections["Y"].pk))
    ).status_code in (302, 403)


def test_a_course_shared_with_another_agency_gives_it_no_edit_rights(client, tree, people, sections):
    course = make_course(tree["X"])
    course.move(sections["X"], pos="last-child")
    course = CoursePage.objects.get(pk=course.pk)
    course.shared_with.add(tree["Y"])
    course.save_revision().publish()
    trainer_y = UserFactory(agency=tree["Y"], username="trainer-y")
    agency_role_grant(user=trainer_y, agency=tree["Y"], role=Role.TRAINER)

    assert not course.permissions_for_user(trainer_y).can_edit()
    client.force_login(trainer_y)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,))).status_code in (302, 403)
    client.force_login(people["trainer"])
    assert client.get(reverse("wagtailadmin_pages:edit", args=(course.pk,))).status_code == 200


def test_trainer_cannot_give_a_course_to_an_agency_outside_their_reach(client, tree, people, sections):
    client.force_login(people["trainer"])
    url, data = course_form(client, sections["X"], owner_agency=str(tree["Y"].pk))
    response = client.post(url, data)
    assert response.status_code == 200  # the form comes back with the error
    assert not CoursePage.objects.filter(slug="gifts").exists()


def test_submitted_course_is_published_by_an_approver_of_the_owning_agency(
    client, people, sections, approver
):
    trainer = people["trainer"]
    client.force_login(trainer)
    url, data = course_form(client, sections["X"])
    client.post(url, {**data, "action-submit": "1"})
    course = CoursePage.objects.get(slug="gifts")
    assert not course.live
    state = course.current_workflow_task_state
    assert state is not None and state.status == "in_progress"
    # The approver of X sees the task in their dashboard queue; the trainer cannot approve it.
    assert state.task.specific.user_can_access_editor(course, approver)
    assert not course.permissions_for_user(trainer).can_publish()

    client.force_login(approver)
    action = reverse("wagtailadmin_pages:workflow_action", args=(course.pk, "approve", state.pk))
    response = client.post(action, {"comment": "ถูกต้อง"})
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live


def test_roles_follow_grants_and_revocations(people, tree, sections):
    trainer = people["trainer"]
    agency_role_revoke(user=trainer, agency=tree["X"], role=Role.TRAINER)
    page = Page.objects.get(pk=sections["X"].pk)
    assert not page.permissions_for_user(trainer).can_add_subpage()
    # The agency admin of the department above X writes and publishes in X's section.
    perms = page.permissions_for_user(people["admin_d"])
    assert perms.can_add_subpage() and perms.can_publish_subpage()

import datetime as dt

import pytest
from django.utils import timezone

from courses import services
from courses.models import Assignment, Enrolment, LessonPage
from courses.tasks import apply_all_assignments_task
from lms.models import AuditEvent
from tests.factories import UserFactory


def test_hr_assigns_a_course_to_their_subtree_with_a_due_date(
    people, course, tree, django_capture_on_commit_callbacks
):
    due = timezone.localdate() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assignment_create(
            course=course, agency=tree["X"], created_by=people["hr_x"], due_date=due
        )
    enrolled = set(Enrolment.objects.filter(course=course).values_list("user__username", flat=True))
    assert people["officer_a"].username in enrolled and people["officer_b"].username in enrolled
    assert people["officer_y"].username not in enrolled
    enrolment = Enrolment.objects.get(user=people["officer_a"], course=course)
    assert enrolment.due_at == due and enrolment.source == Enrolment.Source.ASSIGNMENT
    assert enrolment.assignment == assignment
    assert AuditEvent.objects.filter(action="assignment.create").exists()
    # Running it again enrols nobody twice.
    assert services.assignment_apply(assignment=assignment) == 0


def test_hr_cannot_assign_outside_their_subtree(people, course, tree):
    with pytest.raises(PermissionError):
        services.assignment_create(course=course, agency=tree["X"], created_by=people["hr_y"], due_days=30)


def test_levels_narrow_the_assignment_and_due_days_count_from_today(people, course, tree):
    people["officer_b"].level = "operational"
    people["officer_b"].save()
    assignment = Assignment.objects.create(
        course=course, agency=tree["X"], due_days=14, levels=["professional"]
    )
    services.assignment_apply(assignment=assignment, today=dt.date(2026, 11, 1))
    assert Enrolment.objects.get(user=people["officer_a"], course=course).due_at == dt.date(2026, 11, 15)
    assert not Enrolment.objects.filter(user=people["officer_b"], course=course).exists()


def test_officers_who_join_later_are_picked_up(people, course, tree):
    assignment = Assignment.objects.create(course=course, agency=tree["X"], due_days=14)
    services.assignment_apply(assignment=assignment)
    newcomer = UserFactory(agency=tree["X1"])
    assert apply_all_assignments_task() == 1
    assert Enrolment.objects.filter(user=newcomer, course=course).exists()


def test_withdrawing_never_deletes_progress(people, course, tree):
    assignment = Assignment.objects.create(course=course, agency=tree["X"], due_days=14)
    services.assignment_apply(assignment=assignment)
    lesson = LessonPage.objects.child_of(course).first()
    services.lesson_complete(user=people["officer_a"], lesson=lesson)
    services.assignment_withdraw(assignment=assignment, withdrawn_by=people["hr_x"])
    enrolment = Enrolment.objects.get(user=people["officer_a"], course=course)
    assert enrolment.lesson_progress.filter(completed_at__isnull=False).count() == 1
    UserFactory(agency=tree["X"])
    assert services.assignment_apply(assignment=assignment) == 0


def test_hr_creates_an_assignment_in_the_admin(
    client, people, course, tree, django_capture_on_commit_callbacks
):
    client.force_login(people["hr_x"])
    form = client.get("/admin/assignments/new/")
    assert form.status_code == 200
    assert tree["Y"].name_th not in form.content.decode()  # not even offered
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/assignments/new/", {"course": course.pk, "agency": tree["X"].pk, "due_days": 30}
        )
    assert response.status_code == 302
    # After the commit, the officers of X's subtree are enrolled (and nobody in Y).
    enrolled = set(Enrolment.objects.filter(course=course).values_list("user__username", flat=True))
    in_x = {people[k].username for k in ("officer_a", "officer_b", "hr_x", "trainer")}
    assert enrolled == in_x
    assignment = Assignment.objects.get()
    assert assignment.created_by == people["hr_x"] and assignment.due_days == 30
    bad = client.post("/admin/assignments/new/", {"course": course.pk, "agency": tree["X"].pk})
    assert bad.status_code == 200 and "อย่างใดอย่างหนึ่ง" in bad.content.decode()  # a clear Thai error
    assert Assignment.objects.count() == 1
    client.force_login(people["hr_y"])
    assert client.get(f"/admin/assignments/edit/{assignment.pk}/").status_code == 404

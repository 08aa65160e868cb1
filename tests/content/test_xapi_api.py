"""The xAPI endpoint as the lesson page calls it: session, CSRF, JSON."""

import json

import pytest
from django.test import Client

from content.models import H5PResult, H5PState, H5PStatement
from courses.models import Enrolment, LessonPage, LessonProgress
from courses.services import enrolment_create, lesson_complete
from lms.models import AuditEvent
from tests.content.conftest import answered, put_in_lesson

URL = "/api/v1/xapi/statements"


def _client(user, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def _post(client, lesson, package, statement, **extra):
    return client.post(
        URL, json.dumps({"lesson": lesson.pk, "package": package.pk, "statement": statement}),
        content_type="application/json", **extra,
    )  # fmt: skip


@pytest.fixture
def officer(people, course):
    enrolment_create(user=people["officer_a"], course=course)
    return people["officer_a"]


def test_a_passing_answer_is_kept_and_completes_the_lesson(officer, h5p_lesson, package):
    client = _client(officer)
    response = _post(client, h5p_lesson, package, answered(0, 1, success=False))
    assert response.status_code == 200
    assert response.json() | {} == {
        "counted": True, "score": 0.0, "max_score": 1.0, "best_score": 0.0, "passed": False,
        "lesson_completed": False, "self_reported": True,
    }  # fmt: skip
    response = _post(client, h5p_lesson, package, answered(1, 1, success=True))
    assert response.json()["passed"] and response.json()["lesson_completed"]
    result = H5PResult.objects.get(user=officer)
    assert (result.attempts, result.best_score, result.last_score, result.max_score, result.passed) == (
        2, 1.0, 1.0, 1.0, True,
    )  # fmt: skip
    # The raw statement is kept whole, including the actor the browser claimed.
    kept = H5PStatement.objects.filter(user=officer).order_by("pk").last()
    assert kept.statement["actor"]["mbox"] == "mailto:mallory@example.invalid" and kept.counted
    assert LessonProgress.objects.get(enrolment__user=officer, lesson=h5p_lesson).completed_at is not None
    assert AuditEvent.objects.filter(action="h5p.pass", actor_id=officer.pk).count() == 1
    # A later lower score keeps the best and the pass.
    _post(client, h5p_lesson, package, answered(0, 1))
    result.refresh_from_db()
    assert (result.attempts, result.best_score, result.last_score, result.passed) == (3, 1.0, 0.0, True)
    assert AuditEvent.objects.filter(action="h5p.pass").count() == 1


def test_scores_outside_the_bounds_are_clamped(officer, h5p_lesson, package):
    response = _post(_client(officer), h5p_lesson, package, answered(50, 4))
    assert response.json()["score"] == 4.0
    result = H5PResult.objects.get(user=officer)
    assert result.best_score == 4.0 and result.max_score == 4.0


def test_the_lesson_cannot_be_marked_done_before_the_activity_is_passed(officer, h5p_lesson, package):
    from courses.services import CourseAccessError

    with pytest.raises(CourseAccessError) as refused:
        lesson_complete(user=officer, lesson=h5p_lesson)
    assert "50" in str(refused.value)


def test_below_the_pass_mark_does_not_pass(officer, h5p_lesson, package):
    lesson = put_in_lesson(h5p_lesson, (package, True, 80))
    response = _post(_client(officer), lesson, package, answered(3, 4, success=True))
    assert response.json()["passed"] is False


def test_not_enrolled_officer_is_refused_and_nothing_is_stored(people, h5p_lesson, package):
    response = _post(_client(people["officer_y"]), h5p_lesson, package, answered(1, 1))
    assert response.status_code == 403
    assert "ลงทะเบียน" in response.json()["detail"]
    assert not H5PStatement.objects.exists() and not H5PResult.objects.exists()


def test_package_not_in_a_live_lesson_is_refused(officer, course, h5p_lesson, package):
    other = LessonPage.objects.child_of(course).order_by("path").last()
    assert _post(_client(officer), other, package, answered(1, 1)).status_code == 404
    h5p_lesson.unpublish()
    assert _post(_client(officer), h5p_lesson, package, answered(1, 1)).status_code == 404
    assert not H5PStatement.objects.exists()


def test_bad_statements_are_refused(officer, h5p_lesson, package):
    client = _client(officer)
    response = _post(client, h5p_lesson, package, {"verb": "nope"})
    assert response.status_code == 400
    response = client.post(URL, "not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert not H5PStatement.objects.exists()


def test_csrf_is_required(officer, h5p_lesson, package):
    assert _post(_client(officer, csrf=True), h5p_lesson, package, answered(1, 1)).status_code == 403


def test_anonymous_is_refused(h5p_lesson, package):
    assert _post(Client(), h5p_lesson, package, answered(1, 1)).status_code == 401


def test_state_is_saved_and_replaced(officer, h5p_lesson, package):
    client = _client(officer)
    for state in ('{"answer": false}', '{"answer": true}'):
        response = client.put(
            "/api/v1/h5p/state", json.dumps({"lesson": h5p_lesson.pk, "package": package.pk, "state": state}),
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 204
    assert H5PState.objects.get(user=officer).state == '{"answer": true}'


def test_recertification_cycle_starts_a_fresh_result(officer, course, h5p_lesson, package):
    client = _client(officer)
    _post(client, h5p_lesson, package, answered(1, 1))
    first = Enrolment.objects.get(user=officer, course=course)
    Enrolment.objects.filter(pk=first.pk).update(status=Enrolment.Status.COMPLETED)
    first.refresh_from_db()
    import datetime as dt

    from courses.services import enrolment_open_next_cycle

    enrolment_open_next_cycle(enrolment=first, due_at=dt.date(2030, 1, 1))
    response = _post(client, h5p_lesson, package, answered(0, 1))
    assert response.json()["passed"] is False
    assert H5PResult.objects.filter(user=officer).count() == 2


def test_an_oversized_statement_is_refused_in_thai_and_nothing_is_stored(officer, h5p_lesson, package):
    statement = answered(1) | {"padding": "ก" * 70_000}
    response = _post(_client(officer), h5p_lesson, package, statement)
    assert response.status_code == 413
    assert response.json()["detail"] == "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป"
    assert not H5PStatement.objects.exists()

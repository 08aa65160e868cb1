from courses import services
from courses.models import Enrolment, LessonPage, LessonProgress
from courses.requirements import _course_checkers, register_course_requirement
from courses.signals import enrolment_completed
from lms.models import AuditEvent


def lessons_of(course):
    return list(LessonPage.objects.child_of(course).live().order_by("path"))


def test_officer_works_through_a_course_in_the_site(
    client, people, course, django_capture_on_commit_callbacks
):
    officer = people["officer_a"]
    client.force_login(officer)
    first, second, third = lessons_of(course)

    page = client.get(first.url)
    assert page.status_code == 200
    assert "ทำเครื่องหมายว่าเรียนแล้ว" in page.content.decode()  # "mark as done"
    enrolment = Enrolment.objects.get(user=officer, course=course)
    assert enrolment.status == Enrolment.Status.IN_PROGRESS
    assert enrolment.last_lesson_id == first.pk

    completions = []
    enrolment_completed.connect(
        lambda **kw: completions.append(kw["enrolment"].pk), weak=False, dispatch_uid="t"
    )
    try:
        response = client.post(f"/learning/lessons/{first.pk}/complete/")
        assert response.url == second.url  # the next lesson is one tap away
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/learning/lessons/{second.pk}/complete/")
            client.post(f"/learning/lessons/{third.pk}/complete/")
            client.post(f"/learning/lessons/{third.pk}/complete/")  # a double tap changes nothing
    finally:
        enrolment_completed.disconnect(dispatch_uid="t")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.completed_at
    assert completions == [enrolment.pk]
    assert AuditEvent.objects.filter(action="enrolment.complete", target_id=str(enrolment.pk)).count() == 1
    assert (
        "เรียนจบแล้ว" in client.get(course.url).content.decode()
        or "สำเร็จ" in client.get(course.url).content.decode()
    )


def test_optional_lessons_are_not_needed(people, tree):
    from tests.courses.conftest import make_course

    course = make_course(tree["X"], lessons=1, optional=1)
    officer = people["officer_a"]
    services.lesson_complete(user=officer, lesson=lessons_of(course)[0])
    assert Enrolment.objects.get(user=officer, course=course).completed_at is not None


def test_minimum_study_time_holds_completion_back(people, tree):
    from tests.courses.conftest import make_course

    course = make_course(tree["X"], lessons=1, min_study_minutes=1)
    officer = people["officer_a"]
    lesson = lessons_of(course)[0]
    services.lesson_complete(user=officer, lesson=lesson)
    enrolment = Enrolment.objects.get(user=officer, course=course)
    assert enrolment.completed_at is None
    assert "1" in services.completion_unmet(enrolment=enrolment)[0]
    LessonProgress.objects.filter(enrolment=enrolment).update(time_spent_seconds=61)
    assert services.evaluate_completion(enrolment=enrolment)


def test_heartbeat_counts_only_time_that_really_passed(people, course):
    officer = people["officer_a"]
    lesson = lessons_of(course)[0]
    assert services.lesson_heartbeat(user=officer, lesson=lesson, seconds=30) == 30
    assert services.lesson_heartbeat(user=officer, lesson=lesson, seconds=3600) <= 1  # no time has passed
    assert services.lesson_heartbeat(user=officer, lesson=lesson, seconds=-50) == 0


def test_plugged_in_requirement_blocks_completion_until_met(people, course):
    state = {"passed": False}

    def post_test(enrolment):
        return [] if state["passed"] else ["post-test not passed"]

    register_course_requirement(post_test)
    try:
        officer = people["officer_a"]
        for lesson in lessons_of(course):
            services.lesson_complete(user=officer, lesson=lesson)
        enrolment = Enrolment.objects.get(user=officer, course=course)
        assert enrolment.completed_at is None
        state["passed"] = True
        assert services.evaluate_completion(enrolment=enrolment)
    finally:
        _course_checkers.remove(post_test)


def test_officer_of_another_agency_cannot_open_the_lessons(client, people, course):
    client.force_login(people["officer_y"])
    assert client.get(lessons_of(course)[0].url).status_code == 403
    assert not Enrolment.objects.filter(user=people["officer_y"]).exists()


def test_course_shared_with_another_agency_is_open_to_its_officers(client, people, course, tree):
    course.shared_with.add(tree["Y"])
    course.save()
    client.force_login(people["officer_y"])
    assert client.get(lessons_of(course)[0].url).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in(client, course):
    response = client.get(lessons_of(course)[0].url)
    assert response.status_code == 302 and "/accounts/login/" in response.url

"""HR's drill-down shows each officer's post-test score and certificate, which the
quizzes and certificates apps add through the enrolment-column registry."""

from django.urls import reverse

from courses import services as course_services
from courses.models import Enrolment, LessonPage
from quizzes import services as quiz_services
from tests.courses.conftest import make_course
from tests.quizzes.conftest import correct_answers, make_bank, make_quiz


def test_drill_down_shows_post_test_score_and_certificate(
    client, people, tree, django_capture_on_commit_callbacks
):
    officer = people["officer_a"]
    course = make_course(tree["X"], title="หลักสูตรต้านทุจริต")
    quiz = make_quiz(make_bank(tree["X"]), course=course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in LessonPage.objects.child_of(course).order_by("path"):
            course_services.lesson_complete(user=officer, lesson=lesson)
        # The lessons alone do not complete the course: the post-test does.
        attempt = quiz_services.attempt_start(user=officer, quiz=quiz)
        quiz_services.attempt_submit(attempt=attempt, answers=correct_answers(attempt, wrong=1))
    enrolment = Enrolment.objects.get(user=officer, course=course)
    certificate = enrolment.certificates.get()

    client.force_login(people["hr_x"])
    html = client.get(reverse("reports:officers"), {"fy": "all"}).content.decode()
    assert "คะแนนแบบทดสอบหลังเรียน (ร้อยละ)" in html and "80" in html
    assert certificate.number in html and "ใช้ได้" in html

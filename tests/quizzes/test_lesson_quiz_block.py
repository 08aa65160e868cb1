"""A quiz placed in a lesson through the StreamField block; "required" holds the lesson back."""

import json

import pytest

from courses.models import Enrolment, LessonPage, LessonProgress
from courses.services import CourseAccessError, lesson_complete
from quizzes import services
from quizzes.models import QuizKind
from tests.quizzes.conftest import correct_answers, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_quiz(bank, course):
    quiz = make_quiz(bank, kind=QuizKind.PRACTICE, title="แบบฝึกหัดท้ายบท")
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    lesson.body = json.dumps([
        {"type": "key_point", "value": "ซื่อสัตย์สุจริต"},
        {"type": "quiz", "value": {"quiz": quiz.pk, "required": True}},
    ])  # fmt: skip
    lesson.save_revision().publish()
    return quiz, LessonPage.objects.get(pk=lesson.pk)


def test_lesson_page_shows_the_quiz_and_holds_the_lesson_until_passed(
    client, people, lesson_quiz, django_capture_on_commit_callbacks
):
    quiz, lesson = lesson_quiz
    officer = people["officer_a"]
    client.force_login(officer)
    html = client.get(lesson.url).content.decode()
    assert "แบบฝึกหัดท้ายบท" in html and f"/quizzes/{quiz.pk}/?lesson={lesson.pk}" in html
    with pytest.raises(CourseAccessError, match="แบบฝึกหัดท้ายบท"):
        lesson_complete(user=officer, lesson=lesson)

    attempt = services.attempt_start(user=officer, quiz=quiz, lesson=lesson)
    with django_capture_on_commit_callbacks(execute=True):
        services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    enrolment = Enrolment.objects.get(user=officer, course=lesson.get_parent())
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
    assert progress.completed_at is not None and progress.completed_how == LessonProgress.How.AUTOMATIC


def test_lesson_quiz_needs_the_lesson_that_holds_it(people, lesson_quiz, course):
    quiz, lesson = lesson_quiz
    other_lesson = LessonPage.objects.child_of(course).order_by("-path").first()
    with pytest.raises(services.QuizAccessError):
        services.attempt_start(user=people["officer_a"], quiz=quiz, lesson=other_lesson)
    # Officers outside the owning agency's subtree cannot take it standalone either.
    with pytest.raises(services.QuizAccessError):
        services.attempt_start(user=people["officer_y"], quiz=quiz)

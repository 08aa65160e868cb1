"""Starting, answering, grading and completion through the services an officer's page calls."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import Enrolment, LessonPage
from courses.services import completion_unmet, lesson_complete
from lms.models import AuditEvent
from quizzes import services
from quizzes.models import Attempt, AttemptAnswer, QuizKind
from quizzes.selectors import attempt_result, post_test_scores
from tests.quizzes.conftest import correct_answers, make_bank, make_quiz

pytestmark = pytest.mark.django_db


def _time_passes(attempt):
    """The attempt started 11 minutes ago, answers so far were saved 10 minutes ago, and its
    10-minute time limit ran out a minute ago."""
    now = timezone.now()
    AttemptAnswer.objects.filter(attempt=attempt).update(saved_at=now - dt.timedelta(minutes=10))
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=now - dt.timedelta(minutes=11), deadline_at=now - dt.timedelta(minutes=1)
    )


def _finish_lessons(user, course):
    for lesson in LessonPage.objects.child_of(course).live():
        lesson_complete(user=user, lesson=lesson)


def test_course_with_post_test_completes_only_after_a_pass(
    people, course, post_test, django_capture_on_commit_callbacks
):
    officer = people["officer_a"]
    _finish_lessons(officer, course)
    enrolment = Enrolment.objects.get(user=officer, course=course)
    assert enrolment.completed_at is None
    assert any("แบบทดสอบหลังเรียน" in reason for reason in completion_unmet(enrolment=enrolment))

    failed = services.attempt_start(user=officer, quiz=post_test)
    failed = services.attempt_submit(attempt=failed, answers=correct_answers(failed, wrong=2))
    assert (failed.percent, failed.passed) == (Decimal("60.00"), False)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    passed = services.attempt_start(user=officer, quiz=post_test)
    assert passed.number == 2
    with django_capture_on_commit_callbacks(execute=True):
        passed = services.attempt_submit(attempt=passed, answers=correct_answers(passed))
    assert (passed.percent, passed.passed) == (Decimal("100.00"), True)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert post_test_scores(enrolment_ids=[enrolment.pk]) == {enrolment.pk: Decimal("100.00")}
    assert AuditEvent.objects.filter(action="quiz.attempt_grade").count() == 2


def test_submitting_twice_grades_once(people, post_test):
    officer = people["officer_a"]
    attempt = services.attempt_start(user=officer, quiz=post_test)
    first = services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    # A second tab sends other answers afterwards: nothing changes.
    second = services.attempt_submit(attempt=attempt, answers=correct_answers(attempt, wrong=5))
    assert first.graded_at == second.graded_at and second.percent == Decimal("100.00")
    assert AuditEvent.objects.filter(action="quiz.attempt_grade", target_id=str(attempt.pk)).count() == 1
    with pytest.raises(services.AttemptClosedError):
        services.attempt_save_answers(attempt=attempt, answers=correct_answers(attempt, wrong=5))


def test_attempt_limit_and_resume(people, bank, course):
    quiz = make_quiz(bank, course=course, max_attempts=1)
    officer = people["officer_a"]
    attempt = services.attempt_start(user=officer, quiz=quiz)
    assert (
        services.attempt_start(user=officer, quiz=quiz).pk == attempt.pk
    )  # resumes, does not use an attempt
    services.attempt_submit(attempt=attempt, answers={})
    with pytest.raises(services.QuizError, match="ครบ|all your attempts"):
        services.attempt_start(user=officer, quiz=quiz)
    assert Attempt.objects.filter(user=officer, quiz=quiz).count() == 1


def test_answers_after_the_deadline_do_not_count(people, bank, course):
    quiz = make_quiz(bank, course=course, time_limit_minutes=10)
    officer = people["officer_a"]
    attempt = services.attempt_start(user=officer, quiz=quiz)
    answers = correct_answers(attempt)
    first_two = dict(list(answers.items())[:2])
    services.attempt_save_answers(attempt=attempt, answers=first_two)
    _time_passes(attempt)
    with pytest.raises(services.AttemptClosedError):
        services.attempt_save_answers(attempt=attempt, answers=answers)
    graded = services.attempt_submit(attempt=attempt, answers=answers)  # a late submit with every answer
    assert graded.percent == Decimal("40.00")  # only the 2 saved by the deadline
    assert graded.passed is False


def test_an_answer_saved_late_by_a_slow_request_is_ignored_at_grading(people, bank, course):
    quiz = make_quiz(bank, course=course, time_limit_minutes=10)
    attempt = services.attempt_start(user=people["officer_a"], quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(attempt))
    _time_passes(attempt)
    # Three answers reached the database only after the deadline.
    late = list(correct_answers(attempt))[:3]
    AttemptAnswer.objects.filter(attempt=attempt, question_id__in=late).update(saved_at=timezone.now())
    graded = services.attempt_grade(attempt=attempt)
    assert graded.percent == Decimal("40.00")


def test_open_attempt_past_deadline_is_graded_when_the_officer_returns(people, bank, course):
    quiz = make_quiz(bank, course=course, time_limit_minutes=5)
    officer = people["officer_a"]
    attempt = services.attempt_start(user=officer, quiz=quiz)
    services.attempt_save_answers(attempt=attempt, answers=correct_answers(attempt))
    _time_passes(attempt)
    second = services.attempt_start(user=officer, quiz=quiz)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.passed is True
    assert second.number == 2


def test_grading_uses_the_snapshot_not_the_edited_bank(people, post_test, bank):
    attempt = services.attempt_start(user=people["officer_a"], quiz=post_test)
    answers = correct_answers(attempt)
    # The trainer then changes the answer key of every question.
    for question in bank.questions.all():
        question.choices.update(correct=False)
        question.choices.filter(sort_order=0).update(correct=True)
    graded = services.attempt_submit(attempt=attempt, answers=answers)
    assert graded.percent == Decimal("100.00")


def test_random_draw_per_category_and_shuffle_fix_the_questions(people, tree, course):
    bank = make_bank(tree["X"], questions=6, categories=("หมวด ก", "หมวด ข"))
    quiz = make_quiz(bank, course=course)
    quiz.draws.create(category=bank.categories.get(name="หมวด ก"), count=2)
    attempt = services.attempt_start(user=people["officer_a"], quiz=quiz)
    texts = [q["text"] for q in attempt.snapshot["questions"]]
    assert len(texts) == 8
    assert sum(1 for t in texts if t.startswith("หมวด ก")) == 2
    attempt.refresh_from_db()
    assert [q["text"] for q in attempt.snapshot["questions"]] == texts


def test_feedback_policy_after_pass_hides_review_until_passed(people, bank, course):
    quiz = make_quiz(bank, course=course, feedback_policy="after_pass")
    officer = people["officer_a"]
    failed = services.attempt_submit(attempt=services.attempt_start(user=officer, quiz=quiz), answers={})
    assert attempt_result(attempt=failed)["review"] is None
    attempt = services.attempt_start(user=officer, quiz=quiz)
    passed = services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    review = attempt_result(attempt=passed)["review"]
    assert len(review) == 5 and all(q["correct"] for q in review)
    assert review[0]["explanation"].startswith("คำอธิบาย")


def test_learning_gain_after_the_post_test(people, bank, course, post_test):
    officer = people["officer_a"]
    pre = make_quiz(bank, course=course, kind=QuizKind.PRE, title="แบบทดสอบก่อนเรียน", max_attempts=1)
    a = services.attempt_start(user=officer, quiz=pre)
    services.attempt_submit(attempt=a, answers=correct_answers(a, wrong=3))  # 40 %
    b = services.attempt_start(user=officer, quiz=post_test)
    b = services.attempt_submit(attempt=b, answers=correct_answers(b, wrong=1))  # 80 %
    gain = attempt_result(attempt=b)["gain"]
    assert gain == {"pre": Decimal("40.00"), "post": Decimal("80.00"), "gain": Decimal("40.00")}


def test_officer_outside_the_course_audience_cannot_start(people, bank, tree):
    from tests.courses.conftest import make_course

    course_x1 = make_course(tree["X1"], slug="x1-only")
    quiz = make_quiz(bank, course=course_x1)
    with pytest.raises(services.QuizAccessError):
        services.attempt_start(user=people["officer_y"], quiz=quiz)


def test_the_periodic_task_grades_attempts_whose_time_ran_out(people, bank, course):
    from quizzes.tasks import grade_expired_attempts_task

    quiz = make_quiz(bank, course=course, time_limit_minutes=10)
    expired = services.attempt_start(user=people["officer_a"], quiz=quiz)
    services.attempt_save_answers(attempt=expired, answers=correct_answers(expired))
    _time_passes(expired)
    running = services.attempt_start(user=people["officer_b"], quiz=quiz)
    assert grade_expired_attempts_task.delay().get() == 1
    expired.refresh_from_db()
    running.refresh_from_db()
    assert (expired.status, expired.percent) == (Attempt.Status.GRADED, Decimal("100.00"))
    assert running.is_open

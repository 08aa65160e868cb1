"""The completion requirements quizzes plug into courses (registered in apps.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from quizzes.models import Attempt, Quiz, QuizKind


def post_test_passed(enrolment) -> list[str]:
    """A course with a post-test completes only when this enrolment round passed it."""
    quiz = Quiz.objects.filter(course_id=enrolment.course_id, kind=QuizKind.POST).first()
    if quiz is None:
        return []
    if Attempt.objects.filter(quiz=quiz, enrolment=enrolment, passed=True).exists():
        return []
    return [
        _("Pass the post-test “%(quiz)s” with at least %(mark)s%%.")
        % {"quiz": quiz.title, "mark": f"{quiz.pass_mark_percent.normalize():f}"}
    ]


def required_lesson_quizzes_passed(enrolment, lesson) -> list[str]:
    """A lesson holding a quiz block marked required is done only when the quiz is passed."""
    quiz_ids = []
    for block in lesson.body:
        if block.block_type == "quiz" and block.value.get("required") and block.value.get("quiz"):
            quiz_ids.append(block.value["quiz"].pk)
    if not quiz_ids:
        return []
    passed = set(
        Attempt.objects.filter(enrolment=enrolment, quiz_id__in=quiz_ids, passed=True).values_list(
            "quiz_id", flat=True
        )
    )
    return [
        _("Pass the quiz “%(quiz)s” in this lesson.") % {"quiz": quiz.title}
        for quiz in Quiz.objects.filter(pk__in=[q for q in quiz_ids if q not in passed])
    ]

"""Officers' quiz pages (phone first): intro, attempt form, submission, result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import LessonPage
from quizzes import selectors, services
from quizzes.models import Attempt, Quiz
from quizzes.scoring import PARTIAL_CREDIT_RULE


def _lesson_from(request) -> LessonPage | None:
    raw = request.GET.get("lesson") or request.POST.get("lesson")
    if not raw or not str(raw).isdigit():
        return None
    return LessonPage.objects.live().filter(pk=int(raw)).first()


def _own_attempt(request, attempt_id: int) -> Attempt:
    # Another officer's attempt is a 404, not a 403: its existence is not disclosed.
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user)


@login_required
def quiz_intro(request, quiz_id: int):
    quiz = get_object_or_404(Quiz.objects.select_related("course", "bank"), pk=quiz_id)
    lesson = _lesson_from(request)
    if not services.can_take_quiz(user=request.user, quiz=quiz, lesson=lesson):
        raise Http404
    course = services.quiz_course(quiz=quiz, lesson=lesson)
    enrolment = None
    if course is not None:
        enrolment = course.enrolments.filter(user=request.user).order_by("-cycle").first()
    attempts = selectors.my_attempts(user=request.user, quiz=quiz, enrolment=enrolment)
    open_attempt = next((a for a in attempts if a.is_open), None)
    left = services.attempts_left(user=request.user, quiz=quiz, enrolment=enrolment)
    return render(request, "quizzes/intro.html", {
        "quiz": quiz, "lesson": lesson, "course": course, "attempts": attempts, "open_attempt": open_attempt,
        "attempts_left": left, "is_open": quiz.is_open(), "partial_credit_rule": PARTIAL_CREDIT_RULE,
        "question_count": _question_count(quiz), "passed": any(a.passed for a in attempts),
    })  # fmt: skip


def _question_count(quiz: Quiz) -> int:
    drawn = {d.category_id: d.count for d in quiz.draws.all()}
    total = quiz.bank.questions.exclude(category_id__in=list(drawn)).count()
    return total + sum(drawn.values())


@login_required
@require_POST
def quiz_start(request, quiz_id: int):
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    lesson = _lesson_from(request)
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz, lesson=lesson)
    except services.QuizAccessError as exc:
        raise Http404 from exc
    except services.QuizError as exc:
        messages.error(request, str(exc))
        url = quiz_intro_url(quiz, lesson)
        return redirect(url)
    return redirect("quizzes:attempt", attempt.pk)


def quiz_intro_url(quiz: Quiz, lesson: LessonPage | None) -> str:
    from django.urls import reverse

    url = reverse("quizzes:intro", args=[quiz.pk])
    return f"{url}?lesson={lesson.pk}" if lesson else url


@login_required
def attempt_page(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if not attempt.is_open:
        return redirect("quizzes:result", attempt.pk)
    if services.attempt_is_past_deadline(attempt=attempt):
        services.attempt_grade(attempt=attempt)
        return redirect("quizzes:result", attempt.pk)
    saved = selectors.attempt_saved_answers(attempt=attempt)
    questions = selectors.attempt_questions(attempt=attempt)
    for q in questions:
        chosen = set(saved.get(q["id"], []))
        for c in q["choices"]:
            c["checked"] = c["id"] in chosen
    return render(request, "quizzes/attempt.html", {
        "attempt": attempt, "quiz": attempt.quiz, "questions": questions,
        "answered": sum(1 for q in questions if saved.get(q["id"])), "server_now": timezone.now(),
        "pass_mark": attempt.snapshot["pass_mark"],
    })  # fmt: skip


def _form_answers(request, attempt: Attempt) -> dict[int, list[str]]:
    return {q["id"]: request.POST.getlist(f"q_{q['id']}") for q in attempt.snapshot["questions"]}


@login_required
@require_POST
def attempt_submit_view(request, attempt_id: int):
    """Without JavaScript the form posts here: "save" keeps the answers, anything else grades."""
    attempt = _own_attempt(request, attempt_id)
    answers = _form_answers(request, attempt)
    if request.POST.get("action") == "save":
        try:
            services.attempt_save_answers(attempt=attempt, answers=answers)
            messages.success(request, _("Your answers have been saved."))
        except services.AttemptClosedError as exc:
            messages.error(request, str(exc))
        return redirect("quizzes:attempt", attempt.pk)
    services.attempt_submit(attempt=attempt, answers=answers)
    return redirect("quizzes:result", attempt.pk)


@login_required
def attempt_result_view(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    if attempt.is_open:
        return redirect("quizzes:attempt", attempt.pk)
    context = selectors.attempt_result(attempt=attempt)
    quiz = attempt.quiz
    enrolment = attempt.enrolment
    context.update({
        "quiz": quiz, "attempts_left": services.attempts_left(user=request.user, quiz=quiz, enrolment=enrolment),
        "course": services.quiz_course(quiz=quiz, lesson=attempt.lesson), "enrolment": enrolment,
        "intro_url": quiz_intro_url(quiz, attempt.lesson), "policy": attempt.snapshot.get("feedback_policy"),
    })  # fmt: skip
    if enrolment is not None:
        enrolment.refresh_from_db()
    return render(request, "quizzes/result.html", context)


@login_required
def course_quizzes_view(request, course_id: int):
    """The pre-test and post-test of a course, with the officer's results (linkable from the course page)."""
    from courses.models import CoursePage
    from courses.services import can_take_course

    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not can_take_course(user=request.user, course=course):
        raise Http404
    return render(request, "quizzes/course_quizzes.html", {"course": course})

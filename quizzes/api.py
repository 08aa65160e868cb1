"""This app's operations of the /api/v1/ JSON API (wired in lms.api).

Questions go out without their answer key; grading happens on the server;
the result follows the quiz's feedback policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from courses.models import LessonPage
from quizzes import selectors, services
from quizzes.models import Attempt, Quiz

router = Router(tags=["quizzes"])


class ChoiceOut(Schema):
    id: int
    text: str


class QuestionOut(Schema):
    id: int
    kind: str
    text: str
    points: Decimal
    choices: list[ChoiceOut]


class AttemptOut(Schema):
    id: int
    quiz_id: int
    number: int
    status: str
    started_at: dt.datetime
    deadline_at: dt.datetime | None
    server_time: dt.datetime
    questions: list[QuestionOut]
    answers: dict[int, list[int]]


class AnswersIn(Schema):
    answers: dict[int, list[int]]


class SavedOut(Schema):
    saved: int
    saved_at: dt.datetime


class SubmitIn(Schema):
    answers: dict[int, list[int]] | None = None


class ReviewChoiceOut(Schema):
    id: int
    text: str
    selected: bool
    correct: bool
    feedback: str


class ReviewOut(Schema):
    question_id: int
    text: str
    points: Decimal
    earned: Decimal
    correct: bool
    explanation: str
    choices: list[ReviewChoiceOut]


class GainOut(Schema):
    pre: Decimal
    post: Decimal
    gain: Decimal


class ResultOut(Schema):
    id: int
    status: str
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool
    pass_mark: Decimal
    review: list[ReviewOut] | None = None
    learning_gain: GainOut | None = None


def _attempt_out(attempt: Attempt) -> dict:
    return {
        "id": attempt.pk, "quiz_id": attempt.quiz_id, "number": attempt.number, "status": attempt.status,
        "started_at": attempt.started_at, "deadline_at": attempt.deadline_at, "server_time": timezone.now(),
        "questions": selectors.attempt_questions(attempt=attempt),
        "answers": selectors.attempt_saved_answers(attempt=attempt),
    }  # fmt: skip


def _result_out(attempt: Attempt) -> dict:
    result = selectors.attempt_result(attempt=attempt)
    return {
        "id": attempt.pk, "status": attempt.status, "score": attempt.score, "max_score": attempt.max_score,
        "percent": attempt.percent, "passed": attempt.passed, "pass_mark": result["pass_mark"],
        "review": result["review"], "learning_gain": result["gain"],
    }  # fmt: skip


def _own_attempt(request, attempt_id: int) -> Attempt:
    return get_object_or_404(Attempt, pk=attempt_id, user=request.user)


@router.post("/quizzes/{quiz_id}/attempts", response={200: AttemptOut, 409: dict},
             summary=str(_("Start (or resume) an attempt; its questions come without answers")))  # fmt: skip
def start_attempt(request, quiz_id: int, lesson_id: int | None = None):
    """`lesson_id` (query): the lesson the quiz is taken from, for a quiz placed in a lesson."""
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    lesson = None
    if lesson_id:
        lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    try:
        attempt = services.attempt_start(user=request.user, quiz=quiz, lesson=lesson)
    except services.QuizAccessError as exc:
        raise HttpError(404, str(exc)) from exc
    except services.QuizError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, _attempt_out(attempt))


@router.put("/attempts/{attempt_id}/answers", response={200: SavedOut, 409: dict},
            summary=str(_("Save answers of an open attempt (replaces the choices of the questions sent)")))  # fmt: skip
def save_answers(request, attempt_id: int, payload: AnswersIn):
    attempt = _own_attempt(request, attempt_id)
    try:
        saved = services.attempt_save_answers(attempt=attempt, answers=payload.answers)
    except services.AttemptClosedError as exc:
        return Status(409, {"detail": str(exc)})
    return Status(200, {"saved": saved, "saved_at": timezone.now()})


@router.post("/attempts/{attempt_id}/submit", response=ResultOut,
             summary=str(_("Submit an attempt: graded once on the server; idempotent")))  # fmt: skip
def submit_attempt(request, attempt_id: int, payload: SubmitIn | None = None):
    attempt = _own_attempt(request, attempt_id)
    graded = services.attempt_submit(attempt=attempt, answers=payload.answers if payload else None)
    return _result_out(graded)

"""Reads for officers' quiz pages, trainers' statistics and HR dashboards."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import IntegerField, Max, Min, Q
from django.db.models.functions import Cast

from courses.models import Enrolment
from lms.access import agencies_for
from lms.models import Role
from quizzes import statistics
from quizzes.models import Attempt, AttemptAnswer, Question, QuestionBank, Quiz, QuizKind


def post_test_scores(*, enrolment_ids) -> dict[int, Decimal]:
    """Best graded post-test percent per enrolment (enrolments without one are left out). 1 query."""
    rows = (
        Attempt.objects.filter(
            enrolment_id__in=enrolment_ids, status=Attempt.Status.GRADED, quiz__kind=QuizKind.POST
        )
        .values("enrolment_id")
        .annotate(best=Max("percent"))
        .values_list("enrolment_id", "best")
    )
    return dict(rows)


def course_quizzes(*, course_id: int) -> dict[str, Quiz | None]:
    quizzes = {
        q.kind: q for q in Quiz.objects.filter(course_id=course_id, kind__in=[QuizKind.PRE, QuizKind.POST])
    }
    return {"pre": quizzes.get(QuizKind.PRE), "post": quizzes.get(QuizKind.POST)}


def my_attempts(*, user, quiz: Quiz, enrolment: Enrolment | None = None) -> list[Attempt]:
    attempts = Attempt.objects.filter(user=user, quiz=quiz)
    if enrolment is not None:
        attempts = attempts.filter(enrolment=enrolment)
    return list(attempts.order_by("number"))


def learning_gain_for(*, attempt: Attempt) -> dict | None:
    """For a graded post-test attempt: the same course round's first graded pre-test percent,
    the best post-test percent, and the gain (post minus pre). None without a pre-test.
    (An enrolment is one officer's round of one course, so its pre-test is the course's.)"""
    if attempt.enrolment_id is None or attempt.snapshot.get("kind") != QuizKind.POST:
        return None
    pre = (
        Attempt.objects.filter(enrolment_id=attempt.enrolment_id, quiz__kind=QuizKind.PRE,
                               status=Attempt.Status.GRADED)
        .order_by("number").values_list("percent", flat=True).first()
    )  # fmt: skip
    if pre is None:
        return None
    best_post = Attempt.objects.filter(
        enrolment_id=attempt.enrolment_id, quiz_id=attempt.quiz_id, status=Attempt.Status.GRADED
    ).aggregate(best=Max("percent"))["best"]
    return {"pre": pre, "post": best_post, "gain": best_post - pre}


# --- trainers ------------------------------------------------------------------------------------


def banks_for(user):
    return QuestionBank.objects.filter(owner_agency__in=agencies_for(user, Role.TRAINER))


def quizzes_for(user):
    return Quiz.objects.filter(owner_agency__in=agencies_for(user, Role.TRAINER))


def bank_questions_for_export(*, bank: QuestionBank):
    from quizzes.bank_io import ParsedQuestion

    for q in Question.objects.filter(bank=bank).select_related("category").prefetch_related("choices") \
            .order_by("category__name", "pk"):  # fmt: skip
        choices = list(q.choices.all())
        yield ParsedQuestion(
            category=q.category.name if q.category else "", kind=q.kind, text=q.text,
            choices=tuple(c.text for c in choices),
            correct=tuple(i for i, c in enumerate(choices, start=1) if c.correct),
            points=q.points, explanation=q.explanation, feedback=tuple(c.feedback for c in choices),
        )  # fmt: skip


def quiz_statistics(*, quiz: Quiz) -> dict:
    """Item analysis (facility, discrimination, answer distribution) over every graded
    attempt, with question and choice texts from the attempts' snapshots, and the
    score distribution. 2 queries plus one per 2,000 answers."""
    attempts = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.GRADED)
    percents = list(attempts.values_list("percent", flat=True))
    responses = AttemptAnswer.objects.filter(attempt__in=attempts).values_list(
        "attempt_id", "attempt__percent", "question_id", "correct", "choice_ids"
    )
    items = statistics.item_analysis(responses=responses.iterator(chunk_size=2000))
    texts: dict[int, dict] = {}
    latest = attempts.order_by("-graded_at").values_list("snapshot", flat=True)[:200]
    for snapshot in latest:
        for q in snapshot["questions"]:
            if q["id"] not in texts:
                texts[q["id"]] = {"text": q["text"], "choices": {c["id"]: c for c in q["choices"]}}
    rows = []
    for item in items:
        info = texts.get(item.question_id, {"text": f"#{item.question_id}", "choices": {}})
        rows.append({
            "item": item, "text": info["text"],
            "choices": [
                {"count": c, "text": info["choices"].get(c.choice_id, {}).get("text") if c.choice_id else None,
                 "correct": info["choices"].get(c.choice_id, {}).get("correct", False)}
                for c in item.choices
            ],
        })  # fmt: skip
    return {"items": rows, "summary": statistics.score_summary(percents=percents)}


def learning_gains_by_agency(*, course_id: int, user) -> statistics.LearningGainReport:
    """Per officer: first graded pre-test percent and best post-test percent of each
    course round, grouped by the officer's agency; only officers of agencies the
    trainer/HR user covers."""
    scope = agencies_for(user, Role.TRAINER) | agencies_for(user, Role.HR)
    graded = Attempt.objects.filter(
        quiz__course_id=course_id, status=Attempt.Status.GRADED, enrolment__isnull=False,
        user__agency__in=scope,
    )  # fmt: skip
    pre_first = dict(
        graded.filter(quiz__kind=QuizKind.PRE).values("enrolment_id").annotate(n=Min("number"))
        .values_list("enrolment_id", "n")
    )  # fmt: skip
    pre_rows = (
        graded.filter(quiz__kind=QuizKind.PRE)
        .filter(
            Q(*[Q(enrolment_id=e, number=n) for e, n in pre_first.items()], _connector=Q.OR)
            if pre_first
            else Q(pk=None)
        )
        .values_list("enrolment_id", "user__agency__name_th", "percent")
    )
    post_rows = (
        graded.filter(quiz__kind=QuizKind.POST).values("enrolment_id", "user__agency__name_th")
        .annotate(best=Max("percent")).values_list("enrolment_id", "user__agency__name_th", "best")
    )  # fmt: skip
    scores = [(e, agency, "pre", p) for e, agency, p in pre_rows]
    scores += [(e, agency, "post", p) for e, agency, p in post_rows]
    return statistics.learning_gains(scores=scores)


# --- officers ------------------------------------------------------------------------------------


def attempt_questions(*, attempt: Attempt) -> list[dict]:
    """The attempt's questions as the officer sees them while answering: texts and
    choices in the attempt's order, never which choice is correct."""
    return [
        {"id": q["id"], "kind": q["kind"], "text": q["text"], "points": Decimal(q["points"]),
         "choices": [{"id": c["id"], "text": c["text"]} for c in q["choices"]]}
        for q in attempt.snapshot["questions"]
    ]  # fmt: skip


def attempt_saved_answers(*, attempt: Attempt) -> dict[int, list[int]]:
    return dict(AttemptAnswer.objects.filter(attempt=attempt).values_list("question_id", "choice_ids"))


def review_allowed(*, attempt: Attempt) -> bool:
    """Whether the graded attempt may show answers and feedback, by the policy fixed at its start."""
    if attempt.is_open:
        return False
    policy = attempt.snapshot.get("feedback_policy", "after_attempt")
    return policy == "after_attempt" or (policy == "after_pass" and bool(attempt.passed))


def attempt_result(*, attempt: Attempt) -> dict:
    """The graded attempt's result; the per-question review only when the feedback policy allows it."""
    review = None
    if review_allowed(attempt=attempt):
        graded = {a.question_id: a for a in AttemptAnswer.objects.filter(attempt=attempt)}
        review = []
        for q in attempt.snapshot["questions"]:
            answer = graded.get(q["id"])
            selected = set(answer.choice_ids) if answer else set()
            review.append({
                "question_id": q["id"], "text": q["text"], "kind": q["kind"], "points": Decimal(q["points"]),
                "earned": answer.earned if answer and answer.earned is not None else Decimal(0),
                "correct": bool(answer and answer.correct), "explanation": q.get("explanation", ""),
                "choices": [{"id": c["id"], "text": c["text"], "selected": c["id"] in selected,
                             "correct": c["correct"], "feedback": c.get("feedback", "")} for c in q["choices"]],
            })  # fmt: skip
    return {
        "attempt": attempt,
        "pass_mark": Decimal(attempt.snapshot["pass_mark"]),
        "review": review,
        "gain": learning_gain_for(attempt=attempt) if not attempt.is_open else None,
    }


def course_tests_for(*, course_id: int, user) -> list[dict]:
    """The course's pre-test and post-test (in that order) with the officer's best graded
    percent and whether they passed, in their current round of the course."""
    quizzes = [q for q in course_quizzes(course_id=course_id).values() if q is not None]
    if not quizzes:
        return []
    best: dict[int, tuple] = {}
    if user is not None and user.is_authenticated:
        enrolment = Enrolment.objects.filter(user=user, course_id=course_id).order_by("-cycle").first()
        if enrolment is not None:
            rows = (
                Attempt.objects.filter(enrolment=enrolment, status=Attempt.Status.GRADED)
                .values("quiz_id").annotate(best=Max("percent"), passed=Max(Cast("passed", IntegerField())))
                .values_list("quiz_id", "best", "passed")
            )  # fmt: skip
            best = {quiz_id: (percent, passed) for quiz_id, percent, passed in rows}
    return [{"quiz": q, "best": best.get(q.pk, (None, None))[0], "passed": bool(best.get(q.pk, (None, None))[1])}
            for q in quizzes]  # fmt: skip

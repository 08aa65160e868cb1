"""Server-side grading of a quiz attempt and the order in which questions are shown.

Pure functions over frozen snapshots: no ORM, no request. The attempt keeps a
snapshot of its questions (points, choices, which are correct) so that editing
the question bank later never changes a grade already given.

Scoring rules
-------------
* ``single`` and ``true_false``: all or nothing. Full points only when exactly
  the one correct choice is selected; selecting more than one choice is wrong.
* ``multiple`` (more than one answer may be right): Moodle's "each wrong
  selection cancels a right one". With k correct choices, every correct choice
  selected earns points/k, every wrong choice selected takes points/k away, and
  the question never scores below zero. The question counts as *correct* only
  when every correct choice and no wrong choice is selected.
* Choice ids that are not in the question's snapshot are ignored, never
  trusted; answers to questions that are not in the attempt are ignored.
* Each question's earned points are rounded to 2 decimal places (ROUND_HALF_UP),
  the score is the sum of those rounded points (so the officer's answer sheet
  adds up), and percent = score / max score x 100 rounded the same way.
  ``passed`` compares that rounded percent, the number the officer sees, with
  the pass mark: percent >= pass mark.
"""

from __future__ import annotations

import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

QuestionKind = Literal["single", "multiple", "true_false"]
QUESTION_KINDS: tuple[str, ...] = ("single", "multiple", "true_false")

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)

# Shown on the quiz page before the officer starts, so the partial-credit rule is no surprise.
PARTIAL_CREDIT_RULE = _(
    "Questions with more than one correct answer give part of the points: each correct choice you "
    "select earns an equal share of the question's points, each wrong choice you select takes one "
    "share away, and a question never scores below zero. Single-answer and true/false questions give "
    "full points only when you select the one correct answer; selecting more than one counts as wrong."
)


@dataclass(frozen=True, slots=True)
class ChoiceSnapshot:
    id: Hashable
    correct: bool


@dataclass(frozen=True, slots=True)
class QuestionSnapshot:
    """A question as it was when the attempt started.

    Raises ValueError when the snapshot cannot be graded: unknown kind,
    points not positive, no correct choice, or more than one correct choice
    for a single/true-false question.
    """

    id: Hashable
    kind: QuestionKind
    points: Decimal
    choices: Sequence[ChoiceSnapshot] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.kind not in QUESTION_KINDS:
            raise ValueError(f"question {self.id!r}: unknown kind {self.kind!r}")
        if not isinstance(self.points, Decimal) or not self.points.is_finite() or self.points <= 0:
            raise ValueError(f"question {self.id!r}: points must be a positive Decimal, got {self.points!r}")
        n_correct = sum(1 for choice in self.choices if choice.correct)
        if n_correct == 0:
            raise ValueError(f"question {self.id!r}: no correct choice")
        if self.kind != "multiple" and n_correct != 1:
            raise ValueError(f"question {self.id!r}: a {self.kind} question needs exactly one correct choice")


@dataclass(frozen=True, slots=True)
class QuestionGrade:
    question_id: Hashable
    earned: Decimal
    max: Decimal
    correct: bool


@dataclass(frozen=True, slots=True)
class AttemptGrade:
    score: Decimal
    max_score: Decimal
    percent: Decimal
    passed: bool
    per_question: list[QuestionGrade]


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _grade_question(question: QuestionSnapshot, selected: Iterable[Hashable]) -> QuestionGrade:
    known = {choice.id: choice.correct for choice in question.choices}
    chosen = {choice_id for choice_id in selected if choice_id in known}
    right = sum(1 for choice_id in chosen if known[choice_id])
    wrong = len(chosen) - right

    if question.kind == "multiple":
        k = sum(1 for is_correct in known.values() if is_correct)
        net = max(right - wrong, 0)
        earned = _round(question.points * net / k)
        correct = wrong == 0 and right == k
    else:
        correct = len(chosen) == 1 and right == 1
        earned = question.points if correct else Decimal(0)
    return QuestionGrade(question_id=question.id, earned=earned, max=question.points, correct=correct)


def grade_attempt(
    *,
    questions: Sequence[QuestionSnapshot],
    answers: Mapping[Hashable, Iterable[Hashable]],
    pass_mark_percent: Decimal | int,
) -> AttemptGrade:
    """Grade one attempt by the rules in the module docstring.

    ``answers`` maps a question id to the set of choice ids the officer
    selected; a question missing from it was left unanswered. Ids are compared
    with ``==``: convert ids from a form (strings) to the snapshot's id type
    first, or they are ignored as unknown. ``per_question`` follows the order
    of ``questions``. Raises ValueError for an attempt without questions.
    """
    if not questions:
        raise ValueError("an attempt without questions cannot be graded")
    per_question = [_grade_question(question, answers.get(question.id, ())) for question in questions]
    score = sum((grade.earned for grade in per_question), Decimal(0))
    max_score = sum((question.points for question in questions), Decimal(0))
    percent = _round(score * HUNDRED / max_score)
    return AttemptGrade(
        score=score,
        max_score=max_score,
        percent=percent,
        passed=percent >= Decimal(pass_mark_percent),
        per_question=per_question,
    )


class ShufflePlanError(ValueError):
    """The quiz asks for more questions from a category than the category holds."""

    def __init__(self, *, category: str, available: int, requested: int) -> None:
        self.category = category
        self.available = available
        self.requested = requested
        super().__init__(
            gettext(
                "Category “%(category)s” has %(available)d questions, but the quiz draws %(requested)d "
                "from it."
            )
            % {"category": category, "available": available, "requested": requested}
        )


def shuffle_plan(
    *,
    question_ids_by_category: Mapping[str, Sequence[Hashable]],
    draw_per_category: Mapping[str, int] | None,
    shuffle_questions: bool,
    choices_by_question: Mapping[Hashable, Sequence[Hashable]],
    shuffle_choices: bool,
    seed: int,
    keep_choice_order: Iterable[Hashable] = (),
) -> list[tuple[Hashable, list[Hashable]]]:
    """Which questions an attempt shows, in which order, with their choices in which order.

    Guarantees:
    * The same inputs (in the same order) and seed give the same plan, so an
      attempt stores only its seed and can be shown again identically.
    * ``draw_per_category[c]`` questions are drawn at random from category c;
      a category missing from ``draw_per_category`` (or all of them when it is
      None) contributes every question. Asking for more than a category holds
      (including a category with no questions) raises ShufflePlanError.
    * Without ``shuffle_questions`` the questions keep the given order
      (categories in mapping order, drawn questions in their bank order).
    * Choices of a question are shuffled from their own seed derived from
      ``seed`` and the question id, so a question's choice order does not
      depend on which other questions were drawn. Questions in
      ``keep_choice_order`` (e.g. true/false) keep their choice order.
    * Raises ValueError when a drawn question has no entry in ``choices_by_question``.
    """
    rng = random.Random(seed)  # noqa: S311 - a reproducible order from a stored seed, not a secret
    draws = dict(draw_per_category or {})
    for category, count in draws.items():
        if count < 0:
            raise ValueError(f"category {category!r}: cannot draw a negative number of questions")
        available = len(question_ids_by_category.get(category, ()))
        if count > available:
            raise ShufflePlanError(category=category, available=available, requested=count)

    chosen: list[Hashable] = []
    for category, question_ids in question_ids_by_category.items():
        ids = list(question_ids)
        if category in draws:
            picked = set(rng.sample(range(len(ids)), draws[category]))
            ids = [question_id for index, question_id in enumerate(ids) if index in picked]
        chosen.extend(ids)
    if shuffle_questions:
        rng.shuffle(chosen)

    fixed = set(keep_choice_order)
    plan: list[tuple[Hashable, list[Hashable]]] = []
    for question_id in chosen:
        if question_id not in choices_by_question:
            raise ValueError(f"question {question_id!r} has no choices in choices_by_question")
        choice_ids = list(choices_by_question[question_id])
        if shuffle_choices and question_id not in fixed:
            random.Random(f"{seed}:{question_id!r}").shuffle(choice_ids)  # noqa: S311
        plan.append((question_id, choice_ids))
    return plan

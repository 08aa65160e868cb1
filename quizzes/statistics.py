"""Classical item analysis and score summaries for quizzes.

Pure functions over plain rows. Every input record is a NamedTuple, so a
selector can pass tuples straight from ``values_list`` (in the field order of
the record) without loading model instances; the functions only unpack rows
positionally.

Which attempts to feed (first attempts only, every graded attempt, one
agency…) is the caller's choice; these functions describe what they are given.

Definitions
-----------
* Facility index of a question: share of the attempts that answered it
  fully correctly (0–1). Partly right multiple-answer questions count as not
  correct.
* Discrimination index (Kelley): share correct in the upper 27 % of attempts
  by total percent minus share correct in the lower 27 %, from -1 to 1. It is
  computed per question over the attempts that were shown that question (a
  quiz that draws questions at random shows each to a different group).
  Group size g = round(0.27 x n), half up. Ties: when the cut falls inside a
  run of equal totals, every tied attempt belongs to the group with the same
  fractional weight (the free places divided by the number tied), so the
  result never depends on row order. With fewer than
  ``MIN_ATTEMPTS_FOR_DISCRIMINATION`` attempts the index is None: with so few
  people one answer swings it too far to mean anything.
* Answer distribution: for each choice, how many attempts selected it and
  which share of the attempts that were shown the question that is (for
  multiple-answer questions the shares add up to more than 1), plus a
  "no answer" entry (``choice_id=None``) for attempts that selected nothing.
* Score distribution: ten bins by percent, 0–9, 10–19, …, 80–89, 90–100 (a
  bin holds its lower bound up to, not including, the next one; 100 falls in
  the last bin).
* Standard deviation is the sample standard deviation (n - 1), as Moodle's
  quiz statistics report it; None for fewer than 2 attempts.
* Learning gain of an officer: post-test percent minus pre-test percent.
  Officers with only one of the two are counted but left out of the gains.
"""

from __future__ import annotations

import statistics as pystats
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

MIN_ATTEMPTS_FOR_DISCRIMINATION = 10
GROUP_SHARE = Decimal("0.27")
TWO_PLACES = Decimal("0.01")
NO_ANSWER = None


# --- inputs -------------------------------------------------------------------------------------


class ItemResponse(NamedTuple):
    """One question of one graded attempt.

    e.g. ``AttemptAnswer.objects.values_list("attempt_id", "attempt__percent",
    "question_id", "correct", "choice_ids")``. ``choice_ids`` empty means no answer.
    """

    attempt_id: Hashable
    attempt_percent: Decimal | float
    question_id: Hashable
    correct: bool
    choice_ids: Iterable[Hashable]


class OfficerScore(NamedTuple):
    """The pre- or post-test percent of one officer; one row per officer and phase."""

    officer_id: Hashable
    group: Hashable
    phase: Literal["pre", "post"]
    percent: Decimal | float


# --- outputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChoiceCount:
    choice_id: Hashable | None  # None: the attempt selected nothing
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class ItemStatistics:
    question_id: Hashable
    attempts: int
    facility: float | None
    discrimination: float | None
    choices: list[ChoiceCount]  # choices in the given order, then "no answer" last


@dataclass(frozen=True, slots=True)
class ScoreBin:
    lower: int
    upper: int  # inclusive as the label shows it: 0–9 … 90–100
    count: int
    share: float

    @property
    def label(self) -> str:
        return f"{self.lower}–{self.upper}"


@dataclass(frozen=True, slots=True)
class ScoreSummary:
    attempts: int
    mean: float | None
    median: float | None
    standard_deviation: float | None
    bins: list[ScoreBin]


@dataclass(frozen=True, slots=True)
class OfficerGain:
    officer_id: Hashable
    group: Hashable
    pre_percent: Decimal
    post_percent: Decimal
    gain: Decimal


@dataclass(frozen=True, slots=True)
class GroupGain:
    group: Hashable
    officers: int  # officers with both tests
    mean_pre: Decimal | None
    mean_post: Decimal | None
    mean_gain: Decimal | None
    without_pre: int
    without_post: int


@dataclass(frozen=True, slots=True)
class LearningGainReport:
    per_officer: list[OfficerGain]
    per_group: list[GroupGain]
    overall: GroupGain  # group is None


# --- item analysis ------------------------------------------------------------------------------


def _group_size(n: int) -> int:
    return int((GROUP_SHARE * n).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _group_weights(ordered_totals: Sequence[float], g: int) -> list[float]:
    """Weights (0–1) of attempts, sorted by total, for a group of the first g places.

    Attempts tied with the one in place g share the remaining places equally.
    """
    weights = [0.0] * len(ordered_totals)
    if g == 0:
        return weights
    boundary = ordered_totals[g - 1]
    above = [i for i, total in enumerate(ordered_totals) if total != boundary and i < g]
    tied = [i for i, total in enumerate(ordered_totals) if total == boundary]
    for i in above:
        weights[i] = 1.0
    for i in tied:
        weights[i] = (g - len(above)) / len(tied)
    return weights


def _discrimination(rows: Sequence[tuple[float, bool]]) -> float | None:
    n = len(rows)
    if n < MIN_ATTEMPTS_FOR_DISCRIMINATION:
        return None
    g = _group_size(n)
    descending = sorted(rows, key=lambda row: row[0], reverse=True)
    ascending = descending[::-1]
    upper_weights = _group_weights([total for total, _ in descending], g)
    lower_weights = _group_weights([total for total, _ in ascending], g)
    p_upper = sum(w for w, (_, ok) in zip(upper_weights, descending, strict=True) if ok) / g
    p_lower = sum(w for w, (_, ok) in zip(lower_weights, ascending, strict=True) if ok) / g
    return p_upper - p_lower


def item_analysis(
    *,
    responses: Iterable[ItemResponse | tuple],
    choices_by_question: Mapping[Hashable, Sequence[Hashable]] | None = None,
) -> list[ItemStatistics]:
    """Facility, discrimination and answer distribution for every question.

    Questions come in the order of ``choices_by_question`` (which also lists
    the choices nobody picked, with count 0), then any other question in the
    order first met in ``responses``. A question listed but never answered
    has attempts=0 and facility None. Choice ids met in responses but not
    listed (a choice removed later) follow the listed ones in first-met order.
    Raises ValueError when the same attempt answers the same question twice.
    """
    listed = choices_by_question or {}
    order: dict[Hashable, None] = dict.fromkeys(listed)
    per_question: dict[Hashable, list[tuple[float, bool]]] = {}
    counts: dict[Hashable, dict[Hashable, int]] = {}
    no_answer: dict[Hashable, int] = {}
    seen: set[tuple[Hashable, Hashable]] = set()

    for attempt_id, attempt_percent, question_id, correct, choice_ids in responses:
        if (attempt_id, question_id) in seen:
            raise ValueError(f"attempt {attempt_id!r} answers question {question_id!r} twice")
        seen.add((attempt_id, question_id))
        order.setdefault(question_id, None)
        per_question.setdefault(question_id, []).append((float(attempt_percent), bool(correct)))
        question_counts = counts.setdefault(question_id, dict.fromkeys(listed.get(question_id, ()), 0))
        selected = set(choice_ids)
        if not selected:
            no_answer[question_id] = no_answer.get(question_id, 0) + 1
        for choice_id in selected:
            question_counts[choice_id] = question_counts.get(choice_id, 0) + 1

    result = []
    for question_id in order:
        rows = per_question.get(question_id, [])
        n = len(rows)
        question_counts = counts.get(question_id, dict.fromkeys(listed.get(question_id, ()), 0))
        choices = [
            ChoiceCount(choice_id=choice_id, count=count, share=count / n if n else 0.0)
            for choice_id, count in question_counts.items()
        ]
        blank = no_answer.get(question_id, 0)
        choices.append(ChoiceCount(choice_id=NO_ANSWER, count=blank, share=blank / n if n else 0.0))
        result.append(
            ItemStatistics(
                question_id=question_id,
                attempts=n,
                facility=sum(1 for _, ok in rows if ok) / n if n else None,
                discrimination=_discrimination(rows),
                choices=choices,
            )
        )
    return result


# --- score summary ------------------------------------------------------------------------------


def score_summary(*, percents: Iterable[Decimal | float]) -> ScoreSummary:
    """Mean, median, sample standard deviation and ten-bin distribution of attempt percents.

    Percents must lie in 0–100 (ValueError otherwise). With no attempts every
    figure is None and every bin is 0.
    """
    values = [float(p) for p in percents]
    for value in values:
        if not 0 <= value <= 100:
            raise ValueError(f"percent out of range 0–100: {value}")
    n = len(values)
    bin_counts = [0] * 10
    for value in values:
        bin_counts[min(int(value // 10), 9)] += 1
    bins = [
        ScoreBin(
            lower=i * 10,
            upper=100 if i == 9 else i * 10 + 9,
            count=count,
            share=count / n if n else 0.0,
        )
        for i, count in enumerate(bin_counts)
    ]
    return ScoreSummary(
        attempts=n,
        mean=pystats.fmean(values) if n else None,
        median=pystats.median(values) if n else None,
        standard_deviation=pystats.stdev(values) if n >= 2 else None,
        bins=bins,
    )


# --- learning gain ------------------------------------------------------------------------------


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _group_gain(
    group: Hashable, gains: Sequence[OfficerGain], without_pre: int, without_post: int
) -> GroupGain:
    return GroupGain(
        group=group,
        officers=len(gains),
        mean_pre=_mean([g.pre_percent for g in gains]),
        mean_post=_mean([g.post_percent for g in gains]),
        mean_gain=_mean([g.gain for g in gains]),
        without_pre=without_pre,
        without_post=without_post,
    )


def learning_gains(*, scores: Iterable[OfficerScore | tuple]) -> LearningGainReport:
    """Post-test minus pre-test percent per officer, averaged per group and overall.

    The caller picks one pre-test and one post-test result per officer (e.g.
    the first pre-test attempt and the best post-test attempt); a second row
    for the same officer and phase raises ValueError. An officer's group is
    taken from the pre-test row (the post-test row when only that exists).
    Officers and groups keep the order first met. Means are rounded to 2
    places, half up; the per-officer gain is exact.
    """
    pre: dict[Hashable, Decimal] = {}
    post: dict[Hashable, Decimal] = {}
    group_of: dict[Hashable, Hashable] = {}
    for officer_id, group, phase, percent in scores:
        if phase not in ("pre", "post"):
            raise ValueError(f"officer {officer_id!r}: phase must be 'pre' or 'post', got {phase!r}")
        target = pre if phase == "pre" else post
        if officer_id in target:
            raise ValueError(f"officer {officer_id!r} has more than one {phase}-test result")
        target[officer_id] = Decimal(str(percent)) if isinstance(percent, float) else Decimal(percent)
        if phase == "pre" or officer_id not in group_of:
            group_of[officer_id] = group

    per_officer: list[OfficerGain] = []
    by_group: dict[Hashable, list[OfficerGain]] = {}
    missing: dict[Hashable, list[int]] = {}  # group -> [without_pre, without_post]
    for officer_id, group in group_of.items():
        by_group.setdefault(group, [])
        missing.setdefault(group, [0, 0])
        if officer_id not in pre:
            missing[group][0] += 1
        elif officer_id not in post:
            missing[group][1] += 1
        else:
            gain = OfficerGain(
                officer_id=officer_id,
                group=group,
                pre_percent=pre[officer_id],
                post_percent=post[officer_id],
                gain=post[officer_id] - pre[officer_id],
            )
            per_officer.append(gain)
            by_group[group].append(gain)

    per_group = [_group_gain(group, gains, *missing[group]) for group, gains in by_group.items()]
    overall = _group_gain(
        None,
        per_officer,
        sum(m[0] for m in missing.values()),
        sum(m[1] for m in missing.values()),
    )
    return LearningGainReport(per_officer=per_officer, per_group=per_group, overall=overall)

"""Server-side grading and question order of quiz attempts (no database)."""

from decimal import Decimal

import pytest
from django.utils import translation

from quizzes.scoring import (
    PARTIAL_CREDIT_RULE,
    ChoiceSnapshot,
    QuestionSnapshot,
    ShufflePlanError,
    grade_attempt,
    shuffle_plan,
)


@pytest.fixture(autouse=True)
def thai():
    with translation.override("th"):
        if translation.gettext("Question bank") != "คลังข้อสอบ":
            pytest.fail("Thai catalogue of quizzes is not compiled: run `manage.py compilemessages -l th`")
        yield


def question(qid, kind, points, correct_ids, wrong_ids):
    choices = [ChoiceSnapshot(id=c, correct=True) for c in correct_ids]
    choices += [ChoiceSnapshot(id=c, correct=False) for c in wrong_ids]
    return QuestionSnapshot(id=qid, kind=kind, points=Decimal(points), choices=choices)


# A multiple-answer question worth 3 points: choices 1, 2, 3 are right; 4 and 5 are wrong.
MULTI = question("m", "multiple", "3", [1, 2, 3], [4, 5])
SINGLE = question("s", "single", "1", [10], [11, 12, 13])
TRUE_FALSE = question("tf", "true_false", "1", [20], [21])


def grade_one(q, selected, pass_mark=50):
    return grade_attempt(questions=[q], answers={q.id: set(selected)}, pass_mark_percent=pass_mark)


@pytest.mark.parametrize(
    ("selected", "earned", "correct"),
    [
        ({1, 2, 3}, "3.00", True),
        ({1, 2}, "2.00", False),
        ({1, 2, 3, 4}, "2.00", False),  # one wrong selection cancels one right one
        ({1, 2, 3, 4, 5}, "1.00", False),
        ({1, 4, 5}, "0.00", False),  # never below zero
        ({4}, "0.00", False),
        (set(), "0.00", False),
    ],
)
def test_multiple_answer_partial_credit(selected, earned, correct):
    grade = grade_one(MULTI, selected)

    assert grade.per_question[0].earned == Decimal(earned)
    assert grade.per_question[0].max == Decimal(3)
    assert grade.per_question[0].correct is correct
    assert grade.score == Decimal(earned)


@pytest.mark.parametrize(
    ("q", "selected", "earned", "correct"),
    [
        (SINGLE, {10}, 1, True),
        (SINGLE, {11}, 0, False),
        (SINGLE, {10, 11}, 0, False),  # more than one choice on a single question is wrong
        (SINGLE, set(), 0, False),
        (TRUE_FALSE, {20}, 1, True),
        (TRUE_FALSE, {21}, 0, False),
        (TRUE_FALSE, {20, 21}, 0, False),
    ],
)
def test_single_and_true_false_are_all_or_nothing(q, selected, earned, correct):
    grade = grade_one(q, selected)

    assert grade.per_question[0].earned == earned
    assert grade.per_question[0].correct is correct


def test_unanswered_questions_score_zero_and_unknown_questions_are_ignored():
    grade = grade_attempt(
        questions=[SINGLE, TRUE_FALSE],
        answers={"s": {10}, "not-in-quiz": {99}},
        pass_mark_percent=60,
    )

    assert [(g.question_id, g.earned) for g in grade.per_question] == [("s", 1), ("tf", 0)]
    assert grade.score == 1
    assert grade.max_score == 2
    assert grade.percent == Decimal("50.00")
    assert grade.passed is False


def test_choice_ids_not_in_the_snapshot_are_ignored_not_trusted():
    # A forged id neither earns nor costs points, and does not turn a single answer into two.
    assert grade_one(SINGLE, {10, 999}).per_question[0].correct is True
    assert grade_one(MULTI, {1, 2, 3, 999}).per_question[0].earned == Decimal("3.00")
    # Another question's correct choice is unknown here, too.
    assert grade_one(SINGLE, {20}).per_question[0].earned == 0
    # Ids must have the snapshot's type: the string "10" from a form is not choice 10.
    assert grade_one(SINGLE, {"10"}).per_question[0].earned == 0


def test_earned_points_round_half_up_to_two_places():
    one_point = question("q", "multiple", "1", [1, 2, 3], [4])

    assert grade_one(one_point, {1}).per_question[0].earned == Decimal("0.33")
    assert grade_one(one_point, {1, 2}).per_question[0].earned == Decimal("0.67")


def test_percent_rounds_half_up_not_to_even():
    # 1 of 32 points is 3.125 %: half up gives 3.13, banker's rounding would give 3.12.
    small = question("a", "single", "1", [1], [2])
    big = question("b", "single", "31", [3], [4])

    grade = grade_attempt(questions=[small, big], answers={"a": {1}}, pass_mark_percent=50)

    assert grade.percent == Decimal("3.13")


def test_score_adds_up_the_rounded_points_the_officer_sees():
    thirds = [question(f"q{i}", "multiple", "1", [1, 2, 3], [4]) for i in range(3)]

    grade = grade_attempt(questions=thirds, answers={q.id: {1} for q in thirds}, pass_mark_percent=10)

    assert [g.earned for g in grade.per_question] == [Decimal("0.33")] * 3
    assert grade.score == Decimal("0.99")
    assert grade.percent == Decimal("33.00")


@pytest.mark.parametrize(
    ("right", "pass_mark", "passed"), [(3, 75, True), (3, "75.01", False), (2, 75, False)]
)
def test_pass_at_exactly_the_pass_mark(right, pass_mark, passed):
    questions = [question(f"q{i}", "single", "1", [1], [2]) for i in range(4)]
    answers = {q.id: {1} for q in questions[:right]}

    grade = grade_attempt(questions=questions, answers=answers, pass_mark_percent=Decimal(pass_mark))

    assert grade.passed is passed


def test_pass_compares_the_percent_shown_to_the_officer():
    questions = [question(f"q{i}", "single", "1", [1], [2]) for i in range(3)]

    grade = grade_attempt(
        questions=questions, answers={"q0": {1}, "q1": {1}}, pass_mark_percent=Decimal("66.67")
    )

    assert grade.percent == Decimal("66.67")
    assert grade.passed is True


@pytest.mark.parametrize(
    ("kind", "points", "correct_ids"),
    [
        ("single", "1", [1, 2]),
        ("true_false", "1", []),
        ("multiple", "1", []),
        ("single", "0", [1]),
        ("essay", "1", [1]),
    ],
)
def test_snapshots_that_cannot_be_graded_are_refused(kind, points, correct_ids):
    with pytest.raises(ValueError, match="question"):
        question("q", kind, points, correct_ids, [9])


def test_an_attempt_without_questions_is_refused():
    with pytest.raises(ValueError, match="without questions"):
        grade_attempt(questions=[], answers={}, pass_mark_percent=50)


def test_partial_credit_rule_is_explained_in_thai():
    assert "ไม่ติดลบ" in str(PARTIAL_CREDIT_RULE)
    with translation.override("en"):
        assert "never scores below zero" in str(PARTIAL_CREDIT_RULE)


# --- shuffle_plan ----------------------------------------------------------------------------------

BANK = {
    "gifts": [f"g{i}" for i in range(10)],
    "conflict": [f"c{i}" for i in range(5)],
    "whistle": ["w0", "w1"],
}
CHOICES = {qid: [f"{qid}-{n}" for n in range(4)] for ids in BANK.values() for qid in ids}


def plan(seed, draw=None, shuffle_questions=True, shuffle_choices=True, **kwargs):
    return shuffle_plan(
        question_ids_by_category=kwargs.pop("bank", BANK),
        draw_per_category=draw,
        shuffle_questions=shuffle_questions,
        choices_by_question=CHOICES,
        shuffle_choices=shuffle_choices,
        seed=seed,
        **kwargs,
    )


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    draw = {"gifts": 3, "conflict": 2}

    assert plan(42, draw) == plan(42, draw)
    assert plan(42, draw) != plan(43, draw)


def test_draws_the_asked_number_from_each_category_and_all_of_the_others():
    result = plan(7, {"gifts": 3, "conflict": 2})
    ids = [qid for qid, _ in result]

    assert len(ids) == len(set(ids)) == 7
    assert sum(qid.startswith("g") for qid in ids) == 3
    assert sum(qid.startswith("c") for qid in ids) == 2
    assert {"w0", "w1"} <= set(ids)  # not in draw_per_category: every question


def test_draws_are_random_across_seeds():
    seen = set()
    for seed in range(200):
        seen.update(qid for qid, _ in plan(seed, {"gifts": 2}))

    assert set(BANK["gifts"]) <= seen


def test_without_shuffling_the_bank_order_is_kept():
    result = plan(5, {"gifts": 4}, shuffle_questions=False, shuffle_choices=False)
    ids = [qid for qid, _ in result]

    gifts = [qid for qid in ids if qid.startswith("g")]
    assert gifts == sorted(gifts, key=lambda qid: int(qid[1:]))
    assert ids[4:] == BANK["conflict"] + BANK["whistle"]
    assert all(choices == CHOICES[qid] for qid, choices in result)


def test_shuffled_questions_and_choices_are_permutations():
    result = plan(11)

    assert sorted(qid for qid, _ in result) == sorted(CHOICES)
    assert [qid for qid, _ in result] != [qid for ids in BANK.values() for qid in ids]
    assert all(sorted(choices) == CHOICES[qid] for qid, choices in result)
    assert any(choices != CHOICES[qid] for qid, choices in result)


def test_choice_order_of_a_question_does_not_depend_on_the_other_questions_drawn():
    everything = dict(plan(3))
    fewer = dict(plan(3, {"gifts": 1, "conflict": 1}))

    assert fewer["w0"] == everything["w0"]


def test_true_false_questions_can_keep_their_choice_order():
    result = dict(plan(9, keep_choice_order={"w0", "w1"}))

    assert result["w0"] == CHOICES["w0"]
    assert result["w1"] == CHOICES["w1"]


@pytest.mark.parametrize(
    ("draw", "category", "available"),
    [({"whistle": 3}, "whistle", 2), ({"missing": 1}, "missing", 0)],
)
def test_asking_for_more_questions_than_a_category_holds_says_so_in_thai(draw, category, available):
    with pytest.raises(ShufflePlanError) as caught:
        plan(1, draw)

    assert (caught.value.category, caught.value.available, caught.value.requested) == (
        category,
        available,
        draw[category],
    )
    assert str(caught.value) == (
        f"หมวด “{category}” มีข้อสอบ {available} ข้อ แต่แบบทดสอบกำหนดให้สุ่มจากหมวดนี้ {draw[category]} ข้อ"
    )


def test_a_drawn_question_without_choices_is_refused():
    with pytest.raises(ValueError, match="no choices"):
        plan(1, bank={"extra": ["x1"]})

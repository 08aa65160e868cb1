"""Item analysis, score summaries and learning gain (no database).

Every expected value below was worked out by hand from the small data sets.
"""

import math
import random
from decimal import Decimal

import pytest

from quizzes.statistics import (
    ChoiceCount,
    ItemResponse,
    OfficerScore,
    item_analysis,
    learning_gains,
    score_summary,
)

# Ten attempts with distinct totals. Question Q1: choice "a" is right.
# total  answer   correct
#   95    a        yes   <- upper 27 %: round(2.7) = 3 attempts: 95, 90, 85
#   90    a        yes
#   85    b        no
#   80    a        yes
#   70    a        yes
#   60    c        no
#   50    a        yes
#   40    (none)   no    <- lower 27 %: 40, 30, 20
#   30    a        yes
#   20    b        no
Q1_ROWS = [
    (95, "a"),
    (90, "a"),
    (85, "b"),
    (80, "a"),
    (70, "a"),
    (60, "c"),
    (50, "a"),
    (40, None),
    (30, "a"),
    (20, "b"),
]


def q1_responses():
    return [
        # plain tuples, as values_list gives them
        (f"att{total}", Decimal(total), "Q1", choice == "a", [choice] if choice else [])
        for total, choice in Q1_ROWS
    ]


def test_facility_discrimination_and_answer_distribution():
    [item] = item_analysis(responses=q1_responses(), choices_by_question={"Q1": ["a", "b", "c", "d"]})

    assert item.question_id == "Q1"
    assert item.attempts == 10
    assert item.facility == pytest.approx(0.6)  # 6 of 10 right
    # upper group 2 of 3 right, lower group 1 of 3 right
    assert item.discrimination == pytest.approx(2 / 3 - 1 / 3)
    assert item.choices == [
        ChoiceCount("a", 6, pytest.approx(0.6)),
        ChoiceCount("b", 2, pytest.approx(0.2)),
        ChoiceCount("c", 1, pytest.approx(0.1)),
        ChoiceCount("d", 0, 0.0),  # listed but never chosen
        ChoiceCount(None, 1, pytest.approx(0.1)),  # no answer
    ]


def test_ties_at_the_cut_share_the_places_whatever_the_row_order():
    # totals:  90  80  70  70  70  60  50  40  30  30   (g = 3)
    # correct: yes no  yes yes no  yes yes yes no  no
    # Upper: 90 and 80 in full; the three 70s share the last place, 1/3 each:
    #   p_upper = (1 + 0 + 1/3 + 1/3 + 0) / 3 = 5/9
    # Lower: 30, 30, 40 in full: p_lower = (0 + 0 + 1) / 3 = 1/3
    rows = [(90, True), (80, False), (70, True), (70, True), (70, False), (60, True), (50, True)]
    rows += [(40, True), (30, False), (30, False)]
    responses = [
        ItemResponse(f"a{i}", total, "Q2", ok, ["x"] if ok else ["y"]) for i, (total, ok) in enumerate(rows)
    ]
    expected = 5 / 9 - 1 / 3

    for seed in range(5):
        random.Random(seed).shuffle(responses)
        [item] = item_analysis(responses=responses)
        assert item.discrimination == pytest.approx(expected)


def test_everyone_with_the_same_total_gives_zero_discrimination():
    responses = [ItemResponse(f"a{i}", 50, "Q", i % 2 == 0, ["x"]) for i in range(12)]

    [item] = item_analysis(responses=responses)

    assert item.discrimination == pytest.approx(0.0)


def test_fewer_than_ten_attempts_give_no_discrimination_but_a_facility():
    [item] = item_analysis(responses=q1_responses()[:9])

    assert item.attempts == 9
    assert item.discrimination is None
    assert item.facility == pytest.approx(6 / 9)


def test_each_question_is_analysed_over_the_attempts_that_were_shown_it():
    # Q1 is shown to all ten attempts, Q2 (drawn at random) to only two of them.
    responses = q1_responses() + [("att95", 95, "Q2", True, ["x"]), ("att20", 20, "Q2", False, [])]

    items = {item.question_id: item for item in item_analysis(responses=responses)}

    assert items["Q1"].facility == pytest.approx(0.6)
    assert items["Q2"].attempts == 2
    assert items["Q2"].facility == pytest.approx(0.5)
    assert items["Q2"].choices == [ChoiceCount("x", 1, 0.5), ChoiceCount(None, 1, 0.5)]


def test_multiple_answer_shares_count_every_selection():
    responses = [
        ("a1", 100, "M", True, ["p", "q"]),
        ("a2", 50, "M", False, ["p"]),
        ("a3", 0, "M", False, ["r", "q"]),
        ("a4", 0, "M", False, []),
    ]

    [item] = item_analysis(responses=responses, choices_by_question={"M": ["p", "q", "r"]})

    assert [(c.choice_id, c.count, c.share) for c in item.choices] == [
        ("p", 2, 0.5),
        ("q", 2, 0.5),
        ("r", 1, 0.25),
        (None, 1, 0.25),
    ]


def test_a_listed_question_nobody_answered_has_no_facility():
    items = item_analysis(responses=[], choices_by_question={"Q9": ["a", "b"]})

    assert [(i.question_id, i.attempts, i.facility, i.discrimination) for i in items] == [
        ("Q9", 0, None, None)
    ]
    assert items[0].choices == [ChoiceCount("a", 0, 0.0), ChoiceCount("b", 0, 0.0), ChoiceCount(None, 0, 0.0)]


def test_the_same_answer_counted_twice_is_refused():
    rows = q1_responses()
    with pytest.raises(ValueError, match="twice"):
        item_analysis(responses=rows + rows[:1])


def test_score_summary_of_a_small_quiz():
    summary = score_summary(percents=[Decimal(0), Decimal("9.5"), 10, 50, 90, 100])

    assert summary.attempts == 6
    assert summary.mean == pytest.approx(43.25)  # 259.5 / 6
    assert summary.median == pytest.approx(30.0)  # (10 + 50) / 2
    # deviations from 43.25: -43.25 -33.75 -33.25 6.75 46.75 56.75; squares add up to 9566.875
    assert summary.standard_deviation == pytest.approx(math.sqrt(9566.875 / 5))
    assert [(b.label, b.count) for b in summary.bins] == [
        ("0–9", 2),
        ("10–19", 1),
        ("20–29", 0),
        ("30–39", 0),
        ("40–49", 0),
        ("50–59", 1),
        ("60–69", 0),
        ("70–79", 0),
        ("80–89", 0),
        ("90–100", 2),
    ]
    assert summary.bins[0].share == pytest.approx(2 / 6)


def test_score_summary_of_no_attempts_and_of_one():
    empty = score_summary(percents=[])
    one = score_summary(percents=[75])

    assert (empty.mean, empty.median, empty.standard_deviation) == (None, None, None)
    assert sum(b.count for b in empty.bins) == 0
    assert (one.mean, one.median, one.standard_deviation) == (75, 75, None)
    assert one.bins[7].count == 1


def test_percent_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="out of range"):
        score_summary(percents=[101])


def test_learning_gain_per_officer_per_agency_and_overall():
    scores = [
        OfficerScore("o1", "agency-A", "pre", Decimal(40)),
        OfficerScore("o1", "agency-A", "post", Decimal(80)),
        ("o2", "agency-A", "pre", Decimal(50)),  # plain tuples work too
        ("o2", "agency-A", "post", Decimal(70)),
        ("o3", "agency-B", "pre", Decimal(60)),
        ("o3", "agency-B", "post", Decimal(55)),
        ("o4", "agency-B", "pre", Decimal(30)),  # never took the post-test
        ("o5", "agency-A", "post", Decimal(90)),  # skipped the pre-test
    ]

    report = learning_gains(scores=scores)

    assert [(g.officer_id, g.gain) for g in report.per_officer] == [("o1", 40), ("o2", 20), ("o3", -5)]
    a, b = report.per_group
    assert (a.group, a.officers, a.mean_pre, a.mean_post, a.mean_gain) == ("agency-A", 2, 45, 75, 30)
    assert (a.without_pre, a.without_post) == (1, 0)
    assert (b.group, b.officers, b.mean_pre, b.mean_post, b.mean_gain) == ("agency-B", 1, 60, 55, -5)
    assert (b.without_pre, b.without_post) == (0, 1)
    overall = report.overall
    # pre (40 + 50 + 60) / 3 = 50; post (80 + 70 + 55) / 3 = 68.333…; gain 55 / 3 = 18.333…
    assert (overall.officers, overall.mean_pre, overall.mean_post, overall.mean_gain) == (
        3,
        Decimal("50.00"),
        Decimal("68.33"),
        Decimal("18.33"),
    )
    assert (overall.without_pre, overall.without_post) == (1, 1)


def test_two_pre_tests_for_one_officer_are_refused():
    with pytest.raises(ValueError, match="more than one pre-test"):
        learning_gains(scores=[("o1", "A", "pre", 10), ("o1", "A", "pre", 20)])

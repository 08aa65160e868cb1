"""Reading statements from the browser: no database."""

import math

import pytest

from content.xapi import StatementError, is_passing, read_statement
from tests.content.conftest import answered


@pytest.mark.parametrize(
    ("raw", "most", "expected"),
    [(1, 1, (1.0, 1.0)), (5, 3, (3.0, 3.0)), (-2, 3, (0.0, 3.0)), (2.5, 4, (2.5, 4.0))],
)
def test_scores_are_bounded_to_zero_and_max(raw, most, expected):
    reading = read_statement(answered(raw, most))
    assert (reading.score, reading.max_score) == expected
    assert reading.counts


@pytest.mark.parametrize("most", [0, -1, 10**9, math.inf, "10", True, None])
def test_an_absurd_or_missing_max_means_no_score(most):
    reading = read_statement(answered(1, most))
    assert reading.max_score is None and not reading.counts


def test_sub_questions_do_not_count_as_attempts():
    child = answered(1, 1, context={"contextActivities": {"parent": [{"id": "http://example.invalid/set"}]}})
    assert not read_statement(child).counts
    sub = answered(1, 1)
    sub["object"]["definition"] = {"extensions": {"http://h5p.org/x-api/h5p-subContentId": "abc"}}
    assert not read_statement(sub).counts


@pytest.mark.parametrize("bad", [None, [], "x", {"verb": "answered"}, {"verb": {"id": ""}}, {}])
def test_not_a_statement(bad):
    with pytest.raises(StatementError):
        read_statement(bad)


def test_pass_rule():
    half = read_statement(answered(1, 2, success=False))
    assert is_passing(half, pass_percent=50)
    assert not is_passing(half, pass_percent=51)
    assert not is_passing(half, pass_percent=None)  # H5P's own verdict when there is no pass mark
    assert is_passing(read_statement(answered(0, 2)), pass_percent=None)  # completed, no verdict
    assert not is_passing(read_statement(answered(1, 2, verb="interacted")), pass_percent=0)

"""Reading an H5P xAPI statement: which verb, whether it is the activity's own
(top-level) result, and its score bounded to [0, max]. Pure Python, no ORM.

The statement comes from the officer's browser: nothing in it is trusted
beyond what is bounded here. The actor in it is ignored (the signed-in user
is the actor)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

XAPI_VERB = "http://adlnet.gov/expapi/verbs/"
#: Verbs that carry an activity's result.
RESULT_VERBS = frozenset({"answered", "completed", "passed", "failed", "mastered", "scored"})
#: A maximum score larger than this is not a real H5P activity.
MAX_SCORE_CEILING = 10_000
SUB_CONTENT_EXTENSION = "http://h5p.org/x-api/h5p-subContentId"


class StatementError(ValueError):
    """The statement is not an xAPI statement we can read."""


@dataclass(frozen=True)
class Reading:
    verb: str
    #: the activity's own result, not one of its sub-questions
    top_level: bool
    score: float | None
    max_score: float | None
    success: bool | None

    @property
    def counts(self) -> bool:
        """Whether this statement is an attempt with a score (what counts toward passing)."""
        return self.top_level and self.verb in RESULT_VERBS and self.max_score is not None

    @property
    def percent(self) -> float:
        if not self.max_score:
            return 0.0
        return 100.0 * (self.score or 0.0) / self.max_score


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _is_top_level(statement: dict) -> bool:
    obj = statement.get("object")
    definition = obj.get("definition") if isinstance(obj, dict) else None
    extensions = definition.get("extensions") if isinstance(definition, dict) else None
    if isinstance(extensions, dict) and extensions.get(SUB_CONTENT_EXTENSION):
        return False
    context = statement.get("context")
    activities = context.get("contextActivities") if isinstance(context, dict) else None
    parent = activities.get("parent") if isinstance(activities, dict) else None
    return not parent


def read_statement(statement: Any) -> Reading:
    """Read the verb, level and bounded score of an xAPI statement.

    Guarantees: raises StatementError unless ``statement`` is an object with a
    ``verb.id``; the score, when present, satisfies 0 <= score <= max_score and
    0 < max_score <= MAX_SCORE_CEILING (a raw score outside is clamped; a
    missing, zero, negative, infinite or absurd max means "no score")."""
    if not isinstance(statement, dict):
        raise StatementError("statement must be an object")
    verb = statement.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id or len(verb_id) > 200:
        raise StatementError("statement has no verb id")
    short = verb_id.removeprefix(XAPI_VERB) if verb_id.startswith(XAPI_VERB) else verb_id
    result = statement.get("result")
    score = max_score = None
    success = None
    if isinstance(result, dict):
        if isinstance(result.get("success"), bool):
            success = result["success"]
        raw_score = result.get("score")
        if isinstance(raw_score, dict):
            raw = _number(raw_score.get("raw"))
            most = _number(raw_score.get("max"))
            if most is not None and 0 < most <= MAX_SCORE_CEILING and raw is not None:
                max_score = most
                score = min(max(raw, 0.0), most)
    return Reading(
        verb=short, top_level=_is_top_level(statement), score=score, max_score=max_score, success=success
    )


def is_passing(reading: Reading, *, pass_percent: int | None) -> bool:
    """The pass rule of an activity: with a pass mark, the bounded score in
    percent must reach it; without one, H5P's own verdict (``result.success``)
    when the content type gives one, else completing it with a score."""
    if not reading.counts:
        return False
    if pass_percent is not None:
        return reading.percent + 1e-9 >= pass_percent
    if reading.success is not None:
        return reading.success
    return True

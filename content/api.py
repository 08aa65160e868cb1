"""xAPI intake and saved player state (/api/v1/, session auth with CSRF)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from content import services
from lms.security.ratelimit import by_user, rate_limit_response

router = Router(tags=["h5p"])

#: An H5P statement is a few kB; anything much larger is not one.
MAX_BODY_BYTES = 64 * 1024


class StatementIn(Schema):
    lesson: int
    package: int
    statement: dict[str, Any]


class StatementOut(Schema):
    counted: bool
    score: float | None
    max_score: float | None
    best_score: float | None
    passed: bool
    lesson_completed: bool
    self_reported: bool = True


class StateIn(Schema):
    lesson: int
    package: int
    state: str


def _check_size(request, limit: int) -> None:
    if len(request.body) > limit:
        raise HttpError(413, _("The data sent is too large."))


@router.post(
    "/xapi/statements", response=StatementOut, summary="Record an H5P xAPI statement of the signed-in officer"
)
def xapi_statement(request, payload: StatementIn):
    """The actor is the signed-in user (the statement's own actor is ignored);
    the score is bounded to [0, max]; only an officer enrolled in the course of a
    published lesson that holds the package may report. Scores are self-reported
    by the browser and are flagged so."""
    if (limited := rate_limit_response(request, scope="xapi-user", key=by_user)) is not None:
        return limited
    _check_size(request, MAX_BODY_BYTES)
    try:
        outcome = services.h5p_statement_record(
            user=request.user,
            lesson_id=payload.lesson,
            package_id=payload.package,
            statement=payload.statement,
        )
    except services.ActivityNotFound as exc:
        raise HttpError(404, str(exc)) from None
    except services.NotEnrolled as exc:
        raise HttpError(403, str(exc)) from None
    except services.StatementError:
        raise HttpError(400, _("This is not an xAPI statement.")) from None
    return {
        "counted": outcome.counted, "score": outcome.score, "max_score": outcome.max_score,
        "best_score": outcome.best_score, "passed": outcome.passed, "lesson_completed": outcome.lesson_completed,
    }  # fmt: skip


@router.put("/h5p/state", response={204: None}, summary="Save where the officer left an H5P activity")
def save_state(request, payload: StateIn):
    _check_size(request, services.MAX_STATE_CHARS + 1024)
    try:
        services.h5p_state_save(
            user=request.user, lesson_id=payload.lesson, package_id=payload.package, state=payload.state
        )
    except services.ActivityNotFound as exc:
        raise HttpError(404, str(exc)) from None
    except services.NotEnrolled as exc:
        raise HttpError(403, str(exc)) from None
    except services.StatementError:
        raise HttpError(413, _("The data sent is too large.")) from None
    return 204, None

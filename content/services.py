"""Business rules of H5P content: storing a package, recording xAPI results
and saving player state."""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from content.h5p import DEFAULT_LIMITS, Limits, extract_package
from content.models import H5PPackage, H5PResult, H5PState, H5PStatement
from content.selectors import Activity, activity_and_enrolment
from content.xapi import StatementError, is_passing, read_statement
from courses.models import Enrolment, LessonPage, LessonProgress
from courses.services import lesson_activity_done
from lms.audit import audit_record

__all__ = [
    "ActivityNotFound",
    "NotEnrolled",
    "PackageInUse",
    "StatementError",
    "StatementOutcome",
    "h5p_package_create",
    "h5p_package_delete",
    "h5p_state_save",
    "h5p_statement_record",
]

PACKAGES_DIR = "h5p"
#: Largest player state kept per activity (H5P states are a few kB).
MAX_STATE_CHARS = 256 * 1024


class ActivityNotFound(LookupError):
    """No live lesson holds that package."""


class NotEnrolled(PermissionError):
    """The user is not enrolled in the course of that lesson."""


class PackageInUse(ValueError):
    """The package is placed in lessons or has results, so it is kept."""


def package_path(package: H5PPackage) -> Path:
    return Path(settings.MEDIA_ROOT) / package.folder


def h5p_package_create(
    *, file: str | Path | IO[bytes], owner_agency, uploaded_by=None, title: str = "",
    original_filename: str = "", limits: Limits = DEFAULT_LIMITS,
) -> H5PPackage:  # fmt: skip
    """Validate and extract an .h5p file, then record it in the library.

    Guarantees: validation runs before anything is written; when the package
    is refused (H5PValidationError, listing every problem) or anything fails
    later, neither files nor rows remain. The folder name is random, so two
    uploads never share files."""
    root = Path(settings.MEDIA_ROOT) / PACKAGES_DIR
    root.mkdir(parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    destination = root / name
    if hasattr(file, "seek"):
        file.seek(0, 2)
        upload_bytes = file.tell()
        file.seek(0)
    else:
        upload_bytes = Path(file).stat().st_size
    info = extract_package(path_or_file=file, destination=destination, limits=limits)
    try:
        with transaction.atomic():
            package = H5PPackage.objects.create(
                title=(title or info.title)[:255], main_library=info.main_library.machine_name,
                library_version=f"{info.main_library.major_version}.{info.main_library.minor_version}",
                language=info.language[:10], reports_score=info.reports_score, size_bytes=info.uncompressed_size,
                upload_bytes=upload_bytes, file_count=info.file_count, original_filename=original_filename[:255],
                folder=f"{PACKAGES_DIR}/{name}", owner_agency=owner_agency, uploaded_by=uploaded_by,
            )  # fmt: skip
            audit_record(
                action="h5p.package.create", actor=uploaded_by, target=package,
                data={"main_library": package.main_library_label, "agency": owner_agency.code,
                      "file": original_filename},
            )  # fmt: skip
    except BaseException:
        shutil.rmtree(destination, ignore_errors=True)
        raise
    return package


def h5p_package_delete(*, package: H5PPackage, deleted_by=None) -> None:
    """Remove a package that no lesson uses and nobody has results in; its
    files go once the deletion has committed. Raises PackageInUse otherwise."""
    from wagtail.models import ReferenceIndex

    if (
        ReferenceIndex.get_references_to(package).exists()
        or H5PResult.objects.filter(package=package).exists()
    ):
        raise PackageInUse(
            _("This package is used in lessons or has officers' results, so it cannot be deleted.")
        )
    folder = package_path(package)
    with transaction.atomic():
        audit_record(action="h5p.package.delete", actor=deleted_by, target=package)
        H5PState.objects.filter(package=package).delete()
        package.delete()
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))


def _activity_and_enrolment(*, user, lesson_id: int, package_id: int) -> tuple[Activity, int]:
    activity, enrolment_id = activity_and_enrolment(
        user_id=user.pk, lesson_id=lesson_id, package_id=package_id
    )
    if activity is None:
        raise ActivityNotFound(_("This activity is not in a published lesson."))
    if enrolment_id is None:
        raise NotEnrolled(_("You are not enrolled in the course of this lesson."))
    return activity, enrolment_id


@dataclass(frozen=True)
class StatementOutcome:
    counted: bool
    score: float | None = None
    max_score: float | None = None
    passed: bool = False
    newly_passed: bool = False
    best_score: float | None = None
    #: the lesson is completed (only looked up when this statement first passed)
    lesson_completed: bool = False


_UPSERT = """
INSERT INTO content_h5presult AS r
  (enrolment_id, user_id, lesson_id, package_id, attempts, last_score, best_score, max_score,
   best_percent, passed, passed_at, passed_on_attempt, first_at, last_at)
VALUES (%(enrolment)s, %(user)s, %(lesson)s, %(package)s, 1, %(score)s, %(score)s, %(max)s,
        %(percent)s, %(passed)s, %(passed_at)s, %(passed_on)s, %(now)s, %(now)s)
ON CONFLICT (enrolment_id, lesson_id, package_id) DO UPDATE SET
  attempts = r.attempts + 1,
  last_score = EXCLUDED.last_score,
  max_score = EXCLUDED.max_score,
  best_score = CASE WHEN EXCLUDED.best_percent >= r.best_percent THEN EXCLUDED.best_score
                    ELSE {least}(r.best_score, EXCLUDED.max_score) END,
  best_percent = {greatest}(r.best_percent, EXCLUDED.best_percent),
  passed = (r.passed OR EXCLUDED.passed),
  passed_at = COALESCE(r.passed_at, EXCLUDED.passed_at),
  passed_on_attempt = COALESCE(r.passed_on_attempt, CASE WHEN EXCLUDED.passed THEN r.attempts + 1 END),
  last_at = EXCLUDED.last_at
RETURNING passed, attempts, passed_on_attempt, best_score
"""


_KEEP_STATEMENT = """
, s AS (
  INSERT INTO content_h5pstatement
    (user_id, enrolment_id, lesson_id, package_id, verb, counted, score, max_score, statement, received_at)
  SELECT %(user)s, %(enrolment)s, %(lesson)s, %(package)s, %(verb)s, true, %(score)s, %(max)s,
         %(statement)s::jsonb, %(now)s FROM r
  RETURNING 1
)
SELECT r.passed, r.attempts, r.passed_on_attempt, r.best_score FROM r, s
"""


def _upsert_and_keep_sql() -> str:
    """PostgreSQL: the result upsert and the raw statement insert as one
    statement (one round trip, atomic on its own)."""
    upsert = _UPSERT.format(least="LEAST", greatest="GREATEST").strip()
    upsert = upsert.replace("RETURNING passed, attempts, passed_on_attempt, best_score", "")
    return (
        f"WITH r AS ({upsert} RETURNING r.passed, r.attempts, r.passed_on_attempt, r.best_score)"
        + _KEEP_STATEMENT
    )


def _upsert_sql() -> str:
    # PostgreSQL in production and tests; SQLite for `make run`.
    if connection.vendor == "sqlite":
        return _UPSERT.format(least="MIN", greatest="MAX")
    return _UPSERT.format(least="LEAST", greatest="GREATEST")


def h5p_statement_record(*, user, lesson_id: int, package_id: int, statement: Any) -> StatementOutcome:
    """Keep an xAPI statement from the officer's browser and apply its result.

    The actor is ``user`` whatever the statement says. Raises ActivityNotFound
    unless a live lesson holds the package, NotEnrolled unless ``user`` is
    enrolled in that lesson's course, StatementError for a statement that is
    not one; in each case nothing is stored. A top-level result counts as an
    attempt, its score bounded to [0, max] (content.xapi); the activity's pass
    rule decides "passed". The result row is written with one INSERT … ON
    CONFLICT, so concurrent statements of one officer never lose an attempt,
    and "passed" is set once (its first time and attempt are kept). When a statement first
    passes the activity, an audit event is written and, after that, the lesson
    and course are re-evaluated (courses.services.lesson_activity_done)."""
    activity, enrolment_id = _activity_and_enrolment(user=user, lesson_id=lesson_id, package_id=package_id)
    reading = read_statement(statement)
    common = {
        "user_id": user.pk,
        "enrolment_id": enrolment_id,
        "lesson_id": lesson_id,
        "package_id": package_id,
    }
    if not reading.counts:
        H5PStatement.objects.create(**common, verb=reading.verb[:200], statement=statement)
        return StatementOutcome(counted=False)
    passing = is_passing(reading, pass_percent=activity.pass_percent)
    now = timezone.now()
    params = {"enrolment": enrolment_id, "user": user.pk, "lesson": lesson_id, "package": package_id,
              "score": reading.score, "max": reading.max_score, "percent": reading.percent,
              "passed": passing, "passed_at": now if passing else None, "passed_on": 1 if passing else None,
              "now": now}  # fmt: skip
    enrolment = None
    if not passing and connection.vendor == "postgresql":
        # Not passing: nothing else changes, so one atomic statement does it all.
        with connection.cursor() as cursor:
            cursor.execute(
                _upsert_and_keep_sql(),
                params | {"verb": reading.verb[:200], "statement": json.dumps(statement)},
            )
            passed, attempts, passed_on_attempt, best_score = cursor.fetchone()
        newly = False
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(_upsert_sql(), params)
                passed, attempts, passed_on_attempt, best_score = cursor.fetchone()
            H5PStatement.objects.create(
                **common, verb=reading.verb[:200], counted=True, score=reading.score, max_score=reading.max_score,
                statement=statement,
            )  # fmt: skip
            # First passed by this very statement: the attempt it made is the one that passed.
            newly = bool(passing and passed_on_attempt == attempts)
            if newly:
                enrolment = Enrolment.objects.select_related("user", "course").get(pk=enrolment_id)
                audit_record(
                    action="h5p.pass", actor=user, target=enrolment,
                    data={"lesson": lesson_id, "package": package_id, "score": reading.score,
                          "max": reading.max_score, "self_reported": True},
                )  # fmt: skip
    lesson_completed = False
    if enrolment is not None:
        lesson_activity_done(enrolment=enrolment, lesson=LessonPage.objects.get(pk=lesson_id))
        lesson_completed = LessonProgress.objects.filter(
            enrolment_id=enrolment_id, lesson_id=lesson_id, completed_at__isnull=False
        ).exists()
    return StatementOutcome(
        counted=True, score=reading.score, max_score=reading.max_score, passed=passed, newly_passed=newly,
        best_score=best_score, lesson_completed=lesson_completed,
    )  # fmt: skip


def h5p_state_save(*, user, lesson_id: int, package_id: int, state: str) -> None:
    """Remember where the officer left the activity (one row per officer and
    activity, written with one upsert). Same checks as h5p_statement_record."""
    if not isinstance(state, str) or len(state) > MAX_STATE_CHARS:
        raise StatementError("state too large")
    _activity_and_enrolment(user=user, lesson_id=lesson_id, package_id=package_id)
    H5PState.objects.bulk_create(
        [H5PState(user_id=user.pk, lesson_id=lesson_id, package_id=package_id, state=state)],
        update_conflicts=True, unique_fields=["user", "lesson", "package"], update_fields=["state", "updated_at"],
    )  # fmt: skip

"""Reads of the content app: which H5P activities a lesson holds, who may play
a package, an officer's results and saved state."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.models import Page

from content.models import H5PPackage, H5PResult, H5PState
from courses.models import Enrolment, LessonPage
from lms.access import agencies_for
from lms.models import Role

H5P_BLOCK_TYPE = "h5p"


@dataclass(frozen=True)
class Activity:
    """An H5P package placed in a lesson (the lesson's live version)."""

    lesson_id: int
    course_id: int
    package_id: int
    required: bool
    pass_percent: int | None
    title: str


def activities_in_body(body_raw, *, lesson_id: int, course_id: int) -> dict[int, Activity]:
    """The H5P activities in a lesson body's raw StreamField data, by package id.
    When a package is placed twice, the stricter settings win."""
    found: dict[int, Activity] = {}
    for item in body_raw or []:
        if not isinstance(item, dict) or item.get("type") != H5P_BLOCK_TYPE:
            continue
        value = item.get("value") or {}
        package_id = value.get("package")
        if not isinstance(package_id, int):
            continue
        pass_percent = value.get("pass_percent")
        pass_percent = pass_percent if isinstance(pass_percent, int) else None
        activity = Activity(
            lesson_id=lesson_id, course_id=course_id, package_id=package_id,
            required=bool(value.get("required", True)), pass_percent=pass_percent,
            title=value.get("title") or "",
        )  # fmt: skip
        previous = found.get(package_id)
        if previous is not None:
            activity = Activity(
                lesson_id=lesson_id, course_id=course_id, package_id=package_id,
                required=previous.required or activity.required,
                pass_percent=max(
                    (p for p in (previous.pass_percent, activity.pass_percent) if p is not None), default=None
                ),
                title=previous.title or activity.title,
            )  # fmt: skip
        found[package_id] = activity
    return found


# Parsed activities of live lessons, keyed by (lesson id, live revision id): a
# publish changes the key, so a stale entry is never used. Bounded in size.
_cache: dict[tuple[int, int | None], dict[int, Activity]] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 2048


_LOOKUP = """
SELECT l.live_revision_id, c.id,
       (SELECT e.id FROM courses_enrolment e WHERE e.user_id = %s AND e.course_id = c.id
        ORDER BY e.cycle DESC LIMIT 1)
FROM wagtailcore_page l JOIN wagtailcore_page c ON c.path = substr(l.path, 1, length(l.path) - %s)
WHERE l.id = %s AND l.live
"""


def activity_and_enrolment(
    *, user_id: int, lesson_id: int, package_id: int
) -> tuple[Activity | None, int | None]:
    """The activity (package in a live lesson) and the user's current enrolment
    id in that lesson's course, in one query while the lesson's parsed body is
    cached. (None, None) when no live lesson has that id."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_LOOKUP, [user_id, LessonPage.steplen, lesson_id])
        row = cursor.fetchone()
    if row is None:
        return None, None
    revision_id, course_id, enrolment_id = row
    activities = _cache.get((lesson_id, revision_id)) if revision_id is not None else None
    if activities is None:
        activities = _parse_and_cache(lesson_id=lesson_id, revision_id=revision_id, course_id=course_id)
    return activities.get(package_id), enrolment_id


def _parse_and_cache(*, lesson_id: int, revision_id: int | None, course_id: int) -> dict[int, Activity]:
    body = LessonPage.objects.filter(pk=lesson_id).values_list("body", flat=True).first()
    raw = getattr(body, "raw_data", body)
    activities = activities_in_body(list(raw or []), lesson_id=lesson_id, course_id=course_id)
    if revision_id is not None:
        with _cache_lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[(lesson_id, revision_id)] = activities
    return activities


def live_lesson_activities(*, lesson_id: int) -> dict[int, Activity] | None:
    """The H5P activities of a live (published) lesson by package id, or None
    when no live lesson has that id. One small query when cached."""
    row = (
        LessonPage.objects.filter(pk=lesson_id, live=True)
        .values_list("live_revision_id", "path", "depth")
        .first()
    )
    if row is None:
        return None
    key = (lesson_id, row[0])
    # A lesson saved without a revision (scripts, tests) has no version to key on.
    cached = _cache.get(key) if row[0] is not None else None
    if cached is not None:
        return cached
    body = LessonPage.objects.filter(pk=lesson_id).values_list("body", flat=True).first()
    raw = getattr(body, "raw_data", body)
    parent_path = row[1][: -LessonPage.steplen]
    course_id = Page.objects.filter(path=parent_path).values_list("pk", flat=True).first()
    activities = activities_in_body(list(raw or []), lesson_id=lesson_id, course_id=course_id)
    if row[0] is not None:
        with _cache_lock:
            if len(_cache) >= _CACHE_SIZE:
                _cache.clear()
            _cache[key] = activities
    return activities


def lesson_activities(lesson: LessonPage) -> dict[int, Activity]:
    """The H5P activities of a lesson instance as it is (draft or live)."""
    course_id = lesson.get_parent().pk if lesson.pk else 0
    return activities_in_body(list(lesson.body.raw_data), lesson_id=lesson.pk, course_id=course_id)


def current_enrolment(*, user_id: int, course_id: int) -> Enrolment | None:
    return Enrolment.objects.filter(user_id=user_id, course_id=course_id).order_by("-cycle").first()


def packages_for_trainer(user) -> QuerySet[H5PPackage]:
    """Packages a trainer (or agency admin) may manage and place in lessons:
    those owned by the agencies they act on as trainer."""
    return H5PPackage.objects.filter(owner_agency__in=agencies_for(user, Role.TRAINER))


def may_preview(*, user, package: H5PPackage, course=None) -> bool:
    """Trainers and admins may preview a package of their agencies, or one
    placed in a course their agency owns."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    agencies = agencies_for(user, Role.TRAINER)
    if agencies.filter(pk=package.owner_agency_id).exists():
        return True
    return course is not None and agencies.filter(pk=course.owner_agency_id).exists()


def may_play(*, user, lesson: LessonPage, package: H5PPackage, preview: bool = False) -> bool:
    """Whether to give `user` the package's files on this lesson: an officer
    enrolled in the lesson's course, or a trainer/admin previewing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    course = lesson.get_parent().specific
    if Enrolment.objects.filter(user=user, course_id=course.pk).exists():
        return True
    return may_preview(user=user, package=package, course=course)


def officer_result(*, user, lesson_id: int, package_id: int, course_id: int) -> H5PResult | None:
    enrolment = current_enrolment(user_id=user.pk, course_id=course_id)
    if enrolment is None:
        return None
    return H5PResult.objects.filter(enrolment=enrolment, lesson_id=lesson_id, package_id=package_id).first()


def saved_state(*, user, lesson_id: int, package_id: int) -> str:
    return (
        H5PState.objects.filter(user=user, lesson_id=lesson_id, package_id=package_id)
        .values_list("state", flat=True)
        .first()
        or ""
    )


def lesson_unmet_activities(*, enrolment: Enrolment, lesson: LessonPage) -> list[Activity]:
    """Required activities of the lesson not yet passed in this enrolment."""
    required = [a for a in lesson_activities(lesson).values() if a.required]
    if not required:
        return []
    passed = set(
        H5PResult.objects.filter(enrolment=enrolment, lesson_id=lesson.pk, passed=True).values_list(
            "package_id", flat=True
        )
    )
    return [a for a in required if a.package_id not in passed]

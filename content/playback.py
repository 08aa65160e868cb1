"""What the lesson page needs to show an H5P activity to the person viewing it:
a signed player URL (only for someone allowed to play it), saved state and
the officer's result so far."""

from __future__ import annotations

from django.urls import reverse

from content import selectors
from content.signing import package_token
from courses.models import LessonPage


def player_url(package) -> str:
    return reverse("content:player", args=[package_token(package_id=package.pk, folder=package.folder)])


def block_context(*, value, parent_context) -> dict:
    package = value.get("package")
    request = parent_context.get("request")
    page = parent_context.get("page")
    user = getattr(request, "user", None)
    lesson = page.specific if page is not None and not isinstance(page, LessonPage) else page
    context = {"package": package, "activity_title": value.get("title") or (package.title if package else "")}
    if package is None or user is None or not isinstance(lesson, LessonPage):
        return context | {"can_play": False}
    preview = bool(getattr(request, "is_preview", False))
    if lesson.pk is None or not selectors.may_play(
        user=user, lesson=lesson, package=package, preview=preview
    ):
        # An unsaved preview has no lesson id to report to; trainers still see the package play.
        can_preview = preview and selectors.may_preview(user=user, package=package)
        return context | {
            "can_play": can_preview,
            "preview": True,
            "player_url": player_url(package) if can_preview else "",
        }
    course = lesson.get_parent()
    result = selectors.officer_result(
        user=user, lesson_id=lesson.pk, package_id=package.pk, course_id=course.pk
    )
    return context | {
        "can_play": True,
        "preview": preview,
        "player_url": player_url(package),
        "lesson_id": lesson.pk,
        "state": selectors.saved_state(user=user, lesson_id=lesson.pk, package_id=package.pk),
        "result": result,
        "pass_percent": value.get("pass_percent"),
        "required": value.get("required"),
    }

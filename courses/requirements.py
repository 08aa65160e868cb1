"""How other apps plug completion requirements into courses without courses
importing them. A quiz app registers "the post-test must be passed", the H5P
app "required activities must be passed". Each checker returns the reasons
that still stand (empty = met); registration happens in the app's ready()."""

from __future__ import annotations

from collections.abc import Callable

#: checker(enrolment) -> list of unmet-requirement messages for the course
_course_checkers: list[Callable] = []
#: checker(enrolment, lesson) -> list of unmet-requirement messages for a lesson
_lesson_checkers: list[Callable] = []


def register_course_requirement(checker: Callable) -> Callable:
    if checker not in _course_checkers:
        _course_checkers.append(checker)
    return checker


def register_lesson_requirement(checker: Callable) -> Callable:
    if checker not in _lesson_checkers:
        _lesson_checkers.append(checker)
    return checker


def course_checkers() -> list[Callable]:
    return list(_course_checkers)


def lesson_checkers() -> list[Callable]:
    return list(_lesson_checkers)

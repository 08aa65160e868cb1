"""The providers the platform itself has: enrolments with lesson progress (courses).
Quizzes and certificates register theirs from their own apps."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import register_personal_data_provider


def export_enrolments(user) -> list[dict]:
    """Every enrolment of `user` with progress, completion and each lesson's progress. 3 queries."""
    from courses.models import LessonProgress
    from courses.selectors import my_learning

    learning = my_learning(user=user)
    enrolments = [*learning["assigned"], *learning["in_progress"], *learning["completed"]]
    lessons: dict[int, list[dict]] = {}
    progress = (
        LessonProgress.objects.filter(enrolment__user=user)
        .select_related("lesson")
        .order_by("enrolment_id", "lesson__path")
    )
    for p in progress:
        lessons.setdefault(p.enrolment_id, []).append(
            {
                "lesson_id": p.lesson_id,
                "lesson": p.lesson.title,
                "started_at": p.started_at,
                "completed_at": p.completed_at,
                "completed_how": p.completed_how,
                "time_spent_seconds": p.time_spent_seconds,
            }
        )
    return [
        {
            "id": e.pk,
            "course_id": e.course_id,
            "course": e.course.title,
            "cycle": e.cycle,
            "status": e.status,
            "source": e.source,
            "enrolled_at": e.enrolled_at,
            "due_at": e.due_at,
            "started_at": e.started_at,
            "completed_at": e.completed_at,
            "time_spent_seconds": e.time_spent_seconds,
            "required_lessons_done": e.lessons_done,
            "required_lessons_total": e.lessons_total,
            "progress_percent": e.percent,
            "lessons": lessons.get(e.pk, []),
        }
        for e in sorted(enrolments, key=lambda e: (e.enrolled_at, e.pk))
    ]


def register() -> None:
    register_personal_data_provider(
        "enrolments", label=_("Enrolments and progress"), export=export_enrolments
    )

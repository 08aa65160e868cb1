"""Reads for the officer's pages. Each runs a fixed number of queries,
whatever the number of courses, lessons or enrolments."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress, Topic
from lms.civil_service import Level
from lms.models import Agency


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


def my_learning(*, user) -> dict:
    """The officer's enrolments grouped as "My learning" shows them: assigned
    (with due dates and overdue), in progress, completed. 2 queries."""
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.filter(user=user)
        .select_related("course", "last_lesson")
        .annotate(
            lessons_done=Count(
                "lesson_progress",
                filter=Q(lesson_progress__completed_at__isnull=False, lesson_progress__lesson__required=True),
            )
        )
        .order_by("completed_at", "due_at", "-enrolled_at")
    )
    course_paths = {e.course.path for e in enrolments}
    counts: dict[str, int] = {}
    if course_paths:
        lesson_paths = (
            LessonPage.objects.live()
            .filter(required=True, depth__gt=1)
            .filter(Q(*[Q(path__startswith=p) for p in course_paths], _connector=Q.OR))
            .values_list("path", flat=True)
        )
        for path in lesson_paths:
            counts[path[: -LessonPage.steplen]] = counts.get(path[: -LessonPage.steplen], 0) + 1
    items = []
    for enrolment in enrolments:
        total = counts.get(enrolment.course.path, 0)
        enrolment.lessons_total = total
        enrolment.percent = 100 if enrolment.completed_at else _percent(enrolment.lessons_done, total)
        enrolment.overdue = bool(enrolment.due_at and not enrolment.completed_at and enrolment.due_at < today)
        enrolment.due_soon = bool(
            enrolment.due_at
            and not enrolment.completed_at
            and not enrolment.overdue
            and (enrolment.due_at - today).days <= 7
        )
        items.append(enrolment)
    return {
        "assigned": [e for e in items if not e.completed_at and e.due_at],
        "in_progress": [e for e in items if not e.completed_at and not e.due_at],
        "completed": [e for e in items if e.completed_at],
        "overdue_count": sum(1 for e in items if e.overdue),
    }


def course_outline(*, course: CoursePage, user, enrolment: Enrolment | None = None) -> dict:
    """The course's lessons in order with the officer's progress, and the lesson
    to resume. 3 queries for a signed-in officer (2 when their current
    enrolment is passed in)."""
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    done: set[int] = set()
    started: set[int] = set()
    if user.is_authenticated:
        if enrolment is None:
            enrolment = Enrolment.objects.filter(user=user, course=course).order_by("-cycle").first()
        if enrolment:
            for lesson_id, completed_at in LessonProgress.objects.filter(enrolment=enrolment).values_list(
                "lesson_id", "completed_at"
            ):
                started.add(lesson_id)
                if completed_at:
                    done.add(lesson_id)
    for lesson in lessons:
        lesson.is_done = lesson.pk in done
        lesson.is_started = lesson.pk in started
    required = [lesson for lesson in lessons if lesson.required]
    next_lesson = next((lesson for lesson in lessons if not lesson.is_done), None)
    return {
        "lessons": lessons,
        "enrolment": enrolment,
        "next_lesson": next_lesson,
        "progress_percent": 100
        if enrolment and enrolment.completed_at
        else _percent(sum(1 for lesson in required if lesson.is_done), len(required)),
    }


def lesson_context(*, lesson: LessonPage, user, enrolment: Enrolment | None = None) -> dict:
    course = lesson.course
    outline = course_outline(course=course, user=user, enrolment=enrolment)
    lessons = outline["lessons"]
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), 0)
    current = lessons[index] if lessons else lesson
    return {
        "course": course,
        "outline": outline,
        "lesson_done": getattr(current, "is_done", False),
        "previous_lesson": lessons[index - 1] if index > 0 else None,
        "following_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "lesson_number": index + 1,
        "lesson_count": len(lessons),
    }


def catalogue(*, root, user, params) -> dict:
    """Courses under `root`, searchable and filtered by agency, level and topic."""
    courses = CoursePage.objects.live().descendant_of(root).select_related("owner_agency").order_by("title")
    query = (params.get("q") or "").strip()
    agency_code = params.get("agency") or ""
    level = params.get("level") or ""
    topic = params.get("topic") or ""
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        if agency:
            courses = courses.filter(Q(owner_agency=agency) | Q(shared_with=agency)).distinct()
    if topic:
        courses = courses.filter(topics__slug=topic)
    results = list(courses.search(query)) if query else list(courses)
    if level:
        results = [c for c in results if not c.audience_levels or level in c.audience_levels]
    return {
        "courses": results,
        "query": query,
        "filters": {"agency": agency_code, "level": level, "topic": topic},
        "agencies": Agency.objects.filter(owned_courses__live=True).distinct().order_by("path"),
        "levels": Level.choices,
        "topics": Topic.objects.all(),
    }

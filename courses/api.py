import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError

from courses import services
from courses.models import CoursePage, Enrolment, LessonPage
from courses.selectors import course_outline, my_learning

router = Router(tags=["learning"])


class EnrolmentOut(Schema):
    id: int
    course_id: int
    course_title: str
    cycle: int
    status: str
    due_at: dt.date | None
    overdue: bool
    completed_at: dt.datetime | None
    percent: int
    lessons_done: int
    lessons_total: int


class LessonOut(Schema):
    id: int
    title: str
    required: bool
    url: str
    done: bool
    started: bool


class CourseOut(Schema):
    id: int
    title: str
    summary: str
    objectives: list[str]
    estimated_minutes: int
    enrolment: EnrolmentOut | None
    progress_percent: int
    next_lesson_id: int | None
    lessons: list[LessonOut]


class HeartbeatIn(Schema):
    seconds: int


class CompleteOut(Schema):
    lesson_id: int
    completed: bool
    course_completed: bool


def _enrolment_out(e: Enrolment) -> dict:
    return {
        "id": e.pk, "course_id": e.course_id, "course_title": e.course.title, "cycle": e.cycle, "status": e.status,
        "due_at": e.due_at, "overdue": getattr(e, "overdue", False), "completed_at": e.completed_at,
        "percent": getattr(e, "percent", 0), "lessons_done": getattr(e, "lessons_done", 0),
        "lessons_total": getattr(e, "lessons_total", 0),
    }  # fmt: skip


@router.get("/me/enrolments", response=list[EnrolmentOut], summary="The signed-in officer's enrolments")
def my_enrolments(request):
    data = my_learning(user=request.user)
    return [_enrolment_out(e) for e in data["assigned"] + data["in_progress"] + data["completed"]]


@router.get(
    "/courses/{course_id}", response=CourseOut, summary="A course's outline with the officer's progress"
)
def course_detail(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    outline = course_outline(course=course, user=request.user)
    enrolment = outline["enrolment"]
    if enrolment is None and not services.course_is_open_to(course=course, user=request.user):
        raise HttpError(404, "Not found")
    return {
        "id": course.pk, "title": course.title, "summary": course.summary, "objectives": course.objective_list,
        "estimated_minutes": course.estimated_minutes,
        "enrolment": _enrolment_out(enrolment) if enrolment else None,
        "progress_percent": outline["progress_percent"],
        "next_lesson_id": outline["next_lesson"].pk if outline["next_lesson"] else None,
        "lessons": [{"id": lesson.pk, "title": lesson.title, "required": lesson.required, "url": lesson.url,
                     "done": lesson.is_done, "started": lesson.is_started} for lesson in outline["lessons"]],
    }  # fmt: skip


def _lesson_for(request, lesson_id: int) -> LessonPage:
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.course
    if not services.can_take_course(user=request.user, course=course):
        raise HttpError(404, "Not found")
    return lesson


@router.post("/lessons/{lesson_id}/complete", response=CompleteOut, summary="Mark a lesson as done")
def lesson_complete(request, lesson_id: int):
    lesson = _lesson_for(request, lesson_id)
    try:
        progress = services.lesson_complete(user=request.user, lesson=lesson)
    except services.CourseAccessError as exc:
        raise HttpError(409, str(exc)) from exc
    progress.enrolment.refresh_from_db()
    return {
        "lesson_id": lesson.pk,
        "completed": True,
        "course_completed": progress.enrolment.completed_at is not None,
    }


@router.post(
    "/lessons/{lesson_id}/heartbeat", response={200: dict}, summary="Report study time on an open lesson"
)
def lesson_heartbeat(request, lesson_id: int, payload: HeartbeatIn):
    lesson = _lesson_for(request, lesson_id)
    return {
        "counted_seconds": services.lesson_heartbeat(
            user=request.user, lesson=lesson, seconds=payload.seconds
        )
    }

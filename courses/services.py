"""Business rules of courses: enrolment, assignment, progress and completion."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Assignment, CoursePage, Enrolment, LessonPage, LessonProgress
from courses.requirements import course_checkers, lesson_checkers
from courses.signals import enrolment_completed
from lms.access import agencies_for
from lms.audit import audit_record
from lms.models import Agency, Role, User

#: A lesson page heartbeat adds at most this much study time.
MAX_HEARTBEAT_SECONDS = 60


class CourseAccessError(PermissionError):
    """The officer may not take this course."""


def course_is_open_to(*, course: CoursePage, user: User) -> bool:
    """Officers of the owning agency, of an agency it is shared with, or of their
    subtrees, may take a course; levels narrow it when set."""
    if not user.is_authenticated or user.agency_id is None:
        return False
    path = Agency.objects.filter(pk=user.agency_id).values_list("path", flat=True).first() or ""
    roots = [course.owner_agency.path, *course.shared_with.values_list("path", flat=True)]
    if not any(path.startswith(root) for root in roots):
        return False
    return not course.audience_levels or user.level in course.audience_levels


def can_take_course(*, user: User, course: CoursePage) -> bool:
    """An officer may open a course's lessons when already enrolled (whatever
    changed since) or when the course is open to them."""
    return Enrolment.objects.filter(user=user, course=course).exists() or course_is_open_to(
        course=course, user=user
    )


def _current_enrolment(user: User, course: CoursePage) -> Enrolment | None:
    return Enrolment.objects.filter(user=user, course=course).order_by("-cycle").first()


def enrolment_create(
    *, user: User, course: CoursePage, source: str = Enrolment.Source.SELF, due_at: dt.date | None = None,
    assignment: Assignment | None = None, created_by: User | None = None,
) -> Enrolment:  # fmt: skip
    """Return the officer's current enrolment in the course, creating cycle 1 if
    there is none. Idempotent: a unique (user, course, cycle) constraint settles races."""
    existing = _current_enrolment(user, course)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user, course=course, cycle=1, source=source, due_at=due_at, assignment=assignment,
                created_by=created_by,
            )  # fmt: skip
            audit_record(
                action="enrolment.create", actor=created_by, target=enrolment, data={"source": source}
            )
    except IntegrityError:
        return _current_enrolment(user, course)
    return enrolment


def enrolment_open_next_cycle(*, enrolment: Enrolment, due_at: dt.date) -> Enrolment:
    """Open the recertification cycle that follows a completed enrolment (cycle + 1),
    due on `due_at`. Idempotent: returns the next cycle if it already exists. The
    completed cycle and its progress are never touched."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValueError(_("Only a completed enrolment can be followed by a recertification cycle."))
    try:
        with transaction.atomic():
            nxt, created = Enrolment.objects.get_or_create(
                user_id=enrolment.user_id, course_id=enrolment.course_id, cycle=enrolment.cycle + 1,
                defaults={"source": Enrolment.Source.RECERTIFICATION, "due_at": due_at,
                          "assignment_id": enrolment.assignment_id},
            )  # fmt: skip
            if created:
                audit_record(
                    action="enrolment.recertify",
                    target=nxt,
                    data={"previous": enrolment.pk, "due_at": due_at},
                )
    except IntegrityError:
        nxt = Enrolment.objects.get(
            user_id=enrolment.user_id, course_id=enrolment.course_id, cycle=enrolment.cycle + 1
        )
    return nxt


def enrolment_self_enrol(*, user: User, course: CoursePage) -> Enrolment:
    if not course.self_enrol or not course_is_open_to(course=course, user=user):
        raise CourseAccessError(_("This course is not open to you."))
    return enrolment_create(user=user, course=course, source=Enrolment.Source.SELF, created_by=user)


def _due_date(assignment: Assignment, today: dt.date) -> dt.date:
    if assignment.due_date:
        return assignment.due_date
    return today + dt.timedelta(days=assignment.due_days)


def assignment_targets(*, assignment: Assignment):
    """Active officers of the assignment's subtree who match its levels and positions."""
    users = User.objects.filter(is_active=True, agency__path__startswith=assignment.agency.path)
    if assignment.levels:
        users = users.filter(level__in=assignment.levels)
    if assignment.positions:
        users = users.filter(position__in=assignment.positions)
    return users


def assignment_create(
    *, course: CoursePage, agency: Agency, created_by: User, due_date: dt.date | None = None,
    due_days: int | None = None, levels: list[str] | None = None, positions: list[str] | None = None,
    recurrence_months: int | None = None,
) -> Assignment:  # fmt: skip
    """Create the assignment (the creator must hold HR rights over the agency) and,
    after commit, enrol its officers in the background."""
    if not agencies_for(created_by, Role.HR).filter(pk=agency.pk).exists():
        raise PermissionError(_("You may assign courses only within your own agencies."))
    if (due_date is None) == (due_days is None):
        raise ValueError(_("Give either a due date or a number of days, not both."))
    with transaction.atomic():
        assignment = Assignment.objects.create(
            course=course, agency=agency, due_date=due_date, due_days=due_days, levels=levels or [],
            positions=positions or [], recurrence_months=recurrence_months, created_by=created_by,
        )  # fmt: skip
        audit_record(
            action="assignment.create", actor=created_by, target=assignment,
            data={"course": course.pk, "agency": agency.code, "due_date": due_date, "due_days": due_days},
        )  # fmt: skip

        def schedule():
            from courses.tasks import apply_assignment_task

            apply_assignment_task.delay(assignment.pk)

        transaction.on_commit(schedule)
    return assignment


def assignment_apply(*, assignment: Assignment, today: dt.date | None = None) -> int:
    """Enrol every target officer who has no enrolment in the course yet; returns
    how many were enrolled. Idempotent and safe to run again at any time (new
    officers are picked up; existing enrolments and progress are never touched)."""
    if assignment.withdrawn_at is not None:
        return 0
    today = today or timezone.localdate()
    due = _due_date(assignment, today)
    already = Enrolment.objects.filter(course=assignment.course).values("user_id")
    new = [
        Enrolment(user_id=user_id, course_id=assignment.course_id, cycle=1, source=Enrolment.Source.ASSIGNMENT,
                  assignment=assignment, due_at=due)
        for user_id in assignment_targets(assignment=assignment).exclude(pk__in=already).values_list("pk", flat=True)
    ]  # fmt: skip
    created = Enrolment.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if new:
        audit_record(action="assignment.apply", target=assignment, data={"enrolled": len(new)})
    return len(created)


def assignment_withdraw(*, assignment: Assignment, withdrawn_by: User) -> None:
    """Stop an assignment: no new enrolments. Progress and completions stay."""
    with transaction.atomic():
        assignment.withdrawn_at = timezone.now()
        assignment.save(update_fields=["withdrawn_at"])
        audit_record(action="assignment.withdraw", actor=withdrawn_by, target=assignment)


def _enrolment_for_lesson(*, user: User, lesson: LessonPage) -> Enrolment:
    """The officer's current enrolment in the lesson's course, enrolling them when
    the course is open to them (CourseAccessError otherwise)."""
    course = lesson.course
    enrolment = _current_enrolment(user, course)
    if enrolment is None:
        enrolment = enrolment_self_enrol(user=user, course=course)
    return enrolment


def lesson_open(*, user: User, lesson: LessonPage) -> LessonProgress:
    """The officer opened a lesson: make sure they are enrolled, record that the
    course and the lesson have started, and remember it for "resume"."""
    enrolment = _enrolment_for_lesson(user=user, lesson=lesson)
    now = timezone.now()
    progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    progress.enrolment = enrolment  # already loaded; spare callers a query
    fields = {}
    if enrolment.last_lesson_id != lesson.pk:
        fields["last_lesson"] = lesson
    if enrolment.started_at is None:
        fields |= {"started_at": now, "status": Enrolment.Status.IN_PROGRESS}
    if fields:  # opening the same lesson again writes nothing
        Enrolment.objects.filter(pk=enrolment.pk).update(**fields)
    return progress


def lesson_heartbeat(*, user: User, lesson: LessonPage, seconds: int) -> int:
    """Add study time reported by the open lesson page, bounded by the time that
    really passed since the last report. Returns the seconds counted."""
    progress = lesson_open(user=user, lesson=lesson)
    now = timezone.now()
    bound = MAX_HEARTBEAT_SECONDS
    if progress.last_seen_at is not None:
        bound = min(bound, int((now - progress.last_seen_at).total_seconds()))
    counted = max(0, min(int(seconds), bound))
    with transaction.atomic():
        LessonProgress.objects.filter(pk=progress.pk).update(last_seen_at=now)
        if counted:
            LessonProgress.objects.filter(pk=progress.pk).update(
                time_spent_seconds=F("time_spent_seconds") + counted
            )
            Enrolment.objects.filter(pk=progress.enrolment_id).update(
                time_spent_seconds=F("time_spent_seconds") + counted
            )
    if counted:
        evaluate_completion(enrolment=Enrolment.objects.get(pk=progress.enrolment_id))
    return counted


def lesson_unmet(*, enrolment: Enrolment, lesson: LessonPage) -> list[str]:
    reasons: list[str] = []
    for checker in lesson_checkers():
        reasons.extend(checker(enrolment, lesson))
    return reasons


def lesson_complete(
    *, user: User, lesson: LessonPage, how: str = LessonProgress.How.MANUAL
) -> LessonProgress:
    """Mark a lesson done (explicitly, or automatically when its activities are),
    then re-evaluate the course. Refused while a lesson's required activities
    are not done."""
    progress = lesson_open(user=user, lesson=lesson)
    reasons = lesson_unmet(enrolment=progress.enrolment, lesson=lesson)
    if reasons:
        raise CourseAccessError(" ".join(reasons))
    if progress.completed_at is None:
        LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=timezone.now(), completed_how=how
        )
        progress.refresh_from_db()
    evaluate_completion(enrolment=Enrolment.objects.get(pk=progress.enrolment_id))
    return progress


def lesson_activity_done(*, enrolment: Enrolment, lesson: LessonPage) -> None:
    """Called by activity apps (H5P, quizzes) when an activity result arrives:
    completes the lesson automatically once nothing is unmet."""
    if not lesson_unmet(enrolment=enrolment, lesson=lesson):
        progress, _ = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
        if progress.completed_at is None:
            LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
                completed_at=timezone.now(), completed_how=LessonProgress.How.AUTOMATIC
            )
    evaluate_completion(enrolment=enrolment)


def completion_unmet(*, enrolment: Enrolment) -> list[str]:
    """What still stands between the enrolment and completion (empty = complete)."""
    course = enrolment.course
    reasons: list[str] = []
    if course.require_all_lessons:
        required = (
            LessonPage.objects.child_of(course).live().filter(required=True).values_list("pk", flat=True)
        )
        done = set(
            LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False).values_list(
                "lesson_id", flat=True
            )
        )
        missing = [pk for pk in required if pk not in done]
        if missing:
            reasons.append(_("%(count)d required lessons are not completed yet.") % {"count": len(missing)})
    if course.min_study_minutes:
        spent = (
            LessonProgress.objects.filter(enrolment=enrolment).aggregate(s=Sum("time_spent_seconds"))["s"]
            or 0
        )
        if spent < course.min_study_minutes * 60:
            reasons.append(
                _("Study at least %(minutes)d minutes (so far %(spent)d).")
                % {"minutes": course.min_study_minutes, "spent": spent // 60}
            )
    for checker in course_checkers():
        reasons.extend(checker(enrolment))
    return reasons


def evaluate_completion(*, enrolment: Enrolment) -> bool:
    """Apply the course's completion rule. On first completion: set completed_at
    and status, write an audit event and, after commit, send `enrolment_completed`.
    Holds a row lock on the enrolment so concurrent calls complete it once."""
    if enrolment.completed_at is not None:
        return True
    if completion_unmet(enrolment=enrolment):
        return False
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if locked.completed_at is not None:
            return True
        locked.completed_at = timezone.now()
        locked.status = Enrolment.Status.COMPLETED
        locked.started_at = locked.started_at or locked.completed_at
        locked.save(update_fields=["completed_at", "status", "started_at"])
        audit_record(
            action="enrolment.complete", actor=locked.user, target=locked, data={"course": locked.course_id}
        )
        transaction.on_commit(lambda: enrolment_completed.send(sender=Enrolment, enrolment=locked))
    enrolment.completed_at, enrolment.status = locked.completed_at, locked.status
    return True

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """Mandatory training: a course for the officers of an agency subtree,
    optionally only some levels or positions, with a due rule and recurrence."""

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="assignments"
    )
    agency = models.ForeignKey(
        "lms.Agency",
        verbose_name=_("agency (with its subtree)"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    levels = models.JSONField(_("levels"), default=list, blank=True, help_text=_("Empty means every level."))
    positions = models.JSONField(
        _("positions"), default=list, blank=True, help_text=_("Empty means every position.")
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_days = models.PositiveIntegerField(_("due N days after assignment"), null=True, blank=True)
    recurrence_months = models.PositiveIntegerField(_("repeat every N months"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(due_date__isnull=False) & Q(due_days__isnull=True))
                | (Q(due_date__isnull=True) & Q(due_days__isnull=False)),
                name="assignment_one_due_rule",
            )
        ]

    def __str__(self):
        return f"{self.course.title} → {self.agency.name_th}"


class Enrolment(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        ASSIGNMENT = "assignment", _("Assignment")
        RECERTIFICATION = "recertification", _("Recertification")
        ADMIN = "admin", _("Enrolled by an administrator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.PROTECT, related_name="enrolments")
    cycle = models.PositiveIntegerField(
        _("cycle"), default=1, help_text=_("1 = first training, 2+ = recertification")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    source = models.CharField(_("created by"), max_length=20, choices=Source.choices, default=Source.SELF)
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    due_at = models.DateField(_("due date"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course", "cycle"], name="one_enrolment_per_cycle")
        ]
        indexes = [models.Index(fields=["course", "status"]), models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} – {self.course.title} ({self.cycle})"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class LessonProgress(models.Model):
    class How(models.TextChoices):
        MANUAL = "manual", _("Marked as done")
        AUTOMATIC = "automatic", _("Activities completed")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.PROTECT, related_name="progress")
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_how = models.CharField(max_length=20, choices=How.choices, blank=True)
    time_spent_seconds = models.PositiveIntegerField(default=0)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.lesson.title}"


class ReminderLog(models.Model):
    """One row per reminder sent, so that a window gets one reminder, never a flood."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "due_soon" or "overdue"
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "kind"], name="one_reminder_per_window")]

    def __str__(self):
        return f"{self.kind} {self.enrolment_id}"

"""Attempts: a frozen copy of the questions, the officer's saved answers, and one grade."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Attempt(models.Model):
    """One attempt at a quiz.

    ``snapshot`` copies, when the attempt starts, everything grading needs
    (questions in their shown order, choices in their shown order with which
    are correct, points, feedback, pass mark and feedback policy), so that
    editing the bank later never changes a grade. Database guarantees: one
    (user, quiz, number) — so concurrent starts cannot exceed the attempt
    limit —, at most one open attempt per officer and quiz, and a graded
    attempt always has its result.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("quiz attempt", "In progress")
        GRADED = "graded", _("Graded")

    quiz = models.ForeignKey("quizzes.Quiz", on_delete=models.PROTECT, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_attempts")
    enrolment = models.ForeignKey("courses.Enrolment", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")  # fmt: skip
    lesson = models.ForeignKey("courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")  # fmt: skip
    number = models.PositiveIntegerField(_("attempt number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    snapshot = models.JSONField(editable=False)
    started_at = models.DateTimeField(pgettext_lazy("quiz attempt", "started at"))
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="attempt_unique_number"),
            models.UniqueConstraint(fields=["user", "quiz"], condition=Q(status="open"),
                                    name="attempt_one_open_per_quiz"),
            models.CheckConstraint(
                condition=Q(status="open", graded_at__isnull=True, percent__isnull=True, passed__isnull=True)
                | Q(status="graded", graded_at__isnull=False, percent__isnull=False, passed__isnull=False),
                name="attempt_graded_has_result",
            ),
        ]  # fmt: skip
        indexes = [models.Index(fields=["quiz", "status"]), models.Index(fields=["enrolment", "quiz"])]

    def __str__(self):
        # From the snapshot, so that audit records and listings need no extra query.
        return f"{self.snapshot.get('title', self.quiz_id)} #{self.number} ({self.user_id})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AttemptAnswer(models.Model):
    """The choices an officer selected for one question of an attempt (saved as they go).

    ``earned``/``correct`` are written by grading, in the same transaction
    that closes the attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.BigIntegerField()
    choice_ids = models.JSONField(default=list)
    saved_at = models.DateTimeField()
    earned = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    correct = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "question_id"], name="attempt_answer_once_per_question"
            )
        ]

    def __str__(self):
        return f"{self.attempt_id}:{self.question_id}"

"""Quizzes: what a trainer sets up, and where it is placed (course pre-/post-test or a lesson)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class QuizKind(models.TextChoices):
    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")
    PRACTICE = "practice", _("Practice")


class FeedbackPolicy(models.TextChoices):
    AFTER_ATTEMPT = "after_attempt", _("After each attempt")
    AFTER_PASS = "after_pass", _("After passing")
    NEVER = "never", _("Never (score only)")


class Quiz(ClusterableModel):
    title = models.CharField(_("title"), max_length=255)
    instructions = models.TextField(_("instructions"), blank=True)
    owner_agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="quizzes"
    )
    bank = models.ForeignKey("quizzes.QuestionBank", verbose_name=_("question bank"), on_delete=models.PROTECT,
                             related_name="quizzes")  # fmt: skip
    kind = models.CharField(
        pgettext_lazy("quiz", "kind"), max_length=20, choices=QuizKind.choices, default=QuizKind.PRACTICE
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("The course whose pre-test or post-test this is. Leave empty for a quiz "
                                      "placed inside a lesson."),
    )  # fmt: skip
    pass_mark_percent = models.DecimalField(
        _("pass mark (percent)"), max_digits=5, decimal_places=2, default=Decimal(80),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )  # fmt: skip
    max_attempts = models.PositiveIntegerField(
        _("maximum attempts"), null=True, blank=True, default=3,
        validators=[MinValueValidator(1)], help_text=_("Per course round. Empty means no limit."),
    )  # fmt: skip
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Empty means no time limit."),
    )  # fmt: skip
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    feedback_policy = models.CharField(_("show answers and feedback"), max_length=20,
                                       choices=FeedbackPolicy.choices, default=FeedbackPolicy.AFTER_ATTEMPT)  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("instructions"),
        MultiFieldPanel([FieldPanel("owner_agency"), FieldPanel("bank"), FieldPanel("kind"), FieldPanel("course")],
                        heading=_("Placement")),
        MultiFieldPanel([
            FieldRowPanel([FieldPanel("pass_mark_percent"), FieldPanel("max_attempts"),
                           FieldPanel("time_limit_minutes")]),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
            FieldPanel("feedback_policy"),
        ], heading=_("Rules")),
        InlinePanel("draws", label=_("Draw questions at random per category"),
                    help_text=_("Categories not listed here contribute all their questions.")),
    ]  # fmt: skip

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "kind"], condition=Q(course__isnull=False) & Q(kind__in=["pre", "post"]),
                name="quiz_one_pre_and_post_test_per_course",
                violation_error_message=_("This course already has a quiz of this kind."),
            ),
            models.CheckConstraint(condition=Q(course__isnull=False) | ~Q(kind__in=["pre", "post"]),
                                   name="quiz_pre_post_test_needs_course",
                                   violation_error_message=_("A pre-test or post-test must belong to a course.")),
            models.CheckConstraint(condition=Q(opens_at__isnull=True) | Q(closes_at__isnull=True)
                                   | Q(closes_at__gt=models.F("opens_at")), name="quiz_window_in_order",
                                   violation_error_message=_("The quiz must close after it opens.")),
        ]  # fmt: skip

    def __str__(self):
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (
            self.closes_at is None or now < self.closes_at
        )


class QuizDraw(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="draws")
    category = models.ForeignKey("quizzes.Category", verbose_name=_("category"), on_delete=models.PROTECT,
                                 related_name="+")  # fmt: skip
    count = models.PositiveIntegerField(_("questions to draw"), validators=[MinValueValidator(1)])

    panels = [FieldPanel("category"), FieldPanel("count")]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")
        constraints = [
            models.UniqueConstraint(fields=["quiz", "category"], name="quiz_draw_once_per_category")
        ]

"""H5P packages (the trainer's library), and what officers do with them:
results per activity, the raw xAPI statements, and saved player state."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class H5PPackage(models.Model):
    """A validated, extracted H5P package. Its files live under
    MEDIA_ROOT/<folder>/ and are served only through signed URLs."""

    title = models.CharField(_("title"), max_length=255)
    main_library = models.CharField(_("main library"), max_length=255)
    library_version = models.CharField(_("version"), max_length=20)
    language = models.CharField(_("language"), max_length=10, blank=True)
    reports_score = models.BooleanField(_("reports a score"), default=False)
    size_bytes = models.PositiveBigIntegerField(_("size when unpacked (bytes)"))
    upload_bytes = models.PositiveBigIntegerField(_("size of the .h5p file (bytes)"))
    file_count = models.PositiveIntegerField(_("number of files"))
    original_filename = models.CharField(_("file name"), max_length=255, blank=True)
    folder = models.CharField(max_length=100, unique=True, editable=False)
    owner_agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("owning agency"), on_delete=models.PROTECT, related_name="h5p_packages"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("H5P package")
        verbose_name_plural = _("H5P packages")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def main_library_label(self) -> str:
        return f"{self.main_library} {self.library_version}"

    @property
    def size_label(self) -> str:
        return f"{self.size_bytes / (1024 * 1024):.1f} MB"


class H5PResult(models.Model):
    """One officer's result in one H5P activity (a package placed in a lesson),
    per enrolment cycle. Scores are reported by the officer's browser."""

    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="h5p_results")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="h5p_results")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.PROTECT, related_name="h5p_results")
    package = models.ForeignKey(H5PPackage, on_delete=models.PROTECT, related_name="results")
    attempts = models.PositiveIntegerField(pgettext_lazy("h5p result", "attempts"), default=0)
    last_score = models.FloatField(_("last score"), default=0)
    best_score = models.FloatField(_("best score"), default=0)
    max_score = models.FloatField(_("maximum score"), default=0)
    best_percent = models.FloatField(_("best score (%)"), default=0)
    passed = models.BooleanField(_("passed"), default=False)
    passed_at = models.DateTimeField(_("passed at"), null=True, blank=True)
    passed_on_attempt = models.PositiveIntegerField(_("passed on attempt"), null=True, blank=True)
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("H5P result")
        verbose_name_plural = _("H5P results")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson", "package"], name="one_h5p_result_per_activity"),
            models.CheckConstraint(
                condition=Q(best_score__gte=0) & Q(best_score__lte=models.F("max_score"))
                & Q(last_score__gte=0) & Q(last_score__lte=models.F("max_score")),
                name="h5p_scores_within_max",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.user} – {self.package} ({self.best_score:g}/{self.max_score:g})"

    @property
    def score_source(self) -> str:
        """Reports show where every H5P score comes from: the officer's browser."""
        return str(_("Self-reported by the browser"))


class H5PStatement(models.Model):
    """An xAPI statement as the browser sent it (kept whole), with what we read from it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.PROTECT, related_name="+")
    package = models.ForeignKey(H5PPackage, on_delete=models.PROTECT, related_name="+")
    verb = models.CharField(max_length=200)
    counted = models.BooleanField(default=False, help_text=_("Whether it counted as an attempt."))
    score = models.FloatField(null=True, blank=True)
    max_score = models.FloatField(null=True, blank=True)
    statement = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("xAPI statement")
        verbose_name_plural = _("xAPI statements")
        indexes = [models.Index(fields=["enrolment", "lesson", "package"])]

    def __str__(self):
        return f"{self.verb} {self.user_id} {self.received_at:%Y-%m-%d %H:%M}"


class H5PState(models.Model):
    """The player state an officer left an activity in, so that they can resume."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    package = models.ForeignKey(H5PPackage, on_delete=models.CASCADE, related_name="+")
    state = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "package"], name="one_h5p_state_per_activity")
        ]

    def __str__(self):
        return f"{self.user_id} {self.lesson_id} {self.package_id}"

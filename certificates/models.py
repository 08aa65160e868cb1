"""Certificates: the template snippet, the per-course setting, issued certificates and their numbering,
public verification checks and background ZIP exports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

from certificates.rendering import (
    LANGUAGES,
    MAX_LOGOS,
    MAX_SIGNATORIES,
    ORIENTATIONS,
    TITLE_COMPLETION,
    unknown_placeholders,
)

DEFAULT_BODY_TH = "สังกัด {agency}\nได้ผ่านการอบรมหลักสูตร “{course}”\nให้ไว้ ณ วันที่ {completed_on}"


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """How a course's certificates look. Editing it changes no issued PDF until HR regenerates them."""

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("A4 landscape")
        PORTRAIT = "portrait", _("A4 portrait")

    class Language(models.TextChoices):
        THAI = "th", _("Thai")
        ENGLISH = "en", _("English")

    name = models.CharField(_("template name"), max_length=120, unique=True)
    owner_agency = models.ForeignKey(
        "lms.Agency",
        verbose_name=pgettext_lazy("certificate template", "owning agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificate_templates",
        help_text=_("Trainers of this agency and the agencies under it may change the template. "
                    "Empty: shared by every agency; only administrators change it."),
    )  # fmt: skip
    title = models.CharField(
        _("document title"),
        max_length=120,
        default=TITLE_COMPLETION,
        help_text=_("วุฒิบัตร for completing a course, เกียรติบัตร for recognition, or your own words."),
    )
    issuer = models.CharField(
        _("issuing agency (as printed)"),
        max_length=255,
        blank=True,
        help_text=_("e.g. the ministry and department."),
    )
    preamble = models.CharField(
        _("line above the name"), max_length=255, blank=True, help_text=_("Empty: the standard sentence.")
    )
    body = models.TextField(
        _("body text"),
        default=DEFAULT_BODY_TH,
        help_text=_(
            "Plain text; new lines are kept. Placeholders: {full_name} {course} {agency} {completed_on} "
            "{expires_on} {number}"
        ),
    )
    orientation = models.CharField(
        _("page"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.THAI)
    thai_digits = models.BooleanField(_("Thai digits"), default=False)
    background_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_default = models.BooleanField(
        _("default template"),
        default=False,
        help_text=_("Used for courses that have no template of their own."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("owner_agency"),
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("issuer"), FieldPanel("preamble"), FieldPanel("body")],
            heading=_("Text"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("orientation"),
                FieldPanel("language"),
                FieldPanel("thai_digits"),
                FieldPanel("background_image"),
                FieldPanel("is_default"),
            ],
            heading=_("Layout"),
        ),
        InlinePanel("logos", label=_("Logos"), max_num=MAX_LOGOS),
        InlinePanel("signatories", label=_("Signatories"), max_num=MAX_SIGNATORIES),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_certificate_template"
            ),
            # The default serves every agency's courses, so no single agency's trainers may edit it.
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(owner_agency__isnull=True),
                name="default_certificate_template_is_shared",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        unknown = unknown_placeholders(self.body or "")
        if unknown:
            raise ValidationError(
                {
                    "body": _("Unknown placeholders: %(names)s. Use only %(allowed)s.")
                    % {
                        "names": ", ".join(unknown),
                        "allowed": "{full_name} {course} {agency} {completed_on} {expires_on} {number}",
                    }
                }
            )
        if self.is_default and self.owner_agency_id:
            raise ValidationError(
                {
                    "owner_agency": _(
                        "The default template serves every agency: leave the owning agency empty."
                    )
                }
            )
        if self.orientation not in ORIENTATIONS or self.language not in LANGUAGES:
            raise ValidationError(_("Choose a page orientation and language from the list."))

    # Wagtail's live preview: the PDF for a sample officer, shown in the preview panel.
    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from certificates.layouts import sample_pdf

        response = HttpResponse(sample_pdf(template=self), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response


class CertificateTemplateLogo(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="logos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("image")]


class CertificateTemplateSignatory(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=255)
    position = models.CharField(_("position"), max_length=255)
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("signature_image")]


class CourseCertificateSetting(models.Model):
    """Certificates of one course: which template, whether certificates are issued, and how many days
    before expiry the recertification cycle opens. Owned by certificates so that courses need not
    know about them; a course without a row gets the default template and 30 days."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="certificate_setting",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="course_settings",
        help_text=_("Empty: the default template."),
    )
    issue_certificates = models.BooleanField(_("issue certificates"), default=True)
    recertification_lead_days = models.PositiveIntegerField(
        _("open recertification N days before expiry"), default=30
    )

    class Meta:
        verbose_name = _("course certificate setting")
        verbose_name_plural = _("course certificate settings")

    def __str__(self):
        return str(self.course.title)


class CertificateSequence(models.Model):
    """The last number given per issuing agency and Buddhist-era year. Issuance takes this row with
    SELECT … FOR UPDATE, so two certificates never get the same number and numbers have no gaps."""

    agency_code = models.CharField(max_length=20)
    be_year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "be_year"], name="one_sequence_per_agency_year")
        ]

    def __str__(self):
        return f"{self.agency_code}-{self.be_year}: {self.last}"


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Not replaced by a reissue (revoked and expired ones included)."""
        return self.filter(superseded_at__isnull=True)

    def valid(self, *, today: dt.date | None = None):
        today = today or timezone.localdate()
        return (
            self.current()
            .filter(revoked_at__isnull=True)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        )


class Certificate(models.Model):
    """An issued certificate. Everything it shows is copied here at issue time; later edits to the
    course, the officer or the agency do not change it. One current certificate per enrolment
    (= per enrolment cycle), guaranteed by a partial unique constraint."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Superseded")

    enrolment = models.ForeignKey(
        "courses.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    issuing_agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(
        CertificateTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(max_length=64, unique=True, editable=False)
    # The snapshot.
    full_name = models.CharField(_("name"), max_length=300)
    full_name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150, blank=True)
    course_title = models.CharField(_("course title"), max_length=255)
    agency_name = models.CharField(_("officer's agency"), max_length=255)
    issuing_agency_name = models.CharField(_("issuing agency"), max_length=255)
    completed_on = models.DateField(_("completed on"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # The PDF.
    pdf = models.FileField(_("PDF"), upload_to="certificates/%Y/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # Lifecycle.
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    recertification_opened_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()
    # Nothing links to a certificate from content; keep Wagtail's reference index out of issuance.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_certificate_per_enrolment",
            )
        ]
        indexes = [
            models.Index(fields=["course", "issued_at"]),
            models.Index(fields=["user", "issued_at"]),
            models.Index(
                fields=["expires_on"], condition=Q(superseded_at__isnull=True), name="cert_current_expiry"
            ),
        ]

    def __str__(self):
        return self.number

    def status_on(self, today: dt.date) -> str:
        if self.superseded_at is not None:
            return self.Status.SUPERSEDED
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_on is not None and self.expires_on < today:
            return self.Status.EXPIRED
        return self.Status.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    get_status_display.short_description = _("status")

    @property
    def verify_path(self) -> str:
        from django.urls import reverse

        return reverse("verify:certificate", args=[self.verification_code])


class VerificationLog(models.Model):
    """One row per check of a verification code, on the page or through the API (found or not)."""

    class Channel(models.TextChoices):
        WEB = "web", _("Verify page")
        API = "api", _("API")

    certificate = models.ForeignKey(
        Certificate, null=True, blank=True, on_delete=models.CASCADE, related_name="verifications"
    )
    code_prefix = models.CharField(max_length=12, blank=True)
    found = models.BooleanField()
    status = models.CharField(max_length=12, blank=True)
    channel = models.CharField(max_length=3, choices=Channel.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    checked_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("verification check")
        verbose_name_plural = _("verification checks")

    def __str__(self):
        return f"{self.code_prefix}… {self.status or '404'}"


class CertificateExport(models.Model):
    """A ZIP of an agency subtree's certificates of one course and period, built by a Celery task."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    issued_from = models.DateField(_("issued from"))
    issued_until = models.DateField(_("issued until"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="certificate-exports/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("certificate ZIP download")
        verbose_name_plural = _("certificate ZIP downloads")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.course_id} {self.agency_id} {self.issued_from}–{self.issued_until}"

    @property
    def percent(self) -> int:
        if self.state == self.State.READY:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

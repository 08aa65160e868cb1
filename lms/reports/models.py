"""The HR workspace's own data: saved column mappings, roster import jobs and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedColumnMapping(models.Model):
    """How another HR system names the roster columns (e.g. DPIS: PER_NAME, ORG_CODE …).

    `mapping` is {canonical column: source header or [alternatives]} as
    `lms.roster.parsing.parse_roster` takes it. A mapping belongs to an agency
    and is offered to the HR officers of that agency's subtree.
    """

    name = models.CharField(_("name"), max_length=120)
    agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="column_mappings"
    )
    mapping = models.JSONField(
        _("column mapping"),
        default=dict,
        help_text=_('Canonical column to the header in the file, e.g. {"first_name": "PER_NAME"}.'),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saved column mapping")
        verbose_name_plural = _("saved column mappings")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="unique_mapping_name")]

    def __str__(self):
        return self.name


class RosterImport(models.Model):
    """One roster upload and what became of it. The Celery task updates the
    counters while it runs; the status page polls them as JSON."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="roster_imports"
    )
    file = models.FileField(_("file"), upload_to="roster-imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    dry_run = models.BooleanField(_("preview only"), default=False)
    deactivate_missing = models.BooleanField(_("deactivate officers missing from the file"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    deactivated = models.PositiveIntegerField(_("deactivated"), default=0)
    rejected = models.PositiveIntegerField(_("rejected rows"), default=0)
    preview = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    error_report = models.FileField(upload_to="roster-imports/errors/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"


class ApiToken(models.Model):
    """A credential for another system, limited to one agency's subtree.

    Only the SHA-256 of the token is stored; the token itself is shown once,
    when it is created. Revoked tokens are kept (never deleted) for the record.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    name = models.CharField(_("name"), max_length=120, help_text=_("Which system uses it."))
    agency = models.ForeignKey(
        "lms.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("token starts with"), max_length=12, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

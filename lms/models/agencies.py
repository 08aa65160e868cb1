from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node


class Agency(MP_Node):
    """A government agency; agencies form one tree (ministry → department → …)."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        BUREAU = "bureau", _("Bureau")
        PROVINCE_OFFICE = "province_office", _("Provincial office")
        DIVISION = "division", _("Division")

    code = models.CharField(_("agency code"), max_length=32, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name_th

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class Role(models.TextChoices):
    HR = "hr", _("HR officer")
    TRAINER = "trainer", _("Trainer")
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")
    APPROVER = "approver", _("Course approver")


class AgencyRole(models.Model):
    """A right over an agency's whole subtree. An agency admin holds the rights
    of HR and trainer too (see lms.access)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_roles")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency role")
        verbose_name_plural = _("agency roles")
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_agency_role")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.agency}"

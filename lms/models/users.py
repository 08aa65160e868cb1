from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.civil_service import Level, PositionType, StaffType


class User(AbstractUser):
    """An officer (or a trainer, HR officer, administrator: roles are separate).

    `first_name`/`last_name` hold the Thai names; English names are optional.
    """

    #: Wagtail's reference index ("usage" of content) has nothing to learn from
    #: accounts; without this every sign-in (last_login) rewrote the user's rows.
    wagtail_reference_index_ignore = True

    employee_id = models.CharField(_("employee ID"), max_length=32, unique=True, null=True, blank=True)
    title = models.CharField(
        _("title (Thai)"),
        max_length=64,
        blank=True,
        help_text=_("e.g. Mr., Mrs., Ms., Dr. in Thai: นาย, นาง, นางสาว, ดร."),
    )
    title_en = models.CharField(_("title (English)"), max_length=32, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=150, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "lms.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    position_type = models.CharField(
        _("position type"), max_length=20, choices=PositionType.choices, blank=True
    )
    level = models.CharField(_("level"), max_length=30, choices=Level.choices, blank=True)
    staff_type = models.CharField(
        _("staff type"), max_length=30, choices=StaffType.choices, default=StaffType.CIVIL_SERVANT
    )
    left_at = models.DateTimeField(_("left the agency at"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        indexes = [models.Index(fields=["agency", "is_active"])]

    def __str__(self):
        return self.display_name or self.username

    @property
    def display_name(self) -> str:
        """Thai display name: the title is written against the first name."""
        name = f"{self.title}{self.first_name} {self.last_name}".strip()
        return name

    @property
    def display_name_en(self) -> str:
        return " ".join(p for p in (self.title_en, self.first_name_en, self.last_name_en) if p)

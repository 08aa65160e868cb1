from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The HR workspace: roster import, dashboards, evidence reports, exports, API tokens."""

    name = "lms.reports"
    label = "reports"
    verbose_name = _("HR workspace")
    default_auto_field = "django.db.models.BigAutoField"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The HR workspace: roster import, dashboards, evidence reports, exports, API tokens."""

    name = "lms.reports"
    label = "reports"
    verbose_name = _("HR workspace")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms.models import Role
        from lms.roles import register_role_permissions

        register_role_permissions(
            Role.HR,
            {
                "reports.view_apitoken", "reports.add_apitoken", "reports.change_apitoken",
                "reports.view_savedcolumnmapping", "reports.add_savedcolumnmapping",
                "reports.change_savedcolumnmapping", "reports.delete_savedcolumnmapping",
            },
        )  # fmt: skip

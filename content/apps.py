from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from content.requirements import h5p_lesson_requirement
        from courses.requirements import register_lesson_requirement
        from lms.models import Role
        from lms.roles import register_role_permissions

        register_lesson_requirement(h5p_lesson_requirement)
        from content.privacy import h5p_results_for_export, h5p_statements_anonymise
        from lms.privacy.registry import register_personal_data_provider

        register_personal_data_provider(
            "h5p_results", label=_("Interactive activity results (self-reported by the browser)"),
            export=h5p_results_for_export, anonymise=h5p_statements_anonymise,
        )  # fmt: skip
        register_role_permissions(
            Role.TRAINER,
            {"content.add_h5ppackage", "content.change_h5ppackage", "content.delete_h5ppackage",
             "content.view_h5ppackage"},
        )  # fmt: skip

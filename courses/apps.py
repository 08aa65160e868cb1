from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses.receivers import enrol_changed_officers
        from lms.models import Role
        from lms.roles import register_role_permissions
        from lms.signals import officers_changed

        officers_changed.connect(enrol_changed_officers, dispatch_uid="courses_enrol_changed_officers")

        register_role_permissions(
            Role.HR, {"courses.view_assignment", "courses.add_assignment", "courses.change_assignment"}
        )
        register_role_permissions(
            Role.TRAINER, {"courses.add_topic", "courses.change_topic", "courses.view_topic"}
        )

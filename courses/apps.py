from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from courses import receivers
        from courses.models import CourseIndexPage
        from lms.models import Role
        from lms.roles import register_role_permissions
        from lms.signals import agency_roles_changed, officers_changed

        officers_changed.connect(
            receivers.enrol_changed_officers, dispatch_uid="courses_enrol_changed_officers"
        )
        agency_roles_changed.connect(receivers.agency_roles_changed, dispatch_uid="courses_author_rights")
        post_save.connect(
            receivers.course_section_saved, sender=CourseIndexPage, dispatch_uid="courses_section"
        )

        register_role_permissions(
            Role.HR, {"courses.view_assignment", "courses.add_assignment", "courses.change_assignment"}
        )
        register_role_permissions(
            Role.TRAINER, {"courses.add_topic", "courses.change_topic", "courses.view_topic"}
        )

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Platform")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms import sites  # noqa: F401 - connects the site cache's receivers
        from lms.roles import role_groups_sync

        # Permissions exist only once migrate has created them app by app, so the
        # groups are brought in step after every app's post_migrate (idempotent).
        post_migrate.connect(lambda **kwargs: role_groups_sync(), weak=False, dispatch_uid="lms_role_groups")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lms.privacy"
    label = "lms_privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from lms.privacy import builtin

        builtin.register()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Login lockout (django-axes) glue, rate limits, CSP, and the admin unlock screen."""

    name = "lms.security"
    label = "lms_security"
    verbose_name = _("Security")

    def ready(self):
        from lms.security import receivers  # noqa: F401

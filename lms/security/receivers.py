"""Security events into the audit trail (a lockout starting), and the idle clock started at sign-in."""

import time

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver

from lms.audit import audit_record
from lms.security.idle import LAST_SEEN_KEY


@receiver(user_locked_out, dispatch_uid="lms_security_audit_lockout")
def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    # axes signals again on every attempt during a lockout; record when it starts.
    cooloff = settings.AXES_COOLOFF_TIME
    timeout = int(cooloff.total_seconds()) if cooloff else None
    if not cache.add(f"lockout-audited:{username}:{ip_address}", 1, timeout=timeout):
        return
    officer = get_user_model().objects.filter(username=username).first() if username else None
    audit_record(
        action="login.locked_out",
        target=officer,
        data={"username": username or "", "failure_limit": settings.AXES_FAILURE_LIMIT},
        ip=ip_address,
    )


@receiver(user_logged_in, dispatch_uid="lms_security_idle_clock")
def start_idle_clock(sender, request=None, **kwargs):
    # Written with the sign-in's own session save, so the next request needs no write.
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())

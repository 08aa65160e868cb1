from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from lms.access import agencies_for
from lms.models import Role, User


@dataclass
class LockedAccount:
    username: str
    officer: User | None
    ip_address: str | None
    failures: int
    last_attempt: datetime
    locked_until: datetime | None


def _locked_attempts():
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    cooloff = settings.AXES_COOLOFF_TIME
    if cooloff:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cooloff)
    return attempts


def locked_accounts_for(*, user) -> list[LockedAccount]:
    """Sign-ins paused by the lockout that `user` may release: those of officers in their
    HR (or agency-admin) subtree; a superuser sees every one, also names that match no
    officer. Two queries."""
    attempts = _locked_attempts().order_by("-attempt_time")
    if not user.is_superuser:
        scoped = User.objects.filter(agency__in=agencies_for(user, Role.HR)).values("username")
        attempts = attempts.filter(username__in=scoped)
    rows = list(attempts[:500])
    officers = {
        o.username: o
        for o in User.objects.filter(username__in={r.username for r in rows}).select_related("agency")
    }
    cooloff = settings.AXES_COOLOFF_TIME
    return [
        LockedAccount(
            username=r.username or "",
            officer=officers.get(r.username),
            ip_address=r.ip_address,
            failures=r.failures_since_start,
            last_attempt=r.attempt_time,
            locked_until=r.attempt_time + cooloff if cooloff else None,
        )
        for r in rows
    ]


def officer_is_locked(*, officer: User) -> bool:
    return _locked_attempts().filter(username=officer.username).exists()

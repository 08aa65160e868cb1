from __future__ import annotations

from axes.utils import reset as axes_reset
from django.db import transaction

from lms.audit import audit_record
from lms.models import User


def login_lock_release(*, actor: User, officer: User, ip: str | None = None) -> int:
    """Forget `officer`'s failed sign-ins from every address, so they may sign in again at
    once; returns how many lockout records were removed. Writes a `login.unlocked` audit
    event in the same transaction. The caller checks that `actor` may act on `officer`
    (selectors.locked_accounts_for / the admin view do)."""
    with transaction.atomic():
        cleared = axes_reset(username=officer.username)
        audit_record(
            action="login.unlocked",
            actor=actor,
            target=officer,
            data={"username": officer.username, "records_cleared": cleared},
            ip=ip,
        )
    return cleared


def password_reset_completed(*, officer: User, ip: str | None = None) -> None:
    """After an officer set a new password through the e-mailed link (proving they hold
    the mailbox): an earlier lockout no longer applies. Audited as `password.reset`."""
    with transaction.atomic():
        cleared = axes_reset(username=officer.username)
        audit_record(
            action="password.reset",
            actor=officer,
            target=officer,
            data={"lockout_records_cleared": cleared},
            ip=ip,
        )


def password_changed(*, officer: User, ip: str | None = None) -> None:
    """The officer changed their password from their profile (the current one was
    given). Audited as `password.changed`; Django ends the account's other sessions."""
    audit_record(action="password.changed", actor=officer, target=officer, ip=ip)

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction

from lms.audit import audit_record
from lms.models import AgencyRole, User
from lms.privacy.registry import personal_data_providers
from lms.privacy.selectors import ANONYMOUS_USERNAME_PREFIX, leavers_past_retention, retention_cutoff


def officer_anonymise(*, officer: User, actor: User | None = None, reason: str = "retention") -> User:
    """Replace `officer`'s identifying data by a pseudonym and keep what statistics need.

    Kept: the user row and its id (so enrolments, lesson progress, quiz attempts and
    certificates stay counted and a certificate's verify status stays answerable), the
    agency, level, position type, staff type and dates. Removed: names (Thai and English),
    titles, e-mail, employee ID, position title, password, roles, the sign-in records of
    django-axes; then each registered provider's `anonymise` hook runs.

    Runs in one transaction holding SELECT ... FOR UPDATE on the user row, so two purges
    cannot interleave; idempotent (an officer already anonymised is returned unchanged).
    Writes a `privacy.anonymised` audit event naming only the pseudonym.
    """
    with transaction.atomic():
        officer = User.objects.select_for_update().get(pk=officer.pk)
        if officer.username.startswith(ANONYMOUS_USERNAME_PREFIX):
            return officer
        old_username = officer.username
        pseudonym = f"{ANONYMOUS_USERNAME_PREFIX}{secrets.token_hex(8)}"
        officer.username = pseudonym
        officer.first_name = officer.last_name = ""
        officer.title = officer.title_en = officer.first_name_en = officer.last_name_en = ""
        officer.email = ""
        officer.employee_id = None
        officer.position = ""
        officer.is_active = False
        officer.is_staff = False
        officer.last_login = None
        officer.set_unusable_password()
        officer.save()
        officer.groups.clear()
        officer.user_permissions.clear()
        AgencyRole.objects.filter(user=officer).delete()
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=old_username).delete()
        _wagtail_profile_clear(officer)
        hooks = []
        for provider in personal_data_providers():
            if provider.anonymise is not None:
                provider.anonymise(officer, pseudonym)
                hooks.append(provider.key)
        audit_record(
            action="privacy.anonymised",
            actor=actor,
            target=officer,
            data={
                "reason": reason,
                "left_at": officer.left_at,
                "retention_years": settings.PERSONAL_DATA_RETENTION_YEARS,
                "providers": hooks,
            },
        )
    return officer


def _wagtail_profile_clear(officer: User) -> None:
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=officer).first()
    if profile is not None and profile.avatar:
        profile.avatar.delete(save=False)
        profile.avatar = None
        profile.save(update_fields=["avatar"])


@dataclass
class PurgeReport:
    cutoff: object
    dry_run: bool
    officer_ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.officer_ids)


def leavers_purge(*, now=None, years: int | None = None, dry_run: bool = False) -> PurgeReport:
    """Anonymise every officer who left more than `years` (PERSONAL_DATA_RETENTION_YEARS)
    ago. Each officer in a transaction of their own: a failure leaves the others done and
    the next run picks it up again. `dry_run` only lists who would be anonymised."""
    report = PurgeReport(cutoff=retention_cutoff(now=now, years=years), dry_run=dry_run)
    report.officer_ids = list(leavers_past_retention(now=now, years=years).values_list("pk", flat=True))
    if not dry_run:
        for officer in User.objects.filter(pk__in=report.officer_ids).order_by("pk"):
            officer_anonymise(officer=officer)
    return report

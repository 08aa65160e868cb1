from __future__ import annotations

from django.utils import timezone

from lms.models import AgencyRole, User
from lms.privacy.registry import personal_data_providers

EXPORT_FORMAT = "zero-corruption-lms/personal-data"
EXPORT_VERSION = 1


def _profile(user: User) -> dict:
    return {
        "username": user.username,
        "employee_id": user.employee_id,
        "title": user.title,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "title_en": user.title_en,
        "first_name_en": user.first_name_en,
        "last_name_en": user.last_name_en,
        "email": user.email,
        "position": user.position,
        "position_type": user.position_type,
        "level": user.level,
        "staff_type": user.staff_type,
        "is_active": user.is_active,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "left_at": user.left_at,
    }


def _agency(user: User) -> dict | None:
    agency = user.agency
    if agency is None:
        return None
    chain = [*agency.get_ancestors(), agency]
    return {
        "code": agency.code,
        "name_th": agency.name_th,
        "name_en": agency.name_en,
        "kind": agency.kind,
        "hierarchy": [{"code": a.code, "name_th": a.name_th} for a in chain],
    }


def personal_data_export(*, user: User) -> dict:
    """Everything the platform keeps about `user`, as one JSON-serialisable dict (PDPA
    section 30, the right of access). Only `user`'s own rows: each section's query is
    filtered by this user, and providers receive only this user."""
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "generated_at": timezone.now(),
        "profile": _profile(user),
        "agency": _agency(user),
        "roles": [
            {"role": r.role, "agency_code": r.agency.code, "agency": r.agency.name_th}
            for r in AgencyRole.objects.filter(user=user)
            .select_related("agency")
            .order_by("role", "agency__path")
        ],
    }
    for provider in personal_data_providers():
        data[provider.key] = provider.export(user)
    return data


ANONYMOUS_USERNAME_PREFIX = "former-"


def retention_cutoff(*, now=None, years: int | None = None):
    """The moment before which a leaver's personal data is past retention."""
    from django.conf import settings

    now = now or timezone.now()
    years = settings.PERSONAL_DATA_RETENTION_YEARS if years is None else years
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def leavers_past_retention(*, now=None, years: int | None = None):
    """Officers who left before the cutoff and still carry personal data. Superusers are
    never purged automatically (an operator removes them by hand)."""
    return (
        User.objects.filter(left_at__isnull=False, left_at__lt=retention_cutoff(now=now, years=years))
        .filter(is_superuser=False)
        .exclude(username__startswith=ANONYMOUS_USERNAME_PREFIX)
        .order_by("left_at", "pk")
    )

"""Business rules of the platform core: roles and officers."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from lms.audit import audit_record
from lms.models import Agency, AgencyRole, User
from lms.roles import ROLE_GROUPS
from lms.signals import agency_roles_changed


def _sync_groups(user: User) -> None:
    held = set(AgencyRole.objects.filter(user=user).values_list("role", flat=True))
    for role, group_name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)
    # is_staff marks "has some admin work" so that pages can show the admin link
    # without loading permissions (it opens nothing by itself: no Django admin here).
    staff = bool(held) or user.is_superuser
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])
    agency_roles_changed.send(sender=AgencyRole, user=user)


def agency_role_grant(*, user: User, agency: Agency, role: str, granted_by: User | None = None) -> AgencyRole:
    """Give `user` the `role` over `agency`'s subtree (idempotent) and record it."""
    with transaction.atomic():
        agency_role, created = AgencyRole.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            _sync_groups(user)
            audit_record(
                action="role.grant", actor=granted_by, target=user, data={"agency": agency.code, "role": role}
            )
    return agency_role


def agency_role_revoke(*, user: User, agency: Agency, role: str, revoked_by: User | None = None) -> bool:
    """Take the role away; returns whether there was one to take."""
    with transaction.atomic():
        deleted, _ = AgencyRole.objects.filter(user=user, agency=agency, role=role).delete()
        if deleted:
            _sync_groups(user)
            audit_record(
                action="role.revoke",
                actor=revoked_by,
                target=user,
                data={"agency": agency.code, "role": role},
            )
    return bool(deleted)

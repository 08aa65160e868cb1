"""The admin permissions that come with each role. A role's reach (which
agencies) is in AgencyRole and lms.access; its admin screens come from the
Django group below. Other apps add their permissions with `register_role_permissions`."""

from django.contrib.auth.models import Group, Permission

from lms.models import Role

ROLE_GROUPS = {
    Role.HR: "HR officers",
    Role.TRAINER: "Trainers",
    Role.AGENCY_ADMIN: "Agency administrators",
    Role.APPROVER: "Course approvers",
}

_ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.HR: {"wagtailadmin.access_admin", "lms.view_agency", "lms.view_user", "lms.add_user", "lms.change_user"},
    Role.TRAINER: {"wagtailadmin.access_admin", "lms.view_agency"},
    Role.APPROVER: {"wagtailadmin.access_admin", "lms.view_agency"},
    Role.AGENCY_ADMIN: {
        "wagtailadmin.access_admin", "lms.view_agency", "lms.add_agency", "lms.change_agency",
        "lms.view_user", "lms.add_user", "lms.change_user",
    },
}  # fmt: skip


def register_role_permissions(role: str, permissions: set[str]) -> None:
    """Called by apps at import time (their apps.py ready) to extend a role."""
    _ROLE_PERMISSIONS[role] |= set(permissions)
    if role == Role.TRAINER:
        _ROLE_PERMISSIONS[Role.APPROVER] |= set(permissions)
    if role in (Role.HR, Role.TRAINER, Role.APPROVER):
        _ROLE_PERMISSIONS[Role.AGENCY_ADMIN] |= set(permissions)


def role_groups_sync() -> None:
    """Create each role's group and give it exactly its permissions (idempotent)."""
    for role, name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = _ROLE_PERMISSIONS[role]
        perms = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)

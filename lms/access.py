"""Who may see what. `agencies_for(user, role)` is the one answer to "which
agencies may this user act on in this role"; every view and API uses it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from lms.models import Agency, AgencyRole, Role

#: An agency admin holds the rights of the other roles over their subtree; a
#: course approver (who publishes what trainers submit) is also a trainer.
_ROLES_GRANTING = {
    Role.HR: (Role.HR, Role.AGENCY_ADMIN),
    Role.TRAINER: (Role.TRAINER, Role.APPROVER, Role.AGENCY_ADMIN),
    Role.APPROVER: (Role.APPROVER, Role.AGENCY_ADMIN),
    Role.AGENCY_ADMIN: (Role.AGENCY_ADMIN,),
}


def agencies_for(user, role: str) -> QuerySet[Agency]:
    """The agencies `user` may act on as `role`: the subtrees of the agencies
    where they hold that role (or agency admin). Superusers: every agency.
    Anonymous or inactive users: none. Costs one query for the user's roles;
    the result is a lazy queryset that can be used as a subquery."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    roots = AgencyRole.objects.filter(user=user, role__in=_ROLES_GRANTING[Role(role)]).values_list(
        "agency__path", flat=True
    )
    paths = list(roots)
    if not paths:
        return Agency.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return Agency.objects.filter(condition)


def has_role(user, role: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or AgencyRole.objects.filter(user=user, role__in=_ROLES_GRANTING[Role(role)]).exists()
    )


def can_act_on_agency(user, role: str, agency: Agency | None) -> bool:
    return agency is not None and agencies_for(user, role).filter(pk=agency.pk).exists()

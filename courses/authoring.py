"""Who may write and who may publish courses, as Wagtail page permissions.

Each course section (a CourseIndexPage with an owning agency) gets two groups:
its authors (trainers, approvers and agency admins of the owning agency or an
agency above it) may add and edit pages there but not publish; its approvers
(approvers and agency admins) publish. A Wagtail workflow on the section sends
every submission to those approvers. Sharing a course with other agencies only
opens it to their officers; it never adds anyone to these groups."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from courses.models import CourseIndexPage
from lms.models import Agency, AgencyRole, Role, User

AUTHOR_ROLES = (Role.TRAINER, Role.APPROVER, Role.AGENCY_ADMIN)
APPROVER_ROLES = (Role.APPROVER, Role.AGENCY_ADMIN)
AUTHOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
#: Authors upload and choose the images and documents of their lessons.
AUTHOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def authors_group_name(agency: Agency) -> str:
    return f"Course authors · {agency.code}"


def approvers_group_name(agency: Agency) -> str:
    return f"Course approvers · {agency.code}"


def _permissions(app_label: str, codenames) -> list[Permission]:
    return list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


def _page_rights(group: Group, section: CourseIndexPage, codenames) -> None:
    for permission in _permissions("wagtailcore", codenames):
        GroupPagePermission.objects.get_or_create(group=group, page=section, permission=permission)


def _members(agency: Agency, roles) -> set[int]:
    """Users holding one of `roles` on the agency or on an agency above it."""
    ancestor_paths = [agency.path[:i] for i in range(Agency.steplen, len(agency.path) + 1, Agency.steplen)]
    return set(
        AgencyRole.objects.filter(role__in=roles, agency__path__in=ancestor_paths).values_list(
            "user_id", flat=True
        )
    )


def _sync_members(group: Group, wanted: set[int]) -> None:
    current = set(group.user_set.values_list("pk", flat=True))
    if wanted - current:
        group.user_set.add(*(wanted - current))
    if current - wanted:
        group.user_set.remove(*(current - wanted))


def _approval_workflow(agency: Agency, approvers: Group) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=f"อนุมัติหลักสูตร · {agency.code}")
    task, created = GroupApprovalTask.objects.get_or_create(name=f"ผู้อนุมัติหลักสูตรของ {agency.name_th}")
    task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def section_rights_sync(*, section: CourseIndexPage) -> None:
    """Give the section's authors and approvers exactly their rights (idempotent).
    A section without an owning agency (the catalogue itself) gets nothing."""
    agency = section.owner_agency
    if agency is None:
        return
    authors, _ = Group.objects.get_or_create(name=authors_group_name(agency))
    approvers, _ = Group.objects.get_or_create(name=approvers_group_name(agency))
    _page_rights(authors, section, AUTHOR_PAGE_PERMISSIONS)
    _page_rights(approvers, section, APPROVER_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    for group in (authors, approvers):
        for app_label, codename in AUTHOR_COLLECTION_PERMISSIONS:
            for permission in _permissions(app_label, [codename]):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
    _sync_members(authors, _members(agency, AUTHOR_ROLES))
    _sync_members(approvers, _members(agency, APPROVER_ROLES))
    WorkflowPage.objects.update_or_create(
        page=section, defaults={"workflow": _approval_workflow(agency, approvers)}
    )


def author_rights_sync(*, user: User) -> None:
    """Put `user` into exactly the author and approver groups their roles call for."""
    sections = CourseIndexPage.objects.filter(owner_agency__isnull=False).select_related("owner_agency")
    for agency in {section.owner_agency for section in sections}:
        for group_name, roles in (
            (authors_group_name(agency), AUTHOR_ROLES),
            (approvers_group_name(agency), APPROVER_ROLES),
        ):
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            if user.pk in _members(agency, roles):
                group.user_set.add(user)
            else:
                group.user_set.remove(user)

from django.contrib.auth.models import AnonymousUser

from lms.access import agencies_for, can_act_on_agency, has_role
from lms.models import Role
from tests.factories import UserFactory


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_hr_sees_their_agency_subtree_only(people, tree):
    assert codes(agencies_for(people["hr_x"], Role.HR)) == ["X", "X1"]
    assert codes(agencies_for(people["hr_y"], Role.HR)) == ["Y"]
    assert not can_act_on_agency(people["hr_x"], Role.HR, tree["Y"])


def test_a_role_does_not_grant_another(people):
    assert codes(agencies_for(people["hr_x"], Role.TRAINER)) == []
    assert codes(agencies_for(people["trainer"], Role.HR)) == []
    assert not has_role(people["officer_a"], Role.HR)


def test_agency_admin_holds_hr_and_trainer_rights_over_subtree(people):
    assert codes(agencies_for(people["admin_d"], Role.HR)) == ["D", "X", "X1", "Y"]
    assert codes(agencies_for(people["admin_d"], Role.TRAINER)) == ["D", "X", "X1", "Y"]


def test_superuser_sees_all_and_anonymous_or_inactive_nothing(people, tree):
    root = UserFactory(is_superuser=True)
    assert codes(agencies_for(root, Role.HR)) == ["D", "M", "X", "X1", "Y"]
    assert codes(agencies_for(AnonymousUser(), Role.HR)) == []
    people["hr_x"].is_active = False
    assert codes(agencies_for(people["hr_x"], Role.HR)) == []


def test_role_grant_and_revoke_are_audited_and_drive_admin_access(people, tree):
    from lms.models import AuditEvent
    from lms.services import agency_role_revoke

    hr = people["hr_x"]
    assert hr.has_perm("wagtailadmin.access_admin")
    assert AuditEvent.objects.filter(action="role.grant", target_id=str(hr.pk)).exists()
    agency_role_revoke(user=hr, agency=tree["X"], role=Role.HR)
    hr = type(hr).objects.get(pk=hr.pk)  # fresh permission cache
    assert not hr.has_perm("wagtailadmin.access_admin")
    assert AuditEvent.objects.filter(action="role.revoke", target_id=str(hr.pk)).exists()

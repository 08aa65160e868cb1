import pytest

from lms.models import Agency, Role
from lms.services import agency_role_grant
from tests.factories import UserFactory, make_agency


@pytest.fixture
def tree(db):
    """ministry → department → (province office X → division X1, province office Y)."""
    ministry = make_agency("M", kind=Agency.Kind.MINISTRY, name_th="กระทรวงทดสอบ")
    dept = make_agency("D", parent=ministry, kind=Agency.Kind.DEPARTMENT)
    x = make_agency("X", parent=dept, kind=Agency.Kind.PROVINCE_OFFICE, name_th="สำนักงานจังหวัดเอกซ์")
    x1 = make_agency("X1", parent=x, kind=Agency.Kind.DIVISION)
    y = make_agency("Y", parent=dept, kind=Agency.Kind.PROVINCE_OFFICE, name_th="สำนักงานจังหวัดวาย")
    return {a.code: Agency.objects.get(pk=a.pk) for a in (ministry, dept, x, x1, y)}


@pytest.fixture
def people(tree):
    officer_a = UserFactory(agency=tree["X1"], first_name="อรุณี", last_name="แก้วมณี")
    officer_b = UserFactory(agency=tree["X1"], first_name="นภัสสร", last_name="บุญมา")
    officer_y = UserFactory(agency=tree["Y"], first_name="ยุพิน", last_name="ทองดี")
    hr_x = UserFactory(agency=tree["X"], username="hr-x")
    hr_y = UserFactory(agency=tree["Y"], username="hr-y")
    trainer = UserFactory(agency=tree["X"], username="trainer-x")
    admin_d = UserFactory(agency=tree["D"], username="admin-d")
    agency_role_grant(user=hr_x, agency=tree["X"], role=Role.HR)
    agency_role_grant(user=hr_y, agency=tree["Y"], role=Role.HR)
    agency_role_grant(user=trainer, agency=tree["X"], role=Role.TRAINER)
    agency_role_grant(user=admin_d, agency=tree["D"], role=Role.AGENCY_ADMIN)
    return {
        "officer_a": officer_a, "officer_b": officer_b, "officer_y": officer_y, "hr_x": hr_x, "hr_y": hr_y,
        "trainer": trainer, "admin_d": admin_d,
    }  # fmt: skip

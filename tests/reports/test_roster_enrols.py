import datetime as dt

from django.utils import timezone

from courses.models import Enrolment
from courses.services import assignment_create
from lms.models import User
from lms.roster.importing import roster_import


def test_new_and_moved_officers_are_enrolled_through_existing_assignments(
    course, tree, people, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment_create(course=course, agency=tree["X"], created_by=people["hr_x"],
                          due_date=timezone.localdate() + dt.timedelta(days=30))  # fmt: skip
    path = tmp_path / "roster.csv"
    path.write_text(
        "employee_id,first_name,last_name,level,agency_code\n"
        f"3101,ใหม่,เข้ามา,ชำนาญการ,X1\n{people['officer_y'].employee_id},ยุพิน,ทองดี,ชำนาญการ,X1\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = roster_import(file=path, filename="roster.csv")
    assert (result.created, result.updated) == (1, 1)
    enrolled = set(Enrolment.objects.filter(course=course).values_list("user__employee_id", flat=True))
    assert {"3101", people["officer_y"].employee_id} <= enrolled
    assert User.objects.get(employee_id="3101").enrolments.get().due_at is not None

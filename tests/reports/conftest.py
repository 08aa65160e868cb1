import datetime as dt

import pytest
from django.utils import timezone

from courses.models import Enrolment
from tests.courses.conftest import course, make_course  # noqa: F401


@pytest.fixture
def hr_data(tree, people):
    """A course of agency D with enrolments in X1 (completed, overdue) and Y (in progress)."""
    c = make_course(tree["D"], title="หลักสูตรต้านทุจริต", ita_items="O32, O40")
    today = timezone.localdate()
    done = Enrolment.objects.create(
        user=people["officer_a"], course=c, status=Enrolment.Status.COMPLETED,
        completed_at=timezone.now() - dt.timedelta(days=3), due_at=today + dt.timedelta(days=10),
    )  # fmt: skip
    late = Enrolment.objects.create(
        user=people["officer_b"],
        course=c,
        status=Enrolment.Status.NOT_STARTED,
        due_at=today - dt.timedelta(days=5),
    )
    other = Enrolment.objects.create(
        user=people["officer_y"],
        course=c,
        status=Enrolment.Status.IN_PROGRESS,
        due_at=today + dt.timedelta(days=5),
    )
    return {"course": c, "done": done, "late": late, "other": other}

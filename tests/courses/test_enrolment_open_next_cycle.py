import datetime as dt

import pytest
from django.utils import timezone

from courses import services
from courses.models import Enrolment


def test_recertification_opens_the_next_cycle_once_and_keeps_the_completed_one(people, course):
    officer = people["officer_a"]
    first = services.enrolment_create(user=officer, course=course)
    first.status = Enrolment.Status.COMPLETED
    first.completed_at = timezone.now()
    first.save()
    due = dt.date(2028, 1, 31)

    nxt = services.enrolment_open_next_cycle(enrolment=first, due_at=due)
    again = services.enrolment_open_next_cycle(enrolment=first, due_at=due)

    assert nxt.pk == again.pk
    assert (nxt.cycle, nxt.source, nxt.due_at, nxt.status) == (2, "recertification", due, "not_started")
    first.refresh_from_db()
    assert first.status == Enrolment.Status.COMPLETED
    # The officer now works on the new cycle.
    assert services.enrolment_create(user=officer, course=course).pk == nxt.pk


def test_an_unfinished_enrolment_cannot_be_recertified(people, course):
    enrolment = services.enrolment_create(user=people["officer_a"], course=course)
    with pytest.raises(ValueError, match="เปิดรอบการอบรมทบทวน"):
        services.enrolment_open_next_cycle(enrolment=enrolment, due_at=dt.date(2028, 1, 1))

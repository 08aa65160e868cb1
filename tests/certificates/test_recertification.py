"""Expiry and recertification: N days before a certificate expires the next enrolment cycle opens and
the officer gets one Thai e-mail per certificate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from certificates.models import Certificate, CourseCertificateSetting
from certificates.services import certificates_open_recertification
from courses.models import Enrolment
from tests.certificates.conftest import complete_course, make_course

pytestmark = pytest.mark.django_db


def test_recertification_opens_once_before_expiry(people, tree, django_capture_on_commit_callbacks):
    course = make_course(tree["X"], lessons=1, validity_months=12)
    CourseCertificateSetting.objects.create(course=course, recertification_lead_days=45)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(people["officer_a"], course)
    cert = enrolment.certificates.get()
    today = timezone.localdate()
    assert certificates_open_recertification(today=cert.expires_on - dt.timedelta(days=46)) == 0
    day = cert.expires_on - dt.timedelta(days=45)
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_open_recertification(today=day) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_open_recertification(today=day + dt.timedelta(days=1)) == 0
    nxt = Enrolment.objects.get(user=people["officer_a"], course=course, cycle=2)
    assert nxt.source == Enrolment.Source.RECERTIFICATION and nxt.due_at == cert.expires_on
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [people["officer_a"].email]
    assert "อบรมทบทวน" in message.subject and cert.number in message.body
    assert str(cert.expires_on.year + 543) in message.body
    assert today <= cert.expires_on


def test_expired_certificate_says_expired(client, issued):
    Certificate.objects.filter(pk=issued.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert "หมดอายุ" in client.get(f"/verify/{issued.verification_code}/").content.decode()

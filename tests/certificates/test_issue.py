"""Issuing: after the completion commits, one certificate per enrolment cycle, numbered per agency and
BE year, with a stored PDF whose SHA-256 is kept and whose QR code opens the verify page."""

from __future__ import annotations

import hashlib
import threading

import pytest
from django.db import connection
from django.utils import timezone

from certificates.models import Certificate, CourseCertificateSetting
from certificates.numbering import parse_certificate_number
from certificates.services import certificate_issue
from lms.models import AuditEvent
from lms.thai_dates import buddhist_year
from tests.certificates.conftest import complete_course, make_course
from tests.certificates.pdfcheck import pdf_fonts, pdf_text, qr_codes, without_space
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_a_thai_certificate(issued, people, course, settings):
    cert = issued
    year = buddhist_year(timezone.localdate())
    assert cert.number == f"X-{year}-000001"
    assert cert.user == people["officer_a"]
    assert len(cert.verification_code) >= 32  # 24 random bytes, URL-safe
    pdf = cert.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == cert.sha256
    text = without_space(pdf_text(pdf))
    assert without_space(people["officer_a"].display_name) in text
    assert without_space(course.title) in text
    assert cert.number in text
    assert all(f.embedded and "Sarabun" in f.name for f in pdf_fonts(pdf))
    assert qr_codes(pdf) == [settings.SITE_BASE_URL.rstrip("/") + f"/verify/{cert.verification_code}/"]
    assert AuditEvent.objects.filter(action="certificate.issue", target_id=str(cert.pk)).count() == 1


def test_issuing_again_returns_the_same_certificate(issued):
    again = certificate_issue(enrolment_id=issued.enrolment_id)
    assert again.pk == issued.pk
    assert Certificate.objects.filter(enrolment=issued.enrolment).count() == 1


def test_certificate_keeps_what_it_showed_when_officer_and_course_change(issued, people, course):
    officer = people["officer_a"]
    officer.last_name = "เปลี่ยนชื่อ"
    officer.save()
    course.title = "ชื่อหลักสูตรใหม่"
    course.save_revision().publish()
    cert = Certificate.objects.get(pk=issued.pk)
    assert "เปลี่ยนชื่อ" not in cert.full_name
    assert cert.course_title == "การป้องกันการทุจริต"
    assert "ชื่อหลักสูตรใหม่" not in without_space(pdf_text(cert.pdf.read()))


def test_expiry_follows_the_courses_validity(people, tree, django_capture_on_commit_callbacks):
    course = make_course(tree["X"], lessons=1, validity_months=24)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(people["officer_b"], course)
    cert = enrolment.certificates.get()
    completed = timezone.localdate(enrolment.completed_at)
    assert cert.expires_on.year == completed.year + 2
    assert cert.status == Certificate.Status.VALID


def test_a_course_can_issue_no_certificates(people, tree, django_capture_on_commit_callbacks):
    course = make_course(tree["X"], lessons=1)
    CourseCertificateSetting.objects.create(course=course, issue_certificates=False)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(people["officer_b"], course)
    assert not enrolment.certificates.exists()


def test_an_unfinished_enrolment_gets_no_certificate(people, course):
    from courses.services import enrolment_create

    enrolment = enrolment_create(user=people["officer_a"], course=course)
    assert certificate_issue(enrolment_id=enrolment.pk) is None
    assert not Certificate.objects.exists()


def _in_threads(fn, args_list):
    errors = []

    def run(*args):
        try:
            fn(*args)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_and_repeated_tasks_issue_one_certificate(tree, people):
    course = make_course(tree["X"], lessons=1)
    enrolment = complete_course(people["officer_a"], course)  # transactional: the signal issued one already
    _in_threads(lambda: certificate_issue(enrolment_id=enrolment.pk), [()] * 6)
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuance_numbers_are_sequential_without_duplicates(tree, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    course = make_course(tree["Y"], lessons=1)
    from courses.models import Enrolment

    officers = [UserFactory(agency=tree["Y"]) for _ in range(8)]
    enrolments = []
    for officer in officers:
        enrolments.append(
            Enrolment.objects.create(
                user=officer, course=course, completed_at=timezone.now(), status=Enrolment.Status.COMPLETED
            )
        )
    _in_threads(lambda e: certificate_issue(enrolment_id=e.pk), [(e,) for e in enrolments * 2])
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == 8
    assert [parse_certificate_number(n).sequence for n in numbers] == list(range(1, 9))

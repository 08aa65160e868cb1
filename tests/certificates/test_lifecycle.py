"""HR's lifecycle in the Wagtail admin, scoped to their agency subtree: list, revoke with a reason,
reissue (old superseded, new number and code), regenerate after a template change, ZIP download."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from django.utils import timezone

from certificates.models import Certificate, CertificateExport, CertificateTemplate, CourseCertificateSetting
from lms.models import AuditEvent
from lms.roles import role_groups_sync
from tests.certificates.pdfcheck import pdf_text, without_space

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, people):
    role_groups_sync()
    client.force_login(people["hr_x"])
    return client


def test_hr_lists_certificates_of_their_subtree_only(hr_client, issued, people, client):
    html = hr_client.get("/admin/certificate_admin_viewset/").content.decode()
    assert issued.number in html
    assert (
        hr_client.get("/admin/certificate_admin_viewset/?status=revoked")
        .content.decode()
        .count(issued.number)
        == 0
    )
    client.force_login(people["hr_y"])
    html = client.get("/admin/certificate_admin_viewset/").content.decode()
    assert issued.number not in html
    assert client.get(f"/admin/certificate_admin_viewset/inspect/{issued.pk}/").status_code == 404


def test_revoke_needs_a_reason_and_is_audited(hr_client, issued, people):
    url = f"/admin/certificate-actions/revoke/{issued.pk}/"
    response = hr_client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert Certificate.objects.get(pk=issued.pk).revoked_at is None
    response = hr_client.post(url, {"reason": "พบว่าทุจริตในการสอบ"})
    assert response.status_code == 302
    cert = Certificate.objects.get(pk=issued.pk)
    assert cert.status == "revoked" and cert.revoked_by == people["hr_x"]
    event = AuditEvent.objects.get(action="certificate.revoke")
    assert event.data == {"reason": "พบว่าทุจริตในการสอบ"} and event.actor == people["hr_x"]


def test_hr_of_another_subtree_cannot_revoke(client, issued, people):
    role_groups_sync()
    client.force_login(people["hr_y"])
    assert client.post(f"/admin/certificate-actions/revoke/{issued.pk}/", {"reason": "x"}).status_code == 404
    assert Certificate.objects.get(pk=issued.pk).revoked_at is None


def test_reissue_supersedes_the_old_certificate(
    hr_client, issued, people, django_capture_on_commit_callbacks
):
    officer = people["officer_a"]
    officer.last_name = "แก้วมณีรัตน์"
    officer.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(f"/admin/certificate-actions/reissue/{issued.pk}/")
    assert response.status_code == 302
    old = Certificate.objects.get(pk=issued.pk)
    new = old.superseded_by
    assert old.status == "superseded"
    assert new.number != old.number and new.verification_code != old.verification_code
    assert new.full_name.endswith("แก้วมณีรัตน์") and new.completed_on == old.completed_on
    assert "แก้วมณีรัตน์" in without_space(pdf_text(new.pdf.read()))
    assert "ถูกแทนที่" in hr_client.get(f"/verify/{old.verification_code}/").content.decode()
    # The old one cannot be reissued or revoked again.
    hr_client.post(f"/admin/certificate-actions/reissue/{old.pk}/")
    assert Certificate.objects.filter(enrolment=issued.enrolment).count() == 2


def test_regenerate_after_a_template_change_keeps_numbers(
    hr_client, issued, course, django_capture_on_commit_callbacks
):
    template = CertificateTemplate.objects.create(name="เกียรติบัตรใหม่", title="เกียรติบัตร")
    CourseCertificateSetting.objects.create(course=course, template=template)
    before = issued.sha256
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post("/admin/certificate-actions/regenerate/", {"course": course.pk})
    assert response.status_code == 302
    cert = Certificate.objects.get(pk=issued.pk)
    assert cert.sha256 != before and cert.number == issued.number and cert.template == template
    assert "เกียรติบัตร" in pdf_text(cert.pdf.read())


def test_zip_download_of_a_course_and_period(
    hr_client, issued, course, tree, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            "/admin/certificate-actions/export/",
            {"course": course.pk, "agency": tree["X"].pk, "issued_from": today - dt.timedelta(days=1),
             "issued_until": today + dt.timedelta(days=1)},
        )  # fmt: skip
    export = CertificateExport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/export/{export.pk}/")
    page = hr_client.get(response["Location"]).content.decode()
    assert "<progress" in page
    status = json.loads(hr_client.get(f"/admin/certificate-actions/export/{export.pk}/status.json").content)
    assert status["state"] == "ready" and status["percent"] == 100 and status["total"] == 1
    download = hr_client.get(status["download_url"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.namelist() == [f"{issued.number}.pdf"]
    assert archive.read(f"{issued.number}.pdf") == issued.pdf.read()


def test_export_of_an_agency_outside_the_scope_is_refused(client, issued, course, tree, people):
    role_groups_sync()
    client.force_login(people["hr_y"])
    response = client.post(
        "/admin/certificate-actions/export/",
        {
            "course": course.pk,
            "agency": tree["X"].pk,
            "issued_from": "2026-01-01",
            "issued_until": "2026-12-31",
        },
    )
    assert response.status_code == 200  # the form shows the error; nothing is built
    assert not CertificateExport.objects.exists()

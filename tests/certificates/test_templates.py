"""Trainers' certificate templates (with a PDF preview) and per-course settings, scoped to the
courses their agency owns."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from certificates.models import CertificateTemplate, CertificateTemplateSignatory, CourseCertificateSetting
from lms.roles import role_groups_sync
from tests.certificates.conftest import make_course
from tests.certificates.pdfcheck import page_size_pt, pdf_text, without_space

pytestmark = pytest.mark.django_db


def test_preview_renders_the_pdf_for_a_sample_officer():
    template = CertificateTemplate.objects.create(name="แนวตั้ง", title="เกียรติบัตร", orientation="portrait")
    CertificateTemplateSignatory.objects.create(template=template, name="(ผู้ลงนาม)", position="อธิบดี")
    response = template.serve_preview(RequestFactory().get("/"), "")
    assert response["Content-Type"] == "application/pdf"
    text = without_space(pdf_text(response.content))
    assert "เกียรติบัตร" in text and "สมหญิง" in text and "อธิบดี" in text
    width, height = page_size_pt(response.content)
    assert width < height


def test_admin_preview_url_answers_with_a_pdf(client, people):
    from tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    template = CertificateTemplate.objects.create(name="พื้นฐาน")
    url = f"/admin/snippets/certificates/certificatetemplate/preview/{template.pk}/"
    form = {"name": "พื้นฐาน", "title": "วุฒิบัตร", "body": "ขอมอบให้ {full_name}", "orientation": "landscape",
            "language": "th", "logos-TOTAL_FORMS": 0, "logos-INITIAL_FORMS": 0, "signatories-TOTAL_FORMS": 0,
            "signatories-INITIAL_FORMS": 0}  # fmt: skip
    assert client.post(url, form).json()["is_valid"]
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert "ขอมอบให้" in without_space(pdf_text(response.content))


def test_unknown_placeholder_is_refused():
    template = CertificateTemplate(name="ผิด", body="มอบให้ {fullname}")
    with pytest.raises(ValidationError) as info:
        template.full_clean()
    assert "{fullname}" in str(info.value)


def test_trainer_sets_the_template_only_of_their_agencys_courses(client, people, tree):
    role_groups_sync()
    own = make_course(tree["X"], lessons=1)
    other = make_course(tree["Y"], lessons=1)
    template = CertificateTemplate.objects.create(name="ของ X")
    client.force_login(people["trainer"])
    form = client.get("/admin/course_certificate_settings/new/").content.decode()
    assert f'value="{own.pk}"' in form and f'value="{other.pk}"' not in form
    response = client.post(
        "/admin/course_certificate_settings/new/",
        {
            "course": own.pk,
            "template": template.pk,
            "issue_certificates": "on",
            "recertification_lead_days": 60,
        },
    )
    assert response.status_code == 302
    assert CourseCertificateSetting.objects.get(course=own).recertification_lead_days == 60
    client.post(
        "/admin/course_certificate_settings/new/",
        {"course": other.pk, "template": template.pk, "recertification_lead_days": 60},
    )
    assert not CourseCertificateSetting.objects.filter(course=other).exists()

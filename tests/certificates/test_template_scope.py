"""Certificate templates belong to an agency: a trainer changes only their own agencies'
templates, chooses among those and the shared ones, and cannot make a template the default
for every agency. Shared templates (no owner) are the superusers'."""

from __future__ import annotations

import pytest
from django.test import Client

from certificates.models import CertificateTemplate, CourseCertificateSetting
from lms.models import Role
from lms.roles import role_groups_sync
from lms.services import agency_role_grant
from tests.certificates.conftest import make_course
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
BASE = "/admin/snippets/certificates/certificatetemplate"


def _form(name: str, owner=None, **extra) -> dict:
    return {
        "name": name, "owner_agency": owner.pk if owner else "", "title": "วุฒิบัตร", "body": "ขอมอบให้ {full_name}",
        "orientation": "landscape", "language": "th", "logos-TOTAL_FORMS": 0, "logos-INITIAL_FORMS": 0,
        "signatories-TOTAL_FORMS": 0, "signatories-INITIAL_FORMS": 0, **extra,
    }  # fmt: skip


@pytest.fixture
def templates(tree):
    return {
        "x": CertificateTemplate.objects.create(name="แม่แบบของ X", owner_agency=tree["X"]),
        "y": CertificateTemplate.objects.create(name="แม่แบบของ Y", owner_agency=tree["Y"]),
        "shared": CertificateTemplate.objects.create(name="แม่แบบกลาง", is_default=True),
    }


@pytest.fixture
def trainer(people) -> Client:
    role_groups_sync()
    client = Client()
    client.force_login(people["trainer"])
    return client


def test_the_trainer_lists_and_edits_only_their_agencys_templates(trainer, templates):
    listing = trainer.get(f"{BASE}/").content.decode()
    assert "แม่แบบของ X" in listing
    assert "แม่แบบของ Y" not in listing and "แม่แบบกลาง" not in listing
    assert trainer.get(f"{BASE}/edit/{templates['x'].pk}/").status_code == 200
    for other in ("y", "shared"):
        assert trainer.get(f"{BASE}/edit/{templates[other].pk}/").status_code == 404
        assert trainer.get(f"{BASE}/delete/{templates[other].pk}/").status_code == 404
        assert trainer.get(f"{BASE}/history/{templates[other].pk}/").status_code == 404


def test_posting_to_another_agencys_template_changes_nothing(trainer, templates, tree):
    response = trainer.post(f"{BASE}/edit/{templates['y'].pk}/", _form("ถูกแก้", tree["X"]))
    assert response.status_code == 404
    templates["y"].refresh_from_db()
    assert templates["y"].name == "แม่แบบของ Y" and templates["y"].owner_agency == tree["Y"]


def test_a_new_template_must_belong_to_the_trainers_own_agencies(trainer, tree):
    refused = trainer.post(f"{BASE}/add/", _form("ของ Y", tree["Y"]))
    assert refused.status_code == 200 and not CertificateTemplate.objects.filter(name="ของ Y").exists()
    unowned = trainer.post(f"{BASE}/add/", _form("ไม่มีเจ้าของ"))
    assert unowned.status_code == 200 and not CertificateTemplate.objects.filter(name="ไม่มีเจ้าของ").exists()
    assert trainer.post(f"{BASE}/add/", _form("ของ X1", tree["X1"])).status_code == 302
    assert CertificateTemplate.objects.get(name="ของ X1").owner_agency == tree["X1"]


def test_a_trainer_cannot_make_their_template_everyones_default(trainer, templates, tree):
    trainer.post(f"{BASE}/edit/{templates['x'].pk}/", _form("แม่แบบของ X", tree["X"], is_default="on"))
    assert CertificateTemplate.objects.get(is_default=True) == templates["shared"]


def test_copying_the_shared_template_gives_the_trainer_their_own(trainer, templates, tree):
    assert trainer.get(f"{BASE}/copy/{templates['shared'].pk}/").status_code == 200
    assert trainer.get(f"{BASE}/copy/{templates['y'].pk}/").status_code == 404


def test_the_chooser_offers_shared_and_own_templates_only(trainer, templates):
    chooser = trainer.get("/admin/snippets/choose/certificates/certificatetemplate/").json()["html"]
    assert "แม่แบบของ X" in chooser and "แม่แบบกลาง" in chooser
    assert "แม่แบบของ Y" not in chooser


def test_a_course_cannot_use_another_agencys_template(trainer, templates, tree):
    course = make_course(tree["X"], lessons=1)
    url = "/admin/course_certificate_settings/new/"
    data = {"course": course.pk, "issue_certificates": "on", "recertification_lead_days": 60}
    assert trainer.post(url, {**data, "template": templates["y"].pk}).status_code == 200
    assert not CourseCertificateSetting.objects.exists()
    assert trainer.post(url, {**data, "template": templates["shared"].pk}).status_code == 302


def test_a_trainer_of_a_higher_agency_reaches_templates_below(templates, tree):
    role_groups_sync()
    dept_trainer = UserFactory(agency=tree["D"])
    agency_role_grant(user=dept_trainer, agency=tree["D"], role=Role.TRAINER)
    client = Client()
    client.force_login(dept_trainer)
    assert client.get(f"{BASE}/edit/{templates['x'].pk}/").status_code == 200
    assert client.get(f"{BASE}/edit/{templates['shared'].pk}/").status_code == 404


def test_the_default_template_stays_shared(client, templates, tree):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(
        f"{BASE}/edit/{templates['shared'].pk}/", _form("แม่แบบกลาง", tree["X"], is_default="on")
    )
    assert "แม่แบบค่าเริ่มต้นใช้กับทุกหน่วยงาน" in response.content.decode()
    templates["shared"].refresh_from_db()
    assert templates["shared"].owner_agency is None

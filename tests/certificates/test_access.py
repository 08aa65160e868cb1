"""Who may download a certificate: the owner, HR of the owner's agency subtree, superusers; everyone
else gets 404. "My certificates" and /api/v1/me/certificates list only the officer's own."""

from __future__ import annotations

import pytest

from certificates.selectors import certificates_by_enrolment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _pdf(client, user, cert):
    client.force_login(user)
    return client.get(f"/certificates/{cert.pk}/pdf/")


@pytest.mark.parametrize("who,status", [("officer_a", 200), ("hr_x", 200), ("admin_d", 200),
                                        ("officer_b", 404), ("hr_y", 404), ("trainer", 404)])  # fmt: skip
def test_pdf_download_rights(client, issued, people, who, status):
    response = _pdf(client, people[who], issued)
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_superuser_may_download_and_anonymous_is_sent_to_sign_in(client, issued):
    assert client.get(f"/certificates/{issued.pk}/pdf/").status_code == 302
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert _pdf(client, admin, issued).status_code == 200


def test_my_certificates_lists_only_my_own(client, issued, people):
    client.force_login(people["officer_a"])
    html = client.get("/certificates/").content.decode()
    assert issued.number in html and "ดาวน์โหลด" in html
    client.force_login(people["officer_b"])
    html = client.get("/certificates/").content.decode()
    assert issued.number not in html


def test_api_lists_my_certificates_with_pdf_and_verify_urls(client, issued, people):
    client.force_login(people["officer_a"])
    [item] = client.get("/api/v1/me/certificates").json()
    assert item["number"] == issued.number
    assert item["pdf_url"].endswith(f"/certificates/{issued.pk}/pdf/")
    assert item["verify_url"].endswith(f"/verify/{issued.verification_code}/")
    client.force_login(people["officer_b"])
    assert client.get("/api/v1/me/certificates").json() == []


def test_certificates_by_enrolment_for_dashboards(issued, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = certificates_by_enrolment(enrolment_ids=[issued.enrolment_id, 999999])
    assert found == {issued.enrolment_id: issued}

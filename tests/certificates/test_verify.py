"""The public verify page and API: masked name, status, course, issuing agency, BE date — nothing more;
every check logged; rate limited per client IP; unknown codes answer 404 in Thai."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import timezone

from certificates.models import VerificationLog
from certificates.services import certificate_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_verify_page_shows_valid_with_a_masked_name(client, issued, people, course):
    response = client.get(f"/verify/{issued.verification_code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "อรุณี แ***" in html
    assert "แก้วมณี" not in html  # PDPA: no full last name
    assert "ใช้ได้" in html
    assert course.title in html
    assert issued.issuing_agency_name in html
    assert str(issued.issued_at.year + 543) in html
    assert people["officer_a"].email not in html
    log = VerificationLog.objects.get()
    assert log.found and log.certificate == issued and log.status == "valid" and log.channel == "web"


def test_revoked_certificate_says_revoked(client, issued, people):
    certificate_revoke(certificate=issued, revoked_by=people["hr_x"], reason="ทุจริตในการสอบ")
    html = client.get(f"/verify/{issued.verification_code}/").content.decode()
    assert "ถูกเพิกถอน" in html
    assert "ทุจริตในการสอบ" not in html  # the reason stays internal


def test_unknown_code_is_a_thai_404_and_is_logged(client):
    response = client.get("/verify/not-a-real-code-AAAAAAAAAAAAAAAAAAAAAAAA/")
    assert response.status_code == 404
    assert "ไม่พบวุฒิบัตร" in response.content.decode()
    assert VerificationLog.objects.filter(found=False).count() == 1


def test_api_gives_the_same_answer_without_login(client, issued):
    response = client.get(f"/api/v1/certificates/verify/{issued.verification_code}")
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "status": "valid",
        "status_label": "ใช้ได้",
        "masked_name": "อรุณี แ***",
        "course": issued.course_title,
        "issuing_agency": issued.issuing_agency_name,
        "issued_on": timezone.localdate(issued.issued_at).isoformat(),
    }
    assert client.get("/api/v1/certificates/verify/nope").status_code == 404
    assert VerificationLog.objects.filter(channel="api").count() == 2


def test_checks_are_rate_limited_per_client(client, issued, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "certificate-verify-ip": "3/m"}
    url = f"/verify/{issued.verification_code}/"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert "กรุณารอ" in response.content.decode() and response["Retry-After"]
    assert client.get(f"/api/v1/certificates/verify/{issued.verification_code}").status_code == 429
    # Another client is not affected.
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 200

"""The issue's "done when": an officer completes the last lesson on a phone, a real worker issues the
certificate within seconds, its QR code opens a verify page that says valid; HR revokes it in the
admin and the same page says revoked."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from certificates.models import Certificate
from lms.roles import role_groups_sync
from tests.certificates.pdfcheck import qr_codes
from tests.conftest import wait_for
from tests.courses.conftest import make_course
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.worker]


@pytest.fixture(scope="session", autouse=True)
def _migrated_content(django_db_setup):
    """The content the migrations created (home page, site, permissions), as Django serialized it.

    Work-around: once Playwright's browser runs, the test's database connection no longer carries
    Django's serialized copy, so `serialized_rollback` restores nothing after an earlier
    transactional test flushed the database. Captured here, before the browser starts."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture
def migrated(_migrated_content, transactional_db, django_db_serialized_rollback):
    from django.db import connection

    from lms.models import HomePage

    if not HomePage.objects.exists() and _migrated_content:
        connection.creation.deserialize_db_from_string(_migrated_content)


@pytest.fixture
def site_url(live_server, monkeypatch):
    # Requested before the worker fixture: the worker prints QR codes of this live server's address.
    monkeypatch.setenv("SITE_BASE_URL", live_server.url)
    return live_server.url


def _sign_in(page, user):
    page.goto("/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้หรือเลขประจำตัวเจ้าหน้าที่").fill(user.employee_id)
    page.get_by_label("รหัสผ่าน").fill("correct-horse-battery")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_complete_download_verify_revoke(
    migrated, site_url, celery_worker_process, phone, browser, people, tree
):
    role_groups_sync()
    course = make_course(tree["X"], lessons=1, title="การป้องกันผลประโยชน์ทับซ้อน")
    lesson = course.get_children().first()
    officer = people["officer_a"]
    celery_worker_process.start()

    _sign_in(phone, officer)
    phone.goto(lesson.url)
    with phone.expect_navigation():
        phone.get_by_role("button", name="ทำเครื่องหมายว่าเรียนแล้ว").click()

    cert = wait_for(lambda: Certificate.objects.exclude(sha256="").filter(user=officer).first(), timeout=30)
    phone.goto("/certificates/")
    card = phone.locator(".certificate-card")
    assert card.get_by_text(cert.number).is_visible()
    screenshot(phone, "certificate-mine-phone")
    href = card.get_by_role("link", name="ดาวน์โหลด PDF").get_attribute("href")
    pdf = phone.request.get(href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    [url] = qr_codes(pdf.body())
    assert url.startswith(site_url) and re.fullmatch(r"/verify/[A-Za-z0-9_-]{32,}/", urlsplit(url).path)

    # Anyone scanning the QR code, not signed in.
    visitor = browser.new_context(viewport={"width": 390, "height": 844}, locale="th-TH")
    scan = visitor.new_page()
    scan.goto(url)
    assert scan.get_by_role("status").inner_text().startswith("✓")
    assert scan.get_by_text("ใช้ได้", exact=True).is_visible()
    assert scan.get_by_text("อรุณี แ***").is_visible()
    screenshot(scan, "certificate-verify-valid-phone")

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH", base_url=site_url)
    hr = desk.new_page()
    _sign_in(hr, people["hr_x"])
    hr.goto("/admin/certificate_admin_viewset/")
    assert hr.get_by_text(cert.number).first.is_visible()
    hr.goto(f"/admin/certificate-actions/revoke/{cert.pk}/")
    hr.get_by_label("เหตุผลในการเพิกถอน").fill("ตรวจพบการทุจริตในการสอบ")
    with hr.expect_navigation():
        hr.get_by_role("button", name="เพิกถอน").click()
    assert hr.get_by_text(f"เพิกถอนวุฒิบัตรเลขที่ {cert.number} แล้ว").is_visible()

    scan.reload()
    assert scan.get_by_text("ถูกเพิกถอน", exact=True).is_visible()
    assert "วุฒิบัตรนี้ถูกเพิกถอนแล้ว" in scan.get_by_role("status").inner_text()
    screenshot(scan, "certificate-verify-revoked-phone")
    visitor.close()
    desk.close()

"""Login lockout by account AND address together (django-axes), its Thai page, and
its release by HR of the officer's agency subtree."""

from django.test import Client

from lms.models import AuditEvent
from tests.security.conftest import PASSWORD, THAI, sign_in

OFFICE_IP = "203.0.113.10"  # one public address shared by a whole provincial office
HOME_IP = "198.51.100.22"


def _fail(client, username, times, ip=OFFICE_IP, path="/accounts/login/"):
    for _ in range(times):
        response = sign_in(client, username, "wrong-password", ip=ip, path=path)
    return response


def _signed_in(response):
    return response.status_code == 302


def test_five_wrong_passwords_pause_that_account_from_that_address_with_a_thai_page(client, people):
    officer = people["officer_a"]
    response = _fail(client, officer.username, 4)
    assert response.status_code == 200  # the usual "wrong password" form, not yet paused
    response = _fail(client, officer.username, 1)
    assert response.status_code == 429
    html = response.content.decode()
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in html
    assert "15 นาที" in html
    assert "Account locked" not in html  # never axes' English default
    assert int(response["Retry-After"]) == 15 * 60
    # Even the right password is refused from that address while the pause lasts.
    assert sign_in(client, officer.username, PASSWORD, ip=OFFICE_IP).status_code == 429


def test_the_same_officer_from_another_address_still_signs_in(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 5)
    assert _signed_in(sign_in(Client(), officer.username, PASSWORD, ip=HOME_IP))


def test_one_typist_does_not_lock_out_the_rest_of_the_office(client, people):
    _fail(client, people["officer_a"].username, 6)
    colleague = people["officer_b"]
    assert _signed_in(sign_in(Client(), colleague.username, PASSWORD, ip=OFFICE_IP))


def test_username_and_employee_id_count_against_the_same_account(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 3)
    response = _fail(client, officer.employee_id, 2)
    assert response.status_code == 429
    assert sign_in(Client(), officer.employee_id, PASSWORD, ip=OFFICE_IP).status_code == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_pause(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 5)
    response = client.post(
        "/accounts/login/",
        {"username": officer.username, "password": PASSWORD},
        REMOTE_ADDR=OFFICE_IP,
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )
    assert response.status_code == 429


def test_the_wagtail_admin_sign_in_is_guarded_too(client, people):
    hr = people["hr_x"]
    response = _fail(client, hr.username, 5, path="/admin/login/")
    assert response.status_code == 429
    assert THAI.search(response.content.decode())
    assert sign_in(client, hr.username, PASSWORD, ip=OFFICE_IP, path="/admin/login/").status_code == 429
    assert _signed_in(sign_in(Client(), hr.username, PASSWORD, ip=HOME_IP, path="/admin/login/"))


def test_a_pause_is_written_once_to_the_audit_trail(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 8)
    events = AuditEvent.objects.filter(action="login.locked_out")
    assert events.count() == 1
    event = events.get()
    assert event.target_id == str(officer.pk) and event.ip == OFFICE_IP


def test_a_successful_sign_in_forgets_earlier_mistakes(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 4)
    assert _signed_in(sign_in(Client(), officer.username, PASSWORD, ip=OFFICE_IP))
    response = _fail(client, officer.username, 4)
    assert response.status_code == 200  # counting started again


# --- Release by HR ---------------------------------------------------------------------------


def test_hr_of_the_subtree_sees_and_releases_the_paused_officer(client, people):
    officer, hr = people["officer_a"], people["hr_x"]
    _fail(client, officer.username, 5)
    admin = Client()
    admin.force_login(hr)
    listing = admin.get("/admin/locked-sign-ins/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert officer.display_name in html and OFFICE_IP in html
    assert "เข้าสู่ระบบที่ถูกระงับ" in html  # the Thai title of the screen

    response = admin.post(f"/admin/locked-sign-ins/{officer.pk}/release/", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{officer.display_name} เข้าสู่ระบบได้อีกครั้งแล้ว" in html
    assert "ไม่มีบัญชีที่ถูกระงับการเข้าสู่ระบบ" in html
    assert _signed_in(sign_in(Client(), officer.username, PASSWORD, ip=OFFICE_IP))
    event = AuditEvent.objects.get(action="login.unlocked")
    assert event.actor_id == hr.pk and event.target_id == str(officer.pk)


def test_hr_of_a_sibling_agency_neither_sees_nor_releases_the_officer(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 5)
    sibling = Client()
    sibling.force_login(people["hr_y"])
    assert officer.display_name not in sibling.get("/admin/locked-sign-ins/").content.decode()
    assert sibling.post(f"/admin/locked-sign-ins/{officer.pk}/release/").status_code == 404
    assert sign_in(Client(), officer.username, PASSWORD, ip=OFFICE_IP).status_code == 429
    assert not AuditEvent.objects.filter(action="login.unlocked").exists()


def test_the_agency_admin_above_may_release_and_an_officer_may_not(client, people):
    officer = people["officer_a"]
    _fail(client, officer.username, 5)
    colleague = Client()
    colleague.force_login(people["officer_b"])
    assert colleague.get("/admin/locked-sign-ins/").status_code in (302, 403)
    assert colleague.post(f"/admin/locked-sign-ins/{officer.pk}/release/").status_code in (302, 403)
    admin_d = Client()
    admin_d.force_login(people["admin_d"])
    assert admin_d.post(f"/admin/locked-sign-ins/{officer.pk}/release/").status_code == 302
    assert _signed_in(sign_in(Client(), officer.username, PASSWORD, ip=OFFICE_IP))


def test_the_menu_shows_the_screen_to_hr_only(client, people):
    hr = Client()
    hr.force_login(people["hr_x"])
    assert "/admin/locked-sign-ins/" in hr.get("/admin/").content.decode()
    trainer = Client()
    trainer.force_login(people["trainer"])
    assert "/admin/locked-sign-ins/" not in trainer.get("/admin/").content.decode()

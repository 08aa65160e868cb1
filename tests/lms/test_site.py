import re

import pytest
from django.core import mail

THAI = re.compile("[\u0e00-\u0e7f]")


@pytest.fixture
def officer(people):
    return people["officer_a"]


def test_home_page_is_thai_by_default(client, db):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html  # sign in
    assert "ข้ามไปยังเนื้อหา" in html  # skip link for keyboard users
    assert "fonts/sarabun/Sarabun-Regular.ttf" in html  # the page ships its Thai font


def test_language_switch_to_english_and_back(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    response = client.post("/i18n/setlang/", {"language": "th", "next": "/"}, follow=True)
    assert "เข้าสู่ระบบ" in response.content.decode()


def test_login_page_has_labelled_fields_in_thai(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert re.search(r'<label for="id_username">[^<]*ชื่อผู้ใช้', html)
    assert '<label for="id_password">' in html


def test_sign_in_with_employee_id_and_sign_out(client, officer):
    response = client.post(
        "/accounts/login/",
        {"username": officer.employee_id, "password": "correct-horse-battery"},
        follow=True,
    )
    assert response.context["user"] == officer
    assert officer.display_name in response.content.decode()
    response = client.post("/accounts/logout/", follow=True)
    assert not response.context["user"].is_authenticated


def test_wrong_password_says_so_in_thai(client, officer):
    response = client.post("/accounts/login/", {"username": officer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "ไม่ถูกต้อง" in response.content.decode()


def test_password_reset_mail_is_thai_and_link_works(client, officer):
    client.post("/accounts/password-reset/", {"email": officer.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert THAI.search(message.subject)
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    response = client.get(link, follow=True)
    assert "รหัสผ่านใหม่" in response.content.decode()


def test_profile_needs_sign_in_and_shows_own_record(client, officer):
    assert client.get("/accounts/profile/").status_code == 302
    client.force_login(officer)
    html = client.get("/accounts/profile/").content.decode()
    assert officer.display_name in html
    assert officer.employee_id in html


def test_api_me_returns_own_profile_only(client, officer):
    assert client.get("/api/v1/me").status_code == 401
    client.force_login(officer)
    data = client.get("/api/v1/me").json()
    assert data["employee_id"] == officer.employee_id
    assert data["agency_code"] == "X1"
    assert client.get("/api/v1/openapi.json").status_code == 200

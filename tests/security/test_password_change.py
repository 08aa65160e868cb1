"""An officer changes their own password from their profile (ASVS 6.2.2/6.2.3)."""

from django.test import Client

from lms.models import AuditEvent

URL = "/accounts/password/change/"
OLD = "correct-horse-battery"
NEW = "ต้นไม้ริมทาง-2569"


def _signed_in(officer) -> Client:
    client = Client()
    assert client.login(username=officer.username, password=OLD)
    return client


def test_the_profile_links_to_the_thai_change_password_page(people):
    client = _signed_in(people["officer_a"])
    assert f'href="{URL}"' in client.get("/accounts/profile/").content.decode()
    page = client.get(URL).content.decode()
    assert "เปลี่ยนรหัสผ่าน" in page and "รหัสผ่านเก่า" in page


def test_a_wrong_current_password_changes_nothing(people):
    officer = people["officer_a"]
    client = _signed_in(officer)
    response = client.post(URL, {"old_password": "guess", "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 200
    assert "ใส่รหัสผ่านเก่าผิด" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(OLD) and not officer.check_password(NEW)


def test_a_weak_new_password_is_refused_in_thai(people):
    client = _signed_in(people["officer_a"])
    response = client.post(URL, {"old_password": OLD, "new_password1": "12345", "new_password2": "12345"})
    html = response.content.decode()
    assert "รหัสผ่านนี้สั้นเกินไป" in html and "รหัสผ่านนี้เป็นตัวเลขทั้งหมด" in html
    people["officer_a"].refresh_from_db()
    assert people["officer_a"].check_password(OLD)


def test_the_change_keeps_this_session_ends_the_others_and_is_audited(people):
    officer = people["officer_a"]
    phone, desk = _signed_in(officer), _signed_in(officer)
    response = phone.post(URL, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "เปลี่ยนรหัสผ่านเรียบร้อยแล้ว" in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(NEW)
    assert phone.get("/accounts/profile/").status_code == 200
    assert desk.get("/accounts/profile/").status_code == 302  # signed out
    event = AuditEvent.objects.get(action="password.changed")
    assert event.actor_id == officer.pk == int(event.target_id)


def test_guessing_the_current_password_is_rate_limited(people, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "password-change-user": "3/h"}
    officer = people["officer_a"]
    client = _signed_in(officer)
    for _ in range(3):
        client.post(URL, {"old_password": "guess", "new_password1": NEW, "new_password2": NEW})
    response = client.post(URL, {"old_password": OLD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 429
    officer.refresh_from_db()
    assert officer.check_password(OLD)


def test_anonymous_is_sent_to_sign_in(db, client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")

"""A session idle longer than SESSION_IDLE_TIMEOUT_MINUTES is signed out (ASVS 7.3.1)."""

import time

from django.test import Client

from lms.security.idle import LAST_SEEN_KEY


def _signed_in(officer) -> Client:
    client = Client()
    assert client.login(username=officer.username, password="correct-horse-battery")
    return client


def _idle_for(client: Client, minutes: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_an_officer_active_within_the_hour_stays_signed_in(people, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 60
    client = _signed_in(people["officer_a"])
    _idle_for(client, 59)
    assert client.get("/accounts/profile/").status_code == 200
    _idle_for(client, 59)  # each request restarts the clock
    assert client.get("/accounts/profile/").status_code == 200


def test_after_the_idle_limit_pages_ask_to_sign_in_again_in_thai(people, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 60
    client = _signed_in(people["officer_a"])
    _idle_for(client, 61)
    response = client.get("/accounts/profile/", follow=True)
    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert "ไม่ได้ใช้งานนานเกิน 60 นาที" in response.content.decode()
    assert client.get("/accounts/profile/").status_code == 302  # the session is gone, not just skipped


def test_after_the_idle_limit_the_api_answers_401(people, settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    client = _signed_in(people["officer_a"])
    assert client.get("/api/v1/me/enrolments").status_code == 200
    _idle_for(client, 31)
    assert client.get("/api/v1/me/enrolments").status_code == 401

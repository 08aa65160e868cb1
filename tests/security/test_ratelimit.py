"""Rate limits: the reusable helper, and where it is applied (login, password reset)."""

import json

import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import Client, RequestFactory

from lms.security.ratelimit import by_ip, rate_limit_response, ratelimit
from lms.security.rates import Rate, parse_rate
from tests.security.conftest import PASSWORD, sign_in


@pytest.mark.parametrize(
    ("text", "rate"),
    [("5/m", Rate(5, 60)), ("10/15m", Rate(10, 900)), ("3/h", Rate(3, 3600)), ("100/30s", Rate(100, 30))],
)
def test_rates_are_read_from_settings_strings(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["", "five/m", "5/w", "5"])
def test_a_wrong_rate_string_is_refused(text):
    with pytest.raises(ValueError):
        parse_rate(text)


def test_retry_after_is_what_is_left_of_the_window():
    rate = Rate(5, 60)
    assert rate.retry_after(120.0) == 60
    assert rate.retry_after(150.5) == 30
    assert rate.retry_after(179.9) == 1


def test_sign_in_from_one_address_is_capped_with_a_thai_429(client, people, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "login-ip": "3/m"}
    for officer in ("officer_a", "officer_b", "officer_y"):
        assert sign_in(Client(), people[officer].username, "wrong", ip="192.0.2.5").status_code == 200
    response = sign_in(Client(), people["hr_x"].username, PASSWORD, ip="192.0.2.5")
    assert response.status_code == 429
    html = response.content.decode()
    assert "มีคำขอมากเกินไป กรุณารอ 1 นาทีแล้วลองใหม่อีกครั้ง" in html
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another address is counted on its own.
    assert sign_in(Client(), people["hr_x"].username, PASSWORD, ip="192.0.2.6").status_code == 302
    # Showing the form is not counted.
    assert client.get("/accounts/login/", REMOTE_ADDR="192.0.2.5").status_code == 200


def test_guesses_at_one_account_from_many_addresses_are_capped(people, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "login-username": "4/h"}
    officer = people["officer_a"]
    for n in range(4):
        assert sign_in(Client(), officer.username, "wrong", ip=f"192.0.2.{n + 10}").status_code == 200
    response = sign_in(Client(), officer.employee_id, PASSWORD, ip="192.0.2.99")
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 3600


def test_password_reset_is_capped_per_email_and_per_address(people, settings):
    settings.RATELIMITS = {**settings.RATELIMITS, "password-reset-email": "2/h", "password-reset-ip": "3/h"}
    email = people["officer_a"].email
    for n in range(2):
        response = Client().post("/accounts/password-reset/", {"email": email}, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302
    response = Client().post("/accounts/password-reset/", {"email": email.upper()}, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 429
    assert "กรุณารอ" in response.content.decode()
    assert len(mail.outbox) == 2  # the officer's mailbox is not flooded
    client = Client()
    for other in ("officer_b", "officer_y"):
        assert (
            client.post(
                "/accounts/password-reset/", {"email": people[other].email}, REMOTE_ADDR="192.0.2.50"
            ).status_code
            == 302
        )
    assert (
        client.post(
            "/accounts/password-reset/", {"email": "x@example.invalid"}, REMOTE_ADDR="192.0.2.50"
        ).status_code
        == 429
    )


def test_the_helper_answers_api_clients_in_json_and_in_english_when_asked(db, settings):
    settings.RATELIMITS = {"verify-test": "1/m"}

    @ratelimit(scope="verify-test", key=by_ip, methods=None)
    def view(request):
        return HttpResponse("ok")

    factory = RequestFactory()
    assert view(factory.get("/verify/abc/")).status_code == 200
    page = view(factory.get("/verify/abc/"))
    assert page.status_code == 429 and "กรุณารอ" in page.content.decode()

    api_request = factory.get("/api/v1/xapi/", HTTP_ACCEPT="application/json")
    limited = rate_limit_response(api_request, scope="verify-test", key=by_ip)
    assert limited.status_code == 429
    assert limited["Content-Type"].startswith("application/json")
    assert "กรุณารอ" in json.loads(limited.content)["detail"]

    from django.utils import translation

    with translation.override("en"):
        english = rate_limit_response(factory.get("/verify/abc/"), scope="verify-test", key=by_ip)
    assert "Too many requests. Please wait 1 minute" in english.content.decode()


def test_a_scope_without_a_rate_and_the_switch_turn_limits_off(db, settings):
    request = RequestFactory().post("/x/")
    settings.RATELIMITS = {}
    assert all(rate_limit_response(request, scope="nothing", key=by_ip) is None for _ in range(50))
    settings.RATELIMITS = {"tight": "1/h"}
    settings.RATELIMIT_ENABLED = False
    assert all(rate_limit_response(request, scope="tight", key=by_ip) is None for _ in range(5))

from django.test import RequestFactory

from lms.security.client_ip import client_ip


def _request(**meta):
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1")) == "10.0.0.5"


def test_behind_one_proxy_the_address_it_appended_counts_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = _request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_behind_two_proxies_the_second_from_the_right_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = _request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9, 10.0.0.4")
    assert client_ip(request) == "203.0.113.9"


def test_a_missing_or_malformed_header_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(REMOTE_ADDR="10.0.0.5")) == "10.0.0.5"
    assert client_ip(_request(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="not-an-ip")) == "10.0.0.5"

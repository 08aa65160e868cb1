"""schemathesis against /api/v1/openapi.json (bounded examples): whatever a
client sends, no operation answers with a server error, and every documented
response matches the document (status, content type, body schema).

Calls go in-process through the WSGI app, on the test PostgreSQL, as a
signed-in officer with a CSRF token (so that writes get past CSRF and really
exercise the operations)."""

import pytest
import schemathesis
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from lms.wsgi import application
from tests.courses.conftest import make_course
from tests.factories import UserFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def keep_test_connection():
    """As Django's test client does: the WSGI app must not close the connection
    that holds the test's transaction at the end of each request."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def officer_cookies(db, tree, keep_test_connection):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    officer = UserFactory(agency=tree["X1"])
    make_course(tree["X"], lessons=2)
    store = SessionStore()
    store[SESSION_KEY] = str(officer.pk)
    store[BACKEND_SESSION_KEY] = "lms.auth.UsernameOrEmployeeIdBackend"
    store[HASH_SESSION_KEY] = officer.get_session_auth_hash()
    store.create()
    secret = _get_new_csrf_string()
    return {"sessionid": store.session_key, "csrftoken": secret}, _mask_cipher_secret(secret)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_document(case, officer_cookies):
    cookies, token = officer_cookies
    case.call_and_validate(
        cookies=cookies, headers={"X-CSRFToken": token, "Referer": "https://testserver/"}, checks=CHECKS
    )

"""The access-control matrix: every route of ours (URL patterns of our apps,
our Wagtail admin screens, every API operation from the OpenAPI document) is
called as each kind of user, and the status must be the one in the table in
`expected.py`. A new route without an entry fails `test_every_route_has_an_entry`.

Set ACCESS_MATRIX_RECORD=1 to write what was observed to
test-artifacts/access-matrix.json (for reviewing a new entry, never for copying
blindly: each expected status is a decision about who may see what)."""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse

from tests.access.expected import EXPECTED, ROLES
from tests.access.routes import Route, api_routes, url_routes
from tests.access.world import build_world
from tests.conftest import ARTIFACTS


def all_routes():
    return url_routes() + api_routes() + PAGE_ROUTES


#: Wagtail serves pages through its catch-all URL; ours that hold records are listed here.
PAGE_ROUTES = [Route(key="PAGE course", path="course"), Route(key="PAGE lesson", path="lesson")]
#: What each URL argument names in world.py, for recording a new route (`pk` depends on the screen).
GUESSES = {
    "course_id": "course", "lesson_id": "lesson", "attempt_id": "attempt", "quiz_id": "quiz", "bank_id": "bank",
    "package_id": "package", "officer_id": "officer_a", "uidb64": "uidb64", "path": "file_path",
}  # fmt: skip
PK_BY_NAMESPACE = {
    "agency": "agency_x", "officers": "officer_a", "assignments": "assignment", "wagtailusers_users": "officer_a",
    "wagtailsnippets_courses_topic": "topic", "wagtailsnippetchoosers_courses_topic": "topic",
    "api_tokens": "api_token", "certificate_admin": "certificate", "certificate_admin_viewset": "certificate",
    "certificates": "certificate", "column_mappings": "column_mapping",
    "course_certificate_settings": "course_setting", "h5p_package_chooser": "package", "h5p_packages": "package",
    "question_banks": "bank", "question_categories": "category", "questions": "question", "quiz_admin": "quiz",
    "quiz_chooser": "quiz", "reports": "roster_import",
    "wagtailsnippets_certificates_certificatetemplate": "template",
    "wagtailsnippetchoosers_certificates_certificatetemplate": "template",
}  # fmt: skip


#: Routes that only take another method, and bodies that get past validation to the access check.
#: Strings starting with "@" name objects of world.py.
HINTS = {
    "courses:enrol": {"method": "POST"},
    "courses:lesson_complete": {"method": "POST"},
    "quizzes:start": {"method": "POST"},
    "quizzes:submit": {"method": "POST"},
    "lms_security:release": {"method": "POST"},
    "API PUT /api/v1/attempts/{attempt_id}/answers": {"data": {"answers": {}}},
    "API POST /api/v1/lessons/{lesson_id}/heartbeat": {"data": {"seconds": 30}},
    "API POST /api/v1/xapi/statements": {
        "data": {"lesson": "@lesson", "package": "@package", "statement": {}}
    },
    "API PUT /api/v1/h5p/state": {"data": {"lesson": "@lesson", "package": "@package", "state": "{}"}},
}


def guess(route, param: str) -> str:
    namespace = route.key.split(":")[0]
    if param == "pk":
        if route.key.startswith("certificate_admin:export"):
            return "certificate_export"
        return PK_BY_NAMESPACE.get(namespace, "officer_a")
    if param == "code":
        return "verification_code" if "verify" in route.key else "agency_code_x"
    if param == "token":
        return "reset_token" if namespace == "password_reset_confirm" else "package_token"
    return GUESSES.get(param, param)


def test_every_route_has_an_entry():
    missing = [route.key for route in all_routes() if route.key not in EXPECTED]
    assert not missing, f"routes without an expected-status entry in tests/access/expected.py: {missing}"
    stale = set(EXPECTED) - {route.key for route in all_routes()}
    assert not stale, f"entries for routes that no longer exist: {sorted(stale)}"


def _url(route, spec, world) -> str:
    if route.key.startswith("PAGE "):
        return world.objects[route.path].url
    kwargs = {name: world.value(spec.get("kwargs", {}).get(name, name)) for name in route.params}
    if route.method:
        path = route.path
        for name, value in kwargs.items():
            path = path.replace("{" + name + "}", str(value))
        return path + spec.get("query", "")
    if route.key == route.path:  # a pattern without a name
        return "/" + route.path + spec.get("query", "")
    return reverse(route.key, kwargs=kwargs) + spec.get("query", "")


def _resolve(value, world):
    if isinstance(value, str) and value.startswith("@"):
        return world.value(value[1:])
    if isinstance(value, dict):
        return {k: _resolve(v, world) for k, v in value.items()}
    return value


def _call(client, method, url, spec, world):
    data = _resolve(spec.get("data"), world)
    if method == "GET":
        return client.get(url)
    if route_is_json(url):
        return client.generic(method, url, data=json.dumps(data or {}), content_type="application/json")
    return client.generic(method, url, data=data or "", content_type="application/x-www-form-urlencoded")


def route_is_json(url: str) -> bool:
    return url.startswith("/api/")


@pytest.mark.django_db(transaction=False)
def test_access_matrix(client, tree, people):
    world = build_world(tree=tree, people=people)
    observed: dict[str, dict[str, int]] = {}
    kwargs_used: dict[str, dict] = {}
    methods_used: dict[str, str] = {}
    data_used: dict[str, object] = {}
    wrong = []
    for route in all_routes():
        spec = EXPECTED.get(route.key)
        if spec is None:
            if not os.environ.get("ACCESS_MATRIX_RECORD"):
                continue
            # Recording a new route: guess its arguments, expect nothing.
            spec = {
                **HINTS.get(route.key, {}),
                "kwargs": {p: guess(route, p) for p in route.params},
                "expect": dict.fromkeys(ROLES, ()),
            }
        method = route.method or spec.get("method", "GET")
        url = _url(route, spec, world)
        observed[route.key] = {}
        kwargs_used[route.key] = spec.get("kwargs", {})
        methods_used[route.key] = method
        data_used[route.key] = spec.get("data")
        for role in ROLES:
            client.logout()
            user = world.user(role)
            if user is not None:
                client.force_login(user)
            status = _call(client, method, url, spec, world).status_code
            observed[route.key][role] = status
            allowed = spec["expect"][role]
            allowed = allowed if isinstance(allowed, tuple) else (allowed,)
            if status not in allowed:
                wrong.append(f"{route.key} as {role}: {status}, expected {allowed}")
    if os.environ.get("ACCESS_MATRIX_RECORD"):
        ARTIFACTS.mkdir(exist_ok=True)
        recorded = {key: {"kwargs": kwargs_used[key], "method": methods_used[key], "observed": statuses,
                          "data": data_used[key]}
                    for key, statuses in observed.items()}  # fmt: skip
        (ARTIFACTS / "access-matrix.json").write_text(json.dumps(recorded, indent=1, ensure_ascii=False))
    assert not wrong, "\n".join(wrong)

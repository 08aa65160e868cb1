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
GUESSES = {"pk": "officer_a", "course_id": "course", "lesson_id": "lesson", "code": "agency_code_x"}


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
    return reverse(route.key, kwargs=kwargs) + spec.get("query", "")


def _call(client, method, url, spec):
    data = spec.get("data")
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
    wrong = []
    for route in all_routes():
        spec = EXPECTED.get(route.key)
        if spec is None:
            if not os.environ.get("ACCESS_MATRIX_RECORD"):
                continue
            # Recording a new route: guess its arguments, expect nothing.
            spec = {
                "kwargs": {p: GUESSES.get(p, p) for p in route.params},
                "expect": dict.fromkeys(ROLES, ()),
            }
        method = route.method or spec.get("method", "GET")
        url = _url(route, spec, world)
        observed[route.key] = {}
        for role in ROLES:
            client.logout()
            user = world.user(role)
            if user is not None:
                client.force_login(user)
            status = _call(client, method, url, spec).status_code
            observed[route.key][role] = status
            allowed = spec["expect"][role]
            allowed = allowed if isinstance(allowed, tuple) else (allowed,)
            if status not in allowed:
                wrong.append(f"{route.key} as {role}: {status}, expected {allowed}")
    if os.environ.get("ACCESS_MATRIX_RECORD"):
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "access-matrix.json").write_text(json.dumps(observed, indent=1, ensure_ascii=False))
    assert not wrong, "\n".join(wrong)

"""Content-Security-Policy on every page: strict on officer pages, a policy the Wagtail
admin works with on /admin/, and templates with no inline script or style to need more."""

import re

import pytest

from tests.conftest import REPO_ROOT


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/privacy/", "/accounts/password-reset/", "/no-such-page/"]
)
def test_public_pages_carry_the_strict_policy(client, db, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("path", ["/learning/", "/accounts/profile/"])
def test_officer_pages_carry_the_strict_policy_with_nothing_unsafe(client, people, path):
    client.force_login(people["officer_a"])
    response = client.get(path)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "unsafe" not in header
    assert _policy(response)["script-src"] == ["'self'"]


def test_the_admin_policy_allows_inline_code_for_wagtail_but_no_eval_and_no_other_origin(client, people):
    client.force_login(people["hr_x"])
    response = client.get("/admin/")
    policy = _policy(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "http" not in response["Content-Security-Policy"]  # no third-party origin at all


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<style[\s>]", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _site_templates():
    """Every HTML template of the public site: not the Wagtail admin's, not PDFs or e-mails."""
    for path in sorted(REPO_ROOT.glob("**/templates/**/*.html")):
        parts = set(path.relative_to(REPO_ROOT).parts)
        if parts & {".venv", "node_modules", "pdf", "email", "admin", "test-artifacts"}:
            continue
        if path.name.endswith("_pdf.html"):  # laid out by WeasyPrint, never served as a page
            continue
        text = path.read_text(encoding="utf-8")
        if '{% extends "wagtailadmin/' in text or "{% extends 'wagtailadmin/" in text:
            continue
        yield path, text


def test_site_templates_have_no_inline_script_or_style():
    found = [
        f"{path.relative_to(REPO_ROOT)}: {what}"
        for path, text in _site_templates()
        for pattern, what in INLINE
        if pattern.search(text)
    ]
    assert found == [], "move these to static files (strict CSP): " + "; ".join(found)
    assert any(p.name == "base.html" for p, _ in _site_templates())


def test_the_inline_check_would_catch_what_it_looks_for():
    samples = [
        "<script>alert(1)</script>",
        '<div style="x">',
        "<style>a{}</style>",
        '<a onclick="x()">',
        '<a href="javascript:x()">',
    ]
    for sample in samples:
        assert any(p.search(sample) for p, _ in INLINE), sample
    assert not any(p.search('<script src="/static/a.js" defer></script>') for p, _ in INLINE)

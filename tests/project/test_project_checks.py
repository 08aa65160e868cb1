"""The house rules that a reviewer would otherwise check by hand."""

import gettext
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*cmd, env=None):
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by browser tests
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, env={**base, **(env or {})})


def test_ruff_lint_and_format_are_clean():
    lint = run(str(BIN / "ruff"), "check", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    fmt = run(str(BIN / "ruff"), "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


def test_import_contracts_hold():
    result = run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_missing_migrations():
    result = run(sys.executable, "manage.py", "makemigrations", "--check", "--dry-run",
                 env={"DJANGO_SETTINGS_MODULE": "lms.settings.dev"})  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "k7#Qp!vZ2@mR9$wL4^bN8&cT1*yH6(eJ3)uF5",
    "DATABASE_URL": "postgres://lms@127.0.0.1:1/lms",
    "ALLOWED_HOSTS": "elearning.example.go.th",
}


def test_production_check_deploy_is_clean():
    result = run(
        sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = run(sys.executable, "manage.py", "check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def _catalogues():
    return sorted(p for p in REPO.glob("**/locale/th/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_every_thai_catalogue_is_complete_and_compiled():
    catalogues = _catalogues()
    assert len(catalogues) >= 2, "Thai catalogues missing"
    for po in catalogues:
        stats = run("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po))
        assert stats.returncode == 0, stats.stderr
        assert "untranslated" not in stats.stderr and "fuzzy" not in stats.stderr, f"{po}: {stats.stderr}"
        assert po.with_suffix(".mo").exists(), f"{po} is not compiled (make install runs compilemessages)"


def test_one_english_text_has_one_thai_translation():
    """Django merges every Thai catalogue into one: for a text found in two, only one
    translation is ever shown, so a second one would be silently wrong on the other
    app's screens (a quiz's "kind" came out as "agency type"). Texts that mean
    different things need a context (pgettext, {% translate … context … %})."""
    seen: dict = {}
    for po in _catalogues():
        mo = po.with_suffix(".mo")
        with mo.open("rb") as f:
            catalogue = gettext.GNUTranslations(f)._catalog  # noqa: SLF001 - the merged table Django reads
        for key, text in catalogue.items():
            if key == "" or (isinstance(key, tuple) and key[0] == ""):
                continue  # the header
            seen.setdefault(key, {})[str(po.relative_to(REPO))] = text
    clashes = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert not clashes, "\n".join(f"{key!r}: {where}" for key, where in clashes.items())


def test_the_code_runs_on_sqlite_too():
    """`make run` uses SQLite: PostgreSQL-only functions (django.contrib.postgres)
    would break its pages (the course page once did, with BoolOr)."""
    apps = ["lms", "courses", "quizzes", "certificates", "content"]
    offenders = [
        str(path.relative_to(REPO))
        for app in apps
        for path in (REPO / app).rglob("*.py")
        if "migrations" not in path.parts and "django.contrib.postgres" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []

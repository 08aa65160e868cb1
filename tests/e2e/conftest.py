import os
from pathlib import Path

import pytest

from tests.conftest import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


@pytest.fixture(scope="session")
def _migrated_content(django_db_setup):
    """What the migrations put in the database (home page, site, groups), as Django
    serialized it for `serialized_rollback`. Captured before the browser starts:
    once Playwright's event loop runs in this thread, Django's connection object is
    a different one that no longer carries the serialized copy."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(autouse=True)
def _restore_migrated_content(request, _migrated_content):
    """Give Django's connection in this context the serialized copy again (so that
    the flush after the test leaves content types alone and the next test restores
    everything), and restore now if an earlier test left the database empty."""
    from django.db import connections

    connection = connections["default"]
    if _migrated_content and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = _migrated_content
    request.getfixturevalue("transactional_db")
    from lms.models import HomePage

    if _migrated_content and not HomePage.objects.exists():
        connection.creation.deserialize_db_from_string(_migrated_content)


@pytest.fixture(scope="session")
def browser(_migrated_content):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's Chromium is missing: `make test` installs it"
    # Playwright's sync API runs an event loop; Django must allow DB access from this thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def _thai_page(browser, live_server, width: int, height: int):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="th-TH", base_url=live_server.url
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server, django_db_serialized_rollback):
    """A phone-sized page on the live server, in Thai."""
    yield from _thai_page(browser, live_server, 390, 844)


@pytest.fixture
def desk(browser, live_server, django_db_serialized_rollback):
    """A desktop-sized page on the live server, in Thai (the admin, for trainers and HR)."""
    yield from _thai_page(browser, live_server, 1280, 900)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pytest_collection_modifyitems(items):
    """Browser tests talk to a live server in another thread, so their data must
    be committed; and the data migrations' content (the home page) must be
    restored before each of them, whatever ran before (a transactional test
    flushes the database when it ends)."""
    marker = pytest.mark.django_db(transaction=True, serialized_rollback=True)
    for item in items:
        if "/tests/e2e/" in str(item.fspath):
            item.add_marker(marker)

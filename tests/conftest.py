import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lms.models import Agency, Role
from lms.services import agency_role_grant
from tests.factories import UserFactory, make_agency

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = (REPO_ROOT / ".." / "shared").resolve()
ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache, sites in lms.sites: every test starts with none."""
    from django.core.cache import cache

    from lms.sites import forget_sites

    cache.clear()
    forget_sites()


@pytest.fixture
def shared_dir() -> Path:
    assert SHARED.is_dir(), f"shared/ not found beside the repository at {SHARED}"
    return SHARED


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL")
    assert url, "TEST_REDIS_URL is not set: run the suite with `make test`, which starts Redis."
    return url


@pytest.fixture
def celery_worker_process(transactional_db, django_db_serialized_rollback, redis_url, settings):
    """A real `celery worker` process on the test database and the test Redis.

    Tasks sent from the test go through Redis to it; `stop()` kills it, and a
    test may start a second one.
    """
    from django.db import connection

    from lms.celery import app

    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    # Earlier tests may have built connection pools for the default broker.
    app._pool = None
    app.amqp._producer_pool = None
    started: list[subprocess.Popen] = []

    class Worker:
        def start(self, concurrency: int = 1) -> subprocess.Popen:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "lms", "worker", "--loglevel=INFO",
                 f"--concurrency={concurrency}", "--pool=prefork", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "-n", f"test{len(started)}@%h"],
                cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )  # fmt: skip
            started.append(proc)
            deadline = time.monotonic() + 60
            for line in proc.stdout:
                if "ready." in line:
                    return proc
                if time.monotonic() > deadline:
                    break
            raise RuntimeError("Celery worker did not start")

        def stop(self, proc, sig=None):
            import signal

            proc.send_signal(sig or signal.SIGTERM)
            proc.wait(timeout=30)

    yield Worker()
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    app.conf.task_always_eager = True


def wait_for(predicate, timeout: float = 30, interval: float = 0.2):
    """Poll until predicate() is truthy; return its value or fail the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


# Shared fixtures: a small agency tree and people with roles in it.
@pytest.fixture
def tree(db):
    """ministry → department → (province office X → division X1, province office Y)."""
    ministry = make_agency("M", kind=Agency.Kind.MINISTRY, name_th="กระทรวงทดสอบ")
    dept = make_agency("D", parent=ministry, kind=Agency.Kind.DEPARTMENT)
    x = make_agency("X", parent=dept, kind=Agency.Kind.PROVINCE_OFFICE, name_th="สำนักงานจังหวัดเอกซ์")
    x1 = make_agency("X1", parent=x, kind=Agency.Kind.DIVISION)
    y = make_agency("Y", parent=dept, kind=Agency.Kind.PROVINCE_OFFICE, name_th="สำนักงานจังหวัดวาย")
    return {a.code: Agency.objects.get(pk=a.pk) for a in (ministry, dept, x, x1, y)}


@pytest.fixture
def people(tree):
    officer_a = UserFactory(agency=tree["X1"], first_name="อรุณี", last_name="แก้วมณี")
    officer_b = UserFactory(agency=tree["X1"], first_name="นภัสสร", last_name="บุญมา")
    officer_y = UserFactory(agency=tree["Y"], first_name="ยุพิน", last_name="ทองดี")
    hr_x = UserFactory(agency=tree["X"], username="hr-x")
    hr_y = UserFactory(agency=tree["Y"], username="hr-y")
    trainer = UserFactory(agency=tree["X"], username="trainer-x")
    admin_d = UserFactory(agency=tree["D"], username="admin-d")
    agency_role_grant(user=hr_x, agency=tree["X"], role=Role.HR)
    agency_role_grant(user=hr_y, agency=tree["Y"], role=Role.HR)
    agency_role_grant(user=trainer, agency=tree["X"], role=Role.TRAINER)
    agency_role_grant(user=admin_d, agency=tree["D"], role=Role.AGENCY_ADMIN)
    return {
        "officer_a": officer_a, "officer_b": officer_b, "officer_y": officer_y, "hr_x": hr_x, "hr_y": hr_y,
        "trainer": trainer, "admin_d": admin_d,
    }  # fmt: skip

"""Issuance survives what really happens: a worker killed with SIGKILL while it renders, and a broker
that is down while officers complete courses. Every completion ends with exactly one certificate."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from certificates.models import Certificate
from certificates.tasks import sweep_certificates_task
from courses.models import Enrolment
from tests.certificates.conftest import complete_course, make_course
from tests.conftest import REPO_ROOT, wait_for
from tests.factories import UserFactory

pytestmark = pytest.mark.worker


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _kill_worker(proc: subprocess.Popen) -> None:
    """SIGKILL the worker and its pool processes at once, as an out-of-memory kill or a lost VM would."""
    victims = [proc.pid, *_children(proc.pid)]
    for pid in victims:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=30)


def _all_issued_once(enrolment_ids) -> bool:
    counts = dict(
        Certificate.objects.current()
        .filter(enrolment_id__in=enrolment_ids)
        .exclude(sha256="")
        .values_list("enrolment_id")
        .annotate(n=Count("id"))
        .values_list("enrolment_id", "n")
    )
    return len(counts) == len(enrolment_ids) and set(counts.values()) == {1}


@pytest.fixture
def no_render_grace(monkeypatch):
    # Requested before the worker fixture, so the worker inherits it: the sweeper may render at once.
    monkeypatch.setenv("CERTIFICATES_RENDER_GRACE_SECONDS", "0")


def test_worker_killed_while_rendering_leaves_exactly_one_certificate_each(
    no_render_grace, celery_worker_process, tree
):
    course = make_course(tree["X"], lessons=1)
    officers = [UserFactory(agency=tree["X1"]) for _ in range(16)]
    worker = celery_worker_process.start(concurrency=2)
    enrolments = [complete_course(officer, course) for officer in officers]  # tasks go through Redis
    ids = [e.pk for e in enrolments]
    wait_for(lambda: Certificate.objects.filter(enrolment_id__in=ids).exists(), timeout=60, interval=0.05)
    _kill_worker(worker)
    assert not _all_issued_once(ids), "the worker finished before it was killed; the test proved nothing"

    celery_worker_process.start(concurrency=2)
    sweep_certificates_task.delay()  # what beat sends every minute
    wait_for(lambda: _all_issued_once(ids), timeout=120, interval=0.5)
    numbers = list(Certificate.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == len(ids)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp: Path):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.tmp = tmp
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.tmp)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def private_broker(transactional_db, django_db_serialized_rollback, settings, tmp_path):
    """A redis-server of this test's own (the session's one is never stopped), a worker with embedded
    beat on it (sweeping every 2 s), and this process's Celery app pointed at it."""
    from lms.celery import app

    redis = PrivateRedis(tmp_path)
    redis.start()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": redis.url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CERTIFICATES_SWEEP_SECONDS": "2",
        "CERTIFICATES_RENDER_GRACE_SECONDS": "0",
    }
    app.conf.task_always_eager = False
    app.conf.broker_url = redis.url
    app._pool = None
    app.amqp._producer_pool = None
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "-B", "-s", str(tmp_path / "beat-schedule"),
         "--loglevel=INFO", "--concurrency=1", "--pool=prefork", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "-n", "private@%h"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    yield redis
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        _kill_worker(worker)
    redis.stop()
    log.close()
    app.conf.task_always_eager = True
    app._pool = None
    app.amqp._producer_pool = None


def test_completions_while_the_broker_is_down_get_certificates_when_it_returns(private_broker, tree, caplog):
    course = make_course(tree["X"], lessons=2)
    officers = [UserFactory(agency=tree["X1"]) for _ in range(4)]
    private_broker.stop()

    enrolments = [complete_course(officer, course) for officer in officers]
    ids = [e.pk for e in enrolments]
    assert Enrolment.objects.filter(pk__in=ids, completed_at__isnull=False).count() == len(officers)
    assert not Certificate.objects.filter(enrolment_id__in=ids).exists()
    assert "the sweeper will issue it" in caplog.text

    private_broker.start()
    wait_for(lambda: _all_issued_once(ids), timeout=180, interval=0.5)

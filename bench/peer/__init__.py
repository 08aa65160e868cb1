"""The peer: wagtail-lms 0.11 from PyPI in its own venv (var/peer-venv/.venv), in a
minimal Django project (bench/peer/project) that serves its xAPI endpoint and
its H5P lesson page under gunicorn on loopback. Other benchmarks reuse it:

    from bench.peer import peer_database, peer_seed, serve

    with peer_database() as url:
        data = peer_seed(database_url=url, officers=50, lessons=5, activities=2)
        with serve(peer=True, database_url=url, workers=2) as base_url:
            ...  # data["sessions"], data["lessons"] (lesson URLs, activity ids)

`python -m bench.peer` sets up the venv and prints the installed versions.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

PEER_DIR = Path(__file__).resolve().parent
REPO_ROOT = PEER_DIR.parents[1]
# Under var/peer-venv, in a ".venv" folder so that project checks (which skip
# ".venv" folders) never read the peer's own packages as ours.
VENV = REPO_ROOT / "var" / "peer-venv" / ".venv"
PROJECT = PEER_DIR / "project"
REQUIREMENTS = PEER_DIR / "requirements.txt"


class PeerUnavailable(RuntimeError):
    """The peer could not be installed or started; the message says why."""


def venv_python() -> Path:
    return VENV / "bin" / "python"


def ensure_venv() -> Path:
    """Create var/peer-venv with the pinned peer requirements (once; reinstalled
    when requirements.txt changes). Returns its python."""
    stamp = VENV / ".requirements"
    wanted = REQUIREMENTS.read_text()
    if venv_python().exists() and stamp.exists() and stamp.read_text() == wanted:
        return venv_python()
    try:
        if not venv_python().exists():
            subprocess.run(
                [sys.executable, "-m", "venv", str(VENV)], check=True, capture_output=True, timeout=300
            )
        subprocess.run(
            [str(venv_python()), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(REQUIREMENTS)],
            check=True, capture_output=True, text=True, timeout=1200,
        )  # fmt: skip
    except subprocess.CalledProcessError as error:
        raise PeerUnavailable(f"pip could not install the peer: {(error.stderr or '')[-2000:]}") from error
    stamp.write_text(wanted)
    return venv_python()


def _admin_url(database_url: str, dbname: str) -> str:
    base, _, _ = database_url.rpartition("/")
    return f"{base}/{dbname}"


@contextlib.contextmanager
def peer_database(database_url: str | None = None) -> Iterator[str]:
    """A fresh PostgreSQL database for the peer on the same server as ours
    (DATABASE_URL), dropped afterwards."""
    import psycopg

    database_url = database_url or os.environ["DATABASE_URL"]
    name = f"peer_bench_{os.getpid()}_{secrets.token_hex(3)}"
    admin = _admin_url(database_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _admin_url(database_url, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _peer_env(database_url: str) -> dict:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "peer_site.settings", "DATABASE_URL": database_url,
            "PYTHONPATH": str(PROJECT), "MEDIA_ROOT": str(REPO_ROOT / "var" / "peer-media")}  # fmt: skip


def peer_manage(*args: str, database_url: str, timeout: int = 900) -> str:
    python = ensure_venv()
    result = subprocess.run(
        [str(python), str(PROJECT / "manage.py"), *args], cwd=PROJECT, env=_peer_env(database_url),
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    if result.returncode != 0:
        raise PeerUnavailable(f"peer manage.py {' '.join(args)} failed: {result.stderr[-3000:]}")
    return result.stdout


def peer_seed(*, database_url: str, officers: int, lessons: int, activities: int) -> dict:
    """Migrate the peer database and create a course with `lessons` H5P lesson
    pages of `activities` activities each, and `officers` enrolled officers with
    signed-in sessions. Returns {"sessions": [[sessionid, csrf]...],
    "lessons": [{"url", "activities": [ids]}]}."""
    peer_manage("migrate", "--noinput", "-v0", database_url=database_url)
    out = peer_manage(
        "bench_seed", f"--officers={officers}", f"--lessons={lessons}", f"--activities={activities}",
        database_url=database_url,
    )  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(*, peer: bool, database_url: str, workers: int = 2, env: dict | None = None) -> Iterator[str]:
    """Run gunicorn on loopback for the peer (peer=True) or for our project
    (lms.wsgi with the test settings), on `database_url`; yields the base URL."""
    port = free_port()
    if peer:
        python, cwd, app = ensure_venv(), PROJECT, "peer_site.wsgi:application"
        environment = _peer_env(database_url)
    else:
        python, cwd, app = Path(sys.executable), REPO_ROOT, "lms.wsgi:application"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": database_url,
            # As in production, background work (certificate PDFs, mail) is queued for a
            # worker, not done inside the request; nobody consumes the queue here.
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_BROKER_URL": os.environ.get("TEST_REDIS_URL") or "memory://",
        }
    # Both sides keep their database connections, as production does (CONN_MAX_AGE).
    environment |= {"CONN_MAX_AGE": "60"} | (env or {})
    # The server's log goes to a file: a pipe nobody reads fills up after 64 KB
    # and then blocks every worker in its next log call (django-axes logs each sign-in).
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        proc = subprocess.Popen(
            [str(python), "-m", "gunicorn", app, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level=warning",
             "--timeout=120",
             "--access-logfile=-" if os.environ.get("BENCH_ACCESS_LOG") else "--disable-redirect-access-to-syslog"],
            cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise PeerUnavailable(f"gunicorn exited: {log.read()[-3000:]}")
                try:
                    urllib.request.urlopen(base + "/__bench_ping__", timeout=2)  # noqa: S310
                except urllib.error.HTTPError:
                    break  # any HTTP answer means it is serving
                except OSError:
                    if time.monotonic() > deadline:
                        raise PeerUnavailable("gunicorn did not start within 90 s") from None
                    time.sleep(0.3)
                else:
                    break
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=30)

"""The exam-day load test: `make loadtest` (or, with the test services running,
`python -m bench.loadtest [--users 1000] [--ramp-seconds 100] [--minutes 4]`).

1,000 officers (Moodle's "L" test-plan size) sign in, open the post-test within a
100-second ramp, answer and submit, against gunicorn and PostgreSQL on this
machine (loopback only; a fresh database on the DATABASE_URL server, dropped at
the end). Locust runs headless, bounded in users and time. Reports throughput,
p50/p95/p99 and errors per step, then checks the database: every officer whose
submission was answered has exactly one graded attempt, and no attempt exists
that was graded twice or lost. Rate limits are switched off for the run (1,000
sign-ins from 127.0.0.1 would otherwise trip the per-IP login limit); the test
settings' fast password hasher is used, as in the rest of the suite."""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _database(base_url: str) -> tuple[str, str]:
    import psycopg

    name = f"loadtest_{os.getpid()}"
    root, _, _ = base_url.rpartition("/")
    with psycopg.connect(f"{root}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{root}/{name}", name


def _drop(base_url: str, name: str) -> None:
    import psycopg

    root, _, _ = base_url.rpartition("/")
    with psycopg.connect(f"{root}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seed(users: int, password: str) -> int:
    """The 20-question post-test, and `users` officers with one password."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command

    from bench.exam import make_post_test
    from lms.models import User

    call_command("migrate", verbosity=0)
    agency, quiz = make_post_test(code="EXAM", slug="exam", max_attempts=1, time_limit_minutes=30)
    hashed = make_password(password)
    User.objects.bulk_create([
        User(username=f"exam-{i}", first_name="ผู้สอบ", last_name=f"ที่ {i}", agency=agency, password=hashed)
        for i in range(users)
    ])  # fmt: skip
    return quiz.pk


def _stats(csv_prefix: str) -> list[dict]:
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _verify(quiz_id: int, submitted_ok: int) -> dict:
    from django.db.models import Count

    from quizzes.models import Attempt

    attempts = Attempt.objects.filter(quiz_id=quiz_id)
    graded = attempts.filter(status=Attempt.Status.GRADED).count()
    per_user = attempts.values("user").annotate(n=Count("id")).filter(n__gt=1).count()
    return {"attempts": attempts.count(), "graded": graded, "submitted_ok": submitted_ok,
            "officers_with_two_attempts": per_user}  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--ramp-seconds", type=int, default=100)
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the locust run")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args(argv)

    base_url = os.environ["DATABASE_URL"]
    url, name = _database(base_url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ["RATELIMIT_ENABLED"] = "false"
    import django

    django.setup()
    from bench.peer import serve

    password = secrets.token_urlsafe(12)
    try:
        quiz_id = _seed(args.users, password)
        out = REPO / "bench" / "results"
        out.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp, serve(
            peer=False, database_url=url, workers=args.workers,
            env={"RATELIMIT_ENABLED": "false"},
        ) as host:  # fmt: skip
            prefix = f"{tmp}/exam"
            started = time.monotonic()
            subprocess.run(
                [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                 "-u", str(args.users), "-r", str(max(1, args.users // args.ramp_seconds)),
                 "-t", f"{int(args.minutes * 60)}s", "--host", host, "--csv", prefix, "--only-summary",
                 "--stop-timeout", "30", "--loglevel", os.environ.get("LOADTEST_LOGLEVEL", "WARNING")],
                env={**os.environ, "LOADTEST_QUIZ_ID": str(quiz_id), "LOADTEST_PASSWORD": password,
                     "LOADTEST_USER_PREFIX": "exam-", "LOADTEST_USERS": str(args.users)},
                check=False, timeout=args.minutes * 60 + 120,
            )  # fmt: skip
            wall = time.monotonic() - started
            rows = _stats(prefix)
        steps = {r["Name"]: r for r in rows}
        submit = steps.get("POST submit", {})
        ok = int(submit.get("Request Count", 0)) - int(submit.get("Failure Count", 0))
        check = _verify(quiz_id, ok)
        total = steps.get("Aggregated", {})
        report = {
            "users": args.users, "wall_seconds": round(wall, 1),
            "requests_per_second": float(total.get("Requests/s", 0) or 0),
            "submissions_graded": check["graded"], "submit": {k: submit.get(k) for k in (
                "Request Count", "Failure Count", "50%", "95%", "99%", "Requests/s")},
            "all_steps": {r["Name"]: {k: r[k] for k in ("Request Count", "Failure Count", "50%", "95%", "99%")}
                          for r in rows},
            "check": check,
        }  # fmt: skip
        (out / "exam-day.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
        print(
            f"exam-day: {args.users} officers in {wall:.0f} s; {report['requests_per_second']:.1f} req/s overall"
        )
        for step, r in report["all_steps"].items():
            print(f"  {step:20} n={r['Request Count']:>6} errors={r['Failure Count']:>4} "
                  f"p50={r['50%']} ms p95={r['95%']} ms p99={r['99%']} ms")  # fmt: skip
        lost = check["submitted_ok"] != check["graded"] or check["officers_with_two_attempts"]
        print(
            f"  database: {check}; {'PROBLEM: lost or duplicated grading' if lost else 'none lost, none twice'}"
        )
        return 1 if lost else 0
    finally:
        from django.db import connections

        connections.close_all()
        _drop(base_url, name)


if __name__ == "__main__":
    sys.exit(main())

"""quiz-submit: 20-question attempts submitted by 500 concurrent officers, over loopback HTTP to
gunicorn (the project's WSGI app) and PostgreSQL.

Each officer has a signed-in session and an open post-test attempt (started through the API
before the clock starts). Then all officers, released together by a barrier, POST
/api/v1/attempts/{id}/submit with their 20 answers in the body; one officer in ten
double-clicks (two submits at once). We report submissions per second (officers / wall time)
and the p95 latency of a submission. There is no baseline to race (BENCHMARKS.md: —); the
check is that no submission is lost or graded twice and that every grade equals the pure
grading function's (quizzes.scoring.grade_attempt) on the same answers: BenchmarkError otherwise.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from decimal import Decimal

from bench.exam import QUESTIONS
from bench.harness import BenchmarkError, Result

SCENARIO = "quiz-submit"
OFFICERS = {"small": 500, "medium": 500, "large": 500}
SMOKE_OFFICERS = 30
WORKERS = 5
CSRF = "b" * 32


def _ensure_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


def _setup(n: int):
    """The exam post-test (any number of attempts) and n signed-in officers (fixed data, no
    randomness except the attempts' own shuffle seeds)."""
    from django.contrib.auth.hashers import make_password

    from bench.exam import make_post_test
    from bench.http_load import session_key_for
    from lms.models import User

    stamp = f"{int(time.time() * 1000) % 10**9}"
    agency, quiz = make_post_test(
        code=f"QB{stamp}", slug=f"bench-{stamp}", max_attempts=None, time_limit_minutes=60
    )
    unusable = make_password(None)  # signed in through sessions below, never a password
    users = User.objects.bulk_create([
        User(username=f"bench-{stamp}-{i}", first_name="ผู้ทดสอบ", last_name=f"ที่ {i}", agency=agency,
             password=unusable)
        for i in range(n)
    ])  # fmt: skip
    sessions = [session_key_for(user) for user in users]
    return quiz, users, sessions


def _request(port: int, method: str, path: str, session: str, body=None) -> tuple[int, dict, float]:
    headers = {"Cookie": f"sessionid={session}; csrftoken={CSRF}", "X-CSRFToken": CSRF,
               "Content-Type": "application/json", "Host": "127.0.0.1", "Referer": f"http://127.0.0.1:{port}/"}  # fmt: skip
    data = json.dumps(body).encode() if body is not None else b""
    for attempt in range(5):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            start = time.perf_counter()
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
            elapsed = time.perf_counter() - start
            try:
                return response.status, json.loads(payload or b"{}"), elapsed
            except ValueError:
                raise BenchmarkError(
                    f"{method} {path}: HTTP {response.status}, not JSON: {payload[:200]!r}"
                ) from None
        except (ConnectionError, http.client.RemoteDisconnected):
            # The listen queue overflowed before the request was sent; nothing reached the app.
            time.sleep(0.05 * (attempt + 1))
        finally:
            conn.close()
    raise BenchmarkError(f"{method} {path}: no connection after 5 tries")


def _in_threads(items, fn, *, barrier: bool):
    results: list = [None] * len(items)
    errors: list = []
    gate = threading.Barrier(len(items)) if barrier else None

    def run(i, item):
        try:
            if gate:
                gate.wait(timeout=120)
            results[i] = fn(item)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threading.stack_size(256 * 1024)
    threads = [threading.Thread(target=run, args=(i, item)) for i, item in enumerate(items)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise BenchmarkError(f"{len(errors)} requests failed, e.g. {errors[0]!r}")
    return results


def run(*, size: str, smoke: bool) -> Result:
    _ensure_django()
    from django.core.management import call_command

    from lms.models import AuditEvent
    from quizzes.models import Attempt
    from quizzes.scoring import ChoiceSnapshot, QuestionSnapshot, grade_attempt

    call_command("migrate", verbosity=0)
    n = SMOKE_OFFICERS if smoke else OFFICERS[size]
    quiz, users, sessions = _setup(n)
    from bench.http_load import database_url
    from bench.peer import serve

    with serve(
        peer=False, database_url=database_url(), workers=WORKERS, env={"LOG_LEVEL": "WARNING"}
    ) as base:
        port = int(base.rsplit(":", 1)[1])
        started = _in_threads(
            sessions,
            lambda s: _request(port, "POST", f"/api/v1/quizzes/{quiz.pk}/attempts", s),
            barrier=False,
        )
        if any(status != 200 for status, _, _ in started):
            raise BenchmarkError(f"start failed: {[b for s, b, _ in started if s != 200][:1]}")
        snapshots = dict(Attempt.objects.filter(quiz=quiz).values_list("pk", "snapshot"))
        jobs, expected = [], {}
        for i, (session, (_, body, _)) in enumerate(zip(sessions, started, strict=True)):
            snapshot = snapshots[body["id"]]
            answers = {}
            for k, q in enumerate(snapshot["questions"]):
                right = [c["id"] for c in q["choices"] if c["correct"]]
                wrong = [c["id"] for c in q["choices"] if not c["correct"]]
                answers[str(q["id"])] = right if k < i % (QUESTIONS + 1) else wrong[:1]
            grade = grade_attempt(
                questions=[QuestionSnapshot(id=q["id"], kind=q["kind"], points=Decimal(q["points"]),
                                            choices=tuple(ChoiceSnapshot(c["id"], c["correct"]) for c in q["choices"]))
                           for q in snapshot["questions"]],
                answers={int(k): v for k, v in answers.items()}, pass_mark_percent=Decimal(snapshot["pass_mark"]),
            )  # fmt: skip
            expected[body["id"]] = grade.percent
            copies = 2 if i % 10 == 0 else 1  # a double click
            jobs += [(session, body["id"], answers)] * copies

        wall_start = time.perf_counter()
        done = _in_threads(
            jobs, lambda job: (job[1], *_request(port, "POST", f"/api/v1/attempts/{job[1]}/submit", job[0],
                                                 {"answers": job[2]})), barrier=True,
        )  # fmt: skip
        wall = time.perf_counter() - wall_start

    # No submission lost, none graded twice, every grade right.
    bad = [(a, s, b) for a, s, b, _ in done if s != 200 or Decimal(str(b["percent"])) != expected[a]]
    if bad:
        raise BenchmarkError(f"{len(bad)} submissions answered wrongly, e.g. {bad[0]}")
    graded = Attempt.objects.filter(quiz=quiz, status=Attempt.Status.GRADED)
    if graded.count() != n:
        raise BenchmarkError(f"{n} attempts submitted, {graded.count()} graded")
    for pk, percent in graded.values_list("pk", "percent"):
        if percent != expected[pk]:
            raise BenchmarkError(f"attempt {pk}: stored {percent}, expected {expected[pk]}")
    events = AuditEvent.objects.filter(
        action="quiz.attempt_grade", target_id__in=[str(pk) for pk in expected]
    )
    if events.count() != n:
        raise BenchmarkError(f"{events.count()} grading events for {n} attempts: graded twice or lost")
    latencies = sorted(t for _, _, _, t in done)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    return Result(
        scenario=SCENARIO, ours=n / wall, baseline=None, unit="submissions/s", size=size,
        extra={"officers": n, "requests": len(jobs), "p95_ms": round(p95 * 1000, 1),
               "median_ms": round(latencies[len(latencies) // 2] * 1000, 1), "gunicorn_workers": WORKERS},
    )  # fmt: skip

"""xapi-ingest: H5P xAPI "answered" statements accepted and applied per second,
from many officers at once, over HTTP on loopback (gunicorn, 2 sync workers,
PostgreSQL).

ours: POST /api/v1/xapi/statements (session + CSRF; checks the live lesson
holds the package, the officer's enrolment, bounds the score, keeps the raw
statement, updates the result with one upsert, completes the lesson when the
required activities pass). baseline: wagtail-lms 0.11's POST
/lms/h5p-xapi/<activity>/ in its own venv (bench/peer), same machine, same
database server, same workload: every officer answers every activity of every
lesson twice (wrong, then right). The unit is statements per second.

Both runs are checked: every result and lesson completion the workload implies
must be there (BenchmarkError otherwise). With smoke=True the peer is left
out (it needs a venv from PyPI): a few dozen statements, some of them invalid
(officers not enrolled, a package not in the lesson, malformed), and ours
must accept exactly the valid ones.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from bench.harness import BenchmarkError, Result

SCENARIO = "xapi-ingest"
PEER_PUBLISHED = "wagtail-lms 0.11 about 120 statements/s (shared/BENCHMARKS.md)"
SIZES = {"small": (60, 3, 2), "medium": (300, 3, 2), "large": (1000, 3, 2)}
SMOKE = (10, 1, 2)
CONCURRENCY = 16
VERB = "http://adlnet.gov/expapi/verbs/answered"


def _ensure_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


def _statement(score: int, *, actor: str = "someone@example.invalid") -> dict:
    return {
        "actor": {"mbox": f"mailto:{actor}", "objectType": "Agent"},
        "verb": {"id": VERB, "display": {"en-US": "answered"}},
        "object": {"id": "http://127.0.0.1/h5p/activity", "objectType": "Activity",
                   "definition": {"interactionType": "true-false"}},
        "result": {"score": {"min": 0, "max": 1, "raw": score, "scaled": score}, "success": bool(score),
                   "completion": True, "response": "false" if score else "true", "duration": "PT3.2S"},
    }  # fmt: skip


def _session_for(user) -> tuple[str, str]:
    from bench.http_load import session_key_for

    return session_key_for(user), secrets.token_hex(16)


def _seed_ours(*, officers: int, lessons: int, activities: int, outsiders: int = 0) -> dict:
    """Our data: an agency, officers with sessions, a course whose lessons hold
    H5P activities (package rows only: ingest never reads package files)."""
    from django.core.management import call_command
    from django.db import connection

    if "content_h5presult" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    from content.models import H5PPackage
    from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage
    from lms.models import Agency, HomePage, User

    tag = secrets.token_hex(3)
    agency = Agency.add_root(code=f"XB{tag}", name_th="หน่วยงานทดสอบสมรรถนะ", name_en="Bench agency")
    other = Agency.add_root(code=f"XO{tag}", name_th="หน่วยงานอื่น", name_en="Other agency")
    home = HomePage.objects.first()
    catalogue = home.add_child(instance=CourseIndexPage(title="หลักสูตร", slug=f"bench-{tag}"))
    course = catalogue.add_child(
        instance=CoursePage(
            title="หลักสูตรทดสอบ", slug="course", summary="ทดสอบ", owner_agency=agency, self_enrol=False
        )
    )
    out_lessons = []
    for k in range(lessons):
        packages = H5PPackage.objects.bulk_create(
            [H5PPackage(title=f"กิจกรรม {k}.{i}", main_library="H5P.TrueFalse", library_version="1.6",
                        size_bytes=1, upload_bytes=1, file_count=1, folder=f"h5p/bench-{tag}-{k}-{i}",
                        owner_agency=agency) for i in range(activities)]
        )  # fmt: skip
        body = [{"type": "key_point", "value": "ซื่อสัตย์สุจริต"}] + [
            {"type": "h5p", "value": {"package": p.pk, "title": "", "required": True, "pass_percent": 50}}
            for p in packages
        ]
        lesson = course.add_child(
            instance=LessonPage(title=f"บทเรียน {k + 1}", slug=f"l{k + 1}", body=json.dumps(body))
        )
        lesson.save_revision().publish()
        out_lessons.append({"lesson": lesson.pk, "packages": [p.pk for p in packages]})
    users = User.objects.bulk_create(
        [User(username=f"bench-{tag}-{i}", employee_id=f"B{tag}{i:06d}", first_name="ทดสอบ", last_name=str(i),
              agency=agency if i < officers else other) for i in range(officers + outsiders)]
    )  # fmt: skip
    Enrolment.objects.bulk_create([Enrolment(user=u, course=course, cycle=1) for u in users[:officers]])
    sessions = [_session_for(u) for u in users]
    return {"sessions": sessions[:officers], "outsiders": sessions[officers:], "lessons": out_lessons,
            "user_ids": [u.pk for u in users[:officers]], "course": course.pk}  # fmt: skip


def _database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _send(base: str, requests: list[tuple[str, bytes, tuple[str, str]]]) -> list[int]:
    """One officer's statements, in order, on one connection; the status codes."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    statuses = []
    try:
        for path, body, (session, csrf) in requests:
            headers = {"Content-Type": "application/json", "X-CSRFToken": csrf,
                       "Cookie": f"sessionid={session}; csrftoken={csrf}"}  # fmt: skip
            for attempt in range(3):
                try:
                    conn.request("POST", path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    statuses.append(response.status)
                    break
                except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                    conn.close()
                    if attempt == 2:
                        raise
    finally:
        conn.close()
    return statuses


def _load(base: str, per_officer: list[list]) -> tuple[float, list[int]]:
    start = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        results = list(pool.map(lambda reqs: _send(base, reqs), per_officer))
    elapsed = time.perf_counter() - start
    return elapsed, [s for r in results for s in r]


def _ours_requests(data: dict) -> list[list]:
    out = []
    for session in data["sessions"]:
        reqs = []
        for lesson in data["lessons"]:
            for package in lesson["packages"]:
                for score in (0, 1):
                    body = json.dumps(
                        {"lesson": lesson["lesson"], "package": package, "statement": _statement(score)}
                    )
                    reqs.append(("/api/v1/xapi/statements", body.encode(), session))
        out.append(reqs)
    return out


def _peer_requests(data: dict) -> list[list]:
    out = []
    for session in data["sessions"]:
        reqs = []
        for lesson in data["lessons"]:
            for activity in lesson["activities"]:
                for score in (0, 1):
                    reqs.append(
                        (f"/lms/h5p-xapi/{activity}/", json.dumps(_statement(score)).encode(), session)
                    )
        out.append(reqs)
    return out


def _check_ours(data: dict, statuses: list[int], *, officers: int, lessons: int, activities: int) -> None:
    from content.models import H5PResult, H5PStatement
    from courses.models import LessonProgress

    if any(s != 200 for s in statuses):
        raise BenchmarkError(f"ours refused valid statements: {sorted(set(statuses))}")
    lesson_ids = [lesson["lesson"] for lesson in data["lessons"]]
    results = H5PResult.objects.filter(lesson_id__in=lesson_ids)
    expected = officers * lessons * activities
    if (
        results.count() != expected
        or results.filter(passed=True, attempts=2, best_score=1).count() != expected
    ):
        raise BenchmarkError(
            f"ours: {results.count()} results, expected {expected}, each passed on attempt 2"
        )
    if H5PStatement.objects.filter(lesson_id__in=lesson_ids).count() != 2 * expected:
        raise BenchmarkError("ours did not keep every raw statement")
    done = LessonProgress.objects.filter(lesson_id__in=lesson_ids, completed_at__isnull=False).count()
    if done != officers * lessons:
        raise BenchmarkError(f"ours completed {done} lessons, expected {officers * lessons}")


def _smoke_invalid(base: str, data: dict) -> None:
    """Statements that must be refused, and leave nothing behind."""
    from content.models import H5PStatement

    lesson = data["lessons"][0]
    before = H5PStatement.objects.count()
    officer = data["sessions"][0]
    bad = [
        *[("/api/v1/xapi/statements",
           json.dumps({"lesson": lesson["lesson"], "package": lesson["packages"][0], "statement": _statement(1)}).encode(),
           outsider) for outsider in data["outsiders"]],
        ("/api/v1/xapi/statements",
         json.dumps({"lesson": lesson["lesson"], "package": 10**9, "statement": _statement(1)}).encode(), officer),
        ("/api/v1/xapi/statements",
         json.dumps({"lesson": lesson["lesson"], "package": lesson["packages"][0], "statement": {"verb": 1}}).encode(),
         officer),
        ("/api/v1/xapi/statements", b"{not json", officer),
    ]  # fmt: skip
    statuses = _send(base, bad)
    if any(s < 400 for s in statuses) or H5PStatement.objects.count() != before:
        raise BenchmarkError(f"ours accepted invalid statements: {statuses}")


def _query_count(data: dict) -> int:
    """Queries one (non-passing) statement costs ours, middleware included."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    session, csrf = data["sessions"][0]
    client = Client(HTTP_X_CSRFTOKEN=csrf)
    client.cookies["sessionid"] = session
    client.cookies["csrftoken"] = csrf
    lesson = data["lessons"][0]
    body = json.dumps(
        {"lesson": lesson["lesson"], "package": lesson["packages"][0], "statement": _statement(0)}
    )
    client.post("/api/v1/xapi/statements", body, content_type="application/json")  # warm the lesson cache
    with CaptureQueriesContext(connection) as queries:
        client.post("/api/v1/xapi/statements", body, content_type="application/json")
    return len(queries)


ROUNDS = 4


def _interleaved(sides: dict[str, tuple[str, list[list]]]) -> dict[str, tuple[float, list[int]]]:
    """Run each side's officers in ROUNDS slices, alternating sides (and which
    goes first), so that load from other processes on this shared machine falls
    on both alike. Returns total seconds and statuses per side."""
    totals = {name: [0.0, []] for name in sides}
    names = list(sides)
    for r in range(ROUNDS):
        for name in names if r % 2 == 0 else reversed(names):
            base, per_officer = sides[name]
            chunk = per_officer[r::ROUNDS]
            if not chunk:
                continue
            elapsed, statuses = _load(base, chunk)
            totals[name][0] += elapsed
            totals[name][1] += statuses
    return {name: (t[0], t[1]) for name, t in totals.items()}


def run(*, size: str, smoke: bool) -> Result:
    _ensure_django()
    from bench import peer

    officers, lessons, activities = SMOKE if smoke else SIZES[size]
    data = _seed_ours(officers=officers, lessons=lessons, activities=activities, outsiders=2 if smoke else 0)
    with_peer = not smoke or bool(os.environ.get("BENCH_PEER_IN_SMOKE"))
    extra: dict = {}
    with contextlib.ExitStack() as stack:
        sides = {"ours": (stack.enter_context(peer.serve(peer=False, database_url=_database_url(), workers=2)),
                          _ours_requests(data))}  # fmt: skip
        peer_url = None
        if with_peer:
            try:
                peer_url = stack.enter_context(peer.peer_database(_database_url()))
                peer_data = peer.peer_seed(
                    database_url=peer_url, officers=officers, lessons=lessons, activities=activities
                )
                sides["peer"] = (stack.enter_context(peer.serve(peer=True, database_url=peer_url, workers=2)),
                                 _peer_requests(peer_data))  # fmt: skip
            except peer.PeerUnavailable as exc:
                extra["peer"] = f"unavailable ({str(exc)[:300]}); {PEER_PUBLISHED}"
        else:
            extra["peer"] = f"not run in smoke mode; {PEER_PUBLISHED}"
        measured = _interleaved(sides)
        elapsed, statuses = measured["ours"]
        _check_ours(data, statuses, officers=officers, lessons=lessons, activities=activities)
        if smoke:
            _smoke_invalid(sides["ours"][0], data)
        baseline = None
        if "peer" in measured:
            peer_elapsed, peer_statuses = measured["peer"]
            if any(code != 200 for code in peer_statuses):
                raise BenchmarkError(f"the peer refused statements: {sorted(set(peer_statuses))}")
            import psycopg

            with psycopg.connect(peer_url) as conn:
                done = conn.execute("SELECT count(*) FROM wagtail_lms_h5plessoncompletion").fetchone()[0]
            if done != officers * lessons:
                raise BenchmarkError(
                    f"the peer completed {done} lessons; the workload completes {officers * lessons}"
                )
            baseline = len(peer_statuses) / peer_elapsed
    ours = len(statuses) / elapsed
    extra |= {
        "statements": len(statuses),
        "concurrency": CONCURRENCY,
        "queries_per_statement": _query_count(data),
    }
    return Result(
        scenario=SCENARIO, ours=ours, baseline=baseline, unit="statements/s", size=size, extra=extra
    )

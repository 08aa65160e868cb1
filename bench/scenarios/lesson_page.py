"""lesson-page: an officer's lesson page and "My learning" under gunicorn (2 workers)
and PostgreSQL, at 10 and 50 concurrent officers.

ours: this project, each request showing the officer's progress. baseline: the peer
(wagtail-lms 0.11 serving its lesson page for the same course size on the same
machine), when `bench/peer` can run it; otherwise none. The unit is requests per
second at 50 users. The SQL query count of both pages is measured in-process for a
5-lesson and a 15-lesson course (and 3 vs 12 enrolments) and must not grow; a smoke
run raises BenchmarkError if it does, if it exceeds 15, or if any response is wrong.
"""

from __future__ import annotations

import os

from bench.harness import BenchmarkError, Result

SCENARIO = "lesson-page"
PREFIX = "bench-lp"
COURSE_SIZES = (5, 15, 8, 10, 12, 6, 9, 14, 7, 11, 13, 5)
MAX_QUERIES = 15


def _ensure_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


def build(*, officers: int) -> dict:
    """Courses of 5–15 lessons, and officers enrolled in all of them with some progress
    (idempotent for a given database)."""
    from django.core.management import call_command

    from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonProgress
    from lms.models import Agency, HomePage, User

    call_command("migrate", verbosity=0)
    agency = Agency.objects.filter(code=f"{PREFIX}-A").first() or Agency.add_root(
        code=f"{PREFIX}-A", name_th="สำนักงานทดสอบประสิทธิภาพ", name_en="Benchmark office"
    )
    home = HomePage.objects.first()
    section = CourseIndexPage.objects.filter(slug=PREFIX).first()
    if section is None:
        section = home.add_child(
            instance=CourseIndexPage(title="หลักสูตรทดสอบ", slug=PREFIX, owner_agency=agency)
        )
    courses = []
    for i, size in enumerate(COURSE_SIZES):
        slug = f"{PREFIX}-c{i}"
        course = CoursePage.objects.filter(slug=slug).first()
        if course is None:
            course = section.add_child(instance=CoursePage(
                title=f"หลักสูตรที่ {i + 1}: การป้องกันผลประโยชน์ทับซ้อน", slug=slug, summary="สรุป",
                owner_agency=agency, estimated_minutes=60,
            ))  # fmt: skip
            for n in range(size):
                course.add_child(instance=LessonPage(
                    title=f"บทที่ {n + 1} ความซื่อสัตย์สุจริต", slug=f"l{n + 1}", required=True,
                    body='[{"type": "key_point", "value": "ยึดมั่นในความถูกต้อง ชอบธรรม"}]',
                ))  # fmt: skip
        courses.append(course)
    have = User.objects.filter(username__startswith=f"{PREFIX}-u").count()
    User.objects.bulk_create([
        User(username=f"{PREFIX}-u{n}", first_name=f"ผู้เรียน{n}", last_name="ทดสอบ", agency=agency,
             employee_id=f"{PREFIX}{n}")
        for n in range(have, officers)
    ])  # fmt: skip
    users = list(User.objects.filter(username__startswith=f"{PREFIX}-u").order_by("pk")[:officers])
    Enrolment.objects.bulk_create(
        [
            Enrolment(user=u, course=c, cycle=1, status=Enrolment.Status.IN_PROGRESS)
            for u in users
            for c in courses
        ],
        ignore_conflicts=True,
    )
    lessons = {c.pk: list(LessonPage.objects.child_of(c).order_by("path")) for c in courses}
    enrolments = Enrolment.objects.filter(user__in=users, course__in=courses)
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(enrolment=e, lesson=lessons[e.course_id][0], completed_at=e.started_at)
            for e in enrolments
        ],
        ignore_conflicts=True,
    )
    few, _ = User.objects.get_or_create(
        username=f"{PREFIX}-few", defaults={"agency": agency, "first_name": "น้อย", "last_name": "ทดสอบ"}
    )
    Enrolment.objects.bulk_create(
        [Enrolment(user=few, course=c, cycle=1, status=Enrolment.Status.IN_PROGRESS) for c in courses[:3]],
        ignore_conflicts=True,
    )
    return {"users": users, "courses": courses, "lessons": lessons, "few": few}


def query_counts(data: dict) -> dict:
    """SQL queries of the lesson page and My learning, for small and large courses and enrolment lists."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def count(client, url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        if response.status_code != 200:
            raise BenchmarkError(f"{url} answered {response.status_code}")
        return len(ctx.captured_queries)

    user = data["users"][0]
    client = Client()
    client.force_login(user)
    small, large = data["courses"][0], data["courses"][1]
    counts = {
        "lesson_5": count(client, data["lessons"][small.pk][1].url),
        "lesson_15": count(client, data["lessons"][large.pk][1].url),
        "my_learning_12": count(client, "/learning/"),
    }
    client.force_login(data["few"])
    counts["my_learning_3"] = count(client, "/learning/")
    return counts


def _peer_requests_per_second(*, users: int, seconds: float) -> float | None:
    """wagtail-lms 0.11 serving its lesson page (same course size, same server set-up)."""
    import requests

    from bench.http_load import closed_loop
    from bench.peer import PeerUnavailable, peer_database, peer_seed, serve

    try:
        with peer_database() as url:
            data = peer_seed(database_url=url, officers=users, lessons=max(COURSE_SIZES), activities=0)
            with serve(peer=True, database_url=url, workers=2) as base:
                sessions = []
                for session_key, _csrf in data["sessions"][:users]:
                    session = requests.Session()
                    session.cookies.set("sessionid", session_key, domain="127.0.0.1")
                    sessions.append(session)
                lessons = [base + lesson["url"] for lesson in data["lessons"]]

                def urls_for(i: int) -> list[str]:
                    return [lessons[(i * 7) % len(lessons)]]

                closed_loop(sessions=sessions[:2], urls_for=urls_for, seconds=0.5)
                load = closed_loop(sessions=sessions, urls_for=urls_for, seconds=seconds)
                if load.errors:
                    raise BenchmarkError(
                        f"the peer answered {load.errors} of {load.requests} requests wrongly"
                    )
                return load.rps
    except PeerUnavailable as exc:
        print(f"lesson-page: peer unavailable ({exc}); no baseline", flush=True)
        return None


def run(*, size: str, smoke: bool) -> Result:
    _ensure_django()
    from bench.http_load import closed_loop, database_url, signed_in_session
    from bench.peer import serve

    levels = (10, 50)
    data = build(officers=max(levels))
    counts = query_counts(data)
    if counts["lesson_5"] != counts["lesson_15"] or counts["my_learning_3"] != counts["my_learning_12"]:
        raise BenchmarkError(f"query count grows with course size or enrolments: {counts}")
    if max(counts.values()) > MAX_QUERIES:
        raise BenchmarkError(f"more than {MAX_QUERIES} queries: {counts}")

    seconds = 1.5 if smoke else 15.0
    lessons = [ls for course in data["courses"] for ls in data["lessons"][course.pk]]
    figures = {}
    with serve(peer=False, database_url=database_url(), workers=2) as base:

        def urls_for(i: int) -> list[str]:
            lesson = lessons[(i * 7) % len(lessons)]
            return [base + lesson.url, base + "/learning/"]

        wrong: list[str] = []

        def shows_progress(response) -> bool:
            # Both pages show the officer's own progress bar.
            ok = response.status_code == 200 and b"progress" in response.content
            if not ok and len(wrong) < 3:
                wrong.append(f"{response.request.url} → {response.status_code}")
            return ok

        for users in levels:
            sessions = [signed_in_session(base_url=base, user=u) for u in data["users"][:users]]
            closed_loop(
                sessions=sessions[:2], urls_for=urls_for, seconds=0.5, check=shows_progress
            )  # warm-up
            load = closed_loop(sessions=sessions, urls_for=urls_for, seconds=seconds, check=shows_progress)
            if load.errors:
                raise BenchmarkError(
                    f"{load.errors} of {load.requests} responses were wrong at {users} users, e.g. {wrong}"
                )
            figures[users] = load
    peer = None if smoke else _peer_requests_per_second(users=max(levels), seconds=seconds)
    ours = figures[50]
    return Result(
        scenario=SCENARIO, ours=ours.rps, baseline=peer, unit="req/s", size=size,
        extra={
            "rps_10_users": round(figures[10].rps, 1),
            "p95_ms_10": round(figures[10].percentile(95), 1),
            "p95_ms_50": round(ours.percentile(95), 1),
            "queries": counts,
        },
    )  # fmt: skip

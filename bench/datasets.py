"""Seeded benchmark datasets on PostgreSQL: `ensure_dataset(size)` (see shared/BENCHMARKS.md).

small: 2k officers; medium: 50k officers, ~500k enrolments, ~3M lesson-progress
rows; large: 200k officers, ~2M enrolments. A 4-level agency tree (ministry →
department → bureau/province → division) under a root whose code is
`BENCH-<SIZE>`, officers spread unevenly with Thai names, 15 courses with
5–15 lessons, enrolments of every status over the last two fiscal years.

Fixed seed: the same size always gives the same data. Officers, enrolments
and progress go in with COPY; a dataset that is already there (its root
agency is marked complete) is reused, so the medium one is built once per
database. Works on an empty database too (runs migrate first).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass

SIZES = {
    # officers, departments, bureaus per department (min, max), divisions per bureau (min, max)
    "small": (2_000, 4, (3, 6), (0, 3)),
    "medium": (50_000, 12, (6, 14), (0, 5)),
    "large": (200_000, 20, (10, 20), (0, 6)),
}
COURSES = 15
ENROLMENTS_PER_OFFICER = 10
SEED = 2569
COMPLETE_MARK = "bench-dataset-complete"


@dataclass
class Dataset:
    size: str
    root_id: int
    root_code: str
    course_ids: list[int]
    officers: int
    enrolments: int
    built_seconds: float


def _ensure_schema() -> None:
    from django.core.management import call_command
    from django.db import connection

    if "lms_user" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)


def ensure_dataset(size: str, *, stdout=None) -> Dataset:
    from django.db import transaction

    from lms.models import Agency

    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}")
    _ensure_schema()
    code = f"BENCH-{size.upper()}"
    root = Agency.objects.filter(code=code).first()
    if root is not None and root.name_en == COMPLETE_MARK:
        return _describe(size, root, 0.0)
    if root is not None:
        raise RuntimeError(f"dataset {code} is half-built; drop the database and run again")
    start = time.perf_counter()
    with transaction.atomic():
        root = _build(size, code, stdout)
        Agency.objects.filter(pk=root.pk).update(name_en=COMPLETE_MARK)
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("lms_agency", "lms_user", "courses_enrolment", "courses_lessonprogress"):
            cursor.execute(f"ANALYZE {table}")
    root.refresh_from_db()
    return _describe(size, root, time.perf_counter() - start)


def _describe(size, root, seconds) -> Dataset:
    from courses.models import CoursePage, Enrolment
    from lms.models import User

    course_ids = list(
        CoursePage.objects.filter(owner_agency=root).order_by("pk").values_list("pk", flat=True)
    )
    officers = User.objects.filter(agency__path__startswith=root.path).count()
    enrolments = Enrolment.objects.filter(course_id__in=course_ids).count()
    return Dataset(size, root.pk, root.code, course_ids, officers, enrolments, seconds)


def _log(stdout, message):
    if stdout is not None:
        stdout.write(message + "\n")
        stdout.flush()


def _build(size: str, code: str, stdout):
    from lms.models import Agency

    officers, departments, bureaus, divisions = SIZES[size]
    rng = random.Random(f"{SEED}-{size}")
    root = _build_tree(rng, code, size, departments, bureaus, divisions)
    _log(stdout, f"  agencies: {Agency.objects.filter(path__startswith=root.path).count()}")
    courses = _build_courses(rng, root, size)
    _log(stdout, f"  courses: {len(courses)}")
    _copy_officers(rng, root, size, officers)
    _log(stdout, f"  officers: {officers}")
    # ~12M progress rows for large would take long and no scenario reads them there.
    n_enrol, n_progress = _copy_enrolments(rng, root, courses, with_progress=size != "large")
    _log(stdout, f"  enrolments: {n_enrol}, lesson progress: {n_progress}")
    return root


def _build_tree(rng, code, size, departments, bureaus, divisions):
    from lms.models import Agency

    K = Agency.Kind
    root = Agency.add_root(code=code, name_th=f"กระทรวงทดสอบสมรรถนะ ({size})", name_en="", kind=K.MINISTRY)
    nodes: list[Agency] = []
    numchild: dict[str, int] = {}

    def child(parent_path, depth, index, **fields):
        path = Agency._get_path(parent_path, depth, index)
        numchild[parent_path] = numchild.get(parent_path, 0) + 1
        node = Agency(path=path, depth=depth, numchild=0, **fields)
        nodes.append(node)
        return path

    for d in range(1, departments + 1):
        dpath = child(root.path, 2, d, code=f"{code}-D{d:02d}", name_th=f"กรมทดสอบที่ {d}", kind=K.DEPARTMENT)
        for b in range(1, rng.randint(*bureaus) + 1):
            kind = K.PROVINCE_OFFICE if rng.random() < 0.6 else K.BUREAU
            label = "สำนักงานจังหวัด" if kind == K.PROVINCE_OFFICE else "สำนัก"
            bcode = f"{code}-D{d:02d}-B{b:02d}"
            bpath = child(dpath, 3, b, code=bcode, name_th=f"{label}ทดสอบ {d}.{b}", kind=kind)
            for v in range(1, rng.randint(*divisions) + 1):
                child(bpath, 4, v, code=f"{bcode}-V{v}", name_th=f"ฝ่ายทดสอบ {d}.{b}.{v}", kind=K.DIVISION)
    for node in nodes:
        node.numchild = numchild.get(node.path, 0)
    Agency.objects.bulk_create(nodes, batch_size=2000)
    Agency.objects.filter(pk=root.pk).update(numchild=numchild.get(root.path, 0))
    root.refresh_from_db()
    return root


def _build_courses(rng, root, size):
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from lms.models import HomePage

    home = HomePage.objects.first()
    catalogue = home.add_child(instance=CourseIndexPage(title=f"หลักสูตรทดสอบ ({size})", slug=f"bench-{size}"))
    courses = []
    for i in range(1, COURSES + 1):
        course = catalogue.add_child(
            instance=CoursePage(
                title=f"หลักสูตรต้านทุจริตทดสอบที่ {i}", slug=f"bench-{size}-course-{i}", summary="หลักสูตรสำหรับวัดสมรรถนะ",
                owner_agency=root, mandatory=i <= 3, ita_items="O32, O40" if i <= 2 else "",
            )
        )  # fmt: skip
        lessons = []
        for j in range(1, rng.randint(5, 15) + 1):
            lesson = course.add_child(
                instance=LessonPage(
                    title=f"บทเรียนที่ {j}",
                    slug=f"l{j}",
                    body=json.dumps([{"type": "key_point", "value": "ซื่อสัตย์"}]),
                )
            )
            lessons.append(lesson.pk)
        courses.append((course.pk, lessons))
    return courses


def _copy(table: str, columns: tuple[str, ...], rows) -> int:
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def _copy_officers(rng, root, size, officers):
    from django.utils import timezone

    from lms import demo_names
    from lms.civil_service import LEVEL_POSITION_TYPE, Level
    from lms.models import Agency

    agencies = list(
        Agency.objects.filter(path__startswith=root.path).exclude(pk=root.pk).values_list("pk", flat=True)
    )
    # Uneven: a few large agencies, many small ones.
    weights = [rng.paretovariate(1.2) for _ in agencies]
    total = sum(weights)
    cumulative, acc = [], 0.0
    for w in weights:
        acc += w / total
        cumulative.append(acc)
    levels = [
        Level.PRACTITIONER,
        Level.PROFESSIONAL,
        Level.SENIOR_PROFESSIONAL,
        Level.OPERATIONAL,
        Level.EXPERIENCED,
    ]
    level_weights = [30, 30, 10, 20, 10]
    now = timezone.now()
    prefix = size[0].upper()
    columns = (
        "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff", "is_active",
        "date_joined", "employee_id", "title", "title_en", "first_name_en", "last_name_en", "agency_id",
        "position", "position_type", "level", "staff_type",
    )  # fmt: skip

    def rows():
        for i in range(officers):
            female = rng.random() < 0.58
            first = rng.choice(demo_names.FEMALE_FIRST if female else demo_names.MALE_FIRST)
            last = rng.choice(demo_names.LAST)
            level = rng.choices(levels, weights=level_weights)[0]
            position_type = LEVEL_POSITION_TYPE[level]
            agency = agencies[min(_bisect(cumulative, rng.random()), len(agencies) - 1)]
            yield (
                "!", False, f"bench-{size}-{i}", first, last, f"b{size}{i}@bench.invalid", False, True, now,
                f"{prefix}{i:07d}", "นาง" if female else "นาย", "", "", "", agency,
                rng.choice(demo_names.POSITIONS[position_type]), str(position_type), str(level), "civil_servant",
            )  # fmt: skip

    _copy("lms_user", columns, rows())


def _bisect(cumulative, x):
    import bisect

    return bisect.bisect_left(cumulative, x)


def _copy_enrolments(rng, root, courses, *, with_progress: bool) -> tuple[int, int]:
    from django.db import connection
    from django.utils import timezone

    from lms.models import User
    from lms.thai_dates import fiscal_year, fiscal_year_bounds

    user_ids = list(
        User.objects.filter(agency__path__startswith=root.path).order_by("pk").values_list("pk", flat=True)
    )
    today = timezone.localdate()
    this_fy = fiscal_year(today)
    fy_starts = [fiscal_year_bounds(this_fy - 1)[0], fiscal_year_bounds(this_fy)[0]]
    tz = timezone.get_current_timezone()
    course_ids = [c for c, _lessons in courses]
    lessons_of = dict(courses)
    columns = (
        "user_id", "course_id", "cycle", "status", "source", "enrolled_at", "due_at", "started_at", "completed_at",
        "time_spent_seconds",
    )  # fmt: skip
    progress_plan: list[tuple[int, int, int, dt.datetime]] = []  # (user, course, lessons done, when)

    def rows():
        for user_id in user_ids:
            for course_id in rng.sample(course_ids, ENROLMENTS_PER_OFFICER):
                fy_start = rng.choice(fy_starts)
                enrolled = dt.datetime.combine(
                    fy_start + dt.timedelta(days=rng.randint(0, 200)), dt.time(9), tzinfo=tz
                )
                due = enrolled.date() + dt.timedelta(days=rng.choice((30, 60, 90, 120)))
                roll = rng.random()
                started = completed = None
                spent = 0
                if roll < 0.55:
                    status = "completed"
                    started = enrolled + dt.timedelta(days=rng.randint(0, 20))
                    completed = started + dt.timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 8))
                    if completed.date() > today:
                        completed = dt.datetime.combine(today, dt.time(8), tzinfo=tz)
                    spent = rng.randint(1800, 7200)
                    done = len(lessons_of[course_id])
                elif roll < 0.75:
                    status = "in_progress"
                    started = enrolled + dt.timedelta(days=rng.randint(0, 20))
                    spent = rng.randint(300, 3000)
                    done = rng.randint(1, max(1, len(lessons_of[course_id]) - 1))
                else:
                    status = "not_started"
                    done = 0
                if done:
                    progress_plan.append((user_id, course_id, done, started))
                yield (user_id, course_id, 1, status, "assignment", enrolled, due, started, completed, spent)

    n_enrol = _copy("courses_enrolment", columns, rows())
    if not with_progress:
        return n_enrol, 0
    # Map (user, course) -> enrolment id with one streaming read, then COPY the progress rows.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.user_id, e.course_id, e.id FROM courses_enrolment e WHERE e.course_id = ANY(%s)",
            [course_ids],
        )
        ids = {(u, c): e for u, c, e in cursor.fetchall()}

    def progress_rows():
        for user_id, course_id, done, started in progress_plan:
            enrolment = ids[(user_id, course_id)]
            for lesson in lessons_of[course_id][:done]:
                yield (enrolment, lesson, started, started, "manual", 300, started)

    n_progress = _copy(
        "courses_lessonprogress",
        (
            "enrolment_id",
            "lesson_id",
            "started_at",
            "completed_at",
            "completed_how",
            "time_spent_seconds",
            "last_seen_at",
        ),
        progress_rows(),
    )
    return n_enrol, n_progress


if __name__ == "__main__":  # python -m bench.datasets medium
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    django.setup()
    found = ensure_dataset(sys.argv[1] if len(sys.argv) > 1 else "small", stdout=sys.stdout)
    print(found)

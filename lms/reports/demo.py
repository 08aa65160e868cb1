"""Demo data of the HR workspace (runs after courses, quizzes and certificates in seed_demo).

Spreads enrolments of the Social Security Office's officers over the last two
fiscal years: completed, in progress, not started and overdue, so that
`demo-hr` (HR of SSO-CMI) sees a lively dashboard. Adds the saved DPIS column
mapping for SSO-CMI and writes a sample DPIS roster export for the import
demo. Idempotent: each officer's enrolment is set from a random generator
seeded by their employee id and the course, so a second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage, Enrolment, LessonPage, LessonProgress
from lms.civil_service import _LEVEL_ALIASES
from lms.models import Agency, User
from lms.reports.models import SavedColumnMapping
from lms.roster.parsing import DPIS_MAPPING
from lms.thai_dates import fiscal_year, fiscal_year_bounds

#: How many courses besides the mandatory one each officer is enrolled in.
OTHER_COURSES = 2


def _plan(rng: random.Random, today: dt.date, fy_starts: list[dt.date]):
    start = rng.choice(fy_starts)
    span = max((min(today, start + dt.timedelta(days=364)) - start).days, 1)
    enrolled = start + dt.timedelta(days=rng.randint(0, span))
    due = enrolled + dt.timedelta(days=rng.choice((45, 60, 90)))
    roll = rng.random()
    if roll < 0.55:
        done = enrolled + dt.timedelta(days=rng.randint(1, 75))
        return enrolled, due, Enrolment.Status.COMPLETED, min(done, today)
    if roll < 0.78:
        return enrolled, due, Enrolment.Status.IN_PROGRESS, None
    return enrolled, due, Enrolment.Status.NOT_STARTED, None


def seed_enrolments() -> int:
    today = timezone.localdate()
    this_fy = fiscal_year(today)
    fy_starts = [fiscal_year_bounds(this_fy - 1)[0], fiscal_year_bounds(this_fy)[0]]
    sso = Agency.objects.get(code="SSO")
    courses = list(CoursePage.objects.live().order_by("path"))
    if not courses:
        return 0
    mandatory = [c for c in courses if c.mandatory] or courses[:1]
    others = [c for c in courses if c not in mandatory]
    lessons = {c.pk: list(LessonPage.objects.child_of(c).live().order_by("path").values_list("pk", flat=True))
               for c in courses}  # fmt: skip
    tz = timezone.get_current_timezone()
    officers = (
        User.objects.filter(agency__path__startswith=sso.path, is_active=True, employee_id__isnull=False)
        .exclude(username__startswith="demo-")
        .order_by("employee_id")
    )
    touched = 0
    for officer in officers:
        rng = random.Random(f"reports-demo-{officer.employee_id}")  # noqa: S311 - demo data
        chosen = mandatory + rng.sample(others, min(OTHER_COURSES, len(others)))
        for course in chosen:
            course_rng = random.Random(f"{officer.employee_id}-{course.slug}")  # noqa: S311
            enrolled, due, status, done = _plan(course_rng, today, fy_starts)
            at = dt.datetime.combine(enrolled, dt.time(9), tzinfo=tz)
            done_at = dt.datetime.combine(done, dt.time(14), tzinfo=tz) if done else None
            with transaction.atomic():
                enrolment, _created = Enrolment.objects.get_or_create(
                    user=officer, course=course, cycle=1,
                    defaults={"source": Enrolment.Source.ASSIGNMENT if course in mandatory else Enrolment.Source.SELF},
                )  # fmt: skip
                Enrolment.objects.filter(pk=enrolment.pk).update(
                    enrolled_at=at, due_at=due, status=status, completed_at=done_at,
                    started_at=None if status == Enrolment.Status.NOT_STARTED else at + dt.timedelta(days=1),
                    time_spent_seconds=0 if status == Enrolment.Status.NOT_STARTED else course_rng.randint(600, 5400),
                )  # fmt: skip
                ids = lessons[course.pk]
                count = len(ids) if status == Enrolment.Status.COMPLETED else (
                    len(ids) // 2 if status == Enrolment.Status.IN_PROGRESS else 0)  # fmt: skip
                LessonProgress.objects.filter(enrolment=enrolment).exclude(lesson_id__in=ids[:count]).delete()
                LessonProgress.objects.bulk_create(
                    [LessonProgress(enrolment=enrolment, lesson_id=pk, completed_at=done_at or at,
                                    completed_how=LessonProgress.How.MANUAL) for pk in ids[:count]],
                    ignore_conflicts=True,
                )  # fmt: skip
            touched += 1
    return touched


def seed_mapping() -> None:
    agency = Agency.objects.get(code="SSO-CMI")
    mapping = {k: list(v) if isinstance(v, tuple) else v for k, v in DPIS_MAPPING.items()}
    SavedColumnMapping.objects.update_or_create(agency=agency, name="DPIS", defaults={"mapping": mapping})


def write_sample_roster() -> Path:
    """A DPIS export of Chiang Mai: a promotion, a move between sections, a leaver,
    two new officers, an unknown section code and a sensitive column (dropped)."""
    cmi = Agency.objects.get(code="SSO-CMI")
    people = list(
        User.objects.filter(agency__path__startswith=cmi.path, employee_id__isnull=False, is_active=True)
        .exclude(username__startswith="demo-")
        .select_related("agency")
        .order_by("employee_id")[:8]
    )
    path = Path(settings.MEDIA_ROOT) / "demo" / "dpis-sso-cmi.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    level_names = {str(code): name for name, code in reversed(list(_LEVEL_ALIASES.items()))}
    with open(path, "w", encoding="cp874", newline="", errors="replace") as handle:
        writer = csv.writer(handle)
        writer.writerow(["PER_CARDNO", "PN_NAME", "PER_NAME", "PER_SURNAME", "PL_NAME", "LEVEL_NAME", "ORG_CODE",
                         "PER_STATUS", "ศาสนา"])  # fmt: skip
        for i, person in enumerate(people):
            level = level_names.get(person.level, "")
            agency, status = person.agency.code, "1"
            if i == 0:
                level = "เชี่ยวชาญ" if level == "ชำนาญการพิเศษ" else "ชำนาญการพิเศษ"  # promotion
            if i == 1:
                agency = "SSO-CMI-BEN" if agency != "SSO-CMI-BEN" else "SSO-CMI-REG"  # moved section
            if i == 2:
                status = "2"  # left the service
            writer.writerow([person.employee_id, person.title, person.first_name, person.last_name, person.position,
                             level, agency, status, "พุทธ"])  # fmt: skip
        writer.writerow(
            ["5699001", "นางสาว", "พิมพ์ชนก", "แสงทอง", "นักวิชาการแรงงาน", "ปฏิบัติการ", "SSO-CMI-REG", "1", "พุทธ"]
        )
        writer.writerow(
            ["5699002", "นาย", "ธนวัฒน์", "คำแก้ว", "เจ้าพนักงานธุรการ", "ปฏิบัติงาน", "SSO-CMI-ADM", "1", "พุทธ"]
        )
        writer.writerow(
            ["5699003", "นาย", "รหัส", "ผิดพลาด", "นักวิชาการแรงงาน", "ปฏิบัติการ", "SSO-CMI-XXX", "1", "พุทธ"]
        )
    return path


def seed(*, stdout) -> None:
    touched = seed_enrolments()
    seed_mapping()
    sample = write_sample_roster()
    stdout.write(
        f"  HR workspace: {touched} enrolments spread over two fiscal years; sample DPIS roster: {sample}"
    )

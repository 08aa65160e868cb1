"""Demo curriculum: the course catalogue, Thai courses and lessons (from
courses/demo_content.py), an assignment of the mandatory course, and
demo-officer with one course completed, one in progress and one overdue."""

from __future__ import annotations

import datetime as dt
import json

from django.db import transaction
from django.utils import timezone

from courses import services
from courses.demo_content import COURSES
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonPage, LessonProgress, Topic
from lms.models import Agency, HomePage, User

#: A short extra course so that demo-officer has one in progress.
PDPA_COURSE = {
    "slug": "pdpa-for-officers",
    "title": "การคุ้มครองข้อมูลส่วนบุคคลสำหรับเจ้าหน้าที่",
    "summary": "หลักการของพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 ที่เจ้าหน้าที่ต้องรู้ เมื่อดูแลข้อมูลของผู้ประกันตนและนายจ้าง",
    "objectives": ["อธิบายหลักการเก็บ ใช้ และเปิดเผยข้อมูลส่วนบุคคลได้", "ระบุข้อมูลอ่อนไหวและวิธีดูแลได้", "รู้ขั้นตอนเมื่อข้อมูลรั่วไหล"],
    "owner_agency": "SSO", "audience_levels": [], "topics": ["privacy"], "estimated_minutes": 30,
    "validity_months": None, "min_study_minutes": None, "mandatory": False, "ita_items": [],
    "lessons": [
        {"slug": "pdpa-principles", "title": "หลักการคุ้มครองข้อมูลส่วนบุคคล", "required": True, "estimated_minutes": 15,
         "body": [("rich_text", "<p>ข้อมูลของผู้ประกันตน เช่น เลขประจำตัวประชาชน ประวัติการรักษา และค่าจ้าง เป็นข้อมูลส่วนบุคคลที่ต้องเก็บเท่าที่จำเป็น ใช้ตามวัตถุประสงค์ และเปิดเผยเฉพาะผู้มีสิทธิ์เท่านั้น</p>"),
                  ("key_point", "เก็บเท่าที่จำเป็น ใช้ตามวัตถุประสงค์ เปิดเผยเฉพาะผู้มีสิทธิ์")]},
        {"slug": "pdpa-incidents", "title": "เมื่อข้อมูลรั่วไหล", "required": True, "estimated_minutes": 15,
         "body": [("rich_text", "<p>หากพบว่าข้อมูลส่วนบุคคลรั่วไหล ให้แจ้งผู้บังคับบัญชาและเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคลของหน่วยงานทันที เพื่อประเมินความเสี่ยงและแจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลภายใน 72 ชั่วโมงเมื่อจำเป็น</p>"),
                  ("key_point", "พบข้อมูลรั่วไหล แจ้งทันที อย่าปกปิด")]},
    ],
}  # fmt: skip
#: The cross-agency course is shared with the Ministry's departments.
SHARED_WITH = {"good-governance-public-service": ["SSO", "DOE", "DSD", "DLPW"]}
TOPIC_NAMES = {
    "conflict-of-interest": ("ผลประโยชน์ทับซ้อน", "Conflict of interest"),
    "gifts": ("นโยบายงดรับของขวัญ", "No Gift Policy"),
    "whistle-blowing": ("การแจ้งเบาะแส", "Whistle-blowing"),
    "integrity": ("คุณธรรมและความโปร่งใส", "Integrity and transparency"),
    "good-governance": ("ธรรมาภิบาล", "Good governance"),
    "leadership": ("ภาวะผู้นำ", "Leadership"),
    "privacy": ("การคุ้มครองข้อมูลส่วนบุคคล", "Personal data protection"),
}


def _stream(body) -> str:
    blocks = []
    for kind, value in body:
        if kind == "callout":
            value = {"title": value.get("title", ""), "text": f"<p>{value['text']}</p>"}
        blocks.append({"type": kind, "value": value})
    return json.dumps(blocks, ensure_ascii=False)


def _publish(page):
    page.save_revision().publish()


def seed_catalogue() -> CourseIndexPage:
    catalogue = CourseIndexPage.objects.filter(slug="courses").first()
    if catalogue is None:
        home = HomePage.objects.first()
        catalogue = home.add_child(instance=CourseIndexPage(
            title="หลักสูตรทั้งหมด", slug="courses",
            intro="หลักสูตรต้านทุจริตและเสริมสร้างคุณธรรมสำหรับเจ้าหน้าที่ทุกระดับ รวมถึงหลักสูตรบูรณาการระหว่างหน่วยงาน",
        ))  # fmt: skip
        _publish(catalogue)
    return catalogue


#: Each owning agency writes its courses in its own section of the catalogue.
SECTIONS = {
    "SSO": ("courses-sso", "หลักสูตรของสำนักงานประกันสังคม"),
    "OPS": ("courses-ops", "หลักสูตรบูรณาการของกระทรวงแรงงาน"),
}


def seed_section(catalogue: CourseIndexPage, agency: Agency) -> CourseIndexPage:
    slug, title = SECTIONS[agency.code]
    section = CourseIndexPage.objects.filter(slug=slug).first()
    if section is None:
        section = catalogue.add_child(instance=CourseIndexPage(title=title, slug=slug, owner_agency=agency))
        _publish(section)
    return section


def seed_course(catalogue: CourseIndexPage, spec: dict) -> CoursePage:
    course = CoursePage.objects.filter(slug=spec["slug"]).first()
    owner = Agency.objects.get(code=spec["owner_agency"] if spec["owner_agency"] != "MOL" else "OPS")
    section = seed_section(catalogue, owner)
    fields = {
        "title": spec["title"], "summary": spec["summary"], "objectives": "\n".join(spec["objectives"]),
        "owner_agency": owner,
        "audience_levels": spec["audience_levels"], "estimated_minutes": spec["estimated_minutes"],
        "validity_months": spec["validity_months"], "min_study_minutes": None, "mandatory": spec["mandatory"],
        "ita_items": ", ".join(spec["ita_items"]),
    }  # fmt: skip
    if course is None:
        course = section.add_child(instance=CoursePage(slug=spec["slug"], **fields))
    else:
        if course.get_parent().pk != section.pk:
            course.move(section, pos="last-child")
            course.refresh_from_db()
        for name, value in fields.items():
            setattr(course, name, value)
    course.topics.set(
        [Topic.objects.get_or_create(slug=slug, defaults={"name_th": TOPIC_NAMES.get(slug, (slug, slug))[0],
                                                          "name_en": TOPIC_NAMES.get(slug, (slug, slug))[1]})[0]
         for slug in spec["topics"]]
    )  # fmt: skip
    course.shared_with.set(Agency.objects.filter(code__in=SHARED_WITH.get(spec["slug"], [])))
    _publish(course)
    for lesson_spec in spec["lessons"]:
        lesson = LessonPage.objects.child_of(course).filter(slug=lesson_spec["slug"]).first()
        values = {"title": lesson_spec["title"], "required": lesson_spec["required"],
                  "estimated_minutes": lesson_spec["estimated_minutes"], "body": _stream(lesson_spec["body"])}  # fmt: skip
        if lesson is None:
            lesson = course.add_child(instance=LessonPage(slug=lesson_spec["slug"], **values))
        else:
            for name, value in values.items():
                setattr(lesson, name, value)
        _publish(lesson)
    return course


def _complete_lessons(user: User, course: CoursePage, count: int | None = None) -> None:
    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    for lesson in lessons[:count] if count is not None else lessons:
        services.lesson_complete(user=user, lesson=lesson)


def seed_learners(courses: dict[str, CoursePage]) -> None:
    admin = User.objects.get(username="demo-admin")
    officer = User.objects.get(username="demo-officer")
    mandatory = next(c for c in courses.values() if c.mandatory)
    if not mandatory.assignments.exists():
        services.assignment_create(
            course=mandatory, agency=Agency.objects.get(code="SSO"), created_by=admin,
            due_date=timezone.localdate() + dt.timedelta(days=45), recurrence_months=12,
        )  # fmt: skip
    # demo-officer: the mandatory course is overdue for them (they joined an earlier round).
    Enrolment.objects.filter(user=officer, course=mandatory, completed_at__isnull=True).update(
        due_at=timezone.localdate() - dt.timedelta(days=10)
    )
    shared = courses["good-governance-public-service"]
    if not Enrolment.objects.filter(user=officer, course=shared, completed_at__isnull=False).exists():
        with transaction.atomic():
            _complete_lessons(officer, shared)
    pdpa = courses[PDPA_COURSE["slug"]]
    if not LessonProgress.objects.filter(enrolment__user=officer, enrolment__course=pdpa).exists():
        _complete_lessons(officer, pdpa, count=1)


def seed(*, stdout) -> None:
    catalogue = seed_catalogue()
    courses = {spec["slug"]: seed_course(catalogue, spec) for spec in [*COURSES, PDPA_COURSE]}
    seed_learners(courses)
    stdout.write(f"  courses: {len(courses)}, lessons: {LessonPage.objects.count()}, "
                 f"enrolments: {Enrolment.objects.count()}")  # fmt: skip

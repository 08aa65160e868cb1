"""Demo: an interactive lesson in the mandatory course, with H5P packages from
../shared/fixtures/h5p/valid/ (skipped, with a note, when that folder is
missing). Idempotent: packages are found again by file name and agency."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

from content.models import H5PPackage
from content.services import h5p_package_create
from courses.demo_content import MANDATORY_COURSE_SLUG
from courses.models import CoursePage, LessonPage
from lms.models import User

FIXTURES = Path(settings.BASE_DIR) / ".." / "shared" / "fixtures" / "h5p" / "valid"
LESSON_SLUG = "interactive-review"
#: (file, Thai title, required, pass mark %)
ACTIVITIES = [
    ("H5P.TrueFalse.h5p", "ถูกหรือผิด: การรับของขวัญจากผู้มาติดต่อราชการ", True, None),
    ("H5P.MultiChoice.h5p", "เลือกคำตอบ: ผลประโยชน์ทับซ้อนในงานประกันสังคม", True, 50),
    ("H5P.Blanks.h5p", "เติมคำในช่องว่าง: ช่องทางการแจ้งเบาะแส", False, None),
]


def _package(path: Path, *, title: str, course: CoursePage, uploader) -> H5PPackage:
    existing = H5PPackage.objects.filter(
        original_filename=path.name, owner_agency=course.owner_agency
    ).first()
    if existing is not None:
        return existing
    return h5p_package_create(
        file=path,
        owner_agency=course.owner_agency,
        uploaded_by=uploader,
        title=title,
        original_filename=path.name,
    )


def seed(*, stdout) -> None:
    folder = FIXTURES.resolve()
    if not folder.is_dir():
        stdout.write(f"  H5P: {folder} not found; the interactive lesson is skipped.")
        return
    course = CoursePage.objects.filter(slug=MANDATORY_COURSE_SLUG).first()
    if course is None:
        stdout.write("  H5P: the mandatory demo course is missing; the interactive lesson is skipped.")
        return
    uploader = User.objects.filter(username="demo-trainer").first()
    body = [
        {"type": "rich_text", "value": "<p>ทบทวนความรู้จากบทเรียนก่อนหน้าด้วยกิจกรรมสั้น ๆ ต่อไปนี้ "
                                       "ทำกิจกรรมบังคับให้ผ่านเพื่อเรียนจบบทเรียนนี้ ทำซ้ำได้หลายครั้ง</p>"},
    ]  # fmt: skip
    count = 0
    for name, title, required, pass_percent in ACTIVITIES:
        path = folder / name
        if not path.is_file():
            continue
        package = _package(path, title=title, course=course, uploader=uploader)
        body.append(
            {"type": "h5p", "value": {"package": package.pk, "title": title, "required": required,
                                      "pass_percent": pass_percent}}
        )  # fmt: skip
        count += 1
    lesson = LessonPage.objects.child_of(course).filter(slug=LESSON_SLUG).first()
    fields = {"title": "แบบฝึกหัดเชิงโต้ตอบ: ทบทวนความรู้", "required": True, "estimated_minutes": 10,
              "body": json.dumps(body, ensure_ascii=False)}  # fmt: skip
    if lesson is None:
        lesson = course.add_child(instance=LessonPage(slug=LESSON_SLUG, **fields))
    else:
        for key, value in fields.items():
            setattr(lesson, key, value)
    lesson.save_revision().publish()
    stdout.write(f"  H5P: {count} activities in “{lesson.title}” ({H5PPackage.objects.count()} packages)")

"""The objects the access matrix calls routes on: one of each thing, owned by
agency X (officer_a's records), so that everyone else's access can be tried."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone

from certificates import services as certificate_services
from certificates.models import CertificateExport, CertificateTemplate, CourseCertificateSetting
from content import services as content_services
from content.signing import package_token
from courses import services as course_services
from courses.models import Assignment, LessonPage, Topic
from lms.models import Role
from lms.reports.models import RosterImport, SavedColumnMapping
from lms.reports.services import api_token_create
from lms.services import agency_role_grant
from quizzes import services as quiz_services
from tests.courses.conftest import make_course
from tests.factories import UserFactory
from tests.quizzes.conftest import correct_answers, make_bank, make_quiz

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@dataclass
class World:
    people: dict
    objects: dict = field(default_factory=dict)

    def user(self, role: str):
        return None if role == "anon" else self.people[role]

    def value(self, name: str):
        """A symbolic name from expected.py → the value that goes into the URL."""
        if name in self.objects:
            obj = self.objects[name]
            return getattr(obj, "pk", obj)
        if name in self.people:
            return self.people[name].pk
        raise KeyError(f"tests/access/world.py has no object called {name!r}")


def build_world(*, tree, people) -> World:
    people = dict(people)
    people["trainer_x"] = people.pop("trainer")
    people["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True, agency=tree["M"])
    officer = people["officer_a"]
    agency_role_grant(user=people["trainer_x"], agency=tree["X"], role=Role.TRAINER)

    course = make_course(tree["X"], lessons=1)
    lesson = LessonPage.objects.child_of(course).first()
    bank = make_bank(tree["X"])
    quiz = make_quiz(bank, course=course)
    enrolment = course_services.enrolment_create(user=officer, course=course)
    course_services.lesson_complete(user=officer, lesson=lesson)
    attempt = quiz_services.attempt_start(user=officer, quiz=quiz)
    quiz_services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    course_services.evaluate_completion(enrolment=enrolment)  # what the after-commit hook does on a pass
    certificate = certificate_services.certificate_issue(enrolment_id=enrolment.pk)
    package = content_services.h5p_package_create(
        file=SHARED / "fixtures" / "h5p" / "valid" / "H5P.TrueFalse.h5p", owner_agency=tree["X"],
        uploaded_by=people["trainer_x"], title="ถูกหรือผิด",
    )  # fmt: skip
    token, _secret = api_token_create(
        name="ระบบบุคคล", agency=tree["X"], scope="read", created_by=people["hr_x"]
    )
    roster = RosterImport.objects.create(uploaded_by=people["hr_x"], filename="roster.csv", dry_run=True)
    roster.file.save("roster.csv", ContentFile(b"employee_id\n"), save=True)
    today = timezone.localdate()
    export = CertificateExport.objects.create(
        requested_by=people["hr_x"], agency=tree["X"], course=course, issued_from=today - dt.timedelta(days=30),
        issued_until=today,
    )  # fmt: skip
    objects = {
        "course": course, "lesson": lesson, "enrolment": enrolment,
        "assignment": Assignment.objects.create(course=course, agency=tree["X"], due_days=30,
                                                created_by=people["hr_x"]),
        "bank": bank, "category": bank.categories.first(), "question": bank.questions.first(), "quiz": quiz,
        "attempt": attempt, "certificate": certificate, "verification_code": certificate.verification_code,
        "package": package, "package_token": package_token(package_id=package.pk, folder=package.folder),
        "api_token": token, "roster_import": roster, "certificate_export": export,
        "column_mapping": SavedColumnMapping.objects.create(name="DPIS", agency=tree["X"], mapping={}),
        "course_setting": CourseCertificateSetting.objects.get_or_create(course=course)[0],
        "template": CertificateTemplate.objects.create(name="แม่แบบของ X", owner_agency=tree["X"]),
        "topic": Topic.objects.create(slug="integrity", name_th="คุณธรรม"),
        "agency_x": tree["X"], "agency_code_x": tree["X"].code, "officer_a": officer,
        "uidb64": "MQ", "reset_token": "set-password", "bad_token": "x" * 20, "file_path": "h5p.json",
    }  # fmt: skip
    return World(people=people, objects=objects)

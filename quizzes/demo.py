"""Demo quizzes: a Thai question bank from courses.demo_content.QUESTIONS, the pre-test and
post-test of the mandatory course, and one graded pre-test attempt for demo-officer.
Idempotent: run it again and nothing is duplicated."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db import transaction

from courses.demo_content import MANDATORY_COURSE_SLUG, QUESTIONS
from courses.models import CoursePage, LessonPage
from lms.models import User
from quizzes import services
from quizzes.models import Attempt, Category, Choice, FeedbackPolicy, Question, QuestionBank, Quiz, QuizKind

BANK_NAME = "คลังข้อสอบหลักสูตรต้านทุจริตพื้นฐาน"


def seed_bank(course: CoursePage) -> QuestionBank:
    bank, _ = QuestionBank.objects.get_or_create(
        name=BANK_NAME, owner_agency=course.owner_agency,
        defaults={"description": "ข้อสอบตามบทเรียนของหลักสูตรบังคับ ใช้ทั้งแบบทดสอบก่อนเรียนและหลังเรียน"},
    )  # fmt: skip
    titles = dict(LessonPage.objects.child_of(course).values_list("slug", "title"))
    with transaction.atomic():
        for spec in QUESTIONS:
            category, _ = Category.objects.get_or_create(
                bank=bank, name=titles.get(spec["category"], spec["category"])
            )
            if Question.objects.filter(bank=bank, text=spec["text"]).exists():
                continue
            question = Question.objects.create(
                bank=bank, category=category, kind=spec["type"], text=spec["text"],
                points=Decimal(str(spec.get("points", 1))), explanation=spec.get("explanation", ""),
            )  # fmt: skip
            Choice.objects.bulk_create([
                Choice(question=question, sort_order=i, text=text, correct=(i + 1) in spec["correct"])
                for i, text in enumerate(spec["choices"])
            ])  # fmt: skip
    return bank


def _quiz(course, bank, *, kind, title, per_category, **fields) -> Quiz:
    quiz, created = Quiz.objects.get_or_create(
        course=course, kind=kind,
        defaults={"title": title, "owner_agency": course.owner_agency, "bank": bank, **fields},
    )  # fmt: skip
    if created:
        counts = Counter(Question.objects.filter(bank=bank).values_list("category_id", flat=True))
        for category in Category.objects.filter(bank=bank).order_by("name"):
            if counts[category.pk]:
                quiz.draws.create(category=category, count=min(per_category, counts[category.pk]))
    return quiz


def seed(*, stdout) -> None:
    course = CoursePage.objects.filter(slug=MANDATORY_COURSE_SLUG).first()
    if course is None:
        stdout.write("  quizzes: the mandatory course is missing; run the courses demo first")
        return
    bank = seed_bank(course)
    pre = _quiz(
        course, bank, kind=QuizKind.PRE, title="แบบทดสอบก่อนเรียน: การต่อต้านการทุจริตพื้นฐาน", per_category=2,
        instructions="วัดความรู้ก่อนเริ่มเรียน ไม่มีผลต่อการผ่านหลักสูตร ทำได้ 1 ครั้ง",
        max_attempts=1, time_limit_minutes=15, feedback_policy=FeedbackPolicy.NEVER,
    )  # fmt: skip
    _quiz(
        course, bank, kind=QuizKind.POST, title="แบบทดสอบหลังเรียน: การต่อต้านการทุจริตพื้นฐาน", per_category=4,
        instructions="ต้องได้คะแนนอย่างน้อยร้อยละ 80 จึงจะผ่านหลักสูตร ทำได้ไม่เกิน 3 ครั้ง",
        max_attempts=3, time_limit_minutes=30, feedback_policy=FeedbackPolicy.AFTER_PASS,
    )  # fmt: skip
    officer = User.objects.filter(username="demo-officer").first()
    if officer is not None and not Attempt.objects.filter(user=officer, quiz=pre).exists():
        attempt = services.attempt_start(user=officer, quiz=pre)
        answers = {}
        for i, q in enumerate(attempt.snapshot["questions"]):
            pick = [c["id"] for c in q["choices"] if c["correct"] == (i % 5 < 3)]
            answers[q["id"]] = pick if q["kind"] == "multiple" and i % 5 < 3 else pick[:1]
        services.attempt_submit(attempt=attempt, answers=answers)
    stdout.write(f"  quizzes: bank of {bank.questions.count()} questions, "
                 f"{Quiz.objects.filter(course=course).count()} course tests, "
                 f"{Attempt.objects.filter(status=Attempt.Status.GRADED).count()} graded attempts")  # fmt: skip

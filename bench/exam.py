"""The post-test that the exam-day load test and the quiz-submit benchmark both use:
an agency, a course with one lesson, and a 20-question post-test drawn from one bank
(single choice, multiple choice and true/false in turn)."""

from __future__ import annotations

QUESTIONS = 20


def make_post_test(*, code: str, slug: str, max_attempts: int | None, time_limit_minutes: int):
    """Returns (agency, quiz); `code` is the new agency's code, `slug` the course section's."""
    from courses.models import CourseIndexPage, CoursePage, LessonPage
    from lms.models import Agency, HomePage
    from quizzes.models import Category, Choice, Question, QuestionBank, Quiz, QuizKind

    agency = Agency.add_root(code=code, name_th="สำนักงานทดสอบวันสอบ", kind=Agency.Kind.MINISTRY)
    catalogue = HomePage.objects.first().add_child(instance=CourseIndexPage(title="หลักสูตร", slug=slug))
    course = catalogue.add_child(instance=CoursePage(
        title="การป้องกันการทุจริต", slug=f"{slug}-course", summary="แบบทดสอบหลังเรียน", owner_agency=agency,
    ))  # fmt: skip
    course.add_child(instance=LessonPage(title="บทเรียน", slug="l1", body="[]"))
    bank = QuestionBank.objects.create(name="คลังข้อสอบวันสอบ", owner_agency=agency)
    category = Category.objects.create(bank=bank, name="ทั่วไป")
    for i in range(QUESTIONS):
        kind = ("single", "multiple", "true_false")[i % 3]
        question = Question.objects.create(bank=bank, category=category, kind=kind, text=f"คำถามข้อ {i + 1}")
        texts = ["ถูก", "ผิด"] if kind == "true_false" else [f"ตัวเลือก {c}" for c in "กขคด"]
        correct = {0} if kind != "multiple" else {0, 2}
        Choice.objects.bulk_create(
            [
                Choice(question=question, sort_order=j, text=t, correct=j in correct)
                for j, t in enumerate(texts)
            ]
        )
    quiz = Quiz.objects.create(
        title="แบบทดสอบหลังเรียน", owner_agency=agency, bank=bank, course=course, kind=QuizKind.POST,
        max_attempts=max_attempts, time_limit_minutes=time_limit_minutes,
    )  # fmt: skip
    return agency, quiz

from decimal import Decimal

import pytest

from quizzes.models import Category, Choice, Question, QuestionBank, Quiz, QuizKind
from tests.courses.conftest import make_course


def make_bank(agency, *, questions=5, name="คลังข้อสอบต้านทุจริต", categories=("ผลประโยชน์ทับซ้อน",)):
    """`questions` single-choice questions per category; choice "ถูก-<n>" (the 2nd) is correct."""
    bank = QuestionBank.objects.create(name=name, owner_agency=agency)
    for cat_name in categories:
        category = Category.objects.create(bank=bank, name=cat_name)
        for n in range(questions):
            q = Question.objects.create(bank=bank, category=category, kind=Question.Kind.SINGLE,
                                        text=f"{cat_name} ข้อ {n + 1}", explanation=f"คำอธิบายข้อ {n + 1}")  # fmt: skip
            for i, text in enumerate([f"ผิก-{n}", f"ถูก-{n}", f"ผิด-{n}"]):
                Choice.objects.create(question=q, sort_order=i, text=text, correct=i == 1,
                                      feedback="ถูกต้อง" if i == 1 else "ลองทบทวนบทเรียน")  # fmt: skip
    return bank


def make_quiz(bank, *, course=None, kind=QuizKind.POST, **fields):
    fields.setdefault("shuffle_questions", True)
    fields.setdefault("pass_mark_percent", Decimal(80))
    return Quiz.objects.create(title=fields.pop("title", "แบบทดสอบหลังเรียน"), owner_agency=bank.owner_agency,
                               bank=bank, course=course, kind=kind, **fields)  # fmt: skip


def correct_answers(attempt, *, wrong=0):
    """All-correct answers for the attempt (from the server's snapshot), with the first `wrong` wrong."""
    answers = {}
    for i, q in enumerate(attempt.snapshot["questions"]):
        right = [c["id"] for c in q["choices"] if c["correct"]]
        other = [c["id"] for c in q["choices"] if not c["correct"]]
        answers[q["id"]] = other[:1] if i < wrong else right
    return answers


@pytest.fixture
def course(tree):
    return make_course(tree["X"])


@pytest.fixture
def bank(tree):
    return make_bank(tree["X"])


@pytest.fixture
def post_test(bank, course):
    return make_quiz(bank, course=course)

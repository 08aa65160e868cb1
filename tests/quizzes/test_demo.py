from django.core.management import call_command

from courses.demo_content import MANDATORY_COURSE_SLUG
from lms.models import User
from quizzes.models import Attempt, Question, Quiz, QuizKind


def test_seed_demo_adds_a_thai_bank_course_tests_and_a_graded_attempt(db, client):
    call_command("seed_demo")
    counts = (Question.objects.count(), Quiz.objects.count(), Attempt.objects.count())
    call_command("seed_demo")
    assert (Question.objects.count(), Quiz.objects.count(), Attempt.objects.count()) == counts
    assert counts[0] >= 30
    kinds = set(Quiz.objects.filter(course__slug=MANDATORY_COURSE_SLUG).values_list("kind", flat=True))
    assert kinds == {QuizKind.PRE, QuizKind.POST}
    officer = User.objects.get(username="demo-officer")
    attempt = Attempt.objects.get(user=officer)
    assert attempt.status == Attempt.Status.GRADED and attempt.quiz.kind == QuizKind.PRE
    client.force_login(officer)
    post = Quiz.objects.get(kind=QuizKind.POST)
    html = client.get(f"/quizzes/{post.pk}/").content.decode()
    assert "แบบทดสอบหลังเรียน" in html and "เริ่มทำแบบทดสอบ" in html
    client.force_login(User.objects.get(username="demo-trainer"))
    assert client.get(f"/admin/quiz-tools/quizzes/{post.pk}/statistics/").status_code == 200

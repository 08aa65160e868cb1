"""Trainers in the Wagtail admin: their own agencies' banks and quizzes only; import with a
dry run and Thai row errors; export; statistics only for the owning agency's trainers."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.models import Role
from lms.services import agency_role_grant
from quizzes import services
from quizzes.models import Question, QuestionBank, Quiz
from tests.factories import UserFactory
from tests.quizzes.conftest import correct_answers, make_bank

pytestmark = pytest.mark.django_db

GOOD_CSV = (
    "หมวด,ประเภท,คำถาม,ตัวเลือก_1,ตัวเลือก_2,ตัวเลือก_3,คำตอบที่ถูก,คะแนน,คำอธิบาย\n"
    "ของขวัญ,ตัวเลือกเดียว,รับของขวัญมูลค่าเกิน 3000 บาทได้หรือไม่,ได้,ไม่ได้,ได้ถ้าเป็นญาติ,2,1,ตามประกาศ ป.ป.ช.\n"
    "ของขวัญ,ถูกผิด,การปฏิเสธของขวัญอย่างสุภาพเป็นสิ่งที่ควรทำ,,,,ถูก,1,\n"
    'ผลประโยชน์ทับซ้อน,หลายคำตอบ,ข้อใดเป็นผลประโยชน์ทับซ้อน,จัดซื้อจากบริษัทญาติ,ใช้รถราชการไปธุระส่วนตัว,ลาพักร้อน,"1,2",2,\n'
)
BAD_CSV = GOOD_CSV + "ของขวัญ,ตัวเลือกเดียว,คำถามไม่มีเฉลย,ก,ข,,,1,\n"


@pytest.fixture
def trainer_client(client, people):
    client.force_login(people["trainer"])
    return client


@pytest.fixture
def trainer_y(people, tree):
    user = UserFactory(agency=tree["Y"], username="trainer-y")
    agency_role_grant(user=user, agency=tree["Y"], role=Role.TRAINER)
    return user


def test_trainer_sees_only_their_agencies_banks(trainer_client, tree, bank):
    other = make_bank(tree["Y"], name="คลังของจังหวัดวาย")
    listing = trainer_client.get("/admin/question_banks/").content.decode()
    assert bank.name in listing and other.name not in listing
    assert trainer_client.get(f"/admin/question_banks/edit/{bank.pk}/").status_code == 200
    assert trainer_client.get(f"/admin/question_banks/edit/{other.pk}/").status_code == 404
    assert trainer_client.get(f"/quizzes/../admin/quiz-tools/banks/{other.pk}/export/").status_code == 404


def test_trainer_adds_a_question_with_choices_and_the_answer_key_is_checked(trainer_client, bank):
    def post(correct):
        data = {
            "bank": bank.pk, "category": "", "kind": "single", "points": "1", "text": "ข้อใดถูกต้อง",
            "explanation": "", "choices-TOTAL_FORMS": "3", "choices-INITIAL_FORMS": "0",
            "choices-MIN_NUM_FORMS": "2", "choices-MAX_NUM_FORMS": "6",
        }  # fmt: skip
        for i in range(3):
            data |= {f"choices-{i}-text": f"ตัวเลือก {i + 1}", f"choices-{i}-feedback": "", f"choices-{i}-ORDER": i + 1,
                     f"choices-{i}-id": "", f"choices-{i}-DELETE": ""}  # fmt: skip
            if i in correct:
                data[f"choices-{i}-correct"] = "on"
        return trainer_client.post("/admin/questions/new/", data)

    before = Question.objects.count()
    refused = post(correct=[0, 1])
    assert refused.status_code == 200 and Question.objects.count() == before
    assert "ต้องมีคำตอบที่ถูกเพียง 1 ข้อ" in refused.content.decode()
    assert post(correct=[1]).status_code == 302
    question = Question.objects.latest("pk")
    assert [c.correct for c in question.choices.all()] == [False, True, False]


def test_import_shows_thai_row_errors_and_writes_nothing(trainer_client, bank):
    before = bank.questions.count()
    response = trainer_client.post(f"/admin/quiz-tools/banks/{bank.pk}/import/",
                                   {"file": SimpleUploadedFile("bank.csv", BAD_CSV.encode("utf-8-sig"))})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="row-errors"' in html and ">5<" in html  # the spreadsheet's row 5
    assert "ยังไม่ได้นำเข้าข้อมูลใด ๆ" in html
    assert bank.questions.count() == before


def test_import_preview_then_confirm(trainer_client, bank):
    before = bank.questions.count()
    preview = trainer_client.post(f"/admin/quiz-tools/banks/{bank.pk}/import/",
                                  {"file": SimpleUploadedFile("bank.csv", GOOD_CSV.encode("utf-8-sig"))})  # fmt: skip
    html = preview.content.decode()
    assert "จะเพิ่มข้อสอบ 3 ข้อ" in html and "ยืนยันการนำเข้าข้อมูล" in html
    assert bank.questions.count() == before  # a dry run
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    done = trainer_client.post(f"/admin/quiz-tools/banks/{bank.pk}/import/", {"token": token, "confirm": "1"})
    assert done.status_code == 302
    assert bank.questions.count() == before + 3
    tf = bank.questions.get(kind="true_false")
    assert [(c.text, c.correct) for c in tf.choices.all()] == [("ถูก", True), ("ผิด", False)]
    multi = bank.questions.get(kind="multiple")
    assert multi.category.name == "ผลประโยชน์ทับซ้อน" and multi.points == 2
    # A forged token is refused and imports nothing.
    forged = trainer_client.post(
        f"/admin/quiz-tools/banks/{bank.pk}/import/", {"token": token + "x", "confirm": "1"}
    )
    assert forged.status_code == 302 and bank.questions.count() == before + 3


def test_export_round_trips_through_import(trainer_client, bank):
    from quizzes.bank_io import parse_question_bank

    for fmt in ("csv", "xlsx"):
        response = trainer_client.get(f"/admin/quiz-tools/banks/{bank.pk}/export/?format={fmt}")
        assert response.status_code == 200
        parsed = parse_question_bank(file=response.content, filename=f"bank.{fmt}")
        assert parsed.ok and len(parsed.rows) == 5
        assert parsed.rows[0].correct == (2,) and parsed.rows[0].feedback[1] == "ถูกต้อง"


def test_statistics_only_for_trainers_of_the_owning_agency(client, people, trainer_y, post_test, bank):
    for officer in (people["officer_a"], people["officer_b"]):
        attempt = services.attempt_start(user=officer, quiz=post_test)
        services.attempt_submit(attempt=attempt, answers=correct_answers(attempt, wrong=1))
    url = f"/admin/quiz-tools/quizzes/{post_test.pk}/statistics/"
    client.force_login(people["trainer"])
    html = client.get(url).content.decode()
    assert "ค่าความยาก" in html and "ค่าอำนาจจำแนก" in html
    assert 'data-testid="score-distribution"' in html and "80–89" in html
    assert "ผลการเรียนรู้ที่เพิ่มขึ้นรายหน่วยงาน" in html
    for outsider in (trainer_y, people["hr_x"], people["officer_a"]):
        client.force_login(outsider)
        assert client.get(url).status_code in (302, 404)
    client.force_login(trainer_y)
    assert client.get(url).status_code == 404


def test_quiz_chooser_lists_only_the_trainers_quizzes(trainer_client, tree, bank, post_test):
    other_bank = make_bank(tree["Y"], name="คลังวาย")
    other = Quiz.objects.create(title="แบบทดสอบของจังหวัดวาย", owner_agency=tree["Y"], bank=other_bank)
    html = trainer_client.get("/admin/quiz_chooser/").json()["html"]
    assert post_test.title in html and other.title not in html
    assert QuestionBank.objects.count() == 2


def _quiz_form(bank, course, **overrides):
    data = {
        "title": "แบบทดสอบหลังเรียน", "instructions": "", "owner_agency": bank.owner_agency_id, "bank": bank.pk,
        "kind": "post", "course": course.pk if course else "", "pass_mark_percent": "80", "max_attempts": "3",
        "time_limit_minutes": "30", "opens_at": "", "closes_at": "", "shuffle_questions": "on",
        "shuffle_choices": "on", "feedback_policy": "after_pass",
        "draws-TOTAL_FORMS": "1", "draws-INITIAL_FORMS": "0", "draws-MIN_NUM_FORMS": "0", "draws-MAX_NUM_FORMS": "1000",
        "draws-0-category": bank.categories.first().pk, "draws-0-count": "3", "draws-0-id": "", "draws-0-ORDER": "1",
        "draws-0-DELETE": "",
    }  # fmt: skip
    return data | overrides


def test_trainer_builds_a_post_test_in_the_admin(trainer_client, bank, course):
    refused = trainer_client.post("/admin/quizzes/new/", _quiz_form(bank, None))
    assert refused.status_code == 200 and "ต้องผูกกับหลักสูตร" in refused.content.decode()
    too_many = trainer_client.post("/admin/quizzes/new/", _quiz_form(bank, course, **{"draws-0-count": "9"}))
    assert too_many.status_code == 200 and "มีข้อสอบเพียง 5 ข้อ" in too_many.content.decode()
    assert not Quiz.objects.exists()
    created = trainer_client.post("/admin/quizzes/new/", _quiz_form(bank, course))
    assert created.status_code == 302
    quiz = Quiz.objects.get()
    assert (quiz.kind, quiz.course_id, quiz.draws.get().count) == ("post", course.pk, 3)
    second = trainer_client.post("/admin/quizzes/new/", _quiz_form(bank, course, title="อีกชุด"))
    assert second.status_code == 200 and Quiz.objects.count() == 1  # one post-test per course


def test_an_import_over_the_size_limit_is_refused_and_writes_nothing(trainer_client, bank, settings):
    settings.QUESTION_BANK_MAX_UPLOAD_BYTES = 512
    before = bank.questions.count()
    big = "question,choice_1\n" + "".join(f"คำถามข้อ {i},ตัวเลือก\n" for i in range(100))
    response = trainer_client.post(f"/admin/quiz-tools/banks/{bank.pk}/import/",
                                   {"file": SimpleUploadedFile("bank.csv", big.encode("utf-8"))})  # fmt: skip
    assert "ไฟล์มีขนาดเกิน 512" in response.content.decode()
    assert bank.questions.count() == before

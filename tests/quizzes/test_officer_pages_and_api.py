"""What an officer's browser receives: pages and API, answers never leaked before submission."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from quizzes.models import Attempt
from tests.quizzes.conftest import correct_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, people):
    client.force_login(people["officer_a"])
    return client


def _answer_texts(attempt):
    return [c["text"] for q in attempt.snapshot["questions"] for c in q["choices"] if c["correct"]]


def test_intro_shows_the_rules_in_thai(officer_client, post_test):
    response = officer_client.get(reverse("quizzes:intro", args=[post_test.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "เกณฑ์ผ่าน (ร้อยละ)" in html and "80%" in html
    assert "5 ข้อ" in html
    assert 'data-testid="attempts-left">3<' in html


def test_attempt_page_and_api_never_send_the_answer_key(officer_client, post_test):
    response = officer_client.post(reverse("quizzes:start", args=[post_test.pk]))
    attempt = Attempt.objects.get(quiz=post_test)
    assert response.url == reverse("quizzes:attempt", args=[attempt.pk])
    page = officer_client.get(response.url).content.decode()
    api = officer_client.post(f"/api/v1/quizzes/{post_test.pk}/attempts", content_type="application/json")
    assert api.status_code == 200
    body = api.json()
    assert body["id"] == attempt.pk and len(body["questions"]) == 5
    for text in ("correct", "feedback", "explanation", "คำอธิบาย", "ถูกต้อง", "ลองทบทวน"):
        assert text not in json.dumps(body, ensure_ascii=False)
        assert text not in page
    # the choices are there, but nothing marks which is right
    assert all(t in page for t in _answer_texts(attempt))
    assert 'name="q_' in page


def test_form_submission_without_javascript(officer_client, post_test, django_capture_on_commit_callbacks):
    officer_client.post(reverse("quizzes:start", args=[post_test.pk]))
    attempt = Attempt.objects.get(quiz=post_test)
    data = {f"q_{q}": [str(c) for c in cs] for q, cs in correct_answers(attempt, wrong=1).items()}
    saved = officer_client.post(reverse("quizzes:submit", args=[attempt.pk]), {**data, "action": "save"})
    assert saved.url == reverse("quizzes:attempt", args=[attempt.pk])
    page = officer_client.get(saved.url).content.decode()
    assert page.count("checked") == 5  # the saved answers come back
    with django_capture_on_commit_callbacks(execute=True):
        result = officer_client.post(
            reverse("quizzes:submit", args=[attempt.pk]), {**data, "action": "submit"}
        )
    html = officer_client.get(result.url).content.decode()
    assert "80%" in html and "ผ่าน" in html
    assert "คำอธิบายข้อ" in html  # review after the attempt (default policy)
    assert officer_client.get(reverse("quizzes:attempt", args=[attempt.pk])).url == result.url


def test_api_save_submit_and_double_submit(officer_client, post_test):
    start = officer_client.post(f"/api/v1/quizzes/{post_test.pk}/attempts").json()
    attempt = Attempt.objects.get(pk=start["id"])
    answers = {str(q): c for q, c in correct_answers(attempt).items()}
    put = officer_client.put(f"/api/v1/attempts/{attempt.pk}/answers", {"answers": answers},
                             content_type="application/json")  # fmt: skip
    assert put.status_code == 200 and put.json()["saved"] == 5
    first = officer_client.post(f"/api/v1/attempts/{attempt.pk}/submit", content_type="application/json")
    second = officer_client.post(f"/api/v1/attempts/{attempt.pk}/submit", {"answers": {}},
                                 content_type="application/json")  # fmt: skip
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert Decimal(first.json()["percent"]) == 100 and first.json()["passed"] is True
    assert first.json()["review"][0]["choices"]
    late = officer_client.put(f"/api/v1/attempts/{attempt.pk}/answers", {"answers": answers},
                              content_type="application/json")  # fmt: skip
    assert late.status_code == 409 and "ส่งคำตอบ" in late.json()["detail"]


def test_another_officers_attempt_is_404(client, people, post_test):
    client.force_login(people["officer_a"])
    start = client.post(f"/api/v1/quizzes/{post_test.pk}/attempts").json()
    client.force_login(people["officer_b"])
    assert client.get(reverse("quizzes:attempt", args=[start["id"]])).status_code == 404
    assert client.get(reverse("quizzes:result", args=[start["id"]])).status_code == 404
    assert (
        client.post(f"/api/v1/attempts/{start['id']}/submit", content_type="application/json").status_code
        == 404
    )
    assert client.put(f"/api/v1/attempts/{start['id']}/answers", {"answers": {}},
                      content_type="application/json").status_code == 404  # fmt: skip
    assert Attempt.objects.get(pk=start["id"]).is_open


def test_officer_outside_the_audience_gets_404(client, people, post_test):
    client.force_login(people["officer_y"])
    post_test.course.owner_agency = people["officer_a"].agency  # X1 only
    post_test.course.save()
    assert client.get(reverse("quizzes:intro", args=[post_test.pk])).status_code == 404
    assert client.post(f"/api/v1/quizzes/{post_test.pk}/attempts").status_code == 404


def test_api_operations_are_in_the_openapi_document(officer_client):
    paths = officer_client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/quizzes/{quiz_id}/attempts"]
    assert "put" in paths["/api/v1/attempts/{attempt_id}/answers"]
    assert "post" in paths["/api/v1/attempts/{attempt_id}/submit"]


def test_course_tests_page_lists_the_post_test_with_the_best_result(officer_client, people, post_test):
    from quizzes import services

    attempt = services.attempt_start(user=people["officer_a"], quiz=post_test)
    services.attempt_submit(attempt=attempt, answers=correct_answers(attempt, wrong=1))
    html = officer_client.get(reverse("quizzes:course", args=[post_test.course_id])).content.decode()
    assert "แบบทดสอบหลังเรียน: แบบทดสอบหลังเรียน" in html and "80%" in html and "ผ่าน" in html


def test_the_course_page_links_to_its_post_test(officer_client, post_test):
    html = officer_client.get(post_test.course.url).content.decode()
    assert reverse("quizzes:intro", args=[post_test.pk]) in html and "แบบทดสอบหลังเรียน" in html


def test_own_data_file_lists_the_officers_attempts_only(client, people, post_test):
    from quizzes import services

    attempt = services.attempt_start(user=people["officer_a"], quiz=post_test)
    services.attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    client.force_login(people["officer_a"])
    mine = client.get("/accounts/my-data/").json()["quiz_attempts"]
    assert [(a["quiz"], a["passed"]) for a in mine] == [(post_test.title, True)]
    client.force_login(people["officer_b"])
    assert client.get("/accounts/my-data/").json()["quiz_attempts"] == []

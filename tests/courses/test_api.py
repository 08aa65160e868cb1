from courses.models import Enrolment, LessonPage


def test_officer_api_enrolments_outline_and_complete(client, people, course):
    officer = people["officer_a"]
    client.force_login(officer)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    response = client.post(f"/api/v1/lessons/{lessons[0].pk}/complete")
    assert response.status_code == 200 and response.json()["completed"]
    data = client.get("/api/v1/me/enrolments").json()
    assert [e["course_id"] for e in data] == [course.pk]
    assert data[0]["lessons_done"] == 1 and data[0]["lessons_total"] == 3
    outline = client.get(f"/api/v1/courses/{course.pk}").json()
    assert outline["next_lesson_id"] == lessons[1].pk
    assert [lesson["done"] for lesson in outline["lessons"]] == [True, False, False]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/me/enrolments",
        "/api/v1/courses/{course_id}",
        "/api/v1/lessons/{lesson_id}/complete",
    } <= set(paths)


def test_api_refuses_other_agencies_and_anonymous(client, people, course):
    lesson = LessonPage.objects.child_of(course).first()
    assert client.post(f"/api/v1/lessons/{lesson.pk}/complete").status_code == 401
    client.force_login(people["officer_y"])
    assert client.post(f"/api/v1/lessons/{lesson.pk}/complete").status_code == 404
    assert client.get(f"/api/v1/courses/{course.pk}").status_code == 404
    assert not Enrolment.objects.filter(user=people["officer_y"]).exists()

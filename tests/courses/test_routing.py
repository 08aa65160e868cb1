from courses.models import LessonPage
from tests.courses.conftest import make_course


def test_deep_pages_are_found_and_drafts_are_not(client, people, tree):
    course = make_course(tree["X"], lessons=2)
    first, second = LessonPage.objects.child_of(course).order_by("path")
    client.force_login(people["officer_a"])
    assert client.get(first.url).status_code == 200
    second.unpublish()
    assert client.get(second.url).status_code == 404
    assert client.get(course.url + "no-such-lesson/").status_code == 404


def test_admin_link_only_for_people_with_admin_work(client, people):
    client.force_login(people["officer_a"])
    assert 'href="/admin/"' not in client.get("/learning/").content.decode()
    client.force_login(people["hr_x"])
    assert 'href="/admin/"' in client.get("/learning/").content.decode()

import datetime as dt

from django.core import mail
from django.utils import timezone

from courses import reminders, services
from courses.models import Enrolment, LessonPage
from tests.courses.conftest import make_course


def _enrol(user, course, due_at=None):
    return Enrolment.objects.create(
        user=user, course=course, due_at=due_at, source=Enrolment.Source.ASSIGNMENT
    )


def test_my_learning_shows_due_dates_overdue_badges_and_progress(client, people, tree):
    officer = people["officer_a"]
    today = timezone.localdate()
    late = make_course(tree["X"], title="หลักสูตรที่เกินกำหนด")
    done = make_course(tree["X"], title="หลักสูตรที่เรียนจบ", lessons=1)
    _enrol(officer, late, due_at=today - dt.timedelta(days=3))
    services.lesson_complete(user=officer, lesson=LessonPage.objects.child_of(late).first())
    services.lesson_complete(user=officer, lesson=LessonPage.objects.child_of(done).first())
    client.force_login(officer)
    html = client.get("/learning/").content.decode()
    assert "หลักสูตรที่เกินกำหนด" in html and "เกินกำหนด" in html
    assert "เรียนแล้ว 1 จาก 3 บท" in html
    assert "หลักสูตรที่เรียนจบ" in html
    # Only their own enrolments.
    client.force_login(people["officer_b"])
    assert "หลักสูตรที่เกินกำหนด" not in client.get("/learning/").content.decode()


def test_my_learning_query_count_does_not_grow(client, people, tree, django_assert_max_num_queries):
    officer = people["officer_a"]
    client.force_login(officer)

    def queries_for_page():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/learning/").status_code == 200
        return len(ctx.captured_queries)

    _enrol(officer, make_course(tree["X"], lessons=2))
    queries_for_page()  # the first request of a session does one-off work
    small = queries_for_page()
    for _ in range(5):
        _enrol(officer, make_course(tree["X"], lessons=8))
    assert queries_for_page() == small


def test_lesson_page_query_count_does_not_grow_with_course_size(client, people, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["officer_a"])
    counts = []
    for size in (2, 12):
        course = make_course(tree["X"], lessons=size)
        lesson = LessonPage.objects.child_of(course).order_by("path")[1]
        client.get(lesson.url)  # first visit enrols
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(lesson.url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_reminders_once_per_window_in_thai(people, tree):
    officer = people["officer_a"]
    today = timezone.localdate()
    _enrol(officer, make_course(tree["X"], title="ใกล้ครบกำหนด"), due_at=today + dt.timedelta(days=3))
    _enrol(officer, make_course(tree["X"], title="เลยกำหนด"), due_at=today - dt.timedelta(days=2))
    _enrol(officer, make_course(tree["X"], title="อีกนาน"), due_at=today + dt.timedelta(days=60))
    assert reminders.send_due_reminders() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("ใกล้ครบกำหนด" in s for s in subjects) and any("เกินกำหนด" in s for s in subjects)
    assert all(m.to == [officer.email] for m in mail.outbox)
    assert reminders.send_due_reminders() == 0  # never a flood


def test_hr_digest_counts_their_subtree_only(people, tree):
    today = timezone.localdate()
    _enrol(people["officer_a"], make_course(tree["X"]), due_at=today - dt.timedelta(days=1))
    _enrol(people["officer_y"], make_course(tree["Y"]), due_at=today - dt.timedelta(days=1))
    numbers = reminders.hr_digest_numbers(hr_user=people["hr_x"], today=today)
    assert numbers["overdue"] == 1
    reminders.send_hr_digests()
    assert any(m.to == [people["hr_x"].email] and "เกินกำหนด: 1" in m.body for m in mail.outbox)

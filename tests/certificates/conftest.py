import pytest

from courses import services as course_services
from courses.models import LessonPage
from tests.courses.conftest import course, make_course  # noqa: F401

__all__ = ["complete_course", "make_course"]


def complete_course(user, the_course):
    """The officer opens and marks every lesson done, as on the site."""
    for lesson in LessonPage.objects.child_of(the_course).live().order_by("path"):
        course_services.lesson_complete(user=user, lesson=lesson)
    return the_course.enrolments.get(user=user, completed_at__isnull=False)


@pytest.fixture
def issued(people, course, django_capture_on_commit_callbacks):  # noqa: F811
    """officer_a (agency X1) completed the course of agency X; the certificate was issued after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete_course(people["officer_a"], course)
    return enrolment.certificates.get()

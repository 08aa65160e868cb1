import pytest

from courses.models import CourseIndexPage, CoursePage, LessonPage
from lms.models import HomePage


def make_course(owner, *, title="การป้องกันการทุจริต", lessons=3, optional=0, slug=None, **fields):
    home = HomePage.objects.first()
    catalogue = CourseIndexPage.objects.filter(slug="courses").first()
    if catalogue is None:
        catalogue = home.add_child(instance=CourseIndexPage(title="หลักสูตร", slug="courses"))
    course = catalogue.add_child(
        instance=CoursePage(title=title, slug=slug or f"c-{CoursePage.objects.count() + 1}",
                            summary="สรุปหลักสูตร", owner_agency=owner, **fields)
    )  # fmt: skip
    for i in range(lessons + optional):
        course.add_child(
            instance=LessonPage(
                title=f"บทเรียนที่ {i + 1}",
                slug=f"l{i + 1}",
                required=i < lessons,
                body='[{"type": "key_point", "value": "ซื่อสัตย์สุจริต"}]',
            )  # fmt: skip
        )
    return course


@pytest.fixture
def course(tree):
    return make_course(tree["X"])

import json

import pytest

from content.services import h5p_package_create
from courses.models import LessonPage
from tests.content.zipbuilders import VALID
from tests.courses.conftest import course, make_course  # noqa: F401

TRUE_FALSE = VALID / "H5P.TrueFalse.h5p"


def h5p_body(*activities) -> str:
    """A lesson body with a text and one h5p block per (package, required, pass_percent)."""
    blocks = [{"type": "key_point", "value": "ซื่อสัตย์สุจริต"}]
    for package, required, pass_percent in activities:
        blocks.append(
            {"type": "h5p", "value": {"package": package.pk, "title": "", "required": required,
                                      "pass_percent": pass_percent}}
        )  # fmt: skip
    return json.dumps(blocks)


def put_in_lesson(lesson: LessonPage, *activities) -> LessonPage:
    """Publish the lesson with these H5P activities (a real revision, as the admin does)."""
    lesson = LessonPage.objects.get(pk=lesson.pk)
    lesson.body = h5p_body(*activities)
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


@pytest.fixture
def package(tree, people):
    return h5p_package_create(
        file=TRUE_FALSE, owner_agency=tree["X"], uploaded_by=people["trainer"], original_filename="tf.h5p"
    )


@pytest.fixture
def h5p_lesson(course, package):  # noqa: F811
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    return put_in_lesson(lesson, (package, True, 50))


def answered(score, max_score=1, *, success=None, verb="answered", actor="mallory@example.invalid", **extra):
    result = {"score": {"raw": score, "max": max_score, "min": 0}, "completion": True}
    if success is not None:
        result["success"] = success
    statement = {
        "actor": {"name": "someone else", "mbox": f"mailto:{actor}"},
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"id": "http://example.invalid/h5p/1", "objectType": "Activity"},
        "result": result,
    }
    statement.update(extra)
    return statement

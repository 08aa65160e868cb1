"""The objects the access matrix calls routes on: one of each thing, owned by
agency X (officer_a's), so that other people's access can be tried."""

from __future__ import annotations

from dataclasses import dataclass, field

from courses import services as course_services
from courses.models import Assignment, LessonPage
from tests.courses.conftest import make_course
from tests.factories import UserFactory


@dataclass
class World:
    people: dict
    objects: dict = field(default_factory=dict)

    def user(self, role: str):
        return None if role == "anon" else self.people[role]

    def value(self, name: str):
        """A symbolic name from expected.py → the value that goes into the URL."""
        if name in self.objects:
            obj = self.objects[name]
            return getattr(obj, "pk", obj)
        if name in self.people:
            return self.people[name].pk
        raise KeyError(f"tests/access/world.py has no object called {name!r}")


def build_world(*, tree, people) -> World:
    people = dict(people)
    people["trainer_x"] = people.pop("trainer")
    people["superuser"] = UserFactory(username="root", is_superuser=True, is_staff=True, agency=tree["M"])
    course = make_course(tree["X"], lessons=2)
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    enrolment = course_services.enrolment_create(user=people["officer_a"], course=course)
    assignment = Assignment.objects.create(
        course=course, agency=tree["X"], due_days=30, created_by=people["hr_x"]
    )
    objects = {
        "course": course, "lesson": lesson, "enrolment": enrolment, "assignment": assignment,
        "agency_x": tree["X"], "agency_y": tree["Y"], "agency_code_x": tree["X"].code,
        "agency_code_y": tree["Y"].code,
    }  # fmt: skip
    return World(people=people, objects=objects)

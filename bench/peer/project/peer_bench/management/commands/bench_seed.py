"""Create the peer's benchmark data and print it as one JSON line."""

import json
import secrets

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand
from wagtail.models import Page, Site
from wagtail_lms.models import CourseEnrollment, CoursePage, H5PActivity, H5PLessonPage


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--officers", type=int, default=10)
        parser.add_argument("--lessons", type=int, default=2)
        parser.add_argument("--activities", type=int, default=2)

    def handle(self, *args, officers, lessons, activities, **options):
        root = Page.get_first_root_node()
        home = root.get_children().first()
        course = home.add_child(instance=CoursePage(title="Course", slug=f"course-{secrets.token_hex(3)}"))
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
        out_lessons = []
        for k in range(lessons):
            acts = H5PActivity.objects.bulk_create(
                [H5PActivity(title=f"A{k}.{i}", package_file="h5p_packages/x.h5p", extracted_path=f"x{k}{i}",
                             main_library="H5P.TrueFalse") for i in range(activities)]
            )  # fmt: skip
            body = [{"type": "paragraph", "value": "<p>Read this.</p>"}] + [
                {"type": "h5p_activity", "value": {"activity": a.pk}} for a in acts
            ]
            lesson = course.add_child(instance=H5PLessonPage(title=f"Lesson {k + 1}", slug=f"l{k + 1}",
                                                             body=json.dumps(body)))  # fmt: skip
            lesson.save_revision().publish()
            out_lessons.append({"url": lesson.url, "activities": [a.pk for a in acts]})
        User = get_user_model()
        unusable = "!"  # no password: the benchmark signs in through sessions
        users = User.objects.bulk_create(
            [User(username=f"peer{i}", password=unusable) for i in range(officers)]
        )
        CourseEnrollment.objects.bulk_create([CourseEnrollment(user=u, course=course) for u in users])
        sessions = []
        for user in users:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            sessions.append([store.session_key, secrets.token_hex(16)])
        self.stdout.write(json.dumps({"sessions": sessions, "lessons": out_lessons}))

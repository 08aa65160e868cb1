"""The course page's panel with the course's pre-test and post-test and the
officer's best result (registered with courses.panels in QuizzesConfig.ready)."""

from django.template.loader import render_to_string

from quizzes.selectors import course_tests_for


def course_tests_panel(*, course, request) -> str:
    tests = course_tests_for(course_id=course.pk, user=getattr(request, "user", None))
    if not tests:
        return ""
    return render_to_string("quizzes/includes/course_tests.html", {"tests": tests}, request=request)

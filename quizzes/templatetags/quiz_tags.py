"""{% load quiz_tags %}{% course_tests page %}: the pre-test and post-test of a course with the
signed-in officer's best result, for the course page (2–3 queries)."""

from django import template

from quizzes.selectors import course_tests_for

register = template.Library()


@register.inclusion_tag("quizzes/includes/course_tests.html", takes_context=True)
def course_tests(context, course):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"tests": course_tests_for(course_id=course.pk, user=user)}

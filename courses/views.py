from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import services
from courses.models import CoursePage, LessonPage
from courses.selectors import my_learning


@login_required
def my_learning_view(request):
    return render(request, "courses/my_learning.html", my_learning(user=request.user))


@login_required
@require_POST
def enrol_view(request, course_id: int):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        services.enrolment_self_enrol(user=request.user, course=course)
    except services.CourseAccessError as exc:
        messages.error(request, str(exc))
        return redirect(course.url)
    first_lesson = LessonPage.objects.child_of(course).live().order_by("path").first()
    return redirect(first_lesson.url if first_lesson else course.url)


@login_required
@require_POST
def lesson_complete_view(request, lesson_id: int):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.course
    if not services.can_take_course(user=request.user, course=course):
        messages.error(request, _("This course is not open to you."))
        return redirect(course.url)
    try:
        services.lesson_complete(user=request.user, lesson=lesson)
    except services.CourseAccessError as exc:
        messages.error(request, str(exc))
        return redirect(lesson.url)
    following = (
        LessonPage.objects.child_of(course).live().filter(path__gt=lesson.path).order_by("path").first()
    )
    return redirect(following.url if following else course.url)

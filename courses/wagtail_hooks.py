from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from courses import services
from courses.admin_views import AssignmentViewSet
from courses.models import LessonPage


@hooks.register("before_serve_page")
def lesson_access_and_progress(page, request, serve_args, serve_kwargs):
    """Lessons are for signed-in officers the course is open to (or who are
    enrolled); opening one records progress."""
    if not isinstance(page.specific, LessonPage) or getattr(request, "is_preview", False):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    lesson = page.specific
    course = lesson.get_parent().specific
    if not services.can_take_course(user=request.user, course=course):
        raise PermissionDenied(_("This course is not open to you."))
    try:
        services.lesson_open(user=request.user, lesson=lesson)
    except services.CourseAccessError as exc:
        raise PermissionDenied(str(exc)) from exc
    return None


@hooks.register("register_admin_viewset")
def register_assignments():
    return AssignmentViewSet("assignments")

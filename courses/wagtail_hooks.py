from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
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
    try:
        progress = services.lesson_open(user=request.user, lesson=page.specific)
    except services.CourseAccessError as exc:
        raise PermissionDenied(str(exc)) from exc
    request.lms_enrolment = progress.enrolment
    return None


@hooks.register("register_admin_viewset")
def register_assignments():
    return AssignmentViewSet("assignments")

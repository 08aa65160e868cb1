"""Wagtail admin: the sign-ins paused by the lockout, and their release by HR."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.access import agencies_for, has_role
from lms.models import Role, User
from lms.security.client_ip import client_ip
from lms.security.selectors import locked_accounts_for
from lms.security.services import login_lock_release


def may_release_locks(user) -> bool:
    return user.is_superuser or has_role(user, Role.HR)


class LockedAccountsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "security/admin/locked_accounts.html"
    page_title = gettext_lazy("Locked sign-ins")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not may_release_locks(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(locked=locked_accounts_for(user=self.request.user), **kwargs)


@require_POST
def release(request, officer_id: int):
    if not may_release_locks(request.user):
        raise PermissionDenied
    officers = User.objects.all()
    if not request.user.is_superuser:
        officers = officers.filter(agency__in=agencies_for(request.user, Role.HR))
    officer = officers.filter(pk=officer_id).first()
    if officer is None:
        raise Http404
    login_lock_release(actor=request.user, officer=officer, ip=client_ip(request))
    messages.success(
        request, _("%(name)s can sign in again now.") % {"name": officer.display_name or officer.username}
    )
    return redirect("lms_security:locked_accounts")

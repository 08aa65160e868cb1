from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.security import views


@hooks.register("register_admin_urls")
def security_admin_urls():
    urls = [
        path("", views.LockedAccountsView.as_view(), name="locked_accounts"),
        path("<int:officer_id>/release/", views.release, name="release"),
    ]
    return [path("locked-sign-ins/", include((urls, "lms_security")))]


class LockedSignInsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.may_release_locks(request.user)


@hooks.register("register_admin_menu_item")
def locked_sign_ins_menu_item():
    return LockedSignInsMenuItem(
        _("Locked sign-ins"), reverse("lms_security:locked_accounts"), icon_name="lock", order=260
    )

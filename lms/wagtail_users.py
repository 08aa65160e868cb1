"""Wagtail's own user admin lists and edits every account of every agency, so
only superusers may use it. HR and agency admins manage officers through the
scoped Officers screens (lms.wagtail_hooks), which see their subtree only.

Wagtail 8 looks permissions up per model, and lms.User also has the scoped
Officers screens, so this viewset guards its own URLs, menu item and search
area instead of changing the model's permission policy."""

import functools

from django.core.exceptions import PermissionDenied
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.users.views.users import UserViewSet


def _superuser(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


def _superuser_only(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        if not _superuser(request):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class SuperuserOnlyUserViewSet(UserViewSet):
    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            pattern.callback = _superuser_only(pattern.callback)
        return patterns

    @cached_property
    def menu_item_class(self):
        return type(
            "SuperuserOnlyUserMenuItem", (MenuItem,), {"is_shown": lambda _self, request: _superuser(request)}
        )

    @cached_property
    def search_area_class(self):
        base = super().search_area_class
        return type(
            "SuperuserOnlyUsersSearchArea", (base,), {"is_shown": lambda _self, request: _superuser(request)}
        )

"""wagtail.users with its user admin limited to superusers (see lms.wagtail_users)."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "lms.wagtail_users.SuperuserOnlyUserViewSet"

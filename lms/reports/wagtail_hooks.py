from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from lms.access import has_role
from lms.models import Role
from lms.reports import views
from lms.reports.admin_views import ApiTokenViewSet, MappingViewSet

app_name = "reports"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("officers/", views.OfficersView.as_view(), name="officers"),
    path("ita/", views.ItaView.as_view(), name="ita"),
    path("roster/", views.RosterUploadView.as_view(), name="roster_upload"),
    path("roster/<int:pk>/", views.RosterStatusView.as_view(), name="roster_status"),
    path("roster/<int:pk>/status.json", views.roster_status_json, name="roster_status_json"),
    path("roster/<int:pk>/apply/", views.roster_apply, name="roster_apply"),
    path("roster/<int:pk>/errors.csv", views.roster_errors, name="roster_errors"),
]


@hooks.register("register_admin_urls")
def register_urls():
    return [path("hr/", include((urlpatterns, "reports"), namespace="reports"))]


class HRMenuItem(MenuItem):
    def is_shown(self, request):
        return has_role(request.user, Role.HR)


api_tokens = ApiTokenViewSet()
column_mappings = MappingViewSet()


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [api_tokens, column_mappings]


@hooks.register("register_admin_menu_item")
def register_hr_menu():
    items = [
        HRMenuItem(_("Training dashboard"), reverse("reports:dashboard"), icon_name="table", order=100),
        HRMenuItem(
            _("Officers and their training"), reverse("reports:officers"), icon_name="group", order=200
        ),
        HRMenuItem(
            _("Integrity assessment (ITA) evidence"), reverse("reports:ita"), icon_name="doc-full", order=300
        ),
        HRMenuItem(_("Import roster"), reverse("reports:roster_upload"), icon_name="upload", order=400),
        HRMenuItem(
            _("Saved column mappings"), reverse("column_mappings:index"), icon_name="list-ul", order=500
        ),
        HRMenuItem(_("API tokens"), reverse("api_tokens:index"), icon_name="key", order=600),
    ]

    class HRSubmenu(SubmenuMenuItem):
        def is_shown(self, request):
            return has_role(request.user, Role.HR)

    return HRSubmenu(_("HR workspace"), Menu(items=items), icon_name="table", name="hr-workspace", order=240)

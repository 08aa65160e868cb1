from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from content.reports import H5PResultsReportView
from content.viewsets import H5PPackageViewSet, h5p_package_chooser_viewset
from lms.access import has_role
from lms.models import Role


@hooks.register("register_admin_viewset")
def register_h5p_packages():
    return H5PPackageViewSet()


@hooks.register("register_admin_viewset")
def register_h5p_package_chooser():
    return h5p_package_chooser_viewset


@hooks.register("register_admin_urls")
def register_h5p_results_report_url():
    return [
        path("reports/h5p-results/", H5PResultsReportView.as_view(), name="content_h5p_results"),
        path(
            "reports/h5p-results/results/",
            H5PResultsReportView.as_view(results_only=True),
            name="content_h5p_results_results",
        ),
    ]


class _StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return has_role(request.user, Role.HR) or has_role(request.user, Role.TRAINER)


@hooks.register("register_reports_menu_item")
def register_h5p_results_menu_item():
    return _StaffMenuItem(
        _("H5P activity results"), reverse("content_h5p_results"), icon_name="media", order=900
    )

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from lms.access import agencies_for
from lms.admin_forms import AgencyForm, OfficerForm
from lms.models import Agency, Role, User
from lms.scoping import ScopedModelViewSet


class IndentedAgencyColumn(Column):
    """The agency's Thai name, indented by its depth in the tree."""

    def get_value(self, instance):
        return "\u2003" * (instance.depth - 1) + instance.name_th


class AgencyViewSet(ScopedModelViewSet):
    model = Agency
    icon = "site"
    menu_label = _("Agencies")
    form_class = AgencyForm
    list_display = [IndentedAgencyColumn("name_th", label=_("Agency")), "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_th", "name_en", "code"]
    ordering = ["path"]
    inspect_view_enabled = True

    def scoped_queryset(self, request):
        return agencies_for(request.user, Role.HR) | agencies_for(request.user, Role.TRAINER)


class OfficerViewSet(ScopedModelViewSet):
    model = User
    icon = "group"
    menu_label = _("Officers")
    name = "officers"
    form_class = OfficerForm
    list_display = ["display_name", "employee_id", "agency", "position", "level", "is_active"]
    list_filter = ["level", "staff_type", "is_active"]
    search_fields = ["first_name", "last_name", "employee_id", "username", "email", "position"]
    ordering = ["agency__path", "first_name"]
    inspect_view_enabled = True
    list_per_page = 50

    def scoped_queryset(self, request):
        return User.objects.filter(agency__in=agencies_for(request.user, Role.HR)).select_related("agency")


class PeopleGroup(ModelViewSetGroup):
    menu_label = _("Agencies and officers")
    menu_icon = "group"
    menu_order = 250
    items = (AgencyViewSet, OfficerViewSet)


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleGroup()


@hooks.register("insert_global_admin_css")
def thai_admin_font():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-thai.css"))

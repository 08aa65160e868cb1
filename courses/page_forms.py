"""Admin forms of course pages: a trainer names only an agency they train for."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from lms.access import agencies_for
from lms.models import Role


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("owner_agency")
        if field is None or self.for_user is None:
            return
        field.queryset = agencies_for(self.for_user, Role.TRAINER).order_by("path")
        section = getattr(self.parent_page, "specific", None)
        section_owner = getattr(section, "owner_agency", None)
        if not self.instance.pk and section_owner is not None and not self.initial.get("owner_agency"):
            self.initial["owner_agency"] = section_owner.pk

    def clean_owner_agency(self):
        agency = self.cleaned_data.get("owner_agency")
        section = getattr(self.parent_page, "specific", None)
        section_owner = getattr(section, "owner_agency", None)
        if (
            agency is not None
            and section_owner is not None
            and not agency.path.startswith(section_owner.path)
        ):
            raise forms.ValidationError(
                _("A course in the section of %(section)s must be owned by that agency or one below it.")
                % {"section": section_owner.name_th}
            )
        return agency

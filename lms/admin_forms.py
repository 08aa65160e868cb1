from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.access import agencies_for
from lms.models import Agency, Role, User


class AgencyForm(WagtailAdminModelForm):
    parent = forms.ModelChoiceField(
        label=_("Parent agency"), queryset=Agency.objects.none(), required=True,
        help_text=_("The new agency is placed under this one."),
    )  # fmt: skip

    class Meta:
        model = Agency
        fields = ["code", "name_th", "name_en", "kind"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if self.instance.pk:
            del self.fields["parent"]
        else:
            self.fields["parent"].queryset = agencies_for(for_user, Role.AGENCY_ADMIN).order_by("path")

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit=commit)
        return self.cleaned_data["parent"].add_child(instance=self.instance)


class OfficerForm(WagtailAdminModelForm):
    class Meta:
        model = User
        fields = [
            "employee_id", "username", "title", "first_name", "last_name", "title_en", "first_name_en",
            "last_name_en", "email", "agency", "position", "position_type", "level", "staff_type", "is_active",
        ]  # fmt: skip

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["agency"].queryset = agencies_for(for_user, Role.HR).order_by("path")
        self.fields["agency"].required = True
        self.fields["employee_id"].required = True

    def save(self, commit=True):
        user = super().save(commit=False)
        if not user.pk:
            user.set_unusable_password()
        if commit:
            user.save()
        return user

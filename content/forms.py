from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from content.h5p import H5PValidationError, validate_package
from content.models import H5PPackage
from lms.access import agencies_for
from lms.models import Role


class H5PPackageForm(WagtailAdminModelForm):
    """Upload (create) or rename (edit) a package. The file is checked here,
    so the trainer sees every problem before anything is stored."""

    file = forms.FileField(
        label=_("H5P file (.h5p)"), required=True,
        help_text=_("An .h5p file exported from H5P, with its libraries included."),
    )  # fmt: skip

    class Meta:
        model = H5PPackage
        fields = ["title", "owner_agency"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["owner_agency"].queryset = agencies_for(for_user, Role.TRAINER).order_by("path")
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the title inside the package.")
        if self.instance.pk:
            del self.fields["file"]
        elif (
            for_user is not None
            and for_user.agency_id
            and not self.initial.get("owner_agency")
            and self.fields["owner_agency"].queryset.filter(pk=for_user.agency_id).exists()
        ):
            self.initial["owner_agency"] = for_user.agency_id
        self.info = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".h5p"):
            raise forms.ValidationError(_("Choose a file whose name ends in .h5p."), code="extension")
        try:
            self.info = validate_package(path_or_file=upload)
        except H5PValidationError as error:
            raise error.as_django_validation_error() from None
        finally:
            upload.seek(0)
        return upload

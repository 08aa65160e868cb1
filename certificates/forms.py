"""The certificate template form: a trainer gives the template to one of their own
agencies and cannot make it the default for every agency."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from lms.access import agencies_for
from lms.models import Role


class CertificateTemplateForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and for_user.is_superuser:
            return
        owner = self.fields["owner_agency"]
        owner.queryset = agencies_for(for_user, Role.TRAINER).order_by("path")
        owner.required = True
        owner.empty_label = None
        if (
            for_user is not None
            and owner.queryset.filter(pk=for_user.agency_id).exists()
            and not self.instance.pk
        ):
            self.initial.setdefault("owner_agency", for_user.agency_id)
        default = self.fields["is_default"]
        default.disabled = True
        default.help_text = _("Only an administrator chooses the template used for every agency's courses.")

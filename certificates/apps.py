from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _certificate_values(enrolment_ids):
    from django.utils import timezone

    from certificates.selectors import certificates_by_enrolment

    today = timezone.localdate()
    return {
        eid: {"certificate_number": c.number, "certificate_status": str(c.Status(c.status_on(today)).label)}
        for eid, c in certificates_by_enrolment(enrolment_ids=enrolment_ids).items()
    }


def _certificate_change_time():
    """When an enrolment's certificate was last issued, revoked or replaced."""
    from django.db.models import F, Max, OuterRef, Subquery
    from django.db.models.functions import Coalesce, Greatest

    from certificates.models import Certificate

    issued = F("issued_at")
    latest = Greatest(issued, Coalesce("revoked_at", issued), Coalesce("superseded_at", issued))
    return Subquery(
        Certificate.objects.filter(enrolment=OuterRef("pk")).order_by().values("enrolment")
        .annotate(t=Max(latest)).values("t")[:1]
    )  # fmt: skip


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from certificates import checks  # noqa: F401  (registers the HarfBuzz start-up check)
        from certificates.receivers import issue_on_completion
        from courses.signals import enrolment_completed
        from lms.models import Role
        from lms.roles import register_role_permissions

        enrolment_completed.connect(issue_on_completion, dispatch_uid="certificates_issue_on_completion")
        from certificates.privacy import certificates_anonymise, certificates_for_export
        from lms.privacy.registry import register_personal_data_provider
        from lms.reports.columns import (
            EnrolmentColumns,
            register_enrolment_change_time,
            register_enrolment_columns,
        )

        register_enrolment_change_time(_certificate_change_time)

        register_enrolment_columns(
            EnrolmentColumns(
                columns=[
                    ("certificate_number", _("Certificate number")),
                    ("certificate_status", _("Certificate")),
                ],
                fetch=_certificate_values,
            )
        )
        register_personal_data_provider(
            "certificates",
            label=_("Certificates"),
            export=certificates_for_export,
            anonymise=certificates_anonymise,
        )
        register_role_permissions(
            Role.TRAINER,
            {
                "certificates.add_certificatetemplate",
                "certificates.change_certificatetemplate",
                "certificates.view_certificatetemplate",
                "certificates.add_coursecertificatesetting",
                "certificates.change_coursecertificatesetting",
                "certificates.view_coursecertificatesetting",
            },
        )
        register_role_permissions(
            Role.HR, {"certificates.view_certificate", "certificates.change_certificate"}
        )

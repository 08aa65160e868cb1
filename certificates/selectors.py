"""Reads of certificates: who may see which, and lookups for other apps (HR dashboards)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from certificates.models import Certificate, CertificateTemplate
from lms.access import agencies_for
from lms.models import Role


def certificates_by_enrolment(*, enrolment_ids) -> dict[int, Certificate]:
    """The current certificate (revoked and expired included, superseded not) of each enrolment that
    has one, by enrolment id. One query."""
    return {
        c.enrolment_id: c
        for c in Certificate.objects.current().filter(enrolment_id__in=list(enrolment_ids)).order_by()
    }


def certificates_of_officer(*, user) -> QuerySet[Certificate]:
    """An officer's own current certificates, newest first."""
    if not user.is_authenticated:
        return Certificate.objects.none()
    return Certificate.objects.current().filter(user=user).order_by("-issued_at")


def certificates_for_hr(*, user) -> QuerySet[Certificate]:
    """Every certificate (all states) of officers whose agency is in the user's HR subtree."""
    return Certificate.objects.filter(user__agency__in=agencies_for(user, Role.HR)).select_related(
        "user", "course", "issuing_agency"
    )


def certificate_for_download(*, user, pk: int) -> Certificate | None:
    """The certificate if `user` may download its PDF: its owner, HR of the owner's agency subtree, or
    a superuser. None otherwise (the caller answers 404)."""
    if not user.is_authenticated:
        return None
    certificate = Certificate.objects.select_related("user").filter(pk=pk).first()
    if certificate is None:
        return None
    if certificate.user_id == user.pk or user.is_superuser:
        return certificate
    if (
        certificate.user.agency_id
        and agencies_for(user, Role.HR).filter(pk=certificate.user.agency_id).exists()
    ):
        return certificate
    return None


def templates_editable_by(*, user) -> QuerySet[CertificateTemplate]:
    """Templates `user` may change, copy or delete: those owned by an agency within their
    trainer reach. Shared templates (no owner, e.g. the default) belong to superusers."""
    if user.is_superuser:
        return CertificateTemplate.objects.all()
    return CertificateTemplate.objects.filter(owner_agency__in=agencies_for(user, Role.TRAINER))


def templates_usable_by(*, user) -> QuerySet[CertificateTemplate]:
    """Templates `user` may choose for a course: the shared ones and their agencies' own."""
    if user.is_superuser:
        return CertificateTemplate.objects.all()
    return CertificateTemplate.objects.filter(
        Q(owner_agency__isnull=True) | Q(owner_agency__in=agencies_for(user, Role.TRAINER))
    )

"""Celery tasks of certificates: thin wrappers around the services (acks_late is on in settings, so a
task whose worker dies is delivered again; every task here is idempotent)."""

from celery import shared_task

from certificates import services
from certificates.models import Certificate, CertificateExport
from lms.models import User


@shared_task(name="certificates.issue", autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def issue_certificate_task(enrolment_id: int) -> str | None:
    certificate = services.certificate_issue(enrolment_id=enrolment_id)
    return certificate.number if certificate else None


@shared_task(name="certificates.render", autoretry_for=(Exception,), retry_backoff=True, max_retries=8)
def render_certificate_task(certificate_id: int) -> None:
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        services.certificate_render(certificate=certificate)


@shared_task(name="certificates.sweep")
def sweep_certificates_task() -> tuple[int, int]:
    """Every minute (beat): issue what a lost task or a dead worker left undone."""
    return services.certificates_sweep()


@shared_task(name="certificates.open_recertification")
def open_recertification_task() -> int:
    """Daily (beat)."""
    return services.certificates_open_recertification()


@shared_task(name="certificates.regenerate", autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def regenerate_certificates_task(certificate_ids: list[int], actor_id: int | None = None) -> int:
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    certificates = list(Certificate.objects.filter(pk__in=certificate_ids).select_related("template"))
    return services.certificates_regenerate(certificates=certificates, actor=actor)


@shared_task(name="certificates.build_export", autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def build_export_task(export_id: int) -> None:
    export = CertificateExport.objects.select_related("agency").filter(pk=export_id).first()
    if export is None:
        return
    try:
        services.certificate_export_build(export=export)
    except Exception as exc:
        CertificateExport.objects.filter(pk=export_id).update(
            state=CertificateExport.State.FAILED, error=str(exc)[:500]
        )
        raise

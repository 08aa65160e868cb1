"""Business rules of certificates: issue, render, revoke, reissue, regenerate, verify, export, recertify.

Issuing is idempotent and crash-safe in two steps. (1) One short transaction holds a row lock on the
enrolment and on the agency-year sequence row, and creates the Certificate with its number, code and
snapshot; the partial unique constraint `one_current_certificate_per_enrolment` backs the "one per
cycle" rule even against code that forgets the lock. (2) The PDF is rendered and stored after that
commit. A worker that dies during (1) leaves nothing (the transaction rolls back, the number is not
used); one that dies during (2) leaves a certificate without a PDF, which the redelivered task or the
every-minute sweeper renders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certificates.layouts import certificate_data, template_layout
from certificates.models import (
    Certificate,
    CertificateExport,
    CertificateSequence,
    CertificateTemplate,
    CourseCertificateSetting,
    VerificationLog,
)
from certificates.numbering import format_certificate_number
from certificates.pure import expiry_date, mask_name, number_agency_code
from certificates.rendering import render_certificates_pdf
from courses.models import Enrolment
from courses.services import enrolment_open_next_cycle
from lms.access import agencies_for
from lms.audit import audit_record
from lms.models import Role
from lms.thai_dates import buddhist_year

logger = logging.getLogger(__name__)

DEFAULT_RECERTIFICATION_LEAD_DAYS = 30


_UNSET = object()


class CertificateError(ValueError):
    """A lifecycle action that cannot be done (the message is for the person who asked)."""


def course_setting(course_id: int) -> CourseCertificateSetting | None:
    return CourseCertificateSetting.objects.select_related("template").filter(course_id=course_id).first()


def template_for_course(course_id: int, *, setting=_UNSET) -> CertificateTemplate | None:
    """The course's own template, else the default one, else None (the built-in layout)."""
    if setting is _UNSET:
        setting = course_setting(course_id)
    if setting is not None and setting.template is not None:
        return setting.template
    return CertificateTemplate.objects.filter(is_default=True).first()


def _next_number(agency_code: str, be_year: int) -> str:
    """Called inside a transaction: locks the agency-year sequence row (SELECT … FOR UPDATE) until it
    ends, so concurrent issuers take turns and numbers have neither duplicates nor gaps."""
    rows = CertificateSequence.objects.select_for_update().filter(agency_code=agency_code, be_year=be_year)
    sequence = rows.first()
    if sequence is None:  # the first certificate of this agency and year
        CertificateSequence.objects.get_or_create(agency_code=agency_code, be_year=be_year)
        sequence = rows.get()
    sequence.last += 1
    CertificateSequence.objects.filter(pk=sequence.pk).update(last=sequence.last)
    return format_certificate_number(agency_code=agency_code, be_year=be_year, sequence=sequence.last)


def _snapshot(enrolment: Enrolment) -> dict:
    user, course = enrolment.user, enrolment.course
    completed_on = timezone.localdate(enrolment.completed_at)
    agency = user.agency
    return {
        "user": user,
        "course": course,
        "issuing_agency": course.owner_agency,
        "full_name": user.display_name or user.username,
        "full_name_en": user.display_name_en,
        "first_name": user.first_name or user.username,
        "last_name": user.last_name,
        "course_title": course.title,
        "agency_name": agency.name_th if agency else course.owner_agency.name_th,
        "issuing_agency_name": course.owner_agency.name_th,
        "completed_on": completed_on,
        "expires_on": expiry_date(completed_on, course.validity_months),
    }


def _create(
    enrolment: Enrolment, *, actor=None, action: str = "certificate.issue", extra=None, template=_UNSET
) -> Certificate:
    """Inside a transaction holding the enrolment's row lock."""
    snapshot = _snapshot(enrolment)
    now = timezone.now()
    number = _next_number(
        number_agency_code(snapshot["issuing_agency"].code), buddhist_year(timezone.localdate(now))
    )
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        template=template_for_course(enrolment.course_id) if template is _UNSET else template,
        number=number,
        verification_code=secrets.token_urlsafe(24),
        issued_at=now,
        **snapshot,
    )
    audit_record(
        action=action,
        actor=actor,
        target=certificate,
        data={"enrolment": enrolment.pk, "cycle": enrolment.cycle, **(extra or {})},
    )
    return certificate


def certificate_issue(*, enrolment_id: int) -> Certificate | None:
    """Issue the certificate of a completed enrolment cycle and store its PDF; return it.

    Idempotent: when the enrolment already has a current certificate, that one is returned (and its
    PDF rendered if a crash left it without one). Returns None when the enrolment is not completed or
    the course issues no certificates. Holds SELECT … FOR UPDATE on the enrolment row while checking
    and creating, so concurrent calls for one enrolment create one certificate; the partial unique
    constraint on (enrolment) for current certificates backs it.
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("user__agency", "course__owner_agency")
            .filter(pk=enrolment_id)
            .first()
        )
        if enrolment is None or enrolment.completed_at is None:
            return None
        certificate = Certificate.objects.current().filter(enrolment=enrolment).first()
        if certificate is None:
            setting = course_setting(enrolment.course_id)
            if setting is not None and not setting.issue_certificates:
                return None
            certificate = _create(
                enrolment, template=template_for_course(enrolment.course_id, setting=setting)
            )
    if not certificate.sha256:
        certificate_render(certificate=certificate)
    return certificate


def _store_pdf(certificate: Certificate, pdf: bytes, *, force: bool) -> bool:
    """Save the PDF and its SHA-256 unless another renderer got there first (when not forced)."""
    storage = certificate.pdf.storage
    old = certificate.pdf.name
    stored = storage.save(
        certificate.pdf.field.generate_filename(certificate, f"{secrets.token_hex(16)}.pdf"), ContentFile(pdf)
    )
    rows = Certificate.objects.filter(pk=certificate.pk)
    if not force:
        rows = rows.filter(sha256="")
    fields = {"pdf": stored, "sha256": hashlib.sha256(pdf).hexdigest(), "rendered_at": timezone.now()}
    if not rows.update(**fields):
        storage.delete(stored)
        certificate.refresh_from_db()
        return False
    if old and old != stored:
        storage.delete(old)
    for name, value in fields.items():
        setattr(certificate, name, value)
    return True


def _layout_for(certificate: Certificate):
    return template_layout(certificate.template)


def certificate_render(*, certificate: Certificate, force: bool = False) -> Certificate:
    """Render the certificate's PDF from its snapshot and its template, store it and its SHA-256.

    Without `force`, does nothing when a PDF is already stored (a racing renderer's PDF is kept).
    """
    if certificate.sha256 and not force:
        return certificate
    layout = _layout_for(certificate)
    [pdf] = render_certificates_pdf(
        layout=layout, items=[certificate_data(certificate, language=layout.language)]
    )
    _store_pdf(certificate, pdf, force=force)
    return certificate


def certificates_regenerate(*, certificates, actor=None, use_course_template: bool = True) -> int:
    """Render the PDFs of these certificates again (after a template change), keeping their numbers,
    codes and snapshots; superseded ones are skipped. Each certificate takes its course's current
    template when `use_course_template`. Returns how many PDFs were replaced; one audit event."""
    current = [c for c in certificates if c.superseded_at is None]
    by_template: dict[int | None, list[Certificate]] = {}
    for certificate in current:
        if use_course_template:
            template = template_for_course(certificate.course_id)
            if template != certificate.template:
                Certificate.objects.filter(pk=certificate.pk).update(template=template)
                certificate.template = template
        by_template.setdefault(certificate.template_id, []).append(certificate)
    done = 0
    for group in by_template.values():
        layout = _layout_for(group[0])
        pdfs = render_certificates_pdf(
            layout=layout, items=[certificate_data(c, language=layout.language) for c in group]
        )
        for certificate, pdf in zip(group, pdfs, strict=True):
            done += _store_pdf(certificate, pdf, force=True)
    if done:
        audit_record(
            action="certificate.regenerate",
            actor=actor,
            data={"count": done, "numbers": [c.number for c in current][:500]},
        )
    return done


def certificate_revoke(
    *, certificate: Certificate, revoked_by, reason: str, ip: str | None = None
) -> Certificate:
    """Revoke a current certificate with a reason (required). The verify page then says revoked.
    Holds a row lock on the certificate; revoking twice is refused."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give the reason for revoking this certificate."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.superseded_at is not None:
            raise CertificateError(
                _("This certificate was replaced by a reissued one; revoke that one instead.")
            )
        if locked.revoked_at is not None:
            raise CertificateError(_("This certificate is already revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = revoked_by
        locked.revocation_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        audit_record(
            action="certificate.revoke", actor=revoked_by, target=locked, data={"reason": reason}, ip=ip
        )
    return locked


def certificate_reissue(*, certificate: Certificate, reissued_by, ip: str | None = None) -> Certificate:
    """Replace a current, unrevoked certificate after a correction (e.g. the officer's name).

    The new certificate gets a new number and a new verification code and copies the officer's and
    course's data as they are now; the dates of completion and expiry stay. The old one is marked
    superseded (its QR code then says so), pointing at the new one. Runs holding row locks on the
    enrolment and the old certificate; its PDF is rendered after commit.
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("user__agency", "course__owner_agency")
            .get(pk=certificate.enrolment_id)
        )
        old = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if old.superseded_at is not None:
            raise CertificateError(_("This certificate was already replaced by a reissued one."))
        if old.revoked_at is not None:
            raise CertificateError(_("A revoked certificate cannot be reissued."))
        old.superseded_at = timezone.now()
        old.save(update_fields=["superseded_at"])
        new = _create(
            enrolment, actor=reissued_by, action="certificate.reissue", extra={"replaces": old.number}
        )
        Certificate.objects.filter(pk=new.pk).update(completed_on=old.completed_on, expires_on=old.expires_on)
        old.superseded_by = new
        old.save(update_fields=["superseded_by"])
        new.refresh_from_db()
        transaction.on_commit(lambda: schedule_render(new.pk))
    return new


_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def schedule_render(certificate_id: int) -> None:
    """Queue the PDF rendering; if the broker is down the sweeper renders it later."""
    from certificates.tasks import render_certificate_task

    try:
        render_certificate_task.apply_async(args=[certificate_id], retry_policy=_QUICK_RETRY)
    except Exception:
        logger.warning(
            "Could not queue rendering of certificate %s; the sweeper will render it", certificate_id
        )


def schedule_issue(enrolment_id: int) -> None:
    """Queue issuance for a completed enrolment. A broker that is down must not undo or break the
    completion: the failure is logged and the every-minute sweeper issues the certificate later."""
    from certificates.tasks import issue_certificate_task

    try:
        # Retry once only: a request must not hang while the broker is away; the sweeper catches up.
        issue_certificate_task.apply_async(args=[enrolment_id], retry_policy=_QUICK_RETRY)
    except Exception:
        logger.warning(
            "Could not queue the certificate of enrolment %s (broker down?); the sweeper will issue it",
            enrolment_id,
            exc_info=True,
        )


def certificates_sweep(*, limit: int = 200) -> tuple[int, int]:
    """Issue certificates for completed enrolments that have none (their task was lost, e.g. the
    broker was down at completion, or a worker died) and render PDFs a crash left missing.
    Returns (issued, rendered). Safe to run at any time and concurrently: issuing is idempotent."""
    missing = (
        Enrolment.objects.filter(completed_at__isnull=False)
        .exclude(Exists(Certificate.objects.filter(enrolment=OuterRef("pk"))))
        .exclude(course__certificate_setting__issue_certificates=False)
        .order_by("completed_at")
        .values_list("pk", flat=True)[:limit]
    )
    issued = 0
    for enrolment_id in list(missing):
        if certificate_issue(enrolment_id=enrolment_id) is not None:
            issued += 1
    # Give a live issuing task a moment to store its own PDF before rendering it here.
    stale = timezone.now() - dt.timedelta(seconds=settings.CERTIFICATES_RENDER_GRACE_SECONDS)
    rendered = 0
    for certificate in Certificate.objects.current().filter(sha256="", issued_at__lt=stale)[:limit]:
        certificate_render(certificate=certificate)
        rendered += 1
    return issued, rendered


# Verification ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public may know about a certificate (PDPA: nothing more)."""

    status: str
    status_label: str
    masked_name: str
    course: str
    issuing_agency: str
    issued_on: dt.date
    number: str
    expires_on: dt.date | None


def certificate_verify(
    *, code: str, channel: str, ip: str | None = None, user_agent: str = ""
) -> Verification | None:
    """Look up a verification code and log the check (found or not). None when unknown."""
    certificate = Certificate.objects.filter(verification_code=code).first() if code else None
    result = None
    if certificate is not None:
        status = certificate.status
        result = Verification(
            status=status,
            status_label=str(Certificate.Status(status).label),
            masked_name=mask_name(certificate.first_name, certificate.last_name),
            course=certificate.course_title,
            issuing_agency=certificate.issuing_agency_name,
            issued_on=timezone.localdate(certificate.issued_at),
            number=certificate.number,
            expires_on=certificate.expires_on,
        )
    VerificationLog.objects.create(
        certificate=certificate,
        code_prefix=(code or "")[:12],
        found=certificate is not None,
        status=result.status if result else "",
        channel=channel,
        ip=ip,
        user_agent=(user_agent or "")[:255],
    )
    return result


# ZIP exports ---------------------------------------------------------------------------------------


def certificate_export_create(
    *, requested_by, agency, course, issued_from: dt.date, issued_until: dt.date
) -> CertificateExport:
    """Ask for a ZIP of the current certificates of `course` held by officers of `agency`'s subtree,
    issued in the period; it is built in the background. The requester must be HR of the agency."""
    if not agencies_for(requested_by, Role.HR).filter(pk=agency.pk).exists():
        raise CertificateError(_("You may download certificates only of your own agencies."))
    if issued_from > issued_until:
        raise CertificateError(_("The start of the period must not be after its end."))
    with transaction.atomic():
        export = CertificateExport.objects.create(
            requested_by=requested_by,
            agency=agency,
            course=course,
            issued_from=issued_from,
            issued_until=issued_until,
        )
        audit_record(
            action="certificate.export",
            actor=requested_by,
            target=export,
            data={"course": course.pk, "agency": agency.code, "from": issued_from, "until": issued_until},
        )

        def schedule():
            from certificates.tasks import build_export_task

            try:
                build_export_task.delay(export.pk)
            except Exception:
                logger.exception("Could not queue certificate export %s", export.pk)
                CertificateExport.objects.filter(pk=export.pk).update(
                    state=CertificateExport.State.FAILED, error="broker unavailable"
                )

        transaction.on_commit(schedule)
    return export


def export_certificates(export: CertificateExport):
    start = timezone.make_aware(dt.datetime.combine(export.issued_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(export.issued_until + dt.timedelta(days=1), dt.time.min))
    return (
        Certificate.objects.current()
        .filter(
            course_id=export.course_id,
            user__agency__path__startswith=export.agency.path,
            issued_at__gte=start,
            issued_at__lt=end,
        )
        .order_by("number")
    )


def certificate_export_build(*, export: CertificateExport) -> CertificateExport:
    """Build the ZIP (one PDF per certificate, named by its number), counting progress as it goes so
    the admin's progress bar can follow. Safe to run again: it starts over and replaces the file."""
    certificates = list(export_certificates(export))
    CertificateExport.objects.filter(pk=export.pk).update(
        state=CertificateExport.State.RUNNING, total=len(certificates), done=0, error=""
    )
    step = max(1, len(certificates) // 50)
    with tempfile.TemporaryFile() as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
            for i, certificate in enumerate(certificates, start=1):
                if not certificate.sha256:
                    certificate_render(certificate=certificate)
                with certificate.pdf.open("rb") as fh:
                    archive.writestr(f"{certificate.number}.pdf", fh.read())
                if i % step == 0:
                    CertificateExport.objects.filter(pk=export.pk).update(done=i)
        tmp.seek(0)
        export.file.save(f"{secrets.token_hex(12)}.zip", File(tmp), save=False)
    CertificateExport.objects.filter(pk=export.pk).update(
        file=export.file.name,
        state=CertificateExport.State.READY,
        done=len(certificates),
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export


# Expiry and recertification --------------------------------------------------------------------------


def _lead_days(course_id: int, cache: dict[int, int]) -> int:
    if course_id not in cache:
        setting = course_setting(course_id)
        cache[course_id] = setting.recertification_lead_days if setting else DEFAULT_RECERTIFICATION_LEAD_DAYS
    return cache[course_id]


def certificates_open_recertification(*, today: dt.date | None = None) -> int:
    """For every valid certificate whose expiry is within its course's lead days: open the next
    enrolment cycle (due on the expiry date) and e-mail the officer, once per certificate.

    Each certificate is handled holding a row lock on it; `recertification_opened_at` records that it
    was done, so the daily run and any overlapping run send one e-mail per certificate. The e-mail is
    sent after commit. Returns how many were opened.
    """
    today = today or timezone.localdate()
    max_lead = max(
        [
            DEFAULT_RECERTIFICATION_LEAD_DAYS,
            *CourseCertificateSetting.objects.values_list("recertification_lead_days", flat=True),
        ]
    )
    candidates = (
        Certificate.objects.valid(today=today)
        .filter(recertification_opened_at__isnull=True, expires_on__isnull=False, user__is_active=True)
        .filter(expires_on__lte=today + dt.timedelta(days=max_lead))
        .values_list("pk", "course_id", "expires_on")
    )
    leads: dict[int, int] = {}
    opened = 0
    for pk, course_id, expires_on in list(candidates):
        if expires_on - dt.timedelta(days=_lead_days(course_id, leads)) > today:
            continue
        with transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update(of=("self",))
                .select_related("enrolment", "user")
                .get(pk=pk)
            )
            if certificate.recertification_opened_at is not None:
                continue
            next_cycle = enrolment_open_next_cycle(
                enrolment=certificate.enrolment, due_at=certificate.expires_on
            )
            certificate.recertification_opened_at = timezone.now()
            certificate.save(update_fields=["recertification_opened_at"])
            transaction.on_commit(lambda c=certificate, n=next_cycle: _send_recertification_email(c, n))
        opened += 1
    return opened


def _send_recertification_email(certificate: Certificate, next_cycle: Enrolment) -> None:
    from django.core.mail import send_mail

    user = certificate.user
    if not user.email:
        return
    from lms.thai_dates import format_thai_date

    context = {
        "name": certificate.full_name,
        "course": certificate.course_title,
        "number": certificate.number,
        "expires_on": format_thai_date(certificate.expires_on),
        "due_on": format_thai_date(next_cycle.due_at),
        "url": settings.SITE_BASE_URL.rstrip("/") + (next_cycle.course.url or ""),
    }
    with translation.override("th"):
        subject = _("Recertification: %(course)s") % {"course": certificate.course_title}
        body = render_to_string("certificates/email/recertification.txt", context)
    send_mail(subject, body, None, [user.email])

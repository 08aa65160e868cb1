"""The officer's certificates in their personal-data file, and what anonymising
a leaver does to them: the holder's names are replaced and the PDF removed, while
the number, dates and status stay, so that the verify page still answers."""

from __future__ import annotations

from django.utils import timezone

from certificates.models import Certificate


def certificates_for_export(user) -> list[dict]:
    today = timezone.localdate()
    return [
        {
            "number": c.number,
            "course": c.course_title,
            "name_on_certificate": c.full_name,
            "issuing_agency": c.issuing_agency_name,
            "completed_on": c.completed_on.isoformat(),
            "issued_at": c.issued_at.isoformat(),
            "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            "status": c.status_on(today),
            "verification_code": c.verification_code,
        }  # fmt: skip
        for c in Certificate.objects.filter(user=user).order_by("issued_at")
    ]


def certificates_anonymise(user, pseudonym: str) -> None:
    for certificate in Certificate.objects.filter(user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.full_name = certificate.first_name = pseudonym
        certificate.full_name_en = certificate.last_name = ""
        certificate.sha256 = ""
        certificate.save(
            update_fields=["full_name", "first_name", "full_name_en", "last_name", "pdf", "sha256"]
        )

"""From the database to the pure rendering dataclasses: a template's layout, a certificate's data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from certificates.rendering import (
    DEFAULT_BODY,
    DEFAULT_BODY_EN,
    CertificateData,
    CertificateLayout,
    Signatory,
    render_certificate_pdf,
)


def _image_path(image) -> Path | None:
    if image is None:
        return None
    # Certificates are rendered from the original file on the media storage's disk.
    return Path(image.file.path)


def builtin_layout() -> CertificateLayout:
    """The layout used when no template exists at all."""
    return CertificateLayout()


#: Layouts by (template id, updated_at): saving a template (its logos and signatories are saved with
#: it) changes updated_at, so an edited template is never served from here. Bounded by the number of
#: templates, which is small.
_layouts: dict[tuple[int, object], CertificateLayout] = {}


def template_layout(template) -> CertificateLayout:
    """The rendering layout of a CertificateTemplate (raises FileNotFoundError for a missing image)."""
    if template is None:
        return builtin_layout()
    if template.pk is None:
        return _template_layout(template)
    key = (template.pk, template.updated_at)
    layout = _layouts.get(key)
    if layout is None:
        layout = _layouts[key] = _template_layout(template)
    return layout


def _template_layout(template) -> CertificateLayout:
    return CertificateLayout(
        title=template.title,
        body=template.body or (DEFAULT_BODY_EN if template.language == "en" else DEFAULT_BODY),
        orientation=template.orientation,
        background_image=_image_path(template.background_image),
        logos=tuple(_image_path(logo.image) for logo in template.logos.all() if logo.image_id),
        signatories=tuple(
            Signatory(name=s.name, position=s.position, signature_image=_image_path(s.signature_image))
            for s in template.signatories.all()
        ),
        language=template.language,
        thai_digits=template.thai_digits,
        issuer=template.issuer,
        preamble=template.preamble,
    )


def verify_url(code: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + reverse("verify:certificate", args=[code])


def certificate_data(certificate, *, language: str = "th") -> CertificateData:
    """What one certificate shows, from its snapshot (never from the live officer or course)."""
    name = (
        certificate.full_name_en if language == "en" and certificate.full_name_en else certificate.full_name
    )
    return CertificateData(
        number=certificate.number,
        full_name=name,
        course=certificate.course_title,
        agency=certificate.agency_name,
        completed_on=certificate.completed_on,
        expires_on=certificate.expires_on,
        verify_url=verify_url(certificate.verification_code),
    )


SAMPLE_CODE = "ตัวอย่าง-preview"


def sample_pdf(*, template) -> bytes:
    """The template's certificate for a made-up officer, for the admin preview."""
    layout = template_layout(template)
    data = CertificateData(
        number="SSO-2569-000123",
        full_name="นางสาวสมหญิง ใจดี" if layout.language == "th" else "Ms Somying Jaidee",
        course="การป้องกันผลประโยชน์ทับซ้อนในการปฏิบัติราชการ"
        if layout.language == "th"
        else "Preventing conflicts of interest in public service",
        agency="สำนักงานประกันสังคมจังหวัดเชียงใหม่" if layout.language == "th" else "Chiang Mai Provincial SSO",
        completed_on=dt.date(2026, 11, 25),
        expires_on=dt.date(2028, 11, 24),
        verify_url=settings.SITE_BASE_URL.rstrip("/") + "/verify/preview/",
    )
    return render_certificate_pdf(layout=layout, data=data)

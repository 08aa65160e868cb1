"""This app's operations of the /api/v1/ JSON API (wired in lms.api)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from certificates import selectors, services
from certificates.models import VerificationLog
from lms.security.client_ip import client_ip
from lms.security.ratelimit import by_ip, rate_limit_response

router = Router(tags=["certificates"])


class VerificationOut(Schema):
    status: str
    status_label: str
    masked_name: str
    course: str
    issuing_agency: str
    issued_on: dt.date


class ErrorOut(Schema):
    detail: str


class MyCertificateOut(Schema):
    id: int
    number: str
    course_id: int
    course_title: str
    status: str
    completed_on: dt.date
    issued_at: dt.datetime
    expires_on: dt.date | None
    pdf_url: str | None
    verify_url: str


@router.get(
    "/certificates/verify/{code}",
    auth=None,
    response={200: VerificationOut, 404: ErrorOut, 429: ErrorOut},
    summary="Verify a certificate by its code (public; same answer as the verify page)",
)
def verify(request, code: str):
    if (limited := rate_limit_response(request, scope="certificate-verify-ip", key=by_ip)) is not None:
        return limited
    result = services.certificate_verify(
        code=code,
        channel=VerificationLog.Channel.API,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if result is None:
        return 404, {"detail": _("No certificate has this verification code.")}
    return 200, {
        "status": result.status,
        "status_label": result.status_label,
        "masked_name": result.masked_name,
        "course": result.course,
        "issuing_agency": result.issuing_agency,
        "issued_on": result.issued_on,
    }


@router.get(
    "/me/certificates", response=list[MyCertificateOut], summary="The signed-in officer's certificates"
)
def my_certificates(request):
    items = []
    for c in selectors.certificates_of_officer(user=request.user):
        items.append(
            {
                "id": c.pk,
                "number": c.number,
                "course_id": c.course_id,
                "course_title": c.course_title,
                "status": c.status,
                "completed_on": c.completed_on,
                "issued_at": c.issued_at,
                "expires_on": c.expires_on,
                "pdf_url": request.build_absolute_uri(reverse("certificates:pdf", args=[c.pk]))
                if c.pdf
                else None,
                "verify_url": request.build_absolute_uri(c.verify_path),
            }
        )
    return items

"""Officers' "My certificates", PDF downloads, and the public verify page (thin adapters)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from certificates import selectors, services
from certificates.models import VerificationLog
from lms.security.client_ip import client_ip
from lms.security.ratelimit import by_ip, rate_limit_response


@login_required
def my_certificates_view(request):
    certificates = selectors.certificates_of_officer(user=request.user)
    return render(request, "certificates/mine.html", {"certificates": certificates})


@login_required
def certificate_pdf_view(request, pk: int):
    certificate = selectors.certificate_for_download(user=request.user, pk=pk)
    if certificate is None or not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=f"{certificate.number}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def verify_view(request, code: str):
    if (limited := rate_limit_response(request, scope="certificate-verify-ip", key=by_ip)) is not None:
        return limited
    result = services.certificate_verify(
        code=code,
        channel=VerificationLog.Channel.WEB,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if result is None:
        return render(request, "certificates/verify_not_found.html", status=404)
    response = render(request, "certificates/verify.html", {"result": result})
    response["X-Robots-Tag"] = "noindex"
    return response

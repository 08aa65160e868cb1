"""The glue between django-axes and our sign-in: which account a typed name means,
and the Thai page shown to a locked-out pair of account and address."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def canonical_username(typed: str | None) -> str | None:
    """Officers sign in with their username or their employee ID: both count against the
    same account, so switching between them does not double the allowed guesses."""
    typed = (typed or "").strip()
    if not typed:
        return typed or None
    found = (
        get_user_model()
        .objects.filter(Q(username=typed) | Q(employee_id=typed))
        .order_by("pk")
        .values_list("username", flat=True)
        .first()
    )
    return found or typed


def axes_username(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE. Remembered on the request: axes asks several times."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    cache = getattr(request, "_lms_axes_usernames", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._lms_axes_usernames = cache
    if typed not in cache:
        cache[typed] = canonical_username(typed)
    return cache[typed]


def cooloff_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, int(cooloff.total_seconds() // 60)) if cooloff else 0


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: 429 with a Thai explanation and Retry-After."""
    minutes = cooloff_minutes()
    if request.headers.get("x-requested-with") == "XMLHttpRequest" or request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("Too many wrong passwords. Sign-in is paused for this account from this network.")},
            status=429,
        )
    else:
        response = render(
            request,
            "security/locked_out.html",
            {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
            status=429,
        )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response

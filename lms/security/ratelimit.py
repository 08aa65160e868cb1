"""Rate limits counted in the default cache, with a Thai 429 answer.

Use it on a view::

    from lms.security.ratelimit import by_ip, by_user, ratelimit

    @ratelimit(scope="certificate-verify-ip", key=by_ip)
    def verify(request, code): ...

or inside any view or django-ninja operation::

    if (limited := rate_limit_response(request, scope="xapi-user", key=by_user)) is not None:
        return limited

The rate of each scope comes from `settings.RATELIMITS` (e.g. "60/m"); a scope that is
not listed there is not limited, so operators tune or switch off a limit without a code
change (`RATELIMIT_ENABLED=False` switches all off, for load tests).

Counting is a fixed window per (scope, key): `cache.add` then `cache.incr`, both atomic
in Redis and in LocMem. Production must use a cache shared by every web process
(REDIS_CACHE_URL); with a per-process cache each process counts alone.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.security.client_ip import client_ip
from lms.security.rates import Rate, parse_rate

KeyFunc = Callable[[HttpRequest], str | None]


def by_ip(request: HttpRequest) -> str | None:
    return client_ip(request)


def by_user(request: HttpRequest) -> str | None:
    """The signed-in user (anonymous requests are counted by address)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def by_post_field(name: str, *, lower: bool = True) -> KeyFunc:
    """The value of a POSTed field (e.g. the e-mail a reset is asked for); empty = not counted."""

    def key(request: HttpRequest) -> str | None:
        value = (request.POST.get(name) or "").strip()
        return (value.lower() if lower else value) or None

    return key


def _rate_for(scope: str) -> Rate | None:
    if not getattr(settings, "RATELIMIT_ENABLED", True):
        return None
    text = getattr(settings, "RATELIMITS", {}).get(scope)
    return parse_rate(text) if text else None


def rate_limit_hit(*, scope: str, ident: str, rate: Rate, now: float | None = None) -> int:
    """Count one request of `ident` in `scope`; return 0 if it is allowed, otherwise the
    number of seconds until the window ends (the Retry-After)."""
    now = time.time() if now is None else now
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    key = f"rl:{scope}:{rate.seconds}:{rate.window(now)}:{digest}"
    if cache.add(key, 1, timeout=rate.seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=rate.seconds + 5)
            count = 1
    return rate.retry_after(now) if count > rate.limit else 0


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("json" in accept and "html" not in accept)


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 answer, in the request's language (Thai first), with Retry-After."""
    minutes = max(1, (retry_after + 59) // 60)
    message = ngettext(
        "Too many requests. Please wait %(minutes)d minute and try again.",
        "Too many requests. Please wait %(minutes)d minutes and try again.",
        minutes,
    ) % {"minutes": minutes}
    if _wants_json(request):
        response = JsonResponse({"detail": message, "retry_after": retry_after}, status=429)
    else:
        html = render_to_string(
            "security/rate_limited.html",
            {"message": message, "retry_after": retry_after, "title": _("Please wait a moment")},
            request=request,
        )
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit_response(
    request: HttpRequest, *, scope: str, key: KeyFunc, methods: Iterable[str] | None = None
) -> HttpResponse | None:
    """Count this request; return the 429 response if it is over the scope's rate, else None."""
    if methods is not None and request.method not in set(methods):
        return None
    rate = _rate_for(scope)
    if rate is None:
        return None
    ident = key(request)
    if not ident:
        return None
    retry_after = rate_limit_hit(scope=scope, ident=ident, rate=rate)
    return too_many_requests(request, retry_after) if retry_after else None


def ratelimit(*, scope: str, key: KeyFunc = by_ip, methods: Iterable[str] | None = ("POST",)):
    """View decorator (function views; for a class use method_decorator on dispatch).
    `methods=None` counts every method."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            limited = rate_limit_response(request, scope=scope, key=key, methods=methods)
            if limited is not None:
                return limited
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

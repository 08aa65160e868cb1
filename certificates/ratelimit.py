"""A fixed-window rate limit per client IP on Django's cache (the verify page and API)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str | None:
    # Behind a proxy, set the proxy to overwrite REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips
    # with a middleware); X-Forwarded-For from the client is not trusted here.
    return request.META.get("REMOTE_ADDR") or None


def _limit() -> tuple[int, int]:
    count, _, seconds = str(settings.CERTIFICATES_VERIFY_RATE_LIMIT).partition("/")
    return int(count), int(seconds or 60)


def verify_allowed(request) -> bool:
    """Count this check against the client's window; False once the window's checks are used up."""
    count, seconds = _limit()
    window = int(time.time() // seconds)
    key = f"certificates:verify:{client_ip(request) or 'unknown'}:{window}"
    cache.add(key, 0, timeout=seconds + 5)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 5)
        used = 1
    return used <= count

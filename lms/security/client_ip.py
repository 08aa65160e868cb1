"""The client's address, the one answer used by the login lockout and the rate limits.

REMOTE_ADDR unless the deployment says how many reverse proxies it trusts
(`TRUSTED_PROXY_COUNT`): then the address is read from `CLIENT_IP_HEADER`
(X-Forwarded-For), counting that many entries from the right, because each
trusted proxy appends the address it saw and anything further left was written
by the client and can be forged."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    header = request.META.get(getattr(settings, "CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR"), "")
    hops = [h for h in (part.strip() for part in header.split(",")) if h]
    if len(hops) < count:
        # The proxy did not set the header: a misconfiguration; never guess from the client.
        return remote
    return _valid(hops[-count]) or remote

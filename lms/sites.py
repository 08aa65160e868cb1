"""Wagtail looks up the site of every request with one query and its root page with
another. Sites and their root pages change rarely, so each web process keeps them for
SITE_CACHE_SECONDS; a change saved in this process is seen at once, one saved in another
process within that time."""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port
from wagtail.models import Page, Site

#: (hostname, port) -> (expires at, site with its specific root page, or None)
_sites: dict[tuple[str, str], tuple[float, Site | None]] = {}


def site_for_request(request) -> Site | None:
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())  # noqa: SLF001 - as Wagtail does
    now = time.monotonic()
    cached = _sites.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    site = Site._find_for_request(request)  # noqa: SLF001 - the uncached lookup
    if site is not None:
        site.root_page = site.root_page.specific  # routing starts here: no query per request
    _sites[key] = (now + settings.SITE_CACHE_SECONDS, site)
    return site


class SiteCacheMiddleware:
    """Gives Wagtail the request's site (Site.find_for_request reads request._wagtail_site).
    The JSON API needs no site and is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            request._wagtail_site = site_for_request(request)  # noqa: SLF001 - Wagtail's per-request cache
        return self.get_response(request)


def forget_sites() -> None:
    """Drop every cached site (also for tests: a rolled-back database sends no signal)."""
    _sites.clear()


@receiver(post_save, dispatch_uid="lms_sites_forget_on_save")
@receiver(post_delete, dispatch_uid="lms_sites_forget_on_delete")
def _forget(sender, instance, **kwargs):
    if isinstance(instance, Site) or (isinstance(instance, Page) and (instance.depth or 0) <= 2):
        forget_sites()

"""Serving H5P packages to the sandboxed player frame.

The frame is an <iframe sandbox="allow-scripts"> (no allow-same-origin): its
document has an opaque origin, so package JavaScript cannot read our cookies,
our DOM or call our API as the officer. Its requests carry no cookies, so the
player page and package files are authorised by the signed token in their
URL alone (content.signing), never by the session; tokens are only made for
people allowed to play (content.playback / selectors.may_play). Every
response carries a strict Content-Security-Policy and nosniff; files that a
browser could run as a document (SVG, XML, HTML) are also sent as
attachments with a sandboxing CSP."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from content.h5p import content_type_for, is_active_content
from content.playback import player_url
from content.selectors import packages_for_trainer
from content.signing import max_age, read_token

#: For the player document: scripts only from our origin; nothing may be posted or framed.
PLAYER_CSP = (
    "sandbox allow-scripts; default-src 'none'; script-src 'self' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
#: For every package file, in case it is opened as a document: no script at all.
FILE_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'"
)


def _no_cookies_headers(response: HttpResponse, csp: str) -> HttpResponse:
    response["Content-Security-Policy"] = csp
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    # The sandboxed frame's origin is opaque ("null"): it needs CORS to fetch
    # JSON and fonts. No credentials are ever allowed.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    patch_cache_control(response, private=True, max_age=min(3600, max_age()))
    return response


@require_safe
def player(request, token: str):
    """The document inside the sandboxed frame: h5p-standalone and our frame
    script, pointed at the package's signed file URLs."""
    found = read_token(token)
    if found is None:
        raise Http404
    package_id, folder = found
    if not (Path(settings.MEDIA_ROOT) / folder / "h5p.json").is_file():
        raise Http404
    config = {
        "base": request.path.replace("/play/", "/files/", 1).rstrip("/"),
        "frameJs": static("h5p-standalone/frame.bundle.js"),
        "frameCss": static("h5p-standalone/styles/h5p.css"),
        "parentOrigin": f"{request.scheme}://{request.get_host()}",
        "packageId": package_id,
    }
    # No request context: the page must not touch the session or CSRF cookie.
    response = HttpResponse(render_to_string("content/player.html", {"config": config}))
    return _no_cookies_headers(response, PLAYER_CSP)


def _safe_relative(path: str) -> str | None:
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    normal = posixpath.normpath(path)
    if normal.startswith("../") or normal == ".." or normal.startswith("/") or normal == ".":
        return None
    if any(part.startswith(".") for part in normal.split("/")):
        return None
    return normal


@require_safe
def package_file(request, token: str, path: str):
    """One file of a package, by signed token. 404 for a bad token, a path
    outside the package, or a file that is not there."""
    found = read_token(token)
    relative = _safe_relative(path)
    if found is None or relative is None:
        raise Http404
    root = (Path(settings.MEDIA_ROOT) / found[1]).resolve()
    target = (root / relative).resolve()
    if root not in target.parents or not target.is_file():
        raise Http404
    response = FileResponse(open(target, "rb"), content_type=content_type_for(relative))  # noqa: SIM115
    if is_active_content(relative):
        response["Content-Disposition"] = f'attachment; filename="{os.path.basename(relative)}"'
    return _no_cookies_headers(response, FILE_CSP)


@login_required
def preview(request, package_id: int):
    """A trainer checks that an uploaded package plays (nothing is recorded)."""
    package = get_object_or_404(packages_for_trainer(request.user), pk=package_id)
    return render(request, "content/preview.html", {"package": package, "player_url": player_url(package)})

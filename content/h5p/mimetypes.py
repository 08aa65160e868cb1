"""Content types for files served out of extracted H5P packages.

The table is fixed rather than taken from the standard library's ``mimetypes``,
whose answers depend on the host's /etc/mime.types (a server without it serves
``.js`` or ``.woff2`` with the wrong type, and browsers refuse module scripts and
fonts served that way).

Serving rules for the view (see ``is_active_content``):
- always send ``X-Content-Type-Options: nosniff`` with the type given here;
- serve active content only from a sandboxed, cookie-less path with
  ``Content-Security-Policy: sandbox; default-src 'none'; style-src 'unsafe-inline'``
  (or as an attachment), never from the site's own origin with its cookies.
"""

from __future__ import annotations

import os
import posixpath

__all__ = [
    "ACTIVE_EXTENSIONS",
    "CONTENT_TYPES",
    "DEFAULT_CONTENT_TYPE",
    "content_type_for",
    "is_active_content",
]

DEFAULT_CONTENT_TYPE = "application/octet-stream"

CONTENT_TYPES: dict[str, str] = {
    # Code and data the player loads
    "js": "text/javascript",
    "css": "text/css",
    "json": "application/json",
    # Images
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
    # Fonts
    "eot": "application/vnd.ms-fontobject",
    "ttf": "font/ttf",
    "otf": "font/otf",
    "woff": "font/woff",
    "woff2": "font/woff2",
    # Audio and video
    "webm": "video/webm",
    "mp4": "video/mp4",
    "ogg": "audio/ogg",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "vtt": "text/vtt",
    "webvtt": "text/vtt",
    "swf": "application/x-shockwave-flash",
    # Documents
    "txt": "text/plain",
    "md": "text/markdown",
    "textile": "text/plain",
    "csv": "text/csv",
    "diff": "text/x-diff",
    "patch": "text/x-diff",
    "xml": "application/xml",
    "pdf": "application/pdf",
    "rtf": "application/rtf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    # Not allowed in packages, listed so that a caller never serves them as something harmless.
    "html": "text/html",
    "htm": "text/html",
    "xhtml": "application/xhtml+xml",
}

# Types a browser renders as a document that can run script when the file is
# opened directly (navigation, <iframe>, <object>): in the site's origin that
# script would see the officer's session. .js and .css are not here: opened
# directly they are shown as text; they run only when a page includes them,
# which the H5P player does by design.
ACTIVE_EXTENSIONS: frozenset[str] = frozenset(
    {"svg", "svgz", "xml", "xsl", "xslt", "html", "htm", "xhtml", "xht", "mht", "mhtml", "shtml", "swf"}
)


def _extension(path: str | os.PathLike[str]) -> str:
    name = posixpath.basename(os.fspath(path).replace("\\", "/"))
    return posixpath.splitext(name)[1].lower().lstrip(".")


def content_type_for(path: str | os.PathLike[str]) -> str:
    """The MIME type to serve ``path`` with, chosen by its extension (case-insensitive);
    ``application/octet-stream`` for anything unknown. Never guesses from content."""
    return CONTENT_TYPES.get(_extension(path), DEFAULT_CONTENT_TYPE)


def is_active_content(path: str | os.PathLike[str]) -> bool:
    """True if the file, opened directly in a browser, could run script (SVG, XML,
    HTML, Flash…), so it must be served sandboxed or as an attachment."""
    return _extension(path) in ACTIVE_EXTENSIONS

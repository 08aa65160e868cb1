"""Short-lived signed URLs for a package's files. The URL is the whole
credential: the player frame is sandboxed (an opaque origin that sends no
cookies), so the files cannot rely on the session. A URL is only made for
someone allowed to play the package (see selectors.may_play)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "content.h5p.files"


def max_age() -> int:
    return int(getattr(settings, "H5P_URL_MAX_AGE", 6 * 60 * 60))


def package_token(*, package_id: int, folder: str) -> str:
    """A token naming the package and its folder (so a token outlives nothing
    it was made for: a re-uploaded package gets a new folder)."""
    return signing.dumps([package_id, folder], salt=SALT, compress=False)


def read_token(token: str) -> tuple[int, str] | None:
    """(package id, folder), or None when the token is forged, damaged or older than max_age()."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.BadSignature:
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        return None
    return value[0], value[1]

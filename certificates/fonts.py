"""The Sarabun font files that certificates embed, and whether PDF font subsetting is fast here.

Certificates never rely on system fonts: a missing or different system font would change the
layout or drop Thai glyphs silently. The TTFs come from the pinned `fontpkg-sarabun` package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg_sarabun

FAMILY = "Sarabun"
FONT_DIR: Path = fontpkg_sarabun.ROOT / "files"


@dataclass(frozen=True)
class FontFace:
    """One shipped face: CSS weight and style, and the TTF file."""

    weight: int
    style: str
    path: Path

    @property
    def url(self) -> str:
        return self.path.as_uri()


#: The faces the certificate stylesheet declares. Each face used is subset and embedded in every
#: PDF, so the certificate uses two: regular text and bold headings.
FACES: tuple[FontFace, ...] = (
    FontFace(400, "normal", FONT_DIR / "Sarabun-Regular.ttf"),
    FontFace(700, "normal", FONT_DIR / "Sarabun-Bold.ttf"),
)

SARABUN_REGULAR = FONT_DIR / "Sarabun-Regular.ttf"
SARABUN_BOLD = FONT_DIR / "Sarabun-Bold.ttf"


def missing_font_files() -> list[Path]:
    """The declared font files that are not on disk (empty when the package is installed whole)."""
    return [face.path for face in FACES if not face.path.is_file()]


@cache
def harfbuzz_subset_available() -> bool:
    """True when WeasyPrint will subset fonts with HarfBuzz (fast) rather than fontTools (~3x slower).

    Decided the way WeasyPrint's `pdf.fonts.Font.subset` decides: the `libharfbuzz-subset` library
    was loaded and HarfBuzz is at least 4.1.0. Importing WeasyPrint's FFI module warns once when
    the library is missing; that is the start-up warning the platform wants anyway.
    """
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))

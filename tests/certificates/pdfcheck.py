"""Check a PDF the way a person would: read its text, its fonts, its page size, scan its QR code.

Uses poppler-utils (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbar-tools (zbarimg), the tools a
Debian machine has for this; nothing here reads PDF internals.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def _run(args: list[str]) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=120).stdout


def _with_file(pdf: bytes, fn):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return fn(path, Path(tmp))


def pdf_text(pdf: bytes) -> str:
    """The text as `pdftotext` extracts it (copy and search in viewers behave the same way)."""
    return _with_file(pdf, lambda path, _: _run(["pdftotext", "-enc", "UTF-8", str(path), "-"]))


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def without_space(text: str) -> str:
    """Text with all white space removed: Thai has no spaces between words, so where a Thai line
    wraps, pdftotext's line break would otherwise read as a space that the source does not have."""
    return "".join(text.split())


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool
    subset: bool
    unicode_map: bool


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    """The fonts `pdffonts` lists, with whether each is embedded, subset and has a Unicode map."""
    out = _with_file(pdf, lambda path, _: _run(["pdffonts", str(path)]))
    fonts = []
    for line in out.splitlines()[2:]:
        # name, type (may contain spaces), encoding, emb, sub, uni, object id, generation
        match = re.match(r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        if match:
            fonts.append(
                PdfFont(
                    name=match[1],
                    type=match[2],
                    embedded=match[4] == "yes",
                    subset=match[5] == "yes",
                    unicode_map=match[6] == "yes",
                )
            )
    return fonts


def pdf_info(pdf: bytes) -> dict[str, str]:
    out = _with_file(pdf, lambda path, _: _run(["pdfinfo", str(path)]))
    return {
        key.strip(): value.strip() for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def page_count(pdf: bytes) -> int:
    return int(pdf_info(pdf)["Pages"])


def page_size_pt(pdf: bytes) -> tuple[int, int]:
    """Width and height of the first page in PDF points, rounded (A4 is 595 x 842)."""
    match = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(pdf)["Page size"])
    assert match, "pdfinfo gave no page size"
    return round(float(match[1])), round(float(match[2]))


def qr_codes(pdf: bytes, *, dpi: int = 200) -> list[str]:
    """What a scanner reads from the first page printed at `dpi`: the data of every QR code found."""

    def scan(path: Path, tmp: Path) -> list[str]:
        _run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(dpi),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(path),
                str(tmp / "page"),
            ]
        )
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(tmp / "page.png")],
            capture_output=True,
            text=True,
            timeout=120,
        )
        # zbarimg exits 4 when it finds no code; that is an answer, not an error.
        if result.returncode not in (0, 4):
            raise RuntimeError(result.stderr)
        return [line for line in result.stdout.splitlines() if line]

    return _with_file(pdf, scan)

"""Thai PDF certificates with WeasyPrint: one HTML template, a one-off path and a fast bulk path.

Pure rendering, no ORM: callers pass plain dataclasses. `render_certificate_html` is the single
source of the certificate's HTML; `render_certificate_pdf` and `render_certificates_pdf` turn it
into standalone PDFs that embed the shipped Sarabun fonts, keep Thai text extractable and carry a
QR code of the verify URL.

Why the bulk path is fast (measured on a 2-core machine with libharfbuzz-subset, see
bench/scenarios/certificate_bulk.py):
- the stylesheet, with its @font-face rules, is parsed once into a `weasyprint.CSS` bound to one
  `FontConfiguration`, so the font files are not loaded and registered again for every certificate;
- certificates are laid out in batches, each certificate a page of one document, and every page is
  written as its own PDF with `document.copy([page]).write_pdf()`, so WeasyPrint's per-document
  start-up (HTML parsing set-up, the user-agent stylesheet cascade, font lookups) is paid once per batch;
- the cyclic garbage collector is paused while a batch is laid out and written (about 15%).
Tried and dropped as not measurably faster here: skipping the repeated font subsetting of the PDFs
of one batch, uncompressed PDFs, batches of 10 or 100 instead of 50.
The certificate itself is kept cheap to lay out for both paths: two font faces, a QR code as a tiny
PNG rather than SVG, no flex boxes, no dotted borders (WeasyPrint draws each dot as a path).
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, override

from certificates.fonts import FACES
from certificates.qr import qr_png_data_uri
from lms.thai_dates import format_thai_date, to_thai_digits

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
DOCUMENT_TEMPLATE = "certificates/pdf/document.html"
STYLESHEET_TEMPLATE = "certificates/pdf/certificate.css"

ORIENTATIONS = ("landscape", "portrait")
LANGUAGES = ("th", "en")
MAX_LOGOS = 3
MAX_SIGNATORIES = 3
#: Certificates laid out together as the pages of one document in the bulk path.
BATCH_SIZE = 50

PLACEHOLDERS = ("full_name", "course", "agency", "completed_on", "expires_on", "number")
_PLACEHOLDER_RE = re.compile(r"\{(\w+)\}")

TITLE_COMPLETION = "วุฒิบัตร"
TITLE_HONOUR = "เกียรติบัตร"
DEFAULT_BODY = "สังกัด {agency}\nได้ผ่านการอบรมหลักสูตร “{course}”\nให้ไว้ ณ วันที่ {completed_on}"
DEFAULT_BODY_EN = "of {agency}\nhas completed the course “{course}”\nGiven on {completed_on}"

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def unknown_placeholders(body: str) -> list[str]:
    """The `{name}` placeholders in a body text that certificates cannot fill, e.g. ["{fullname}"].

    For the certificate template form to reject a typo before any certificate is issued.
    """
    return sorted(
        {f"{{{name}}}" for name in _PLACEHOLDER_RE.findall(body)} - {f"{{{p}}}" for p in PLACEHOLDERS}
    )


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str
    signature_image: Path | None = None


@dataclass(frozen=True)
class CertificateLayout:
    """How a certificate looks; one layout serves every certificate of a course.

    `body` is plain text (never HTML) with the placeholders {full_name}, {course}, {agency},
    {completed_on}, {expires_on} and {number}; new lines are kept. `preamble` is the line above
    the name; empty means the standard sentence in the layout's language.
    """

    title: str = TITLE_COMPLETION
    body: str = DEFAULT_BODY
    orientation: str = "landscape"
    background_image: Path | None = None
    logos: tuple[Path, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    language: str = "th"
    thai_digits: bool = False
    issuer: str = ""
    preamble: str = ""

    def __post_init__(self) -> None:
        if self.orientation not in ORIENTATIONS:
            raise ValueError(f"orientation must be one of {ORIENTATIONS}, not {self.orientation!r}")
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {self.language!r}")
        if len(self.logos) > MAX_LOGOS:
            raise ValueError(f"at most {MAX_LOGOS} logos")
        if len(self.signatories) > MAX_SIGNATORIES:
            raise ValueError(f"at most {MAX_SIGNATORIES} signatories")
        unknown = unknown_placeholders(self.body)
        if unknown:
            raise ValueError(f"unknown placeholders in body: {', '.join(unknown)}")


@dataclass(frozen=True)
class CertificateData:
    """What differs between two certificates of one layout."""

    number: str
    full_name: str
    course: str
    agency: str
    completed_on: dt.date
    verify_url: str
    expires_on: dt.date | None = None


def format_certificate_date(value: dt.date | None, *, language: str, thai_digits: bool = False) -> str:
    """'25 พฤศจิกายน 2569' (Buddhist era) in Thai, '25 November 2026' in English; '' for None."""
    if value is None:
        return ""
    if language == "th":
        return format_thai_date(value, style="full", thai_digits=thai_digits)
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"


@dataclass(frozen=True)
class _Prepared:
    """Layout-wide values, computed once per batch rather than per certificate."""

    layout: CertificateLayout
    title: str
    captions: dict[str, str]
    layout_images: dict[str, object]
    signatories: list[dict[str, object]]
    body_template: str = field(repr=False)
    valid_until: str = field(repr=False)


def _file_uri(path: Path) -> str:
    path = Path(path)
    if not path.is_file():
        # WeasyPrint would only log a warning and leave a hole in the certificate.
        raise FileNotFoundError(f"certificate image not found: {path}")
    return path.resolve().as_uri()


def _digits(layout: CertificateLayout, text: str) -> str:
    return to_thai_digits(text) if layout.thai_digits else text


def _prepare(layout: CertificateLayout) -> _Prepared:
    title = _digits(layout, layout.title)
    with override(layout.language):
        preamble = layout.preamble or gettext("This {title} is presented to certify that")
        captions = {
            "preamble": _digits(layout, preamble.replace("{title}", title)),
            "number": gettext("No."),
            "verify": gettext("Verify"),
        }
        valid_until = gettext("Valid until {date}")
    return _Prepared(
        layout=layout,
        title=title,
        captions=captions,
        layout_images={
            "background": _file_uri(layout.background_image) if layout.background_image else "",
            "logos": [_file_uri(logo) for logo in layout.logos],
        },
        signatories=[
            {
                "name": s.name,
                "position": s.position,
                "image": _file_uri(s.signature_image) if s.signature_image else "",
            }
            for s in layout.signatories
        ],
        body_template=_digits(layout, layout.body),
        valid_until=valid_until,
    )


def _fill_body(prepared: _Prepared, data: CertificateData) -> SafeString:
    layout = prepared.layout

    def date(value: dt.date | None) -> str:
        return format_certificate_date(value, language=layout.language, thai_digits=layout.thai_digits)

    # The number stays in Arabic digits: people type it into the verify page.
    values = {
        "full_name": _digits(layout, data.full_name),
        "course": _digits(layout, data.course),
        "agency": _digits(layout, data.agency),
        "completed_on": date(data.completed_on),
        "expires_on": date(data.expires_on),
        "number": data.number,
    }

    def replace(match: re.Match[str]) -> str:
        name = match[1]
        if name == "course":
            # The only value set apart; every extra inline box costs layout time in bulk.
            return f'<b class="course">{escape(values[name])}</b>'
        return str(escape(values[name]))

    # Escape the author's text first, then insert escaped values: neither can inject markup.
    html = _PLACEHOLDER_RE.sub(replace, str(escape(prepared.body_template)))
    # One paragraph a line: cheaper to lay out than <br> inside one inline formatting context.
    return mark_safe("".join(f"<p>{line}</p>" for line in html.split("\n")))  # noqa: S308 - all escaped


def _certificate_context(prepared: _Prepared, data: CertificateData) -> dict[str, object]:
    layout = prepared.layout
    expires = format_certificate_date(
        data.expires_on, language=layout.language, thai_digits=layout.thai_digits
    )
    return {
        "number": data.number,
        "full_name": data.full_name,
        "agency": data.agency,
        "body": _fill_body(prepared, data),
        "expires_on": data.expires_on,
        "valid_until": prepared.valid_until.replace("{date}", expires),
        "qr": qr_png_data_uri(data.verify_url),
    }


# Thai text needs more than WeasyPrint's glyph-to-character map to extract correctly: HarfBuzz splits
# SARA AM (ำ) into NIKHAHIT + SARA AA, so the SARA AA glyph cannot map to both "า" and "ำ" (whichever
# comes first wins and every later "า" or "ำ" extracts wrongly), and raised marks (ิ ี ่ ้) land on a
# separate line in pdftotext. A PDF marked-content span with /ActualText carries the true text of a
# text run; poppler, Acrobat and screen readers use it for search, copy and extraction.
_THAI_RE = re.compile("[\u0e00-\u0e7f]")
_actual_text_lock = threading.Lock()
_actual_text_installed = False


def _install_thai_actual_text() -> None:
    """Wrap each drawn Thai text run of WeasyPrint (any document in this process) in /ActualText."""
    global _actual_text_installed
    with _actual_text_lock:
        if _actual_text_installed:
            return
        import pydyf
        import weasyprint.draw

        draw_text = weasyprint.draw.draw_text

        def draw_text_with_actual_text(stream, textbox, *args, **kwargs):
            text = textbox.text
            if not _THAI_RE.search(text) or textbox.style["visibility"] != "visible":
                return draw_text(stream, textbox, *args, **kwargs)
            # With pdf_tags WeasyPrint's own /Span (MCID) encloses this one; PDF allows the nesting.
            stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}).data)
            try:
                return draw_text(stream, textbox, *args, **kwargs)
            finally:
                stream.end_marked_content()

        weasyprint.draw.draw_text = draw_text_with_actual_text
        _actual_text_installed = True


_install_thai_actual_text()


@cache
def _engine() -> Engine:
    # A standalone engine on our own directory: rendering works whether or not the app is installed
    # and whatever the project's TEMPLATES setting says.
    return Engine(dirs=[str(TEMPLATE_DIR)], autoescape=True, debug=False)


def _render_document(prepared: _Prepared, items: Sequence[CertificateData], *, inline_style: bool) -> str:
    layout = prepared.layout
    context = {
        "language": layout.language,
        "document_title": prepared.title,
        "inline_style": inline_style,
        "font_faces": FACES,
        "layout": {"orientation": layout.orientation, "title": prepared.title, "issuer": layout.issuer},
        "layout_images": prepared.layout_images,
        "captions": prepared.captions,
        "signatories": prepared.signatories,
        "certificates": [_certificate_context(prepared, item) for item in items],
    }
    return _engine().get_template(DOCUMENT_TEMPLATE).render(Context(context))


def render_certificate_html(*, layout: CertificateLayout, data: CertificateData) -> str:
    """The complete HTML of one certificate, with its own <style> and @font-face rules.

    Both PDF paths lay out exactly this markup; `weasyprint.HTML(string=...).write_pdf()` of it gives
    a correct certificate on its own. Every value from `data` and every text of `layout` is
    HTML-escaped; raises FileNotFoundError when a layout image is missing.
    """
    return _render_document(_prepare(layout), [data], inline_style=True)


def certificate_stylesheet_source() -> str:
    """The certificate CSS (the same text render_certificate_html inlines)."""
    return _engine().get_template(STYLESHEET_TEMPLATE).render(Context({"font_faces": FACES}))


class _Shared:
    """One FontConfiguration and one parsed stylesheet for the life of the process."""

    def __init__(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.font_config = FontConfiguration()
        self.stylesheet = CSS(string=certificate_stylesheet_source(), font_config=self.font_config)
        # WeasyPrint's layout objects are not meant to be shared between threads at once.
        self.lock = threading.Lock()


@cache
def _shared() -> _Shared:
    # Dropped at exit while WeasyPrint's modules still exist; its FontConfiguration.__del__ fails
    # noisily when it runs during interpreter teardown.
    atexit.register(_shared.cache_clear)
    return _Shared()


def _render_batch(prepared: _Prepared, items: Sequence[CertificateData]) -> list[bytes]:
    shared = _shared()
    html = _render_document(prepared, items, inline_style=False)
    # A laid-out batch is hundreds of thousands of long-lived objects; the cyclic collector would
    # scan them again and again while the batch is built (about 15% of the time). Reference
    # counting still frees everything; the collector runs as usual after the batch.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        with shared.lock:
            return _layout_and_write(shared, html, count=len(items))
    finally:
        if gc_was_enabled:
            gc.enable()


def _layout_and_write(shared: _Shared, html: str, *, count: int) -> list[bytes]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(TEMPLATE_DIR)).render(
        stylesheets=[shared.stylesheet], font_config=shared.font_config
    )
    if len(document.pages) != count:
        raise RuntimeError(
            f"{count} certificates laid out on {len(document.pages)} pages; "
            "a certificate must fit on exactly one page"
        )
    if count == 1:
        return [document.write_pdf()]
    return [document.copy([page]).write_pdf() for page in document.pages]


def render_certificates_pdf(
    *, layout: CertificateLayout, items: Sequence[CertificateData], batch_size: int = BATCH_SIZE
) -> list[bytes]:
    """One standalone PDF per item, in the order given, each a single A4 page.

    Each PDF embeds subsets of the shipped Sarabun fonts, its Thai text extracts in reading order,
    and its QR code decodes to the item's verify URL. The output's text equals what
    `render_certificate_pdf` gives for the same item. Safe to call from several threads (they take
    turns); raises FileNotFoundError when a layout image is missing.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    prepared = _prepare(layout)
    pdfs: list[bytes] = []
    for start in range(0, len(items), batch_size):
        pdfs.extend(_render_batch(prepared, items[start : start + batch_size]))
    return pdfs


def render_certificate_pdf(*, layout: CertificateLayout, data: CertificateData) -> bytes:
    """One certificate as a standalone single-page PDF (see `render_certificates_pdf`)."""
    return _render_batch(_prepare(layout), [data])[0]


def _render_chunk(args: tuple[CertificateLayout, Sequence[CertificateData], int]) -> list[bytes]:
    layout, items, batch_size = args
    return render_certificates_pdf(layout=layout, items=items, batch_size=batch_size)


def _may_fork() -> bool:
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return False
    try:
        import billiard.process

        # A Celery prefork pool process: its children would outlive a killed worker unsupervised.
        return not billiard.process.current_process().daemon
    except ImportError:  # pragma: no cover - billiard comes with Celery
        return True


def render_certificates_pdf_parallel(
    *,
    layout: CertificateLayout,
    items: Sequence[CertificateData],
    processes: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[bytes]:
    """`render_certificates_pdf` spread over `processes` forked processes (default: one per CPU).

    The same PDFs in the same order. Each process lays out whole batches, so the parent's parsed
    stylesheet and loaded fonts (warmed here before forking) are shared copy-on-write. Falls back to
    one process when there is one CPU, fewer than two batches, or when called inside a daemonic
    process (a Celery prefork pool process may not fork children of its own); call it from a web
    process, a management command or a dedicated worker (`--pool=solo` or threads).
    """
    import multiprocessing
    import os

    processes = processes or os.cpu_count() or 1
    chunks = [items[start : start + batch_size] for start in range(0, len(items), batch_size)]
    if processes < 2 or len(chunks) < 2 or not _may_fork():
        return render_certificates_pdf(layout=layout, items=items, batch_size=batch_size)
    _shared()  # parse the stylesheet and load the fonts once, before forking
    context = multiprocessing.get_context("fork")
    with context.Pool(min(processes, len(chunks))) as pool:
        results = pool.map(_render_chunk, [(layout, chunk, batch_size) for chunk in chunks], chunksize=1)
    return [pdf for chunk_pdfs in results for pdf in chunk_pdfs]

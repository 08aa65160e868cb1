"""certificate-bulk: 1,000 separate Thai PDF certificates, QR code included.

ours: `certificates.rendering.render_certificates_pdf_parallel` (one parsed stylesheet and
FontConfiguration, batches laid out as the pages of one document, one PDF per page, batches spread over
one forked process per CPU). baseline: the quick-start use,
`weasyprint.HTML(string=render_certificate_html(...)).write_pdf()` for each certificate, with the
template's own <style> and @font-face. Both lay out the very same HTML. The unit is certificates per
second; with smoke=True the run is 20 certificates and every PDF is checked with poppler and zbar the
way a person would read and scan it (BenchmarkError on any difference from the baseline).
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from bench.harness import BenchmarkError, Result, timed

SCENARIO = "certificate-bulk"
COUNT = 1000
SMOKE_COUNT = 20
#: Certificates whose fonts and QR code are checked in a smoke run (text is checked for all).
SMOKE_DEEP_CHECKS = 3


def _ensure_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
        django.setup()


def _baseline_pdf(layout, item) -> bytes:
    from weasyprint import HTML

    from certificates.rendering import render_certificate_html

    return HTML(string=render_certificate_html(layout=layout, data=item)).write_pdf()


def _tool(args: list[str], *, ok=(0,)) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if result.returncode not in ok:
        raise BenchmarkError(f"{args[0]} failed: {result.stderr.strip()}")
    return result.stdout


def _check(pdfs: list[bytes], baseline: list[bytes], items) -> None:
    if len(pdfs) != len(items) or len(baseline) != len(items):
        raise BenchmarkError(f"{len(items)} certificates asked, {len(pdfs)} made (baseline {len(baseline)})")
    with tempfile.TemporaryDirectory() as tmp:
        for i, (ours, base, item) in enumerate(zip(pdfs, baseline, items, strict=True)):
            if not ours.startswith(b"%PDF-"):
                raise BenchmarkError(f"certificate {item.number} is not a PDF")
            texts = []
            for label, pdf in (("ours", ours), ("baseline", base)):
                path = Path(tmp) / f"{label}.pdf"
                path.write_bytes(pdf)
                texts.append(_tool(["pdftotext", "-enc", "UTF-8", str(path), "-"]))
            if texts[0] != texts[1]:
                raise BenchmarkError(f"certificate {item.number}: text differs from the baseline's")
            squashed = "".join(texts[0].split())
            for expected in (item.full_name, item.course, item.number):
                if "".join(expected.split()) not in squashed:
                    raise BenchmarkError(
                        f"certificate {item.number}: {expected!r} does not extract from the PDF"
                    )
            if i >= SMOKE_DEEP_CHECKS:
                continue
            path = Path(tmp) / "ours.pdf"
            path.write_bytes(ours)
            fonts = _tool(["pdffonts", str(path)]).splitlines()[2:]
            if not fonts or any(
                "Sarabun" not in line or not re.search(r"\syes\s+yes\s+yes\s", line) for line in fonts
            ):
                raise BenchmarkError(
                    f"certificate {item.number}: fonts not embedded Sarabun subsets: {fonts}"
                )
            _tool(["pdftoppm", "-png", "-r", "200", "-singlefile", str(path), str(Path(tmp) / "page")])
            codes = _tool(["zbarimg", "--quiet", "--raw", str(Path(tmp) / "page.png")], ok=(0, 4)).split()
            if codes != [item.verify_url]:
                raise BenchmarkError(
                    f"certificate {item.number}: QR code reads {codes}, not {item.verify_url}"
                )


def run(*, size: str, smoke: bool) -> Result:
    _ensure_django()
    from bench.scenarios._certificate_data import sample_certificates, sample_layout
    from certificates.fonts import harfbuzz_subset_available
    from certificates.rendering import BATCH_SIZE, render_certificates_pdf, render_certificates_pdf_parallel

    count = SMOKE_COUNT if smoke else COUNT
    layout = sample_layout()
    items = sample_certificates(count)
    # First use loads fonts into fontconfig, compiles templates and cffi types: not per-certificate costs.
    render_certificates_pdf(layout=layout, items=items[:2])
    _baseline_pdf(layout, items[0])

    # The smoke run uses small batches so that it, too, spreads them over processes.
    batch_size = 5 if smoke else BATCH_SIZE
    ours_s, ours = timed(render_certificates_pdf_parallel, layout=layout, items=items, batch_size=batch_size)
    base_s, baseline = timed(lambda: [_baseline_pdf(layout, item) for item in items])
    if smoke:
        _check(ours, baseline, items)
    return Result(
        scenario=SCENARIO,
        ours=count / ours_s,
        baseline=count / base_s,
        unit="certificates/s",
        size=size,
        extra={
            "certificates": count,
            "ours_ms_each": round(ours_s / count * 1000, 1),
            "baseline_ms_each": round(base_s / count * 1000, 1),
            "harfbuzz_subset": harfbuzz_subset_available(),
            "processes": os.cpu_count(),
        },
    )

"""certificate-one: one certificate issued on demand, end to end through the service.

Each measurement is `certificates.services.certificate_issue(enrolment_id=…)` for a completed
enrolment that has no certificate yet: lock the enrolment, take the next number of the agency's
sequence, copy the snapshot, write the audit event, commit, render the Thai PDF with its QR code,
store it and its SHA-256. Reported: the median in ms (goal ≤ 60 ms with HarfBuzz subsetting); no
baseline. With smoke=True every stored PDF is checked (text, fonts, QR code) and a BenchmarkError
is raised on any fault.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import tempfile
import time
import uuid

from bench.harness import BenchmarkError, Result
from bench.scenarios.certificate_bulk import _ensure_django

SCENARIO = "certificate-one"
COUNT = 60
SMOKE_COUNT = 4
WARM_UP = 2


def _ensure_schema() -> None:
    from django.core.management import call_command
    from django.db import connection

    if "certificates_certificate" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0, interactive=False)


def _dataset(count: int):
    from django.utils import timezone

    from bench.scenarios._certificate_data import FIRST_NAMES_FEMALE, LAST_NAMES, SEED
    from courses.models import CourseIndexPage, CoursePage, Enrolment
    from lms.models import Agency, HomePage, User

    suffix = uuid.uuid4().hex[:6].upper()
    root = Agency.add_root(code=f"BENCH{suffix}", name_th="สำนักงานประกันสังคม", kind=Agency.Kind.DEPARTMENT)
    office = Agency.objects.get(pk=root.pk).add_child(
        code=f"BENCH{suffix}-CMI", name_th="สำนักงานประกันสังคมจังหวัดเชียงใหม่", kind=Agency.Kind.PROVINCE_OFFICE
    )
    home = HomePage.objects.first()
    catalogue = home.add_child(instance=CourseIndexPage(title="หลักสูตร", slug=f"bench-{suffix.lower()}"))
    course = catalogue.add_child(
        instance=CoursePage(
            title="การป้องกันผลประโยชน์ทับซ้อนในการปฏิบัติราชการ", slug="coi", summary="สรุป",
            owner_agency=root, validity_months=24,
        )
    )  # fmt: skip
    rng = random.Random(SEED)
    enrolments = []
    for i in range(count):
        user = User.objects.create(
            username=f"bench-{suffix}-{i}", title="นางสาว", first_name=rng.choice(FIRST_NAMES_FEMALE),
            last_name=rng.choice(LAST_NAMES), agency=office,
        )  # fmt: skip
        enrolments.append(
            Enrolment.objects.create(
                user=user, course=course, completed_at=timezone.now(), status=Enrolment.Status.COMPLETED
            )
        )
    return enrolments


def _check(certificates) -> None:
    from bench.scenarios.certificate_bulk import _tool

    with tempfile.TemporaryDirectory() as tmp:
        for cert in certificates:
            pdf = cert.pdf.read()
            if hashlib.sha256(pdf).hexdigest() != cert.sha256:
                raise BenchmarkError(f"certificate {cert.number}: stored SHA-256 does not match the PDF")
            path = f"{tmp}/c.pdf"
            with open(path, "wb") as fh:
                fh.write(pdf)
            text = "".join(_tool(["pdftotext", "-enc", "UTF-8", path, "-"]).split())
            for expected in (cert.number, cert.course_title, cert.last_name):
                if "".join(expected.split()) not in text:
                    raise BenchmarkError(f"certificate {cert.number}: {expected!r} does not extract")
            fonts = _tool(["pdffonts", path]).splitlines()[2:]
            if not fonts or any("Sarabun" not in line for line in fonts):
                raise BenchmarkError(f"certificate {cert.number}: fonts are not embedded Sarabun: {fonts}")
            _tool(["pdftoppm", "-png", "-r", "200", "-singlefile", path, f"{tmp}/page"])
            codes = _tool(["zbarimg", "--quiet", "--raw", f"{tmp}/page.png"], ok=(0, 4)).split()
            if len(codes) != 1 or not codes[0].endswith(f"/verify/{cert.verification_code}/"):
                raise BenchmarkError(f"certificate {cert.number}: QR code reads {codes}")


def run(*, size: str, smoke: bool) -> Result:
    _ensure_django()
    _ensure_schema()
    from django.test import override_settings

    from certificates.fonts import harfbuzz_subset_available
    from certificates.models import Certificate
    from certificates.services import certificate_issue

    count = SMOKE_COUNT if smoke else COUNT
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        enrolments = _dataset(count + WARM_UP)
        for enrolment in enrolments[:WARM_UP]:
            certificate_issue(enrolment_id=enrolment.pk)
        times = []
        for enrolment in enrolments[WARM_UP:]:
            start = time.perf_counter()
            certificate = certificate_issue(enrolment_id=enrolment.pk)
            times.append(time.perf_counter() - start)
            if certificate is None or not certificate.sha256:
                raise BenchmarkError(f"enrolment {enrolment.pk}: no certificate issued")
        issued = list(Certificate.objects.filter(enrolment__in=enrolments[WARM_UP:]))
        if len(issued) != count or len({c.number for c in issued}) != count:
            raise BenchmarkError(f"{count} certificates expected, {len(issued)} issued")
        if smoke:
            _check(issued)
    median_ms = statistics.median(times) * 1000
    return Result(
        scenario=SCENARIO,
        ours=median_ms,
        baseline=None,
        unit="ms",
        higher_is_better=False,
        size=size,
        extra={
            "certificates": count,
            "p90_ms": round(sorted(times)[int(len(times) * 0.9) - 1] * 1000, 1) if len(times) >= 10 else None,
            "harfbuzz_subset": harfbuzz_subset_available(),
        },
    )

"""Demo certificates: a default Thai template (วุฒิบัตร, placeholder signatories, no real person's
name) and the certificates of demo-officer's completed courses. Idempotent."""

from __future__ import annotations

from certificates.models import Certificate, CertificateTemplate, CertificateTemplateSignatory
from certificates.services import certificate_issue
from courses.models import Enrolment

TEMPLATE_NAME = "วุฒิบัตรมาตรฐาน (ค่าเริ่มต้น)"
SIGNATORIES = [
    ("(ชื่อ-สกุล ผู้ลงนาม)", "ผู้อำนวยการกองบริหารทรัพยากรบุคคล สำนักงานประกันสังคม"),
    ("(ชื่อ-สกุล ผู้ลงนาม)", "เลขาธิการสำนักงานประกันสังคม"),
]


def seed_template() -> CertificateTemplate:
    template = CertificateTemplate.objects.filter(name=TEMPLATE_NAME).first()
    if template is None:
        template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is None:
        template = CertificateTemplate.objects.create(
            name=TEMPLATE_NAME,
            title="วุฒิบัตร",
            issuer="สำนักงานประกันสังคม กระทรวงแรงงาน",
            is_default=True,
        )
        for order, (name, position) in enumerate(SIGNATORIES):
            CertificateTemplateSignatory.objects.create(
                template=template, sort_order=order, name=name, position=position
            )
    return template


def seed(*, stdout) -> None:
    seed_template()
    issued = 0
    for enrolment_id in Enrolment.objects.filter(
        user__username="demo-officer", completed_at__isnull=False
    ).values_list("pk", flat=True):
        if certificate_issue(enrolment_id=enrolment_id) is not None:
            issued += 1
    stdout.write(f"  certificates: {Certificate.objects.count()} (demo-officer: {issued})")

"""seed_demo gives demo-officer a real certificate of the course they completed, from a default Thai
template whose signatories are placeholders, not real people; seeding twice changes nothing."""

from django.core.management import call_command

from certificates.models import Certificate, CertificateTemplate
from tests.certificates.pdfcheck import pdf_text, without_space


def test_seed_demo_issues_demo_officers_certificate(db, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-test")
    call_command("seed_demo")
    call_command("seed_demo")
    template = CertificateTemplate.objects.get(is_default=True)
    assert template.title == "วุฒิบัตร"
    assert all(s.name.startswith("(") for s in template.signatories.all())
    [cert] = Certificate.objects.filter(user__username="demo-officer")
    assert cert.sha256 and cert.full_name == "นางสาวสมหญิง ใจดี"
    assert without_space("นางสาวสมหญิง ใจดี") in without_space(pdf_text(cert.pdf.read()))
    assert client.login(username="demo-officer", password="demo-pass-for-test")
    assert cert.number in client.get("/certificates/").content.decode()

"""Certificates as the officer who downloads one, and the person who checks it, see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import override

from certificates.rendering import (
    CertificateData,
    CertificateLayout,
    Signatory,
    render_certificate_html,
    render_certificate_pdf,
    render_certificates_pdf,
)
from tests.certificates.pdfcheck import (
    normalise_space,
    page_count,
    page_size_pt,
    pdf_fonts,
    pdf_text,
    qr_codes,
    without_space,
)

# Names and a course title full of the marks that trip PDF text extraction: SARA AM (ำ) and
# stacked vowels with tone marks (ศักดิ์สิทธิ์, น้ำ).
NAME = "นางสาวศิริพร ศักดิ์สิทธิ์"
COURSE = "การดำเนินงานด้วยความโปร่งใสและการป้องกันผลประโยชน์ทับซ้อน"
AGENCY = "สำนักงานประกันสังคมจังหวัดเชียงใหม่"
URL = "https://zerocorruption.example.go.th/verify/9f2c4a71d0e3b5a8c6e1"

LAYOUT = CertificateLayout(
    title="วุฒิบัตร",
    issuer="สำนักงานประกันสังคม กระทรวงแรงงาน",
    signatories=(
        Signatory(name="นายประสิทธิ์ มั่นคงดี", position="ผู้อำนวยการกองบริหารทรัพยากรบุคคล"),
        Signatory(name="นางสาววรรณา ศรีประเสริฐ", position="เลขาธิการสำนักงานประกันสังคม"),
    ),
)


def data(**changes) -> CertificateData:
    values = {
        "number": "SSO-CMI-2569-000123",
        "full_name": NAME,
        "course": COURSE,
        "agency": AGENCY,
        "completed_on": dt.date(2026, 3, 15),
        "expires_on": dt.date(2028, 3, 15),
        "verify_url": URL,
    }
    return CertificateData(**(values | changes))


@pytest.fixture(scope="module")
def pdf() -> bytes:
    with override("th"):
        return render_certificate_pdf(layout=LAYOUT, data=data())


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return normalise_space(pdf_text(pdf))


def test_is_a_standalone_one_page_pdf(pdf):
    assert pdf.startswith(b"%PDF-")
    assert page_count(pdf) == 1


def test_thai_name_and_course_extract_intact_and_in_reading_order(text):
    assert NAME in text
    assert AGENCY in text
    squashed = without_space(text)
    name, course = without_space(NAME), without_space(COURSE)
    assert course in squashed
    assert squashed.index("วุฒิบัตร") < squashed.index(name) < squashed.index(course) < squashed.index("ตรวจสอบ")


def test_dates_are_buddhist_era_with_thai_months(text):
    assert "ให้ไว้ ณ วันที่ 15 มีนาคม 2569" in text
    assert "ใช้ได้ถึงวันที่ 15 มีนาคม 2571" in text


def test_captions_are_thai(text):
    assert "ขอมอบวุฒิบัตรฉบับนี้ไว้เพื่อแสดงว่า" in text
    assert "เลขที่ SSO-CMI-2569-000123" in text
    assert "ตรวจสอบความถูกต้อง" in text


def test_signatories_show_name_in_parentheses_and_position(text):
    assert "(นายประสิทธิ์ มั่นคงดี)" in text
    assert "ผู้อำนวยการกองบริหารทรัพยากรบุคคล" in text
    assert "(นางสาววรรณา ศรีประเสริฐ)" in text


def test_only_the_shipped_sarabun_fonts_are_used_and_embedded(pdf):
    fonts = pdf_fonts(pdf)
    assert fonts
    for font in fonts:
        assert "Sarabun" in font.name
        assert font.embedded and font.subset and font.unicode_map


def test_qr_code_scans_to_the_verify_url(pdf):
    assert qr_codes(pdf) == [URL]


def test_landscape_and_portrait_are_a4():
    portrait = CertificateLayout(title="เกียรติบัตร", orientation="portrait", signatories=LAYOUT.signatories)
    assert page_size_pt(render_certificate_pdf(layout=LAYOUT, data=data())) == (842, 595)
    portrait_pdf = render_certificate_pdf(layout=portrait, data=data())
    assert page_size_pt(portrait_pdf) == (595, 842)
    assert page_count(portrait_pdf) == 1
    assert NAME in normalise_space(pdf_text(portrait_pdf))


def test_placeholders_are_filled_and_values_escaped():
    layout = CertificateLayout(
        body="{full_name} เลขที่ {number} หลักสูตร {course} ของ {agency} จบ {completed_on} หมดอายุ {expires_on}"
    )
    evil = "นายสมชาย <script>alert('x')</script> & ใจดี"
    html = render_certificate_html(layout=layout, data=data(full_name=evil))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    text = without_space(pdf_text(render_certificate_pdf(layout=layout, data=data(full_name=evil))))
    assert (
        without_space(
            f"{evil} เลขที่ SSO-CMI-2569-000123 หลักสูตร {COURSE} ของ {AGENCY} จบ 15 มีนาคม 2569 หมดอายุ 15 มีนาคม 2571"
        )
        in text
    )
    assert "{" not in text


def test_markup_in_the_layout_text_is_shown_as_text():
    layout = CertificateLayout(title="<b>วุฒิบัตร</b>", body="<i>ผ่านการอบรม</i> {course}")
    text = normalise_space(pdf_text(render_certificate_pdf(layout=layout, data=data())))
    assert "<b>วุฒิบัตร</b>" in text
    assert f"<i>ผ่านการอบรม</i> {COURSE}" in text


def test_thai_digits_when_the_layout_asks_but_the_number_stays_typeable():
    layout = CertificateLayout(thai_digits=True)
    text = normalise_space(pdf_text(render_certificate_pdf(layout=layout, data=data())))
    assert "ให้ไว้ ณ วันที่ ๑๕ มีนาคม ๒๕๖๙" in text
    assert "2569" not in text.replace("SSO-CMI-2569-000123", "")
    assert "SSO-CMI-2569-000123" in text


def test_english_layout_has_english_captions_and_christian_era_dates():
    layout = CertificateLayout(
        title="Certificate of Completion", body="has completed {course} on {completed_on}", language="en"
    )
    text = normalise_space(pdf_text(render_certificate_pdf(layout=layout, data=data())))
    assert "This Certificate of Completion is presented to certify that" in text
    assert f"has completed {COURSE} on 15 March 2026" in text
    assert "Verify" in text


def test_no_expiry_line_without_an_expiry_date(text):
    no_expiry = normalise_space(pdf_text(render_certificate_pdf(layout=LAYOUT, data=data(expires_on=None))))
    assert "ใช้ได้ถึง" not in no_expiry
    assert "ใช้ได้ถึง" in text


def test_logos_and_signature_images_with_three_signatories_fit_one_page(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), "#1f3a68").save(logo)
    signature = tmp_path / "signature.png"
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(signature)
    signatories = tuple(
        Signatory(
            name=f"นายผู้ลงนาม ที่{i}",
            position="ผู้อำนวยการสำนักงานประกันสังคมจังหวัดเชียงใหม่",
            signature_image=signature,
        )
        for i in (1, 2, 3)
    )
    for orientation in ("landscape", "portrait"):
        layout = CertificateLayout(orientation=orientation, logos=(logo, logo, logo), signatories=signatories)
        pdf = render_certificate_pdf(layout=layout, data=data())
        assert page_count(pdf) == 1
        text = normalise_space(pdf_text(pdf))
        assert all(f"(นายผู้ลงนาม ที่{i})" in text for i in (1, 2, 3))
        assert qr_codes(pdf) == [URL]


def test_a_missing_image_is_an_error_not_a_hole(tmp_path):
    layout = CertificateLayout(logos=(tmp_path / "missing.png",))
    with pytest.raises(FileNotFoundError):
        render_certificate_pdf(layout=layout, data=data())


def test_unknown_placeholder_is_rejected():
    with pytest.raises(ValueError, match="{fullname}"):
        CertificateLayout(body="ขอมอบให้ {fullname}")


def test_bulk_gives_the_same_certificates_as_one_by_one():
    items = [
        data(number="SSO-CMI-2569-000001", full_name="นายสมชาย ใจดี", verify_url=URL + "1"),
        data(
            number="SSO-CMI-2569-000002", full_name="นางกาญจนา น้ำใจงาม", expires_on=None, verify_url=URL + "2"
        ),
        data(
            number="SSO-CMI-2569-000003",
            full_name=NAME,
            course="นโยบายงดรับของขวัญ (No Gift Policy)",
            verify_url=URL + "3",
        ),
    ]
    bulk = render_certificates_pdf(layout=LAYOUT, items=items, batch_size=2)  # crosses a batch boundary
    assert len(bulk) == len(items)
    for item, pdf in zip(items, bulk, strict=True):
        assert page_count(pdf) == 1
        one = render_certificate_pdf(layout=LAYOUT, data=item)
        assert pdf_text(pdf) == pdf_text(one)
        assert item.full_name in normalise_space(pdf_text(pdf))
    assert qr_codes(bulk[1]) == [URL + "2"]

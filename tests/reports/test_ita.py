from django.urls import reverse

from lms.reports import selectors


def test_ita_evidence_is_grouped_by_item_with_participants(client, hr_data, people, tree):
    fy = selectors.current_fiscal_year()
    items = selectors.ita_evidence(agency=tree["X"], be_year=fy)
    assert [item.code for item in items] == ["O32", "O40"]
    assert items[0].completed == 1 and items[0].officers >= 2
    client.force_login(people["hr_x"])
    html = client.get(reverse("reports:ita"), {"fy": fy}).content.decode()
    assert "O32" in html and "อรุณี" in html and "ยุพิน" not in html


def test_ita_exports_xlsx_and_a_thai_pdf(client, hr_data, people, tmp_path):
    import subprocess

    client.force_login(people["hr_x"])
    fy = selectors.current_fiscal_year()
    xlsx = client.get(reverse("reports:ita"), {"fy": fy, "export": "xlsx"})
    assert xlsx.status_code == 200
    pdf = client.get(reverse("reports:ita"), {"fy": fy, "export": "pdf"})
    assert pdf.content.startswith(b"%PDF-")
    path = tmp_path / "ita.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "อรุณี" in "".join(text.split()) and "O32" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Sarabun" in fonts


def test_ita_of_another_agency_is_a_404(client, hr_data, people):
    client.force_login(people["hr_x"])
    assert client.get(reverse("reports:ita"), {"agency": "Y"}).status_code == 404
    assert client.get(reverse("reports:ita"), {"agency": "Y", "export": "pdf"}).status_code == 404

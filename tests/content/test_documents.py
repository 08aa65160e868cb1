"""Documents uploaded through Wagtail's admin: the content must match the
extension and the size must be within WAGTAILDOCS_MAX_UPLOAD_SIZE; a refused
file gets a Thai message and leaves nothing stored. Images: Wagtail's own checks,
with our limits."""

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as Picture
from wagtail.documents.models import Document
from wagtail.images.models import Image

from content.documents import CHECKED_EXTENSIONS

MULTIPLE_ADD = "/admin/documents/multiple/add/"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["ชื่อ", "หน่วยงาน"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not an office file")
    return out.getvalue()


def _upload(client, name: str, content: bytes) -> dict:
    response = client.post(MULTIPLE_ADD, {"files[]": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    return response.json()


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "documents"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def trainer_admin(admin_client):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "th"
    return admin_client


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("handout.pdf", PDF),
        ("checklist.xlsx", _xlsx()),
        ("notes.txt", "ประมวลจริยธรรมข้าราชการ\n".encode()),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
    ],
)
def test_a_real_document_is_stored(trainer_admin, name, content):
    result = _upload(trainer_admin, name, content)
    assert result["success"], result
    document = Document.objects.get()
    assert document.file.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("handout.pdf", b"<html><script>alert(1)</script></html>"),
        ("checklist.xlsx", _plain_zip()),
        ("report.docx", PDF),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("clip.webm", b"\x00\x00\x00\x18ftypmp42"),
    ],
)
def test_a_file_whose_content_is_not_its_extension_is_refused(trainer_admin, name, content):
    result = _upload(trainer_admin, name, content)
    extension = name.rsplit(".", 1)[1]
    assert not result["success"]
    assert f"เนื้อหาของไฟล์นี้ไม่ใช่ไฟล์ .{extension}" in result["error_message"]
    assert not Document.objects.exists()
    assert _stored_files() == []


def test_a_document_over_the_size_limit_is_refused(trainer_admin, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    result = _upload(trainer_admin, "handout.pdf", PDF + b"%" * 2048)
    assert not result["success"]
    assert "ขนาด" in result["error_message"] and "1.0" in result["error_message"], result
    assert not Document.objects.exists()


def test_a_disallowed_extension_gets_wagtails_message(trainer_admin):
    result = _upload(trainer_admin, "macro.exe", b"MZ\x90\x00")
    assert not result["success"]
    assert "pdf" in result["error_message"]  # the message lists the allowed extensions
    assert not Document.objects.exists()


def test_replacing_a_documents_file_is_checked_too(trainer_admin):
    assert _upload(trainer_admin, "handout.pdf", PDF)["success"]
    document = Document.objects.get()
    response = trainer_admin.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "คู่มือ", "collection": document.collection_id,
         "file": SimpleUploadedFile("handout.pdf", b"<html>not a pdf</html>")},
    )  # fmt: skip
    assert response.status_code == 200
    assert "เนื้อหาของไฟล์นี้ไม่ใช่ไฟล์ .pdf" in response.content.decode()
    document.refresh_from_db()
    assert document.file.read() == PDF


def test_every_allowed_extension_has_a_content_check():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= CHECKED_EXTENSIONS


def test_a_text_file_named_png_is_not_an_image(trainer_admin):
    response = trainer_admin.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("poster.png", b"<svg onload=alert(1)>")}
    )
    assert not response.json()["success"]
    assert not Image.objects.exists()


def test_an_image_over_the_size_limit_is_refused(trainer_admin, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 100
    out = io.BytesIO()
    Picture.effect_noise((64, 64), 64).convert("RGB").save(out, "PNG")
    data = out.getvalue()
    assert len(data) > 100
    response = trainer_admin.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("p.png", data)}
    )
    assert not response.json()["success"]
    assert not Image.objects.exists()

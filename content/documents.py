"""Documents uploaded through Wagtail (lesson attachments, handouts, videos).

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size
(WAGTAILDOCS_MAX_UPLOAD_SIZE). This form adds the content check: the file's
first bytes must be what its extension claims, so an HTML page or a program
renamed `.pdf` is refused with a message in the user's language and nothing is
stored. It is Wagtail's document form base (WAGTAILDOCS_DOCUMENT_FORM_BASE), so
the single and the multiple uploader both use it."""

from __future__ import annotations

import zipfile

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

#: Office Open XML and OpenDocument files are zip archives with a known first member.
_ZIP_MEMBER = {
    "docx": "[Content_Types].xml", "xlsx": "[Content_Types].xml", "pptx": "[Content_Types].xml",
    "odt": "mimetype", "ods": "mimetype", "odp": "mimetype",
}  # fmt: skip
_HEAD = 4096
#: Every extension in WAGTAILDOCS_EXTENSIONS needs a check here (tests/content/test_documents.py).
CHECKED_EXTENSIONS = {"pdf", "mp4", "webm", "txt", "csv", *_ZIP_MEMBER}


def _looks_like(extension: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(_HEAD)
    upload.seek(0)
    if extension == "pdf":
        return b"%PDF-" in head[:1024]  # some writers put a few bytes before the header
    if extension in _ZIP_MEMBER:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                return _ZIP_MEMBER[extension] in archive.namelist()
        except zipfile.BadZipFile:
            return False
        finally:
            upload.seek(0)
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    if extension == "webm":
        return head.startswith(b"\x1a\x45\xdf\xa3")
    if extension in ("txt", "csv"):
        if b"\x00" in head:
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            return error.start >= len(head) - 3  # a character cut at the end of the sample
        return True
    return False  # an extension allowed in settings but unknown here: refuse rather than guess


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or "file" not in self.changed_data:
            return upload
        extension = upload.name.rsplit(".", 1)[-1].lower()
        if extension not in settings.WAGTAILDOCS_EXTENSIONS:
            return upload  # Wagtail's own extension check names the allowed ones
        if not _looks_like(extension, upload):
            raise forms.ValidationError(
                _("The content of this file is not a .%(extension)s file, although its name ends in .%(extension)s. "
                  "Save it again in that format, or choose the right file."),
                code="content_mismatch", params={"extension": extension},
            )  # fmt: skip
        return upload

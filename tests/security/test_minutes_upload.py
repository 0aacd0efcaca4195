"""An uploaded minutes file must be a real PDF or Word document, whatever its name says."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory

from committees.models import Meeting
from tests.factories import MeetingFactory
from tests.security.conftest import PDF_BYTES


def docx_bytes(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<xml/>")
    return buffer.getvalue()


def minutes_errors(cp2, name: str, content: bytes) -> list[str]:
    meeting = MeetingFactory.build(committee=cp2)
    meeting.minutes = SimpleUploadedFile(name, content)
    try:
        meeting.full_clean()
    except ValidationError as error:
        return error.message_dict.get("minutes", [])
    return []


def test_a_real_pdf_is_accepted(cp2):
    assert minutes_errors(cp2, "cr.pdf", PDF_BYTES) == []


def test_a_real_docx_is_accepted(cp2):
    assert minutes_errors(cp2, "cr.docx", docx_bytes("[Content_Types].xml", "word/document.xml")) == []


def test_a_pdf_name_on_other_bytes_is_refused(cp2):
    errors = minutes_errors(cp2, "cr.pdf", b"MZ\x90\x00 not a pdf at all")

    assert errors == ["Ce fichier n'est pas un vrai PDF : son contenu ne correspond pas à son extension."]


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 broken zip", docx_bytes("xl/workbook.xml"), PDF_BYTES],
    ids=["broken-zip", "spreadsheet", "pdf-renamed"],
)
def test_a_docx_name_on_anything_but_a_word_archive_is_refused(cp2, content):
    errors = minutes_errors(cp2, "cr.docx", content)

    assert errors == [
        "Ce fichier n'est pas un vrai document Word (DOCX) : son contenu ne correspond pas à son extension."
    ]


def test_an_executable_is_refused(cp2):
    errors = minutes_errors(cp2, "cr.exe", b"MZ\x90\x00")

    # Django's own French message, with its non-breaking spaces.
    assert errors == [
        "L'extension de fichier «\xa0exe\xa0» n’est pas autorisée. "
        "Les extensions autorisées sont\xa0:  pdf, docx."
    ]


def test_a_file_over_the_size_limit_is_refused(cp2, settings):
    settings.MINUTES_MAX_BYTES = 1024 * 1024

    errors = minutes_errors(cp2, "cr.pdf", PDF_BYTES + b"0" * (1024 * 1024))

    assert errors == ["Le fichier dépasse la taille autorisée (1 Mo)."]


def test_a_form_refuses_a_fake_pdf_and_saves_nothing(cp2, media_root):
    form_class = modelform_factory(Meeting, fields=["committee", "date", "mode", "minutes"])
    form = form_class(
        data={"committee": cp2.pk, "date": "2020-03-12", "mode": Meeting.Mode.ONLINE},
        files={"minutes": SimpleUploadedFile("cr.pdf", b"<html>not a pdf</html>")},
    )

    assert not form.is_valid()
    assert form.errors["minutes"] == [
        "Ce fichier n'est pas un vrai PDF : son contenu ne correspond pas à son extension."
    ]
    assert Meeting.objects.count() == 0
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))

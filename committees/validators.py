"""Checks that an uploaded minutes file really is what its extension says."""

import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
# Every Word document (DOCX) is a zip archive holding its body in this part.
DOCX_BODY = "word/document.xml"


def _is_pdf(file) -> bool:
    file.seek(0)
    try:
        return file.read(len(PDF_MAGIC)) == PDF_MAGIC
    finally:
        file.seek(0)


def _is_docx(file) -> bool:
    file.seek(0)
    try:
        # Reads the archive's directory only; nothing is decompressed.
        with zipfile.ZipFile(file) as archive:
            return DOCX_BODY in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


@deconstructible
class MinutesContentValidator:
    """Refuses a .pdf that does not start with %PDF- and a .docx that is not a
    Word archive: the extension alone is whatever the uploader typed.

    Other extensions are left to FileExtensionValidator, which refuses them.
    """

    def __call__(self, file) -> None:
        # A file already stored was checked when it was uploaded; re-reading it
        # on every save of its meeting would cost a disk read for nothing.
        if getattr(file, "_committed", False):
            return
        extension = PurePath(file.name or "").suffix.lower()
        if extension == ".pdf" and not _is_pdf(file):
            raise ValidationError(
                _("Ce fichier n'est pas un vrai PDF : son contenu ne correspond pas à son extension."),
                code="not_a_pdf",
            )
        if extension == ".docx" and not _is_docx(file):
            raise ValidationError(
                _(
                    "Ce fichier n'est pas un vrai document Word (DOCX) : "
                    "son contenu ne correspond pas à son extension."
                ),
                code="not_a_docx",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MinutesContentValidator)

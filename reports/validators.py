"""Checks on the emblem or logo staff upload for a year's cover.

Only PNG and JPEG are accepted, checked by their content (Pillow), not by
the name the uploader typed. SVG is refused: it is a document, not a
picture — it can carry scripts and pull other files or remote URLs, and
sanitising it reliably is more than a cover logo is worth.
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# A logo is embedded in the bilan's HTML (a data: URI): it must stay small.
LOGO_MAX_BYTES = 1024 * 1024
# Far more than a printed logo needs; refuses decompression bombs before decoding.
LOGO_MAX_PIXELS = 4000 * 4000
# Pillow's name of each accepted format, and the type it is served and embedded as.
LOGO_CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
LOGO_EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
LOGO_HELP = _("Image PNG ou JPEG, 1 Mo au plus (le SVG n'est pas accepté).")


def logo_format(file) -> str | None:
    """The file's image format ("PNG" or "JPEG") read from its content, or None."""
    file.seek(0)
    try:
        with Image.open(file) as image:
            if image.format not in LOGO_CONTENT_TYPES or image.width * image.height > LOGO_MAX_PIXELS:
                return None
            image.verify()
            return image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)


@deconstructible
class LogoValidator:
    """Refuses anything but a real PNG or JPEG of at most LOGO_MAX_BYTES whose
    extension says what it is."""

    def __call__(self, file) -> None:
        # A stored logo was checked when it was uploaded.
        if getattr(file, "_committed", False):
            return
        if file.size > LOGO_MAX_BYTES:
            raise ValidationError(
                _("Le logo dépasse la taille autorisée (%(limit)s Mo)."),
                code="logo_too_large",
                params={"limit": LOGO_MAX_BYTES // (1024 * 1024)},
            )
        expected = LOGO_EXTENSIONS.get(PurePath(file.name or "").suffix.lower())
        if expected is None or logo_format(file) != expected:
            raise ValidationError(
                _(
                    "Ce fichier n'est pas une image PNG ou JPEG valide (son contenu ne correspond pas "
                    "à son extension). Le SVG n'est pas accepté."
                ),
                code="not_a_logo",
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LogoValidator)

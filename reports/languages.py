"""The languages the bilan is written in, and how a request or a command names one.

The bilan's labels follow Django's active language (`translation.override`, in
reports.pdf and reports.pieces); its data stay as entered, the narrative in the
language asked for where staff wrote it (reports.bilan), in French otherwise.
The edition stored when a year closes is the French one (REPORT_LANGUAGE).
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

REPORT_LANGUAGE = "fr"
BILAN_LANGUAGES = ("fr", "ar", "en")
# The query parameter of the preview, the PDF's pages and the export button.
PARAMETER = "langue"


def is_bilan_language(value: object) -> bool:
    return isinstance(value, str) and value in BILAN_LANGUAGES


def direction(language: str) -> str:
    """ "rtl" for a language written right to left (Arabic), else "ltr"."""
    return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"


def named_languages() -> list[tuple[str, str]]:
    """Each language of the bilan and its name in itself (« العربية »), for a choice of language."""
    return [(code, capfirst(translation.get_language_info(code)["name_local"])) for code in BILAN_LANGUAGES]


def with_language(url: str, language: str) -> str:
    """`url` asking for `language` (nothing added for French, the default)."""
    if language == REPORT_LANGUAGE:
        return url
    return f"{url}{'&' if '?' in url else '?'}{PARAMETER}={language}"


def language_asked(request: HttpRequest) -> str | None:
    """The bilan's language a request asks for (`?langue=` on a GET, the
    `langue` field of a POST), French when none; None for an unknown one."""
    value = (request.POST if request.method == "POST" else request.GET).get(PARAMETER, REPORT_LANGUAGE)
    return value if is_bilan_language(value) else None


def unknown_language_response() -> HttpResponse:
    """The friendly answer to an unknown `langue` (400, never a 500)."""
    message = _("Langue du bilan inconnue : choisissez %(choices)s.") % {
        "choices": ", ".join(BILAN_LANGUAGES)
    }
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

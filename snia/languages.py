"""The interface's three languages (imported by snia/settings.py).

French is the default and the language of the source strings; Arabic is
written right to left (Django's get_language_bidi()); English is for partners.
Each language is named in its own language, untranslated: someone who reads
only Arabic must find « العربية » in a French page's switch.
"""

from pathlib import Path

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).resolve().parent.parent / "locale"]
# Our own formats where Django's do not suit (snia/formats/ar: Western digits,
# the French input formats).
FORMAT_MODULE_PATH = ["snia.formats"]
# The anonymous visitor's choice (the login page), read by snia.language; a
# year, like a preference, not the session's eight hours.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Translated fields (django-modeltranslation): French is the text of record;
# a missing Arabic or English value shows the French (with a marker: programmes.translated).
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr",)}

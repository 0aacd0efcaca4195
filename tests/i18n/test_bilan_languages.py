"""The bilan in French, Arabic and English: the preview, the PDF pages, the
exports per language, export_bilan --language, the French shown where no
translation was entered, and staff's table of what is untranslated.

Labels of ours are translated by the project's translators: these tests do not
depend on an Arabic wording of them, only on Django's own translations
(month names) and on the structure (lang, dir, classes)."""

import io
import re
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from access.roles import Role
from reports.bidi import FSI, PDI, isolate_latin
from reports.bilan_rows import Subsection
from reports.models import BilanExport
from reports.pdf import render_bilan_html
from reports.piece_cache import PieceCache
from reports.tasks import request_export
from reports.translations import completeness, falls_back, has_demo_translation
from reports.typography import typeset
from reports.working import render_working_pdf
from tests.factories import (
    NarrativeSectionFactory,
    ProgrammeFactory,
    ReportingYearFactory,
    ReportItemFactory,
    StudyFactory,
    UniversityProgrammeFactory,
    user_with_role,
)
from tests.tasks import IMMEDIATE_TASKS

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def reader_client(client):
    client.force_login(user_with_role("lectrice", Role.READER))
    return client


@pytest.mark.parametrize(
    ("query", "html_tag"),
    [
        ("", '<html lang="fr" dir="ltr">'),
        ("?langue=fr", '<html lang="fr" dir="ltr">'),
        ("?langue=ar", '<html lang="ar" dir="rtl">'),
        ("?langue=en", '<html lang="en" dir="ltr">'),
    ],
)
def test_the_preview_renders_in_each_language_with_its_direction(reader_client, query, html_tag):
    ReportingYearFactory(year=2020)

    response = reader_client.get(f"/reports/bilan/2020/{query}")

    assert response.status_code == 200
    html = response.content.decode()
    assert html_tag in html
    # The right-to-left sheet only in Arabic.
    assert ("reports/bilan-rtl" in html) is (html_tag.endswith('"rtl">'))


@pytest.mark.parametrize(
    "url", ["/reports/bilan/2020/", "/reports/bilan/2020/export/", "/reports/bilan/2020.pdf"]
)
@pytest.mark.parametrize("value", ["xx", "AR", "", "fr;drop", "ar%00"])
def test_an_unknown_language_is_a_friendly_400(reader_client, url, value):
    ReportingYearFactory(year=2020)

    response = reader_client.get(f"{url}?langue={value}")

    assert response.status_code == 400
    if "%00" not in value:  # a NUL byte: refused before any view (snia.middleware), also a 400
        assert response.content.decode() == "Langue du bilan inconnue : choisissez fr, ar, en."


def without_isolates(html: str) -> str:
    """The Arabic document's Latin runs are isolated (reports.typography.isolate_latin)."""
    return html.replace(FSI, "").replace(PDI, "")


def test_the_preview_links_to_the_other_languages_and_keeps_its_own_in_the_pdf_link(reader_client):
    ReportingYearFactory(year=2020)

    html = without_isolates(reader_client.get("/reports/bilan/2020/?langue=ar").content.decode())

    assert 'href="/reports/bilan/2020/export/?langue=ar"' in html
    assert 'href="/reports/bilan/2020/?langue=en" lang="en" hreflang="en">English<' in html
    assert 'href="/reports/bilan/2020/" lang="fr" hreflang="fr">Français<' in html


def test_export_bilan_refuses_an_unknown_language_in_french(tmp_path):
    ReportingYearFactory(year=2021)
    output = tmp_path / "bilan.pdf"

    with pytest.raises(CommandError, match="Langue inconnue « xx » : choisissez fr, ar, en."):
        call_command("export_bilan", "2021", "--language", "xx", "--output", str(output))

    assert not output.exists()


def test_export_bilan_writes_the_english_bilan(tmp_path):
    ReportingYearFactory(year=2021)
    output = tmp_path / "bilan-en.pdf"

    call_command("export_bilan", "2021", "--language", "en", "--output", str(output), stdout=io.StringIO())

    assert output.read_bytes().startswith(b"%PDF-")


# ---- Exports per language -------------------------------------------------


def test_a_french_and_an_arabic_request_are_two_exports(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    year = ReportingYearFactory(year=2020)

    french, _ = request_export(year)
    arabic, _ = request_export(year, language="ar")
    again, enqueued = request_export(year, language="ar")

    assert (french.language, arabic.language) == ("fr", "ar")
    assert french.pk != arabic.pk
    assert (again.pk, enqueued) == (arabic.pk, False)


def test_the_arabic_pdf_does_not_supersede_the_french_one(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYearFactory(year=2020)
    french, _ = request_export(year)
    french.refresh_from_db()

    arabic, _ = request_export(year, language="ar")
    arabic.refresh_from_db()

    ready = dict(BilanExport.objects.filter(status=BilanExport.Status.READY).values_list("language", "pk"))
    assert ready == {"fr": french.pk, "ar": arabic.pk}
    assert (tmp_path / french.file.name).exists()
    assert (tmp_path / arabic.file.name).exists()
    assert french.file.name != arabic.file.name
    assert arabic.file.name.startswith("bilans/bilan-programmatique-2020-ar-")
    assert arabic.download_name == "bilan-programmatique-2020-version-de-travail-ar.pdf"
    # Each language's page and download find their own.
    client_pdf = {
        language: reverse("reports:bilan-pdf", args=[2020])
        + ("" if language == "fr" else f"?langue={language}")
        for language in ("fr", "ar")
    }
    assert client_pdf == {"fr": "/reports/bilan/2020.pdf", "ar": "/reports/bilan/2020.pdf?langue=ar"}


def test_the_export_button_carries_the_language(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    ReportingYearFactory(year=2020)
    client.force_login(user_with_role("suivi", Role.STAFF))

    page = client.get("/reports/bilan/2020/export/?langue=ar").content.decode()
    response = client.post("/reports/bilan/2020/export/", {"langue": "ar"})

    assert '<input type="hidden" name="langue" value="ar">' in page
    assert "L'édition enregistrée à la clôture de l'année est la française" in page.replace("&#x27;", "'")
    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/?langue=ar"
    assert list(BilanExport.objects.values_list("language", flat=True)) == ["ar"]


def test_the_arabic_download_waits_for_the_arabic_pdf(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE_TASKS
    year = ReportingYearFactory(year=2020)
    request_export(year)  # French only
    client.force_login(user_with_role("lectrice", Role.READER))

    french = client.get("/reports/bilan/2020.pdf")
    arabic = client.get("/reports/bilan/2020.pdf?langue=ar")

    assert french.status_code == 200
    assert (
        french["Content-Disposition"]
        == 'attachment; filename="bilan-programmatique-2020-version-de-travail.pdf"'
    )
    assert arabic.status_code == 302
    assert arabic["Location"] == "/reports/bilan/2020/export/?langue=ar"


# ---- French shown for want of a translation -------------------------------

NOTE = "Texte disponible en français uniquement"


def test_falls_back_reads_the_languages_field():
    french_only = SimpleNamespace(body="Texte.", body_fr="Texte.", body_ar="", body_en=None)
    translated = SimpleNamespace(body="Texte.", body_fr="Texte.", body_ar="نص.", body_en="Text.")
    empty = SimpleNamespace(body="", body_fr="", body_ar="")

    assert [falls_back(french_only, "body", language) for language in ("fr", "ar", "en")] == [
        False,
        True,
        True,
    ]
    assert [falls_back(translated, "body", language) for language in ("fr", "ar", "en")] == [
        False,
        False,
        False,
    ]
    assert falls_back(empty, "body", "ar") is False


def test_falls_back_asks_the_model_when_it_knows():
    class Translatable(SimpleNamespace):
        def translation_missing(self, field: str, language: str) -> bool:
            return (field, language) == ("text", "ar")

    item = Translatable(text="Un défi.")

    assert falls_back(item, "text", "ar") is True
    assert falls_back(item, "text", "en") is False


def test_an_untranslated_section_shows_the_french_under_a_note_in_arabic_only():
    ReportingYearFactory(year=2020)
    programme = ProgrammeFactory(number=11, name="Gouvernance et communication")
    NarrativeSectionFactory(programme=programme, year=2020, body="Le modèle de gouvernance de la SNIA.")
    ReportItemFactory(programme=programme, year=2020, text="Un défi de coordination.")

    french = render_bilan_html(2020)
    arabic = render_bilan_html(2020, language="ar")

    assert NOTE not in french
    assert "untranslated" not in french
    # The note before the section and before the list; then their French, marked as such.
    assert arabic.count('<p class="untranslated-note">') == 2
    assert (
        '<div class="narrative untranslated" lang="fr" dir="ltr"><p>Le modèle de gouvernance de la SNIA.</p>'
        in arabic
    )
    assert '<li class="untranslated" lang="fr" dir="ltr"><p>Un défi de coordination.</p></li>' in arabic


def test_the_note_is_a_translated_label():
    ReportingYearFactory(year=2020)
    NarrativeSectionFactory(year=2020, body="Texte.")

    with translation.override("ar"):
        expected = translation.gettext(NOTE)
    arabic = render_bilan_html(2020, language="ar")

    # Isolated while it reads in French (reports.typography.isolate_latin).
    assert re.search(rf'<p class="untranslated-note">{FSI}?{expected}{PDI}?</p>', arabic)


# ---- Staff's table of untranslated texts ------------------------------------


def test_completeness_counts_each_kind_per_language():
    programme = ProgrammeFactory(number=11)
    NarrativeSectionFactory(programme=programme, year=2020, heading="a- Coordination", body="Texte.")
    ReportItemFactory(programme=programme, year=2020, text="Premier défi.\nSuite.")
    ReportItemFactory(programme=programme, year=2021, text="Autre année.")
    StudyFactory(year=2020, title="Étude sur l'intégration")
    translated = UniversityProgrammeFactory(year=2020, title="Master migrations")
    translated.title_ar = "ماستر الهجرات"
    translated.save()

    tables = completeness(2020)

    assert [table.language for table in tables] == ["ar", "en"]
    arabic, english = tables
    assert arabic.missing == 3
    assert [(str(row.label), row.translated, row.missing) for row in arabic.rows] == [
        ("Sections de texte", 0, ["Programme 11 — a- Coordination"]),
        ("Défis et contraintes", 0, ["Programme 11 — Premier défi."]),
        ("Mesures prévues", 0, []),
        ("Recommandations", 0, []),
        ("Études publiées", 0, ["Étude sur l'intégration"]),
        ("Filières universitaires", 1, []),
    ]
    assert english.missing == 4
    assert english.rows[-1].missing == ["Master migrations"]


@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.ADMINISTRATOR, True), (Role.STAFF, True), (Role.FOCAL_POINT, False), (Role.READER, False)],
)
def test_only_mdcmre_staff_see_the_untranslated_texts_on_the_preview(client, role, shown):
    ReportingYearFactory(year=2020)
    NarrativeSectionFactory(year=2020, heading="a- Coordination", body="Texte.")
    client.force_login(user_with_role("personne", role))

    html = without_isolates(client.get("/reports/bilan/2020/?langue=ar").content.decode())

    assert ('class="translation-completeness"' in html) is shown
    assert ("a- Coordination</li>" in html) is shown


def test_anonymous_visitors_get_no_preview_at_all(client):
    ReportingYearFactory(year=2020)

    response = client.get("/reports/bilan/2020/?langue=ar")

    assert response.status_code == 302
    assert "translation-completeness" not in response.content.decode()


def test_the_close_page_shows_the_untranslated_texts(client):
    year = ReportingYearFactory(year=2020)
    NarrativeSectionFactory(year=2020, heading="a- Coordination", body="Texte.")
    client.force_login(user_with_role("suivi", Role.STAFF))

    response = client.get(reverse("admin:reports_reportingyear_close", args=[year.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="traductions-ar"' in html
    assert "Arabe : 1 texte sans traduction" in html
    assert "a- Coordination</li>" in html


# ---- Latin runs isolated in Arabic -----------------------------------------


def test_latin_runs_are_isolated_in_an_arabic_line():
    assert isolate_latin("ينفذه Comité de pilotage (CoPil). و", None) == (
        f"ينفذه {FSI}Comité de pilotage (CoPil){PDI}. و"
    )
    # Figures alone need no isolation: they keep their order in Arabic.
    assert isolate_latin("الإجراء 11.12 في 2020", None) == "الإجراء 11.12 في 2020"


@pytest.mark.parametrize(
    ("language", "title", "in_french", "expected"),
    [
        # A title left in French, in the Arabic bilan: one block with its number.
        ("ar", "Renforcer la gouvernance", True, f"{FSI}1.1. Renforcer la gouvernance{PDI}"),
        # An Arabic title keeps its number at the line's start; French needs nothing.
        ("ar", "تعزيز الحكامة", False, "1.1. تعزيز الحكامة"),
        ("fr", "Renforcer la gouvernance", False, "1.1. Renforcer la gouvernance"),
    ],
)
def test_a_french_objective_title_keeps_its_number_in_the_arabic_bilan(language, title, in_french, expected):
    subsection = Subsection(number="1.1", title=title, anchor="osp-1", title_in_french=in_french)

    with translation.override(language):
        assert subsection.numbered_title == expected
        assert subsection.heading == expected


def test_a_number_opening_an_arabic_line_stays_out_of_the_latin_run():
    assert isolate_latin("2. CoPil في 2020", None) == f"2. {FSI}CoPil{PDI} في 2020"


def test_the_arabic_rule_leaves_french_shown_as_such_alone():
    html = (
        '<html lang="ar"><body><p>وكالة ANAPEC</p><p class="untranslated">Le texte (OIM).</p></body></html>'
    )

    assert typeset(html, "ar") == (
        f'<html lang="ar"><body><p>وكالة {FSI}ANAPEC{PDI}</p>'
        '<p class="untranslated">Le texte (OIM).</p></body></html>'
    )


# ---- The working version per language ----------------------------------------


def test_the_working_versions_pieces_are_cached_per_language(tmp_path):
    ReportingYearFactory(year=2021)
    cache = PieceCache(tmp_path)

    french = render_working_pdf(2021, cache)
    arabic = render_working_pdf(2021, cache, language="ar")
    again = render_working_pdf(2021, cache, language="ar")

    # Nothing of the French is taken for the Arabic: laid out as cold as the French was
    # (a cold render reuses only what it laid out itself, the stamps of its first round).
    assert sorted(arabic.laid_out) == sorted(french.laid_out)
    assert sorted(arabic.reused) == sorted(french.reused)
    assert again.laid_out == []
    assert arabic.fingerprint != french.fingerprint
    assert sorted(path.name for path in tmp_path.glob("*.json")) == [
        "page-numbers-2021-ar.json",
        "page-numbers-2021-fr.json",
    ]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(arabic.pdf)).pages)
    # The Arabic cover, from the Arabic catalogue (« تقرير 2021 »; pypdf reads the line
    # in visual order), not the French one.
    assert "2021 تقرير" in text
    assert "Rapport 2021" not in text


def test_a_demonstration_translation_is_said_in_another_language_only():
    texts = [SimpleNamespace(demo_translation=False), SimpleNamespace(demo_translation=True)]

    with translation.override("ar"):
        assert has_demo_translation(texts) is True
        assert has_demo_translation(texts[:1]) is False
        # Before the data helper's field exists: no flag, no note.
        assert has_demo_translation([SimpleNamespace()]) is False
    assert has_demo_translation(texts) is False

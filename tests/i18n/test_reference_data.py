"""Reference data and narrative in French, Arabic and English (django-modeltranslation):
the French kept, the fallback marked, keys and files unchanged, staff's list of what
is untranslated."""

import csv
import io

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from committees.models import Committee
from programmes.models import Institution, Programme
from programmes.resources import institutions_widget
from reports.models import BilanRevision, NarrativeSection, ReportItem
from tests.admin import admin_url, page_text, visible_text
from tests.factories import (
    InstitutionFactory,
    NarrativeSectionFactory,
    ProgrammeFactory,
    ReportItemFactory,
)

pytestmark = pytest.mark.django_db

UNTRANSLATED = "/admin/reports/reportingyear/suivi/non-traduit/"


def render(template: str, **context) -> str:
    return Template("{% load translated %}" + template).render(Context(context))


# --- Fallback and marker ------------------------------------------------------


def test_arabic_shows_the_french_where_the_arabic_is_empty():
    programme = ProgrammeFactory(number=3, name="Programme santé")

    with translation.override("ar"):
        assert programme.name == "Programme santé"
        assert programme.translation_missing("name") is True
        assert programme.translation_language("name") == "fr"
    assert programme.name_fr == "Programme santé"
    assert programme.name_ar is None


def test_the_arabic_shows_once_entered_and_the_french_is_never_missing():
    programme = ProgrammeFactory(number=3, name="Programme santé")
    programme.name_ar = "برنامج الصحة"
    programme.save()

    with translation.override("ar"):
        assert Programme.objects.get(number=3).name == "برنامج الصحة"
        assert programme.translation_missing("name") is False
    with translation.override("en"):
        assert programme.translation_missing("name") is True
    assert programme.translation_missing("name", "fr") is False
    # The plain column keeps the French whatever the language of the save.
    with translation.override("ar"):
        programme.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM programmes_programme WHERE number = 3")
        assert cursor.fetchone() == ("Programme santé",)


def test_an_empty_french_text_has_nothing_to_translate():
    programme = ProgrammeFactory(number=3, name="Programme santé", purpose="")

    with translation.override("ar"):
        assert programme.translation_missing("purpose") is False


def test_the_filter_marks_the_french_shown_in_its_place():
    programme = ProgrammeFactory(number=3, name="Santé & accès")

    with translation.override("ar"):
        marked = render('{{ p|tr:"name" }}', p=programme)
    with translation.override("fr"):
        plain = render('{{ p|tr:"name" }}', p=programme)

    # The note is in the page's language (the Arabic catalogue), the text in French.
    assert marked == (
        '<span class="tr-missing" lang="fr" dir="ltr" '
        'title="ترجمة غير متوفرة: النص الأصلي بالفرنسية">Santé &amp; accès</span>'
    )
    assert plain == "Santé &amp; accès"


def test_the_filter_shows_the_translation_unmarked():
    programme = ProgrammeFactory(number=3, name="Programme santé")
    programme.name_ar = "برنامج الصحة"
    programme.save()

    with translation.override("ar"):
        assert render('{{ p|tr:"name" }}|{{ p|tr_missing:"name" }}', p=programme) == "برنامج الصحة|False"
    with translation.override("en"):
        assert render('{{ p|tr_missing:"name" }}', p=programme) == "True"


# --- Keys, filters, files ------------------------------------------------------


def test_api_keys_and_the_acronym_filter_do_not_change_with_the_language(client, staff):
    InstitutionFactory(name="Organisation internationale pour les migrations", acronym="OIM")
    InstitutionFactory(name="Ministère de la Santé", acronym="MS")
    client.force_login(staff)

    french = client.get("/api/v1/institutions/?acronym=OIM", HTTP_ACCEPT_LANGUAGE="fr").json()
    arabic = client.get("/api/v1/institutions/?acronym=OIM", HTTP_ACCEPT_LANGUAGE="ar").json()

    assert [sorted(row) for row in arabic["results"]] == [["acronym", "id", "kind", "name", "version"]]
    assert [row["acronym"] for row in arabic["results"]] == ["OIM"]
    assert arabic["results"][0]["name"] == "Organisation internationale pour les migrations"
    assert [sorted(row) for row in french["results"]] == [sorted(row) for row in arabic["results"]]


def test_the_export_keeps_its_french_headers_and_names_in_arabic(client, staff):
    institution = InstitutionFactory(name="Ministère de la Santé", acronym="MS")
    institution.name_ar = "وزارة الصحة"
    institution.save()
    client.force_login(staff)

    with translation.override("ar"):
        response = client.post(
            reverse("admin:programmes_institution_export"),
            {"format": "1", "resource": "0"},
            HTTP_ACCEPT_LANGUAGE="ar",
        )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Nom", "Sigle", "Type"], ["Ministère de la Santé", "MS", "Ministère"]]


def test_an_import_finds_an_institution_by_its_french_name_in_any_language():
    institution = InstitutionFactory(name="Ministère de la Santé", acronym="MS")
    institution.name_ar = "وزارة الصحة"
    institution.save()

    with translation.override("ar"):
        found = institutions_widget().clean("ministère de la santé ; MS")

    assert found == [institution]


def test_a_committee_and_an_institution_searched_in_the_admin_in_arabic(client, staff, cp2):
    cp2.name_ar = "لجنة البرنامج"
    cp2.save()
    client.force_login(staff)

    response = client.get(admin_url(Committee, "changelist") + "?q=لجنة")

    assert "CP2" in visible_text(response)


# --- History and revisions ------------------------------------------------------


def test_history_keeps_every_language():
    programme = ProgrammeFactory(number=3, name="Programme santé")
    programme.name_ar = "برنامج الصحة"
    programme.save()

    latest = programme.history.first()

    assert (latest.name_fr, latest.name_ar, latest.name_en) == ("Programme santé", "برنامج الصحة", None)


def test_a_write_to_an_arabic_field_moves_the_bilans_revision():
    section = NarrativeSectionFactory(year=2020, heading="Coordination")
    item = ReportItemFactory(year=2020)
    programme = section.programme
    year_before, reference_before = BilanRevision.objects.counters(2020)

    NarrativeSection.objects.filter(pk=section.pk).update(heading_ar="التنسيق")
    year_after_section, _ = BilanRevision.objects.counters(2020)
    ReportItem.objects.filter(pk=item.pk).update(text_ar="تحد")
    year_after_item, _ = BilanRevision.objects.counters(2020)
    Programme.objects.filter(pk=programme.pk).update(name_ar="برنامج")
    _, reference_after = BilanRevision.objects.counters(2020)

    assert year_after_section == year_before + 1
    assert year_after_item == year_before + 2
    assert reference_after == reference_before + 1


# --- Admin --------------------------------------------------------------------


def test_the_change_form_has_one_tab_per_language(client, staff):
    programme = ProgrammeFactory(number=3, name="Programme santé")
    client.force_login(staff)

    response = client.get(admin_url(Programme, "change", programme.pk))
    html = page_text(response)

    assert response.status_code == 200
    for code, name in (("fr", "Français"), ("ar", "العربيّة"), ("en", "English")):
        assert f"snia-translation snia-translation-{code}" in html
        assert name in html
    assert 'name="name_fr"' in html and 'name="name_ar"' in html and 'name="name_en"' in html
    assert 'name="name"' not in html
    assert 'lang="ar" dir="rtl"' in html
    assert "snia/translation_tabs.js" in html
    # The French stays required; Arabic and English do not.
    fields = response.context["adminform"].form.fields
    assert (fields["name_fr"].required, fields["name_ar"].required, fields["name_en"].required) == (
        True,
        False,
        False,
    )


def test_the_change_form_saves_each_language(client, staff):
    section = NarrativeSectionFactory(year=2020, heading="Coordination", body="Texte.")
    client.force_login(staff)
    url = admin_url(NarrativeSection, "change", section.pk)
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(heading_ar="التنسيق", body_ar="نص.", heading_en="", body_en="")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    section.refresh_from_db()
    assert (section.heading_fr, section.heading_ar, section.heading_en) == ("Coordination", "التنسيق", None)
    assert (section.body_fr, section.body_ar) == ("Texte.", "نص.")


# --- Staff's list of what is untranslated ---------------------------------------


def test_untranslated_page_is_for_mdcmre_staff(client, staff, focal_cp2, reader):
    assert client.get(UNTRANSLATED).status_code == 302
    assert client.get(UNTRANSLATED)["Location"].startswith("/admin/login/")
    client.force_login(focal_cp2)
    assert client.get(UNTRANSLATED).status_code == 403
    client.force_login(reader)
    assert client.get(UNTRANSLATED).status_code == 403
    client.force_login(staff)
    assert client.get(UNTRANSLATED).status_code == 200


def test_untranslated_page_counts_per_language_and_model(client, staff):
    translated = ProgrammeFactory(number=3, name="Programme santé")
    translated.name_ar = "برنامج الصحة"
    translated.save()
    ProgrammeFactory(number=4, name="Programme emploi")
    NarrativeSectionFactory(programme=translated, year=2020, heading="Coordination", body="Texte.")
    client.force_login(staff)

    response = client.get(UNTRANSLATED)
    text = visible_text(response)

    # Each language's part, after the header's language switch (which names them too).
    arabic_at = text.index("العربيّة")
    english_at = text.index("English", arabic_at)
    arabic = text[arabic_at:english_at]
    english = text[english_at:]
    assert "2 enregistrements à traduire." in arabic
    assert "Programmes — 1 enregistrement, 1 champ" in arabic
    assert "Programme 4 : Programme emploi Intitulé [fr]" not in arabic
    assert "Sections narratives — 1 enregistrement, 2 champs" in arabic
    assert "3 enregistrements à traduire." in english
    assert "Programmes — 2 enregistrements, 2 champs" in english
    assert admin_url(Programme, "change", 4) in page_text(response)


def test_untranslated_page_runs_as_many_queries_whatever_the_records(client, staff):
    client.force_login(staff)
    ProgrammeFactory(number=3, name="Programme santé")
    InstitutionFactory(name="Ministère A")
    client.get(UNTRANSLATED)
    with CaptureQueriesContext(connection) as few:
        client.get(UNTRANSLATED)
    for number in range(4, 9):
        ProgrammeFactory(number=number, name=f"Programme {number}")
        InstitutionFactory(name=f"Ministère {number}")
        NarrativeSectionFactory(year=2020, heading=f"Section {number}")
    with CaptureQueriesContext(connection) as many:
        client.get(UNTRANSLATED)

    assert len(many) == len(few)


def test_institutions_keep_their_french_order_in_arabic():
    InstitutionFactory(name="Bureau B")
    late = InstitutionFactory(name="Agence A")
    late.name_ar = "ي"
    late.save()

    with translation.override("ar"):
        assert [i.name_fr for i in Institution.objects.all()] == ["Agence A", "Bureau B"]

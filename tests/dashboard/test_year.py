"""The year shown: ?annee= or the latest year with validated records; and what
happened to it — opened, closed, reopened — who and when, in French."""

import datetime

import pytest
from django.utils import timezone

from reports.models import ReportingYear
from tests.factories import ReportingYearFactory, ValidatedMeetingFactory, ValidatedSessionFactory

pytestmark = pytest.mark.django_db


def shown_year(html: str) -> str:
    marker = '<h2 id="annee-titre">Année '
    start = html.index(marker) + len(marker)
    return html[start : start + 4]


def test_default_is_the_latest_year_with_validated_records(client_of, reader):
    ValidatedSessionFactory(year=2019)
    ValidatedMeetingFactory(date=datetime.date(2021, 3, 1))
    # Drafts do not make a year.
    from tests.factories import SessionFactory

    SessionFactory(year=2023)

    assert shown_year(client_of(reader).get("/").content.decode()) == "2021"


def test_default_without_records_is_the_current_year(client_of, reader):
    html = client_of(reader).get("/").content.decode()

    assert shown_year(html) == str(timezone.localdate().year)
    # No reporting year yet: said in French, no bilan link to a missing page.
    assert "n'est pas encore ouverte : son bilan n'existe pas encore." in html
    assert "/reports/bilan/" not in html


@pytest.mark.parametrize(
    "value", ["abc", "99999999999999999999", "1999", "2101", "-2020", "２０２０", "", "2020.0"]
)
def test_a_bad_year_shows_the_default_one(client_of, reader, value):
    ValidatedSessionFactory(year=2019)

    response = client_of(reader).get("/", {"annee": value})

    assert response.status_code == 200
    assert shown_year(response.content.decode()) == "2019"


def test_a_nul_character_is_refused_before_the_view(client_of, reader):
    response = client_of(reader).get("/?annee=20%0020")

    assert response.status_code == 400


def test_the_asked_year_is_shown_and_offered(client_of, reader):
    ValidatedSessionFactory(year=2019, women=4)
    ValidatedSessionFactory(year=2020, women=9)

    html = client_of(reader).get("/", {"annee": "2019"}).content.decode()

    assert shown_year(html) == "2019"
    assert '<option value="2019" selected>' in html
    assert '<option value="2020">' in html
    assert '<dd data-figure="women">4</dd>' in html


def test_opening_closing_and_reopening_show_who_and_when(client_of, reader, staff, administrator):
    year = ReportingYear(year=2020)
    year._history_user = staff
    year.save()
    opened = year.history.get(history_type="+")
    opened.history_date = datetime.datetime(2020, 1, 6, 8, 0, tzinfo=datetime.UTC)
    opened.save()
    year.close(administrator)
    ReportingYear.objects.filter(pk=year.pk).update(
        closed_at=datetime.datetime(2021, 3, 1, 9, 15, tzinfo=datetime.UTC)
    )
    year.refresh_from_db()
    reopening = year.reopen(administrator, "Une session oubliée")
    type(reopening).objects.filter(pk=reopening.pk).update(
        reopened_at=datetime.datetime(2021, 3, 2, 14, 0, tzinfo=datetime.UTC)
    )
    administrator.first_name, administrator.last_name = "Amina", "Alaoui"
    administrator.save()

    html = client_of(reader).get("/?annee=2020").content.decode()

    assert '<li class="snia-event-opened">Ouverte le 6 janvier 2020 à 09:00 par suivi.</li>' in html
    assert '<li class="snia-event-closed">Clôturée le 1 mars 2021 à 10:15 par Amina Alaoui.</li>' in html
    assert (
        '<li class="snia-event-reopened">Rouverte le 2 mars 2021 à 15:00 par Amina Alaoui. '
        "Raison : Une session oubliée</li>"
    ) in html
    assert "Année ouverte à la saisie." in html


def test_a_closing_under_way_is_said(client_of, reader, staff):
    ReportingYearFactory(
        year=2020,
        closing_started_at=datetime.datetime(2021, 2, 1, 9, 0, tzinfo=datetime.UTC),
        closing_started_by=staff,
    )

    html = client_of(reader).get("/?annee=2020").content.decode()

    assert "Clôture en cours, demandée le 1 février 2021 à 10:00 par suivi." in html


def test_a_closed_year_links_to_its_stored_edition(client_of, reader, staff, tmp_path, settings):
    from django.core.files.base import ContentFile

    from reports.models import BilanEdition

    settings.MEDIA_ROOT = tmp_path
    year = ReportingYearFactory(year=2020, closed_at=timezone.now(), closed_by=staff)
    edition = BilanEdition(
        year=year,
        number=1,
        closed_by=staff,
        closed_at=datetime.datetime(2021, 3, 1, 9, 0, tzinfo=datetime.UTC),
    )
    for field in ("html", "pdf", "xlsx", "figures"):
        getattr(edition, field).save(f"e.{field}", ContentFile(b"x"), save=False)
        setattr(edition, f"{field}_sha256", "0" * 64)
    edition.save()

    html = client_of(reader).get("/?annee=2020").content.decode()

    assert "Édition n° 1 établie le 1 mars 2021 à 10:00 par suivi." in html
    assert 'href="/reports/bilan/2020.pdf">Télécharger le PDF de l\'édition</a>' in html
    assert "Année clôturée" in html


def test_staff_open_a_year_from_the_dashboard_and_it_says_who(client_of, reader, staff):
    assert "Ouvrir l'année 2031" not in client_of(reader).get("/?annee=2031").content.decode()
    client = client_of(staff)
    html = client.get("/?annee=2031").content.decode()
    assert '<form method="post" action="/reports/annees/2031/ouvrir/" class="snia-open-year">' in html
    assert "Ouvrir l'année 2031" in html

    response = client.post("/reports/annees/2031/ouvrir/", {"next": "/?annee=2031"})

    assert (response.status_code, response["Location"]) == (302, "/?annee=2031")
    html = client.get("/?annee=2031").content.decode()
    assert "Ouvrir l'année 2031" not in html
    assert '<li class="snia-event-opened">Ouverte le ' in html and " par suivi.</li>" in html
    assert "Année ouverte à la saisie." in html

"""A session's year comes from its start date when there is one: the form does
not ask for it twice. Without a date the year is typed; a bad combination is
a French message on the right field, never a 500."""

import datetime

import pytest

from tests.admin import admin_url
from tests.factories import SessionFactory
from trainings.models import Session


def add_data(**changes: str) -> dict:
    data = {
        "kind": "training",
        "title": "Formation des magistrats",
        "women": "4",
        "men": "3",
        "unrecorded": "0",
    }
    return {**data, **changes}


def test_the_year_is_taken_from_the_start_date(staff_client):
    response = staff_client.post(admin_url(Session, "add"), add_data(start_date="15/03/2021"))

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.year, session.start_date) == (2021, datetime.date(2021, 3, 15))


def test_without_a_date_the_year_is_typed(staff_client):
    response = staff_client.post(admin_url(Session, "add"), add_data(year="2020"))

    assert response.status_code == 302
    assert Session.objects.get().year == 2020


def test_neither_year_nor_date_is_refused_in_french(staff_client):
    response = staff_client.post(admin_url(Session, "add"), add_data())

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"year": ["Indiquez l'année, ou la date de début."]}
    assert Session.objects.count() == 0


def test_a_typed_year_that_contradicts_the_date_is_refused_on_the_date(staff_client):
    response = staff_client.post(admin_url(Session, "add"), add_data(year="2020", start_date="15/03/2021"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "start_date": ["La date de début doit tomber dans l'année 2020."]
    }
    assert Session.objects.count() == 0


@pytest.mark.parametrize("start", ["15/03/1999", "01/01/2101"])
def test_a_date_out_of_the_strategy_s_years_is_refused_in_french(staff_client, start):
    response = staff_client.post(admin_url(Session, "add"), add_data(start_date=start))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "start_date": ["La date de début doit tomber entre 2014 et 2100."]
    }


def test_moving_the_date_to_another_year_moves_the_year_too(staff_client):
    session = SessionFactory(title="Formation", year=2020, start_date=datetime.date(2020, 11, 5))
    form = staff_client.get(admin_url(Session, "change", session.pk)).context["adminform"].form

    response = staff_client.post(
        admin_url(Session, "change", session.pk),
        {
            **add_data(title="Formation"),
            "year": "2020",  # as the page shows it, untouched
            "start_date": "20/01/2021",
            "version": form["version"].value(),
        },
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.year, session.start_date) == (2021, datetime.date(2021, 1, 20))


def test_an_end_before_the_start_is_a_french_message(staff_client):
    response = staff_client.post(
        admin_url(Session, "add"), add_data(start_date="15/03/2021", end_date="14/03/2021")
    )

    assert response.context["adminform"].form.errors == {
        "end_date": ["La date de fin ne peut pas précéder la date de début."]
    }


def test_the_form_says_the_year_may_be_left_empty(staff_client):
    form = staff_client.get(admin_url(Session, "add")).context["adminform"].form

    assert (form.fields["year"].required, form.fields["year"].help_text) == (
        False,
        "Laissez vide si vous indiquez la date de début : l'année en est déduite.",
    )

"""An update must carry the version it read: a stale one gets 409, never a silent overwrite."""

import pytest
from concurrency.exceptions import RecordModifiedError
from django.db import IntegrityError, models

from api.errors import exception_handler
from trainings.models import Session

pytestmark = pytest.mark.django_db


def test_the_second_of_two_updates_from_the_same_read_is_refused(api, staff, administrator, world):
    session = world["iom_session"]
    url = f"/api/v1/sessions/{session.pk}/"
    read = api(staff).get(url).json()["version"]
    first = api(staff).patch(url, {"women": 13, "version": read}, format="json")
    assert first.status_code == 200
    assert first.json()["version"] == read + 1
    second = api(administrator).patch(url, {"men": 1, "version": read}, format="json")
    assert second.status_code == 409
    assert second.json() == {
        "detail": f"Cet élément a été modifié entre-temps (version {read + 1}, "
        f"vous avez lu la version {read}) : relisez-le puis recommencez."
    }
    session.refresh_from_db()
    assert (session.women, session.men) == (13, 8)


def test_an_update_without_the_version_read_is_refused(api, staff, world):
    response = api(staff).patch(f"/api/v1/sessions/{world['iom_session'].pk}/", {"women": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "version": ["Indiquez la version de l'élément que vous avez lue (champ « version »)."]
    }


def test_a_full_update_needs_the_version_too(api, staff, world):
    session = world["iom_session"]
    payload = {"kind": "training", "title": "Formation", "year": 2020, "version": session.version - 1}
    assert api(staff).put(f"/api/v1/sessions/{session.pk}/", payload, format="json").status_code == 409
    payload["version"] = session.version
    assert api(staff).put(f"/api/v1/sessions/{session.pk}/", payload, format="json").status_code == 200


def test_a_save_that_loses_the_race_after_validation_is_a_409(api, staff, world, monkeypatch):
    # Someone saves between our version check and our UPDATE: django-concurrency
    # refuses the UPDATE, and the API says so instead of failing.
    session = world["iom_session"]
    original = Session.save

    def concurrent_save(self, *args, **kwargs):
        Session.objects.filter(pk=self.pk).update(version=models.F("version") + 1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Session, "save", concurrent_save)
    response = api(staff).patch(
        f"/api/v1/sessions/{session.pk}/", {"women": 99, "version": session.version}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Quelqu'un a modifié cet élément entre-temps : relisez-le puis recommencez."
    }
    assert Session.objects.get(pk=session.pk).women == 12


def test_database_refusals_that_slip_past_validation_are_never_a_500():
    assert exception_handler(RecordModifiedError(target=None), {}).status_code == 409
    assert exception_handler(IntegrityError("duplicate key"), {}).status_code == 409


def test_deleting_referenced_reference_data_is_refused_with_what_uses_it(api, staff, world, iom):
    response = api(staff).delete(f"/api/v1/institutions/{iom.pk}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Impossible de supprimer cet élément : il est utilisé par actions, sessions et événements."
    }


def test_a_full_update_without_the_version_read_is_refused(api, staff, world):
    session = world["iom_session"]
    payload = {"kind": "training", "title": "Formation écrasée", "year": 2020}
    response = api(staff).put(f"/api/v1/sessions/{session.pk}/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "version": ["Indiquez la version de l'élément que vous avez lue (champ « version »)."]
    }
    session.refresh_from_db()
    assert session.title != "Formation écrasée"

"""Every change is kept: who, when, which fields, before and after."""

import pytest
from concurrency.exceptions import RecordModifiedError
from django.db import transaction

from tests.factories import ActionFactory, InstitutionFactory, SessionFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db


def test_every_save_writes_a_history_row_with_the_changed_fields():
    session = SessionFactory(title="Formation ENSA", women=30, men=18)
    session.women = 31
    session.save()
    latest, previous = session.history.all()[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field != "version"] == [("women", 30, 31)]


def test_many_to_many_changes_are_in_the_history():
    session = SessionFactory()
    session.organisers.add(InstitutionFactory(name="ENABEL"))
    session.save()
    assert list(session.history.first().organisers.values_list("institution__name", flat=True)) == ["ENABEL"]


def test_a_deleted_session_can_be_restored_from_its_history():
    session = SessionFactory(title="Séminaire ENSA", women=65, men=38)
    pk = session.pk
    session.delete()
    deleted = Session.history.filter(id=pk, history_type="-").get()
    deleted.instance.save()
    assert Session.objects.get(pk=pk).total == 103


def test_a_stale_save_is_refused():
    action = ActionFactory(code="11.4")
    first, second = type(action).objects.get(pk=action.pk), type(action).objects.get(pk=action.pk)
    first.title = "Premier"
    first.save()
    second.title = "Second"
    # Django saves inside atomic(savepoint=False): give the failure its own block.
    with pytest.raises(RecordModifiedError), transaction.atomic():
        second.save()
    action.refresh_from_db()
    assert action.title == "Premier"

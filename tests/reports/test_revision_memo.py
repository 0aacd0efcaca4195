"""The year's figures remembered per process until its data change (reports.revision_memo)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from reports.stats import institution_statistics, year_statistics
from tests.factories import ActionFactory, ValidatedSessionFactory

# Committed writes: the memo keeps nothing inside a transaction, as a test's
# own transaction would be.
pytestmark = pytest.mark.django_db(transaction=True)


def test_figures_are_computed_once_until_a_write_moves_the_years_counter():
    ValidatedSessionFactory(women=5, men=3, unrecorded=2).actions.set([ActionFactory(code="11.12")])
    first = year_statistics(2020)
    with CaptureQueriesContext(connection) as again:
        second = year_statistics(2020)

    assert len(again) == 1  # the revision counters only
    assert second == first and second["totals"]["total"] == 10

    ValidatedSessionFactory(women=1, men=0, unrecorded=0)
    with CaptureQueriesContext(connection) as after_write:
        third = year_statistics(2020)

    assert len(after_write) > 1
    assert (third["totals"]["sessions"], third["totals"]["total"]) == (2, 11)


def test_each_caller_gets_its_own_copy():
    ValidatedSessionFactory(women=2, men=2, unrecorded=0).actions.set([ActionFactory(code="11.12")])
    year_statistics(2020)["totals"]["total"] = 999
    year_statistics(2020)["programmes"].clear()

    figures = year_statistics(2020)
    assert figures["totals"]["total"] == 4
    assert [(row["number"], row["total"]) for row in figures["programmes"]] == [(11, 4)]


def test_a_transaction_that_wrote_and_rolled_back_leaves_nothing_remembered():
    ValidatedSessionFactory(women=2, men=2, unrecorded=0)
    with transaction.atomic():
        ValidatedSessionFactory(women=50, men=50, unrecorded=0)
        assert year_statistics(2020)["totals"]["total"] == 104
        transaction.set_rollback(True)

    assert year_statistics(2020)["totals"]["total"] == 4


def test_reference_data_moves_the_figures_too():
    session = ValidatedSessionFactory(women=1, men=1, unrecorded=0)
    session.organisers.clear()
    session.organisers.add(session.organisers.model.objects.create(name="Entraide nationale", acronym="EN"))
    assert [row["name"] for row in institution_statistics(2020) if row["sessions"]] == ["Entraide nationale"]

    session.organisers.model.objects.filter(acronym="EN").update(name="Entraide Nationale")

    assert [row["name"] for row in institution_statistics(2020) if row["sessions"]] == ["Entraide Nationale"]


def test_figures_are_kept_per_language():
    from django.utils import translation

    ValidatedSessionFactory(women=1, men=1, unrecorded=0)
    year_statistics(2020)
    with translation.override("en"), CaptureQueriesContext(connection) as english:
        year_statistics(2020)

    assert len(english) > 1

"""Reminders to the focal points of the institutions that still owe their état
d'avancement: from SNIA_REMINDER_DAYS_BEFORE days before the year's deadline,
then every SNIA_REMINDER_INTERVAL_DAYS, at most once a day whoever runs them."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from access.models import ReviewState
from accounts.models import ReminderSent, UserProfile
from accounts.reminders import send_reminders
from programmes.models import ActionProgress
from tests.factories import ActionFactory, ReportingYearFactory

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2021, 1, 31)
SUBJECT = "[SNIA Suivi] Rappel : état d'avancement 2020 attendu pour le 31/01/2021"
LATE = "[SNIA Suivi] Rappel : état d'avancement 2020 en retard (date limite : 31/01/2021)"


@pytest.fixture
def year(settings):
    settings.REMINDER_DAYS_BEFORE, settings.REMINDER_INTERVAL_DAYS = 14, 7
    return ReportingYearFactory(year=2020, reporting_deadline=DEADLINE)


@pytest.fixture
def owed(focal_cp2, health_ministry):
    """Two actions led by the Ministère de la Santé (pf.cp2's), one with a draft only."""
    first, second = ActionFactory(code="11.3"), ActionFactory(code="11.12")
    for action in (first, second):
        action.lead_institutions.set([health_ministry])
    ActionProgress.objects.create(action=second, year=2020)
    return [first, second]


def sent() -> list[tuple[str, list[str]]]:
    return [(message.subject, message.to) for message in mail.outbox]


def days(n: int) -> datetime.date:
    return DEADLINE + datetime.timedelta(days=n)


def test_nothing_before_the_window_then_a_reminder_listing_the_missing_actions(year, owed):
    assert send_reminders(year, days(-15)) == 0

    assert send_reminders(year, days(-14)) == 1

    assert sent() == [(SUBJECT, ["pf.cp2@example.ma"])]
    body = mail.outbox[0].body
    assert (
        "Les états d'avancement 2020 sont attendus pour le 31 janvier 2021, et Ministère de la Santé "
        "n'a pas encore rendu compte de toutes les actions dont elle est pilote." in body
    )
    assert "Actions sans état d'avancement transmis (2) :\n- 11.3\n- 11.12 (brouillon)\n" in body
    assert "https://snia.example.ma/admin/programmes/actionprogress/" in body


def test_once_a_day_then_once_every_interval_then_late(year, owed):
    assert [send_reminders(year, days(n)) for n in (-14, -14, -10, -8, -7, 0, 1)] == [1, 0, 0, 0, 1, 1, 0]
    assert send_reminders(year, days(7)) == 1

    assert [subject for subject, _to in sent()] == [SUBJECT, SUBJECT, SUBJECT, LATE]
    assert ReminderSent.objects.count() == 4


def test_an_institution_that_reported_is_not_reminded(year, owed, focal_cp2):
    ActionProgress.objects.create(action=owed[0], year=2020, review_state=ReviewState.SUBMITTED)
    ActionProgress.objects.filter(action=owed[1]).update(review_state=ReviewState.VALIDATED)

    assert send_reminders(year, days(-1)) == 0


def test_no_deadline_a_closed_year_or_notifications_off_mean_no_reminder(year, owed, focal_cp2, staff):
    UserProfile.objects.filter(user=focal_cp2).update(notifications=False)
    assert send_reminders(year, days(-1)) == 0
    UserProfile.objects.filter(user=focal_cp2).update(notifications=True)

    year.reporting_deadline = None
    assert send_reminders(year, days(-1), manual=True) == 0
    year.reporting_deadline = DEADLINE
    year.closed_at, year.closed_by = timezone.now(), staff
    assert send_reminders(year, days(-1), manual=True) == 0
    assert mail.outbox == []


def test_the_daily_command_sends_once_a_day(settings, owed, focal_cp2):
    settings.REMINDER_DAYS_BEFORE = 14
    today = timezone.localdate()
    ReportingYearFactory(year=2020, reporting_deadline=today + datetime.timedelta(days=3))
    ReportingYearFactory(year=2019, reporting_deadline=today + datetime.timedelta(days=30))
    out = io.StringIO()

    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)

    assert out.getvalue() == (
        "2019 : 0 rappel(s) envoyé(s).\n2020 : 1 rappel(s) envoyé(s).\n"
        "2019 : 0 rappel(s) envoyé(s).\n2020 : 0 rappel(s) envoyé(s).\n"
    )
    assert [to for _subject, to in sent()] == [["pf.cp2@example.ma"]]


def test_staff_send_the_reminders_at_once_once_a_day(year, owed, staff):
    client = Client()
    client.force_login(staff)
    page = client.get("/comptes/rappels/2020/").content.decode()
    assert "Date limite des états d'avancement : 31 janvier 2021." in page
    assert "11.3, 11.12 (brouillon)" in page

    first = client.post("/comptes/rappels/2020/", follow=True)
    second = client.post("/comptes/rappels/2020/", follow=True)

    assert "1 rappel(s) envoyé(s)." in first.content.decode()
    assert "Aucun rappel à envoyer : tous les destinataires ont été relancés aujourd&#x27;hui." in (
        second.content.decode()
    )
    assert [to for _subject, to in sent()] == [["pf.cp2@example.ma"]]


def test_the_reminders_page_is_for_mdcmre_staff_only(year, focal_cp2, reader, client):
    for user in (focal_cp2, reader):
        client.force_login(user)
        assert client.get("/comptes/rappels/").status_code == 403
        assert client.post("/comptes/rappels/2020/").status_code == 403
    assert mail.outbox == []


def test_the_reminders_page_reads_a_fixed_number_of_queries(year, owed, staff, django_assert_max_num_queries):
    client = Client()
    client.force_login(staff)
    client.get("/comptes/rappels/2020/")

    with django_assert_max_num_queries(12):
        assert client.get("/comptes/rappels/2020/").status_code == 200

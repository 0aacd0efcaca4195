"""Reminders to the institutions that still owe their état d'avancement.

The rules, for an open year with a reporting deadline (ReportingYear.reporting_deadline):
- the daily run (`manage.py send_reminders`, a timer) starts SNIA_REMINDER_DAYS_BEFORE
  days before the deadline and reminds each focal point at most once every
  SNIA_REMINDER_INTERVAL_DAYS days, before and after the deadline, until their
  institution has reported (reports.worklists.not_reported_institutions) or the
  year is closed;
- staff's « Envoyer les rappels » sends at once, whatever the date, to those not
  reminded today;
- either way, nobody gets two reminders for a year on the same day
  (ReminderSent's unique constraint), and only active focal points with an
  address and notifications on are reminded.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import override

from accounts.mail import absolute_url, notified, render_body
from accounts.models import ReminderSent
from accounts.tasks import queue_email
from committees.models import FocalPoint
from reports.models import ReportingYear
from reports.worklists import not_reported_institutions


@dataclass(frozen=True)
class Reminder:
    user: object
    institution: dict  # a row of not_reported_institutions


def reminders_open(year: ReportingYear, today: date) -> bool:
    """Whether the daily run reminds anyone for `year` today."""
    if year.reporting_deadline is None or year.is_closed or year.is_closing:
        return False
    return today >= year.reporting_deadline - timedelta(days=settings.REMINDER_DAYS_BEFORE)


def due_reminders(year: ReportingYear, today: date, *, manual: bool) -> list[Reminder]:
    if year.reporting_deadline is None or year.is_closed or year.is_closing:
        return []
    if not manual and not reminders_open(year, today):
        return []
    owing = {row["id"]: row for row in not_reported_institutions(year.year)}
    since = today if manual else today - timedelta(days=settings.REMINDER_INTERVAL_DAYS - 1)
    reminded = ReminderSent.objects.filter(year=year, sent_on__gte=since).values("user_id")
    focal_points = (
        FocalPoint.objects.filter(institution_id__in=owing, user__in=notified(get_user_model().objects.all()))
        .exclude(user_id__in=reminded)
        .select_related("user")
        .order_by("institution__name", "user__username")
    )
    return [Reminder(focal_point.user, owing[focal_point.institution_id]) for focal_point in focal_points]


def subject_of(year: ReportingYear, today: date) -> str:
    deadline = formats.date_format(year.reporting_deadline, "SHORT_DATE_FORMAT")
    with override(settings.LANGUAGE_CODE):
        if today > year.reporting_deadline:
            late = _("[SNIA Suivi] Rappel : état d'avancement %(year)s en retard (date limite : %(date)s)")
            return late % {"year": year.year, "date": deadline}
        return _("[SNIA Suivi] Rappel : état d'avancement %(year)s attendu pour le %(date)s") % {
            "year": year.year,
            "date": deadline,
        }


def send_reminders(year: ReportingYear, today: date, *, manual: bool = False) -> int:
    """Queues the reminders due for `year` today; returns how many."""
    sent = 0
    if year.reporting_deadline is None:
        return 0
    subject = subject_of(year, today)
    with override(settings.LANGUAGE_CODE):
        deadline = formats.date_format(year.reporting_deadline, "DATE_FORMAT")
    link = absolute_url(reverse("admin:programmes_actionprogress_changelist"))
    for reminder in due_reminders(year, today, manual=manual):
        body = render_body(
            "accounts/email/reminder.txt",
            user=reminder.user,
            institution=reminder.institution,
            year=year.year,
            deadline=deadline,
            late=today > year.reporting_deadline,
            link=link,
        )
        try:
            # The record and the mail's task commit together (the database
            # queue): a run that fails half-way leaves no reminder marked sent
            # but not queued, and two runs at once never both send.
            with transaction.atomic():
                ReminderSent.objects.create(
                    year=year, institution_id=reminder.institution["id"], user=reminder.user, sent_on=today
                )
                queue_email(reminder.user.email, subject, body)
        except IntegrityError:
            continue  # reminded today by another run
        sent += 1
    return sent

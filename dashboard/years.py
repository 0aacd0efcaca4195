"""Which year the dashboard shows, and what happened to it: opened, closed, reopened."""

import datetime

from django.db.models.functions import ExtractYear
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from access.people import person
from committees.models import Meeting
from programmes.models import ActionProgress
from reports.models import ReportingYear
from trainings.models import Session

# The years a reporting year may be (reports.models.YEAR_VALIDATORS).
FIRST_YEAR, LAST_YEAR = 2014, 2100


def validated_years() -> set[int]:
    """Years with at least one validated session, meeting or action progress: one query."""
    sessions = Session.objects.validated().order_by().values_list("year", flat=True)
    progress = ActionProgress.objects.validated().order_by().values_list("year", flat=True)
    meetings = (
        Meeting.objects.validated()
        .order_by()
        .annotate(record_year=ExtractYear("date"))
        .values_list("record_year")
    )
    return {year for year in sessions.union(progress, meetings)}


def default_year(with_records: set[int], today: datetime.date) -> int:
    """The latest year with validated records, else the current year."""
    return max(with_records) if with_records else today.year


def asked_year(raw: str | None) -> int | None:
    """The year of `?annee=`, or None for anything but a plausible year (letters, NUL, 99999…)."""
    if raw is None or len(raw) != 4 or not raw.isascii() or not raw.isdigit():
        return None
    year = int(raw)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def year_choices(
    shown: int, with_records: set[int], reporting_years: set[int], today: datetime.date
) -> list[int]:
    return sorted(with_records | reporting_years | {shown, today.year}, reverse=True)


def when(moment: datetime.datetime) -> str:
    """« 1 décembre 2026 à 09:30 », in the site's time zone."""
    local = timezone.localtime(moment)
    return _("%(date)s à %(time)s") % {
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
    }


def year_events(reporting_year: ReportingYear | None) -> list[dict]:
    """Opened, closed, reopened (with the reason), closing under way: who and when, oldest first."""
    if reporting_year is None:
        return []
    events = []
    opened = (
        ReportingYear.history.filter(id=reporting_year.pk, history_type="+")
        .select_related("history_user")
        .order_by("history_date")
        .first()
    )
    if opened is not None:
        text = (
            _("Ouverte le %(when)s par %(who)s.")
            if opened.history_user
            else _("Ouverte le %(when)s (par l'application : chargement ou première saisie).")
        )
        events.append(
            {
                "kind": "opened",
                "at": opened.history_date,
                "text": text % {"when": when(opened.history_date), "who": person(opened.history_user)},
            }
        )
    reopenings = reporting_year.reopenings.select_related("reopened_by", "closed_by").order_by("reopened_at")
    for reopening in reopenings:
        events.append(
            {
                "kind": "closed",
                "at": reopening.closed_at,
                "text": _("Clôturée le %(when)s par %(who)s.")
                % {"when": when(reopening.closed_at), "who": person(reopening.closed_by)},
            }
        )
        events.append(
            {
                "kind": "reopened",
                "at": reopening.reopened_at,
                "text": _("Rouverte le %(when)s par %(who)s. Raison : %(reason)s")
                % {
                    "when": when(reopening.reopened_at),
                    "who": person(reopening.reopened_by),
                    "reason": reopening.reason,
                },
            }
        )
    if reporting_year.is_closed:
        events.append(
            {
                "kind": "closed",
                "at": reporting_year.closed_at,
                "text": _("Clôturée le %(when)s par %(who)s.")
                % {"when": when(reporting_year.closed_at), "who": person(reporting_year.closed_by)},
            }
        )
    elif reporting_year.is_closing:
        events.append(
            {
                "kind": "closing",
                "at": reporting_year.closing_started_at,
                "text": _("Clôture en cours, demandée le %(when)s par %(who)s.")
                % {
                    "when": when(reporting_year.closing_started_at),
                    "who": person(reporting_year.closing_started_by),
                },
            }
        )
    return events

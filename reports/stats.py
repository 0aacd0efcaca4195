"""A reporting year's figures, computed by the database.

`year_statistics` feeds the bilan's synthesis and, later, the REST API: it
returns plain JSON-able data and runs the same few queries whatever the
number of meetings and sessions.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from access.rules import reported
from committees.models import Committee, Meeting
from programmes.models import Institution, Programme, Project
from reports.revision_memo import by_revision
from trainings.models import Session

# Keys of the participant figures, in the order the report prints them.
PARTICIPANT_KEYS = ("sessions", "men", "women", "unrecorded", "total")


def reported_sessions(year: int, drafts_for=None) -> QuerySet:
    """The sessions a bilan reports: validated ones, plus, in a preview with the
    drafts of `drafts_for` (a user), the unvalidated ones they may see
    (access.rules.reported decides)."""
    return reported(Session.objects.in_year(year), drafts_for)


def reported_meetings(year: int, drafts_for=None) -> QuerySet:
    return reported(Meeting.objects.in_year(year), drafts_for)


def sessions_serving(year: int, action_condition: Q, drafts_for=None) -> QuerySet:
    """Sessions of `year` linked to at least one action meeting `action_condition`.

    The condition is written on the link (``Q(action__programme=...)``) and
    may hold OuterRef(OuterRef(...)) to the row being annotated. Testing
    existence rather than joining the actions counts a session once even when
    it serves several matching actions.
    """
    links = Session.actions.through.objects.filter(action_condition, session=OuterRef("pk"))
    return reported_sessions(year, drafts_for).filter(Exists(links))


def participant_sums(sessions: QuerySet) -> dict:
    """Annotations (n_sessions, n_men, n_women, n_unrecorded, n_total) summing `sessions`.

    Each is a one-row subquery: grouping on the year, which all the sessions
    share, makes the database aggregate them without joining the outer query.
    """
    grouped = sessions.order_by().values("year")

    def one(expression) -> Coalesce:
        return Coalesce(Subquery(grouped.annotate(value=expression).values("value")), 0)

    return {
        "n_sessions": one(Count("pk")),
        "n_men": one(Sum("men")),
        "n_women": one(Sum("women")),
        "n_unrecorded": one(Sum("unrecorded")),
        "n_total": one(Sum(F("women") + F("men") + F("unrecorded"))),
    }


def participant_figures(row: dict) -> dict:
    """The plain figures of a row annotated with `participant_sums`."""
    return {key: row[f"n_{key}"] for key in PARTICIPANT_KEYS}


def women_share(women: int, men: int) -> float | None:
    """Share of women among participants whose sex is recorded; None when nobody's is."""
    recorded = women + men
    return women / recorded if recorded else None


def year_statistics(year: int, drafts_for=None) -> dict:
    """Meetings per committee and participants by sex per programme for `year`
    (remembered until the year's data change when no drafts are asked for)."""
    if drafts_for is None:
        return _published_statistics(year)
    return _year_statistics(year, drafts_for)


@by_revision
def _published_statistics(year: int) -> dict:
    return _year_statistics(year)


def _year_statistics(year: int, drafts_for=None) -> dict:
    """Meetings per committee and participants by sex per programme for `year`.

    Only validated meetings and sessions count, as in the published bilan,
    unless a preview asks for the drafts `drafts_for` (a user) may see.
    A session serving actions of two programmes counts in both programmes'
    rows, but once in the totals, which cover every session of the year,
    including those not yet linked to any action.
    """
    sessions = reported_sessions(year, drafts_for)
    meetings = reported_meetings(year, drafts_for)
    committees = [
        {
            "code": committee["code"],
            "name": committee["name"],
            "kind": committee["kind"],
            # The year's target if staff set one (committees.MeetingTarget), else None.
            "expected": committee["expected"],
            "held": committee["held"],
        }
        for committee in Committee.objects.with_meetings_held(meetings)
        .with_target(year)
        .order_by("position", "code")
        .values("code", "name", "kind", "expected", "held")
    ]
    programme_rows = (
        Programme.objects.order_by("number")
        .annotate(
            **participant_sums(
                sessions_serving(year, Q(action__programme=OuterRef(OuterRef("pk"))), drafts_for)
            )
        )
        .values("number", "name", "kind", *(f"n_{key}" for key in PARTICIPANT_KEYS))
    )
    programmes = [
        {"number": row["number"], "name": row["name"], "kind": row["kind"], **participant_figures(row)}
        for row in programme_rows
    ]
    totals = sessions.by_sex()
    totals["meetings"] = meetings.count()
    totals["sessions_without_action"] = sessions.filter(actions__isnull=True).count()
    return {
        "year": year,
        "committees": committees,
        "programmes": programmes,
        "totals": totals,
        "women_share": women_share(totals["women"], totals["men"]),
    }


def _figures_per(queryset: QuerySet, sessions: QuerySet, *fields: str) -> list[dict]:
    """Participant figures of `sessions` (correlated to each row of `queryset`), rows with sessions only."""
    rows = (
        queryset.filter(Exists(sessions))
        .annotate(**participant_sums(sessions))
        .values(*fields, *(f"n_{key}" for key in PARTICIPANT_KEYS))
    )
    return [{**{field: row[field] for field in fields}, **participant_figures(row)} for row in rows]


@by_revision
def institution_statistics(year: int) -> list[dict]:
    """Sessions and participants by sex per organising institution, counted in the database."""
    sessions = reported_sessions(year).filter(organisers=OuterRef("pk"))
    return _figures_per(Institution.objects.order_by("name_fr"), sessions, "id", "name", "acronym")


@by_revision
def project_statistics(year: int) -> list[dict]:
    """Sessions and participants by sex per project, counted in the database."""
    sessions = reported_sessions(year).filter(projects=OuterRef("pk"))
    return _figures_per(Project.objects.order_by("name"), sessions, "id", "name", "acronym")

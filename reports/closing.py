"""Closing a year: the checklist staff see first, and the background render.

Staff ask to close (ReportingYear.request_closing, from the admin or the API):
the year is then « clôture en cours » — its records are frozen — while a
task (`reports.closing_tasks.close_reporting_year`) renders and stores its
edition (reports.editions.store_edition) and closes it. A failed render
leaves the year open with the reason; a closing whose worker died is offered
again after CLOSING_ABANDONED_AFTER.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from access.models import ReviewState

# A full year renders in under a minute: a closing still running after this
# lost its worker (killed, out of memory, restarted), and may be asked again.
CLOSING_ABANDONED_AFTER = timedelta(minutes=15)


def _records(year: int, states: tuple[str, ...]) -> list[str]:
    from committees.models import Meeting
    from programmes.models import ActionProgress
    from trainings.models import Session

    sessions = Session.objects.in_year(year).filter(review_state__in=states).order_by("title")
    meetings = Meeting.objects.in_year(year).filter(review_state__in=states).select_related("committee")
    progress = (
        ActionProgress.objects.filter(year=year, review_state__in=states)
        .select_related("action")
        .order_by("action__code")
    )
    return [
        *(_("Session « %(title)s »") % {"title": session.title} for session in sessions),
        *(_("Réunion %(meeting)s") % {"meeting": meeting} for meeting in meetings.order_by("date")),
        *(_("Avancement de l'action %(code)s") % {"code": row.action.code} for row in progress),
    ]


def programmes_without_content(year: int) -> list[str]:
    """Programmes whose chapter of the year's bilan would say nothing."""
    from programmes.models import ActionProgress, Programme
    from reports.models import NarrativeSection, ReportItem, Study, UniversityProgramme
    from trainings.models import Session

    programme = OuterRef("pk")
    content = [
        NarrativeSection.objects.filter(year=year, programme=programme),
        ReportItem.objects.filter(year=year, programme=programme),
        Session.objects.in_year(year).validated().filter(actions__programme=programme),
        ActionProgress.objects.validated().filter(year=year, action__programme=programme),
        Study.objects.filter(year=year, actions__programme=programme),
        UniversityProgramme.objects.filter(year=year, actions__programme=programme),
    ]
    condition = Q()
    for rows in content:
        condition |= Exists(rows)
    empty = Programme.objects.exclude(condition).order_by("pk")
    return [str(programme) for programme in empty]


def closing_checklist(year: int) -> list[dict]:
    """What is still pending before `year` is closed: a list of
    {"key", "label", "entries"}, only the items that have entries."""
    from trainings.duplicates import probable_duplicates
    from trainings.models import Session

    items = [
        (
            "submitted",
            _("Éléments soumis, en attente de validation (ils ne figureront pas dans le bilan)"),
            _records(year, (ReviewState.SUBMITTED,)),
        ),
        (
            "drafts",
            _("Brouillons et éléments renvoyés (ils ne figureront pas dans le bilan)"),
            _records(year, (ReviewState.DRAFT, ReviewState.RETURNED)),
        ),
        (
            "duplicates",
            _("Doublons probables"),
            [str(group) for group in probable_duplicates(Session.objects.in_year(year))],
        ),
        ("empty_programmes", _("Programmes sans contenu pour l'année"), programmes_without_content(year)),
    ]
    return [{"key": key, "label": str(label), "entries": entries} for key, label, entries in items if entries]

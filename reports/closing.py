"""Closing a year: the checklist staff see first, and the background render.

Staff ask to close (`request_closing`, from the admin or the API):
the year is then « clôture en cours » — its records are frozen — while a
task (`reports.closing_tasks.close_reporting_year`) renders and stores its
edition (reports.editions.store_edition) and closes it. A failed render
leaves the year open with the reason; a closing whose worker died is offered
again after CLOSING_ABANDONED_AFTER; one whose worker died holding its lease
is taken up again by the workers' sweep (`recover_closings`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from access.states import ReviewState
from committees.models import Meeting
from programmes.models import ActionProgress, Programme
from reports.closing_tasks import close_reporting_year
from reports.models import (
    CLOSING_ABANDONED_AFTER,
    NarrativeSection,
    ReportingYear,
    ReportItem,
    Study,
    UniversityProgramme,
)
from trainings.duplicates import probable_duplicates
from trainings.models import Session


def _records(year: int, states: tuple[str, ...]) -> list[str]:
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


def request_closing(year: ReportingYear, user, confirm_pending: bool = False) -> list[dict]:
    """MDCMRE staff ask to close the year (admin and API alike); returns the
    checklist confirmed.

    With items pending (`closing_checklist`) it must be confirmed. The year is
    then « clôture en cours » — its records frozen — until a background task
    has stored its edition and closed it (reports.editions.store_edition); a
    failed render reopens it with the reason, and a closing whose worker died
    may be asked again.
    """
    year.check_may_close(user)
    if year.is_closing and not year.closing_is_abandoned:
        raise ValidationError(
            _("La clôture de l'année %(year)s est déjà en cours.") % {"year": year.year},
            code="closing",
        )
    pending = closing_checklist(year.year)
    if pending and not confirm_pending:
        raise ValidationError(
            _("Des points restent en attente : confirmez la clôture malgré eux."),
            code="confirmation_required",
        )
    now = timezone.now()
    # The task is enqueued in the same transaction as the state it reads
    # (as reports.tasks.request_export does), and the conditional UPDATE lets
    # only one of two simultaneous requests start a closing.
    with transaction.atomic():
        startable = Q(closing_started_at__isnull=True) | Q(
            closing_started_at__lt=now - CLOSING_ABANDONED_AFTER
        )
        started = ReportingYear.objects.filter(startable, pk=year.pk, closed_at__isnull=True).update(
            closing_started_at=now,
            closing_started_by=user,
            closing_checklist=pending,
            closing_error="",
            attempts=0,
        )
        if not started:
            raise ValidationError(
                _("La clôture de l'année %(year)s est déjà en cours.") % {"year": year.year},
                code="closing",
            )
        close_reporting_year.enqueue(year.pk, now.isoformat())
    year.refresh_from_db()
    return pending


def recover_closings() -> int:
    """Takes up again the closings whose worker died (their lease expired), or
    leaves the year open with the reason after too many attempts."""
    recovered = 0
    closings = ReportingYear.expired_leases().filter(closing_started_at__isnull=False, closed_at__isnull=True)
    for year in closings:
        with transaction.atomic():
            if year.attempts >= settings.RENDER_MAX_ATTEMPTS:
                recovered += year.take_back(
                    closing_started_at=None,
                    closing_started_by=None,
                    closing_error=_(
                        "La clôture a été interrompue %(count)s fois : le service de tâches de fond "
                        "s'est arrêté en plein rendu (mémoire insuffisante ?). Relancez-la quand "
                        "la cause est corrigée."
                    )
                    % {"count": year.attempts},
                )
            elif year.take_back():
                # Enqueued in the same transaction, as in `request_closing`.
                close_reporting_year.enqueue(year.pk, year.closing_started_at.isoformat())
                recovered += 1
    return recovered

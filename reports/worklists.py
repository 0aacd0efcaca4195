"""MDCMRE staff's own admin pages: what waits for validation, who has not
reported on their actions, and the trash of deleted sessions and meetings.

Reached from the admin index (templates/admin/index.html); the URLs are added
by ReportingYearAdmin.get_urls. Each page answers 403 to anyone but MDCMRE
administrators and staff (access.rules.is_mdcmre).
"""

from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, FileField, Max, Model, OuterRef
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import get_m2m_reverse_field_name

from access.models import ReviewState
from access.rules import is_mdcmre
from access.years import record_year
from committees.models import Meeting
from programmes.models import Action, ActionProgress
from reports.models import ReportingYear
from trainings.models import Session

# Progress in these states counts as reported: it was sent to MDCMRE.
REPORTED_STATES = (ReviewState.SUBMITTED, ReviewState.VALIDATED, ReviewState.RETURNED)
# What the trash holds, by the label used in its URLs.
TRASH_MODELS: dict[str, type[Model]] = {"session": Session, "reunion": Meeting}


def _require_mdcmre(request: HttpRequest) -> None:
    if not is_mdcmre(request.user):
        raise PermissionDenied


def _page(
    request: HttpRequest, admin_site: AdminSite, template: str, title: str, **context
) -> TemplateResponse:
    return TemplateResponse(
        request, template, {**admin_site.each_context(request), "title": title, **context}
    )


def _change_url(obj: Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _grouped(items: Iterable, groups_of: Callable, no_group: str) -> list[tuple[str, list]]:
    """[(group, items)] sorted by group name; an item in several groups is listed in each."""
    groups: dict[str, list] = {}
    for item in items:
        for group in groups_of(item) or [no_group]:
            groups.setdefault(str(group), []).append(item)
    return sorted(groups.items(), key=lambda pair: (pair[0] == no_group, pair[0].casefold()))


def review_queue(request: HttpRequest, admin_site: AdminSite) -> TemplateResponse:
    """Submitted sessions per organising institution, progress per lead
    institution of its action, meetings per committee."""
    _require_mdcmre(request)
    sessions = Session.objects.awaiting_review().select_related("author").prefetch_related("organisers")
    progress = (
        ActionProgress.objects.awaiting_review()
        .select_related("action", "author")
        .prefetch_related("action__lead_institutions")
    )
    meetings = (
        Meeting.objects.awaiting_review()
        .select_related("committee", "author")
        .order_by("committee__position", "committee__code", "date")
    )
    session_groups = _grouped(
        sessions, lambda session: list(session.organisers.all()), gettext("Sans institution organisatrice")
    )
    progress_groups = _grouped(
        progress, lambda row: list(row.action.lead_institutions.all()), gettext("Sans institution pilote")
    )
    meeting_groups = _grouped(meetings, lambda meeting: [meeting.committee], "")
    return _page(
        request,
        admin_site,
        "admin/snia/review_queue.html",
        gettext("À valider"),
        session_groups=[(name, [(row, _change_url(row)) for row in rows]) for name, rows in session_groups],
        progress_groups=[(name, [(row, _change_url(row)) for row in rows]) for name, rows in progress_groups],
        meeting_groups=[(name, [(row, _change_url(row)) for row in rows]) for name, rows in meeting_groups],
        total=len(sessions) + len(progress) + len(meetings),
    )


def not_reported_institutions(year: int) -> list[dict]:
    """Institutions leading at least one action without reported progress for
    `year` (none, or only a draft): counted in the database, two queries."""
    lead = Action.lead_institutions.through
    reported = ActionProgress.objects.filter(
        action_id=OuterRef("action_id"), year=year, review_state__in=REPORTED_STATES
    )
    draft = ActionProgress.objects.filter(
        action_id=OuterRef("action_id"), year=year, review_state=ReviewState.DRAFT
    )
    rows = list(
        lead.objects.values("institution_id", "institution__name", "institution__acronym")
        .annotate(led=Count("action_id"), missing=Count("action_id", filter=~Exists(reported)))
        .filter(missing__gt=0)
        .order_by("institution__name_fr")
    )
    missing = (
        lead.objects.filter(~Exists(reported), institution_id__in=[row["institution_id"] for row in rows])
        .annotate(draft=Exists(draft))
        .values_list("institution_id", "action__code", "draft")
        .order_by("institution_id", "action__programme_id", Length("action__code"), "action__code")
    )
    actions: dict[int, list[str]] = {}
    for institution_id, code, is_draft in missing:
        actions.setdefault(institution_id, []).append(
            gettext("%(code)s (brouillon)") % {"code": code} if is_draft else code
        )
    return [
        {
            "id": row["institution_id"],
            "name": row["institution__name"],
            "acronym": row["institution__acronym"],
            "led": row["led"],
            "missing": row["missing"],
            "actions": actions.get(row["institution_id"], []),
        }
        for row in rows
    ]


def not_reported(request: HttpRequest, admin_site: AdminSite, year: int | None = None) -> TemplateResponse:
    _require_mdcmre(request)
    years = list(ReportingYear.objects.values_list("year", flat=True))
    if year is None:
        year = years[0] if years else timezone.localdate().year
    return _page(
        request,
        admin_site,
        "admin/snia/not_reported.html",
        gettext("Institutions n'ayant pas rendu compte %(year)s") % {"year": year},
        year=year,
        years=[(other, reverse("admin:snia_not_reported_year", args=[other])) for other in years],
        institutions=not_reported_institutions(year),
    )


def _latest_deletions(model: type[Model]):
    """The last deletion record of each deleted (and not restored) record of `model`."""
    history = model.history.model
    last_deletions = (
        history.objects.filter(history_type="-")
        .order_by()
        .values("id")
        .annotate(last=Max("history_id"))
        .values("last")
    )
    return (
        history.objects.filter(history_id__in=last_deletions)
        .exclude(id__in=model._base_manager.values("pk"))
        .select_related("history_user")
    )


def trash(request: HttpRequest, admin_site: AdminSite) -> TemplateResponse:
    _require_mdcmre(request)
    sessions = [
        {"label": "session", "record": record, "title": record.title, "year": record.year}
        for record in _latest_deletions(Session)
    ]
    meetings = [
        {
            "label": "reunion",
            "record": record,
            "title": f"{record.committee.code} — {record.date:%d/%m/%Y}" if record.committee else record.date,
            "year": record.date.year,
        }
        for record in _latest_deletions(Meeting).select_related("committee")
    ]
    return _page(
        request,
        admin_site,
        "admin/snia/trash.html",
        gettext("Corbeille"),
        sections=[
            (Session._meta.verbose_name_plural, sessions),
            (Meeting._meta.verbose_name_plural, meetings),
        ],
    )


def restore(request: HttpRequest, admin_site: AdminSite, label: str, history_id: int) -> HttpResponse:
    """Puts a deleted session or meeting back, with its primary key and its
    many-to-many links as they were just before the deletion."""
    _require_mdcmre(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    model = TRASH_MODELS.get(label)
    if model is None:
        raise Http404
    history = model.history.model
    record = get_object_or_404(history, history_id=history_id, history_type="-")
    back = HttpResponseRedirect(reverse("admin:snia_trash"))
    if model._base_manager.filter(pk=record.id).exists():
        messages.warning(request, gettext("Cet enregistrement a déjà été restauré."))
        return back
    instance = record.instance
    # The deletion record holds the fields; the links are in the record before it.
    before = (
        history.objects.filter(id=record.id, history_id__lt=record.history_id).order_by("-history_id").first()
    )
    try:
        ReportingYear.objects.ensure_open(record_year(instance))
        # Files are not checked again: the stored minutes were accepted when uploaded.
        instance.full_clean(exclude=[f.name for f in model._meta.fields if isinstance(f, FileField)])
        with transaction.atomic():
            instance._change_reason = gettext("Restauré depuis la corbeille")
            instance.save()
            if before is not None:
                for field in model._meta.many_to_many:
                    if not hasattr(before, field.name):
                        continue
                    ids = getattr(before, field.name).values_list(
                        get_m2m_reverse_field_name(field), flat=True
                    )
                    # A linked record deleted since cannot be linked again.
                    existing = field.related_model._base_manager.filter(pk__in=list(ids))
                    getattr(instance, field.name).set(existing)
    except ValidationError as error:
        messages.error(
            request,
            gettext("« %(object)s » ne peut pas être restauré : %(reason)s")
            % {"object": instance, "reason": " ".join(error.messages)},
        )
        return back
    messages.success(request, gettext("« %(object)s » a été restauré.") % {"object": instance})
    return HttpResponseRedirect(_change_url(instance))

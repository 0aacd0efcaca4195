"""What waits for someone: MDCMRE staff's review queue and the institutions that
still owe an état d'avancement; a focal point's drafts and returned records.

Every list goes through access.rules.visible_to, and runs a fixed number of
queries whatever the number of records (counts in the database, short lists).
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from access.people import person
from access.rules import focal_point_of, visible_to
from access.states import ReviewState
from committees.models import Meeting
from dashboard.years import when
from programmes.models import ActionProgress
from reports.worklists import not_reported_institutions
from trainings.models import Session

# A draft nobody has sent for this long is probably forgotten.
STALE_DRAFT_DAYS = 30
# Records listed by name on the dashboard; the admin's lists hold the rest.
LISTED = 10
# The reviewed kinds of record, in the order the dashboard shows them.
KINDS = (
    (Session, "trainings_session", ()),
    (Meeting, "committees_meeting", ("committee",)),
    (ActionProgress, "programmes_actionprogress", ("action",)),
)


def changelist(admin_name: str, **filters: str) -> str:
    url = reverse(f"admin:{admin_name}_changelist")
    if filters:
        url += "?" + "&".join(f"{key}={value}" for key, value in filters.items())
    return url


def created_since(model, since: datetime.datetime) -> Exists:
    """Whether the record was created (its history's first row) after `since`."""
    return Exists(model.history.filter(id=OuterRef("pk"), history_type="+", history_date__gte=since))


def review_queue(now: datetime.datetime) -> list[dict]:
    """Per kind of record: submitted, returned (waiting for the author), and
    drafts created more than STALE_DRAFT_DAYS ago (or before history was kept). One query per kind."""
    since = now - datetime.timedelta(days=STALE_DRAFT_DAYS)
    rows = []
    for model, admin_name, _related in KINDS:
        counts = model.objects.aggregate(
            submitted=Count("pk", filter=Q(review_state=ReviewState.SUBMITTED)),
            returned=Count("pk", filter=Q(review_state=ReviewState.RETURNED)),
            stale=Count("pk", filter=Q(review_state=ReviewState.DRAFT) & ~created_since(model, since)),
        )
        rows.append(
            {
                "label": model._meta.verbose_name_plural,
                **counts,
                "submitted_url": changelist(admin_name, review_state__exact=ReviewState.SUBMITTED),
                "returned_url": changelist(admin_name, review_state__exact=ReviewState.RETURNED),
                "drafts_url": changelist(admin_name, review_state__exact=ReviewState.DRAFT),
            }
        )
    return rows


def reporting_completeness(year: int) -> dict:
    """Who still owes an état d'avancement for `year` (reports.worklists, the admin page's own function)."""
    institutions = not_reported_institutions(year)
    return {
        "institutions": institutions[:LISTED],
        "count": len(institutions),
        "more": max(len(institutions) - LISTED, 0),
        "url": reverse("admin:snia_not_reported_year", args=[year]),
    }


def _entries(queryset: QuerySet, admin_name: str, with_comment: bool) -> list[dict]:
    return [
        {
            "title": str(record),
            "year": record.year,
            "url": reverse(f"admin:{admin_name}_change", args=[record.pk]),
            "comment": record.review_comment if with_comment else "",
            "reviewed": (
                _("Renvoyé le %(when)s par %(who)s")
                % {"when": when(record.reviewed_at), "who": person(record.reviewed_by)}
                if with_comment and record.reviewed_at
                else ""
            ),
        }
        for record in queryset
    ]


def focal_point_work(user) -> dict | None:
    """A focal point's institution and committees, the drafts authored within their
    institution and what was returned to it, with the reviewer's comment."""
    focal_point = focal_point_of(user)
    if focal_point is None:
        return None
    institution = focal_point.institution
    committees = list(focal_point.committees.order_by("position", "code"))
    drafts, returned = [], []
    draft_count = returned_count = 0
    for model, admin_name, related in KINDS:
        own = visible_to(model.objects.all(), user).filter(author_institution=institution)
        counts = own.aggregate(
            drafts=Count("pk", filter=Q(review_state=ReviewState.DRAFT)),
            returned=Count("pk", filter=Q(review_state=ReviewState.RETURNED)),
        )
        draft_count += counts["drafts"]
        returned_count += counts["returned"]
        if counts["drafts"]:
            records = own.filter(review_state=ReviewState.DRAFT).select_related(*related).order_by("-pk")
            drafts += _entries(records[:LISTED], admin_name, with_comment=False)
        if counts["returned"]:
            records = (
                own.filter(review_state=ReviewState.RETURNED)
                .select_related("reviewed_by", *related)
                .order_by("-reviewed_at", "-pk")
            )
            returned += _entries(records[:LISTED], admin_name, with_comment=True)
    return {
        "institution": institution,
        "committees": committees,
        "drafts": drafts,
        "draft_count": draft_count,
        "returned": returned,
        "returned_count": returned_count,
        "new_meeting": add_url("committees_meeting", committee=[c.pk for c in committees]),
        "new_session": add_url("trainings_session", organisers=[institution.pk]),
        "has_committees": bool(committees),
    }


def add_url(admin_name: str, **choices: list[int]) -> str:
    """The admin's add form, with each field preselected when there is a single choice."""
    url = reverse(f"admin:{admin_name}_add")
    preset = [f"{name}={ids[0]}" for name, ids in choices.items() if len(ids) == 1]
    return url + ("?" + "&".join(preset) if preset else "")

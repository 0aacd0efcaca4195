"""Who reaches which record: the scoping rules, written once.

The admin, the API, the exports and the imports all go through these
functions, so a focal point sees and changes the same records everywhere:
- MDCMRE administrators and staff reach everything;
- readers see everything and change nothing;
- a focal point sees reference data read-only, and only the meetings of their
  committees, the sessions their institution organises and the progress of the
  actions their institution leads — nothing else.
Closed years and the review workflow then decide whether a reachable record may
still be changed (can_change).
"""

from django.db.models import Model, Q, QuerySet

from access.roles import REFERENCE_MODELS, Role, role_of

# Review states a focal point may still edit: their own drafts, and what was
# returned to them. Submitted or validated content is MDCMRE's to change.
AUTHOR_EDITABLE_STATES = ("draft", "returned")


def focal_point_of(user):
    """The user's FocalPoint record, or None."""
    from committees.models import FocalPoint

    if not hasattr(user, "_snia_focal_point"):
        user._snia_focal_point = FocalPoint.objects.filter(user=user).select_related("institution").first()
    return user._snia_focal_point


def _label(model: type[Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def focal_point_scope(model: type[Model], focal_point) -> Q | None:
    """The records of `model` a focal point reaches, or None for none of them."""
    label = _label(model)
    if label == "committees.meeting":
        return Q(committee__focal_points=focal_point)
    if label == "trainings.session":
        return Q(organisers=focal_point.institution_id)
    if label == "programmes.actionprogress":
        return Q(action__lead_institutions=focal_point.institution_id)
    return None


def visible_to(queryset: QuerySet, user) -> QuerySet:
    """The part of `queryset` that `user` may see."""
    role = role_of(user)
    if role in (Role.ADMINISTRATOR, Role.STAFF, Role.READER):
        return queryset
    if role == Role.FOCAL_POINT:
        if _label(queryset.model) in REFERENCE_MODELS:
            return queryset
        focal_point = focal_point_of(user)
        scope = focal_point_scope(queryset.model, focal_point) if focal_point else None
        if scope is not None:
            # A filter through a many-to-many relation can repeat rows; a
            # subquery on the primary key keeps the queryset clean to annotate.
            return queryset.filter(pk__in=queryset.model._default_manager.filter(scope).values("pk"))
    return queryset.none()


def is_mdcmre(user) -> bool:
    return role_of(user) in (Role.ADMINISTRATOR, Role.STAFF)


def can_review(user) -> bool:
    """Validating or returning submitted content is MDCMRE staff's job."""
    return is_mdcmre(user)


def can_change(user, obj: Model) -> bool:
    """Whether `user` may change or delete this (already reachable) record now."""
    from reports.models import ReportingYear

    role = role_of(user)
    if role in (None, Role.READER):
        return False
    year = getattr(obj, "year", None)
    if year is not None and ReportingYear.objects.is_closed(year):
        return False
    if role == Role.FOCAL_POINT:
        if _label(type(obj)) in REFERENCE_MODELS:
            return False
        if not visible_to(type(obj)._default_manager.filter(pk=obj.pk), user).exists():
            return False
        return getattr(obj, "review_state", "draft") in AUTHOR_EDITABLE_STATES
    return True


def writable_choices(user, model: type[Model], queryset: QuerySet) -> QuerySet:
    """Restricts the choices of a foreign key a focal point fills in.

    A focal point logs meetings of their own committees only and reports on
    the actions their institution leads; every other choice is offered in full.
    """
    if role_of(user) != Role.FOCAL_POINT:
        return queryset
    focal_point = focal_point_of(user)
    if focal_point is None:
        return queryset.none()
    label = _label(queryset.model)
    if label == "committees.committee":
        return queryset.filter(focal_points=focal_point)
    if label == "programmes.action" and _label(model) == "programmes.actionprogress":
        return queryset.filter(lead_institutions=focal_point.institution_id)
    return queryset


def organisers_error(user, organiser_ids: list[int]) -> str | None:
    """A focal point's session must name their institution among its organisers,
    or they could not reach it once saved."""
    from django.utils.translation import gettext as _

    if role_of(user) != Role.FOCAL_POINT:
        return None
    focal_point = focal_point_of(user)
    if focal_point is None or focal_point.institution_id not in set(organiser_ids):
        return _("Votre institution (%(institution)s) doit figurer parmi les organisateurs.") % {
            "institution": focal_point.institution if focal_point else "?"
        }
    return None

"""Who reaches which record: the scoping rules, written once.

The admin, the API, the exports and the imports all go through these
functions, so a focal point sees and changes the same records everywhere:
- MDCMRE administrators and staff reach everything;
- readers see reference data, report content and the *validated* meetings,
  sessions and progress (drafts are work in progress), and change nothing;
- a focal point sees reference data read-only, and only the meetings of their
  committees, the sessions their institution organises and the progress of the
  actions their institution leads — nothing else;
- an account without a role sees nothing (deny by default).
Closed years, the review workflow and the editing rule then decide whether a
reachable record may still be changed (can_change). What a bilan shows is
decided by `reported`, from `visible_to`.

The rules import no domain model: each model declares what they need — its
focal point's scope and choices (access.models.Reviewable), whether it is
reference data (access.roles), its year (access.years).
"""

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from access import years
from access.roles import GROUP_NAMES, Role, is_focal_point_model, is_reference, role_of
from access.states import ReviewState

# Review states a focal point may still edit: their own drafts, and what was
# returned to them. Submitted or validated content is MDCMRE's to change.
AUTHOR_EDITABLE_STATES = (ReviewState.DRAFT, ReviewState.RETURNED)


# A focal point is the user's `focal_point` relation (committees.FocalPoint,
# with its `institution`): the one thing these rules know of the user's side.
FOCAL_POINT = "focal_point"


def focal_point_of(user):
    """The user's focal point with its institution, or None; read once per request."""
    if getattr(user, "pk", None) is None:
        return None
    if not hasattr(user, "_snia_focal_point"):
        focal_point = user._meta.get_field(FOCAL_POINT).related_model
        user._snia_focal_point = (
            focal_point._default_manager.filter(user=user).select_related("institution").first()
        )
    return user._snia_focal_point


def _scope(model: type[Model], focal_point, institution) -> Q | None:
    """The records of `model` reached by a focal point (its pk) of an institution
    (its pk), as the model declares it (`focal_point_scope`); both may be
    OuterRef, to ask which focal points reach a record."""
    declared = getattr(model, "focal_point_scope", None)
    return declared(focal_point, institution) if declared is not None else None


def focal_point_scope(model: type[Model], focal_point) -> Q | None:
    """The records of `model` a focal point reaches, or None for none of them."""
    return _scope(model, focal_point.pk, focal_point.institution_id)


def _is_reviewable(model: type[Model]) -> bool:
    # Reviewed models are those that declare a focal point's scope (a system
    # check insists, access.checks): the rules need not import the workflow's
    # model, which imports them.
    return is_focal_point_model(model)


def visible_to(queryset: QuerySet, user) -> QuerySet:
    """The part of `queryset` that `user` may see."""
    role = role_of(user)
    if role in (Role.ADMINISTRATOR, Role.STAFF):
        return queryset
    if role == Role.READER:
        # Drafts, submitted and returned records are work in progress: a
        # reader sees what MDCMRE validated, as the published bilan does.
        if _is_reviewable(queryset.model):
            return queryset.filter(review_state=ReviewState.VALIDATED)
        return queryset
    if role == Role.FOCAL_POINT:
        if is_reference(queryset.model):
            return queryset
        focal_point = focal_point_of(user)
        scope = focal_point_scope(queryset.model, focal_point) if focal_point else None
        if scope is not None:
            # A filter through a many-to-many relation can repeat rows; a
            # subquery on the primary key keeps the queryset clean to annotate.
            return queryset.filter(pk__in=queryset.model._default_manager.filter(scope).values("pk"))
    return queryset.none()


def visible_versions(history: QuerySet, user) -> QuerySet:
    """The past versions (django-simple-history rows) of a reachable record that
    `user` may read: a reader, who sees no draft, sees its validated versions only."""
    if role_of(user) == Role.READER and "review_state" in {f.name for f in history.model._meta.fields}:
        return history.filter(review_state=ReviewState.VALIDATED)
    return history


def reported(queryset: QuerySet, drafts_for=None) -> QuerySet:
    """The records of a reviewed kind (sessions, meetings, progress) a bilan shows.

    The published bilan (drafts_for None) shows validated records, to every
    role. A preview asked for by `drafts_for` (a user) adds the unvalidated
    records that user may see (visible_to): MDCMRE staff all of them, a focal
    point those of their own scope, a reader none.
    """
    validated = Q(review_state=ReviewState.VALIDATED)
    if drafts_for is None:
        return queryset.filter(validated)
    if is_mdcmre(drafts_for):
        return queryset
    visible = visible_to(queryset.model._default_manager.all(), drafts_for)
    return queryset.filter(validated | Q(pk__in=visible.values("pk")))


def is_mdcmre(user) -> bool:
    return role_of(user) in (Role.ADMINISTRATOR, Role.STAFF)


def has_role(user) -> bool:
    """Whether the account has one of the four roles: without one, no page, no record."""
    return role_of(user) is not None


def can_review(user) -> bool:
    """Validating or returning submitted content is MDCMRE staff's job."""
    return is_mdcmre(user)


def can_change(user, obj: Model) -> bool:
    """Whether `user` may change or delete this (already reachable) record now."""
    role = role_of(user)
    if role in (None, Role.READER):
        return False
    # Any record placed in a closed year — a closed reporting year itself
    # included — is read-only (access.years; reopening has its own view).
    if years.freezing_year(obj) is not None:
        return False
    if role == Role.FOCAL_POINT:
        if is_reference(type(obj)):
            return False
        if not visible_to(type(obj)._default_manager.filter(pk=obj.pk), user).exists():
            return False
        if getattr(obj, "review_state", "draft") not in AUTHOR_EDITABLE_STATES:
            return False
        return authored_within(obj, focal_point_of(user))
    return True


def authored_within(obj: Model, focal_point) -> bool:
    """The editing rule: a focal point changes what was authored within their
    own institution — the institution stored on the record when its author
    created it (or was handed it), which survives the author's departure.
    Records with no author institution (imported or demo data, or written by
    MDCMRE staff) are MDCMRE's until staff hand them to a focal point."""
    if focal_point is None or not _is_reviewable(type(obj)):
        return False
    return obj.author_institution_id is not None and obj.author_institution_id == focal_point.institution_id


def authored_elsewhere_message(user, obj: Model) -> str | None:
    """What a focal point is told when they may read a draft but not change it
    because it was authored within another institution (None otherwise)."""
    if role_of(user) != Role.FOCAL_POINT or not _is_reviewable(type(obj)):
        return None
    if obj.review_state not in AUTHOR_EDITABLE_STATES or authored_within(obj, focal_point_of(user)):
        return None
    if obj.author_institution_id is None:
        return _(
            "Cet élément n'a pas été saisi par votre institution : vous pouvez le consulter ; "
            "le personnel du MDCMRE peut vous en confier la saisie."
        )
    return _(
        "Cet élément a été saisi par une autre institution (%(institution)s) : vous pouvez le "
        "consulter, seuls ses points focaux le modifient."
    ) % {"institution": obj.author_institution}


def institution_of(user):
    """The institution whose records `user` authors: their focal point's, or None."""
    focal_point = focal_point_of(user) if user is not None else None
    return focal_point.institution if focal_point is not None else None


def possible_authors(obj: Model) -> QuerySet:
    """Who may be handed `obj` as its author: active MDCMRE staff and
    administrators, and the focal points who reach it (visible_to's scope)."""
    from django.contrib.auth import get_user_model

    model = type(obj)
    scope = _scope(model, OuterRef(f"{FOCAL_POINT}__pk"), OuterRef(f"{FOCAL_POINT}__institution_id"))
    reaching = Exists(model._default_manager.filter(scope, pk=obj.pk)) if scope is not None else Q(pk__in=[])
    mdcmre = Q(is_superuser=True) | Q(
        groups__name__in=[GROUP_NAMES[Role.ADMINISTRATOR], GROUP_NAMES[Role.STAFF]]
    )
    focal = Q(groups__name=GROUP_NAMES[Role.FOCAL_POINT]) & Q(reaching)
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(pk__in=users.filter(mdcmre | focal).values("pk")).order_by("username")


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
    declared = getattr(model, "focal_point_choices", None)
    return declared(queryset, focal_point) if declared is not None else queryset


def own_institution_error(user, institution_ids: list[int]) -> str | None:
    """A focal point's record must name their institution in the relation its
    model declares (`own_institution_field`: a session's organisers), or they
    could not reach it once saved."""
    if role_of(user) != Role.FOCAL_POINT:
        return None
    focal_point = focal_point_of(user)
    if focal_point is None or focal_point.institution_id not in set(institution_ids):
        return _("Votre institution (%(institution)s) doit figurer parmi les organisateurs.") % {
            "institution": focal_point.institution if focal_point else "?"
        }
    return None


def change_refusal(user, obj: Model) -> str | None:
    """Why `user` may not change this record they can see; None if they may."""
    if can_change(user, obj):
        return None
    role = role_of(user)
    if role in (None, Role.READER):
        return str(_("Votre rôle permet de consulter les données, pas de les modifier."))
    closed = years.closed_year_of(obj)
    if closed is not None:
        return str(closed.closed_message())
    if is_reference(type(obj)):
        return str(_("Les données de référence ne peuvent être modifiées que par le personnel du MDCMRE."))
    elsewhere = authored_elsewhere_message(user, obj)
    if elsewhere:
        return str(elsewhere)
    state = getattr(obj, "review_state", None)
    if state == ReviewState.VALIDATED:
        return str(_("Cet élément est validé : seul le personnel du MDCMRE peut encore le modifier."))
    if state == ReviewState.SUBMITTED:
        return str(
            _("Cet élément est soumis pour validation : seul le personnel du MDCMRE peut le modifier.")
        )
    return str(_("Vous ne pouvez pas modifier cet élément."))

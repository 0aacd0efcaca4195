"""The review workflow shared by what feeds the report: sessions, meetings and
action progress go draft → submitted → validated, or back to their author."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from access import rules
from access.states import ReviewState

__all__ = ["ReviewState", "ReviewQuerySet", "Reviewable", "StateChanged", "review_transition_done"]

# Sent once a transition has committed — never for one rolled back — with
# sender=the record's model, record, transition ("submit", "approve" or
# "return_to_author") and user (who did it). The accounts app mails from it;
# access knows nothing of who listens.
review_transition_done = Signal()


class ReviewQuerySet(models.QuerySet):
    def validated(self) -> "ReviewQuerySet":
        return self.filter(review_state=ReviewState.VALIDATED)

    def awaiting_review(self) -> "ReviewQuerySet":
        return self.filter(review_state=ReviewState.SUBMITTED)


class StateChanged(ValidationError):
    """Someone moved or edited the record after the caller read it: the
    transition they asked for was decided on a state that no longer exists.
    The API answers 409, the admin a message."""

    def __init__(self, record: "Reviewable | None") -> None:
        if record is None:
            message = _("Cet élément a été supprimé entre-temps.")
        else:
            message = _(
                "Cet élément a changé entre-temps : il est maintenant « %(state)s » (version %(version)s). "
                "Relisez-le puis recommencez."
            ) % {"state": record.get_review_state_display(), "version": record.version}
        super().__init__(message, code="state_changed")


class Reviewable(models.Model):
    review_state = models.CharField(
        _("état de validation"),
        max_length=20,
        choices=ReviewState,
        default=ReviewState.DRAFT,
        db_index=True,
        editable=False,
    )
    review_comment = models.TextField(_("commentaire de validation"), blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("auteur"),
    )
    # The institution the record was authored within: the author's focal point's
    # at creation (or when MDCMRE staff hand the record over). Stored, so that
    # the editing rule survives a focal point leaving or changing institution.
    author_institution = models.ForeignKey(
        "programmes.Institution",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("institution de l'auteur"),
    )
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("validé ou renvoyé par"),
    )
    reviewed_at = models.DateTimeField(_("validé ou renvoyé le"), null=True, blank=True, editable=False)

    REVIEW_FIELDS = ("review_state", "review_comment", "submitted_at", "reviewed_by", "reviewed_at")

    # What each reviewed model declares for the shared rules (access.rules,
    # access.years), which never import it — the `access.E002` system check
    # insists on the first two:
    # - `year_field`: the field that places a record in a reporting year;
    # - `focal_point_scope(focal_point, institution)`: a classmethod giving the
    #   Q of the records a focal point (its pk) of an institution (its pk)
    #   reaches; both may be OuterRef;
    # - `own_institution_field`: a relation that must name the focal point's
    #   institution, or they could not reach the record once saved (None: none).
    own_institution_field: str | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.author_id is not None and self.author_institution_id is None:
            # Every path that creates a record (admin, API, imports) sets its
            # author: the author's institution is taken from it here, once.
            self.author_institution = rules.institution_of(self.author)
        super().save(*args, **kwargs)

    @classmethod
    def focal_point_choices(cls, queryset: models.QuerySet, focal_point) -> models.QuerySet:
        """The choices a focal point may pick, among `queryset` (any related
        model), when writing a record of this model."""
        return queryset

    @property
    def is_validated(self) -> bool:
        return self.review_state == ReviewState.VALIDATED

    def _require(self, allowed: tuple[str, ...], message) -> None:
        if self.review_state not in allowed:
            raise ValidationError(message, code="invalid_transition")

    @contextmanager
    def _transition(self, version: int | None, name: str, user) -> Iterator[None]:
        """One transition, atomic: the row is locked (PostgreSQL; SQLite runs
        immediate transactions, see settings) and re-read, and the transition
        is refused if it is no longer the record the caller decided on — its
        state changed, or its version when the caller says which one it read.
        Of two reviewers who click at once, exactly one succeeds."""
        seen = self.review_state
        with transaction.atomic(using=self._state.db):
            try:
                self.refresh_from_db(from_queryset=type(self)._base_manager.select_for_update())
            except ObjectDoesNotExist:
                raise StateChanged(None) from None
            if self.review_state != seen or (version is not None and self.version != version):
                raise StateChanged(self)
            yield
            # Robust: a listener that fails (a mail queue down) must not undo
            # or hide a transition that has already committed.
            announce = partial(
                review_transition_done.send, sender=type(self), record=self, transition=name, user=user
            )
            transaction.on_commit(announce, using=self._state.db, robust=True)

    def _save_transition(self, fields: list[str]) -> None:
        # With the version: it bumps (a form or API client that read the record
        # before the transition is now stale) and the history records the step.
        self.save(update_fields=[*fields, "version"])

    def submit(self, user, version: int | None = None) -> None:
        """The author (or MDCMRE staff) sends a draft or returned record for validation."""
        with self._transition(version, "submit", user):
            self._require(
                (ReviewState.DRAFT, ReviewState.RETURNED),
                _("Seul un brouillon ou un élément renvoyé peut être soumis."),
            )
            if not rules.can_change(user, self):
                raise PermissionDenied(_("Vous ne pouvez pas soumettre cet élément."))
            self.review_state = ReviewState.SUBMITTED
            self.submitted_at = timezone.now()
            self._save_transition(["review_state", "submitted_at"])

    def approve(self, user, version: int | None = None) -> None:
        """MDCMRE staff validate a submitted record: it enters the published bilan."""
        with self._transition(version, "approve", user):
            self._check_reviewer(user)
            self._require((ReviewState.SUBMITTED,), _("Seul un élément soumis peut être validé."))
            self.review_state = ReviewState.VALIDATED
            self.review_comment = ""
            self._mark_reviewed(user)

    def return_to_author(self, user, comment: str, version: int | None = None) -> None:
        """MDCMRE staff send a submitted record back with a comment saying why."""
        with self._transition(version, "return_to_author", user):
            self._check_reviewer(user)
            self._require((ReviewState.SUBMITTED,), _("Seul un élément soumis peut être renvoyé."))
            if not comment.strip():
                raise ValidationError({"review_comment": _("Dites à l'auteur ce qu'il faut corriger.")})
            self.review_state = ReviewState.RETURNED
            self.review_comment = comment.strip()
            self._mark_reviewed(user)

    def hand_over(self, user, new_author) -> None:
        """MDCMRE staff make `new_author` the record's author (a successor, an
        imported record): the editing rule then follows the new author's
        institution. History records the change."""
        if not rules.is_mdcmre(user):
            raise PermissionDenied(_("Seul le personnel du MDCMRE peut changer l'auteur d'un élément."))
        if not rules.can_change(user, self):
            raise PermissionDenied(_("Cet élément ne peut plus être modifié."))
        if new_author is None or not rules.possible_authors(self).filter(pk=new_author.pk).exists():
            raise ValidationError(
                {
                    "author": _(
                        "Cet utilisateur ne peut pas accéder à cet élément : il ne peut pas en être l'auteur."
                    )
                }
            )
        self.author = new_author
        self.author_institution = rules.institution_of(new_author)
        self.save(update_fields=["author", "author_institution"])

    def _check_reviewer(self, user) -> None:
        if not rules.can_review(user):
            raise PermissionDenied(_("Seul le personnel du MDCMRE peut valider ou renvoyer."))
        if not rules.can_change(user, self):
            raise PermissionDenied(_("Cet élément ne peut plus être modifié."))

    def _mark_reviewed(self, user) -> None:
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self._save_transition(["review_state", "review_comment", "reviewed_by", "reviewed_at"])

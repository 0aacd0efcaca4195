"""The review workflow shared by what feeds the report: sessions, meetings and
action progress go draft → submitted → validated, or back to their author."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis pour validation")
    VALIDATED = "validated", _("Validé")
    RETURNED = "returned", _("Renvoyé à l'auteur")


class ReviewQuerySet(models.QuerySet):
    def validated(self) -> "ReviewQuerySet":
        return self.filter(review_state=ReviewState.VALIDATED)

    def awaiting_review(self) -> "ReviewQuerySet":
        return self.filter(review_state=ReviewState.SUBMITTED)


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

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self._state.adding and self.author_id is not None and self.author_institution_id is None:
            # Every path that creates a record (admin, API, imports) sets its
            # author: the author's institution is taken from it here, once.
            from access.rules import institution_of

            self.author_institution = institution_of(self.author)
        super().save(*args, **kwargs)

    @property
    def is_validated(self) -> bool:
        return self.review_state == ReviewState.VALIDATED

    def _require(self, allowed: tuple[str, ...], message) -> None:
        if self.review_state not in allowed:
            raise ValidationError(message, code="invalid_transition")

    def submit(self, user) -> None:
        """The author (or MDCMRE staff) sends a draft or returned record for validation."""
        from access.rules import can_change

        self._require(
            (ReviewState.DRAFT, ReviewState.RETURNED),
            _("Seul un brouillon ou un élément renvoyé peut être soumis."),
        )
        if not can_change(user, self):
            raise PermissionDenied(_("Vous ne pouvez pas soumettre cet élément."))
        self.review_state = ReviewState.SUBMITTED
        self.submitted_at = timezone.now()
        self.save(update_fields=["review_state", "submitted_at"])

    def approve(self, user) -> None:
        """MDCMRE staff validate a submitted record: it enters the published bilan."""
        self._check_reviewer(user)
        self._require((ReviewState.SUBMITTED,), _("Seul un élément soumis peut être validé."))
        self.review_state = ReviewState.VALIDATED
        self.review_comment = ""
        self._mark_reviewed(user)

    def return_to_author(self, user, comment: str) -> None:
        """MDCMRE staff send a submitted record back with a comment saying why."""
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
        from access.rules import can_change, institution_of, is_mdcmre, possible_authors

        if not is_mdcmre(user):
            raise PermissionDenied(_("Seul le personnel du MDCMRE peut changer l'auteur d'un élément."))
        if not can_change(user, self):
            raise PermissionDenied(_("Cet élément ne peut plus être modifié."))
        if new_author is None or not possible_authors(self).filter(pk=new_author.pk).exists():
            raise ValidationError(
                {
                    "author": _(
                        "Cet utilisateur ne peut pas accéder à cet élément : il ne peut pas en être l'auteur."
                    )
                }
            )
        self.author = new_author
        self.author_institution = institution_of(new_author)
        self.save(update_fields=["author", "author_institution"])

    def _check_reviewer(self, user) -> None:
        from access.rules import can_change, can_review

        if not can_review(user):
            raise PermissionDenied(_("Seul le personnel du MDCMRE peut valider ou renvoyer."))
        if not can_change(user, self):
            raise PermissionDenied(_("Cet élément ne peut plus être modifié."))

    def _mark_reviewed(self, user) -> None:
        self.reviewed_by = user
        self.reviewed_at = timezone.now()
        self.save(update_fields=["review_state", "review_comment", "reviewed_by", "reviewed_at"])

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

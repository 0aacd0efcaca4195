"""The states of the review workflow (access.models.Reviewable)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis pour validation")
    VALIDATED = "validated", _("Validé")
    RETURNED = "returned", _("Renvoyé à l'auteur")

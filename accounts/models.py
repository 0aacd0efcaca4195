"""Each person's preferences, and the reporting reminders already sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserProfile(models.Model):
    """One per user, created with the account (and for older accounts by a
    migration); a missing one reads as the defaults (UserProfile.of)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("utilisateur"),
    )
    notifications = models.BooleanField(
        _("recevoir les notifications par courriel"),
        default=True,
        help_text=_(
            "Soumissions à valider, éléments validés ou renvoyés, rappels d'échéance. "
            "Les courriels de mot de passe et d'invitation sont toujours envoyés."
        ),
    )
    # The interface's language (snia/language.py); blank: French, the default.
    language = models.CharField(
        _("langue de l'interface"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    # When a password reset mail was last queued for this account: at most one
    # per PASSWORD_RESET_INTERVAL, whoever asks (accounts/forms.py).
    password_reset_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("profil")
        verbose_name_plural = _("profils")

    def __str__(self) -> str:
        return str(self.user)

    @classmethod
    def of(cls, user) -> "UserProfile":
        profile, _created = cls.objects.get_or_create(user=user)
        return profile


class ReminderSent(models.Model):
    """A reporting reminder sent to a focal point for a year: at most one per
    person, year and day, whatever runs the reminders (the daily command, the
    staff button, both at once)."""

    year = models.ForeignKey(
        "reports.ReportingYear", on_delete=models.CASCADE, related_name="+", verbose_name=_("année")
    )
    institution = models.ForeignKey(
        "programmes.Institution", on_delete=models.CASCADE, related_name="+", verbose_name=_("institution")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("destinataire")
    )
    sent_on = models.DateField(_("envoyé le"))
    sent_at = models.DateTimeField(_("envoyé à"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(fields=["year", "user", "sent_on"], name="one_reminder_per_person_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.year} — {self.user} — {self.sent_on}"

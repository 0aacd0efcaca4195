"""Spreadsheet cells that name this app's reference data, shared by the
imports of the apps that point at it (sessions' organisers, meetings'
participants)."""

from django.utils.translation import gettext_lazy

from programmes.models import Institution
from spreadsheets.widgets import ReferencesWidget


def institutions_widget() -> ReferencesWidget:
    return ReferencesWidget(
        Institution,
        # The French name (the text of record, what exports write) or the acronym.
        ("name_fr", "acronym"),
        unknown=gettext_lazy("Institution inconnue : « %(name)s »."),
        ambiguous=gettext_lazy("« %(name)s » désigne plusieurs institutions : écrivez le nom complet."),
        hint=gettext_lazy(
            "Écrivez le nom ou le sigle d'une institution du référentiel, séparés par « ; ». "
            "Une institution manquante est ajoutée par le MDCMRE, pas par un import."
        ),
    )

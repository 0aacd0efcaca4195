from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from loaders.glossary import load_glossary
from loaders.reference_data import load_reference, reference_counts


class Command(BaseCommand):
    help = (
        "Charge le référentiel de la SNIA (objectifs, programmes, OSP, actions, comités, "
        "institutions, projets, sigles). Peut être relancée : rien n'est dupliqué ni écrasé."
    )

    def handle(self, *args, **options) -> None:
        load_reference()
        load_glossary()  # after the institutions, whose names it reuses
        counts = reference_counts()
        self.stdout.write(
            _(
                "Référentiel chargé : %(strategic_objectives)d objectifs stratégiques, "
                "%(programmes)d programmes, %(specific_objectives)d OSP, %(actions)d actions, "
                "%(committees)d comités, %(institutions)d institutions, %(projects)d projets, "
                "%(acronyms)d sigles."
            )
            % counts
        )

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from loaders.reference_data import load_reference


class Command(BaseCommand):
    help = (
        "Charge le référentiel de la SNIA (objectifs, programmes, OSP, actions, comités, "
        "institutions, projets, sigles). Peut être relancée : rien n'est dupliqué ni écrasé."
    )

    def handle(self, *args, **options) -> None:
        counts = load_reference()
        self.stdout.write(
            _(
                "Référentiel chargé : %(strategic_objectives)d objectifs stratégiques, "
                "%(programmes)d programmes, %(specific_objectives)d OSP, %(actions)d actions, "
                "%(committees)d comités, %(institutions)d institutions, %(projects)d projets, "
                "%(acronyms)d sigles."
            )
            % counts
        )

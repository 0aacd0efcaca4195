from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.languages import BILAN_LANGUAGES, REPORT_LANGUAGE, is_bilan_language
from reports.models import ReportingYear
from reports.pdf import render_bilan_pdf
from reports.working import render_working_pdf


class Command(BaseCommand):
    help = (
        "Écrit le bilan programmatique d'une année de rapport dans un fichier PDF : la version "
        "publiable (PDF/A balisé, en un seul rendu), ou avec --working la version de travail "
        "(rendue par morceaux en parallèle et réutilisés, marquée « Version de travail »). "
        "En français par défaut, en arabe ou en anglais avec --language ; l'édition enregistrée "
        "à la clôture d'une année reste la française."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help=("Année de rapport, par exemple 2020."))
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help=(
                "Fichier PDF à écrire (par défaut bilan-programmatique-<année>.pdf, "
                "ou bilan-programmatique-<année>-<langue>.pdf en arabe ou en anglais)."
            ),
        )
        parser.add_argument(
            "--language",
            "-l",
            default=REPORT_LANGUAGE,
            help=("Langue du bilan : fr (par défaut), ar ou en."),
        )
        parser.add_argument(
            "--working",
            action="store_true",
            help=(
                "Version de travail : rendue par morceaux, en parallèle, en réutilisant les "
                "morceaux inchangés du cache ; marquée « Version de travail » au pied des pages."
            ),
        )

    def handle(self, *args, year: int, output: Path | None, working: bool, language: str, **options) -> None:
        # Checked here rather than by argparse's choices: its message would be English.
        if not is_bilan_language(language):
            raise CommandError(
                _("Langue inconnue « %(language)s » : choisissez %(choices)s.")
                % {"language": language, "choices": ", ".join(BILAN_LANGUAGES)}
            )
        if not ReportingYear.objects.filter(year=year).exists():
            raise CommandError(
                _("%(year)s n'est pas une année de rapport : ajoutez-la dans l'administration.")
                % {"year": year}
            )
        suffix = "" if language == REPORT_LANGUAGE else f"-{language}"
        output = output or Path(f"bilan-programmatique-{year}{suffix}.pdf")
        if not output.parent.is_dir():
            raise CommandError(_("Le dossier %(folder)s n'existe pas.") % {"folder": output.parent})
        if static_files_not_collected():
            raise CommandError(
                _(
                    "Les fichiers statiques ne sont pas collectés : lancez d'abord "
                    "« python manage.py collectstatic » (en développement, DJANGO_DEBUG=1 suffit)."
                )
            )
        if working:
            render = render_working_pdf(year, language=language)
            pdf = render.pdf
            message = _(
                "Version de travail du bilan %(year)s écrite dans %(path)s (%(size)s Ko, "
                "%(laid_out)s morceaux mis en page, %(reused)s réutilisés)."
            )
            counts = {"laid_out": len(render.laid_out), "reused": len(render.reused)}
        else:
            pdf = render_bilan_pdf(year, language)
            message, counts = _("Bilan %(year)s écrit dans %(path)s (%(size)s Ko)."), {}
        output.write_bytes(pdf)
        self.stdout.write(message % {"year": year, "path": output, "size": round(len(pdf) / 1024), **counts})


def static_files_not_collected() -> bool:
    """With debug off, static files are named from the manifest collectstatic
    writes (production's storage): without it no page, and no PDF, renders."""
    storage = storages["staticfiles"]
    return (
        not settings.DEBUG
        and isinstance(storage, ManifestFilesMixin)
        and not storage.exists(storage.manifest_name)
    )

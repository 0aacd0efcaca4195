from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from reports.editions import store_edition
from reports.models import REPORT_LANGUAGE, BilanEdition, ReportingYear


class Command(BaseCommand):
    help = (
        "Enregistre une nouvelle édition du bilan d'une année clôturée (par exemple une année "
        "clôturée avant l'existence des éditions, ou une autre langue), sans la rouvrir."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help=("Année de rapport clôturée, par exemple 2020."))
        parser.add_argument("--user", required=True, help=("Identifiant de qui établit l'édition."))
        parser.add_argument("--language", default=REPORT_LANGUAGE, help=("Langue (par défaut fr)."))

    def handle(self, *args, year: int, user: str, language: str, **options) -> None:
        reporting_year = ReportingYear.objects.filter(year=year).first()
        if reporting_year is None or not reporting_year.is_closed:
            # An open year gets its edition by being closed (« Clôturer l'année… »).
            raise CommandError(_("L'année %(year)s n'est pas clôturée.") % {"year": year})
        if BilanEdition.objects.filter(
            year=reporting_year, language=language, closed_at__gte=reporting_year.closed_at
        ).exists():
            # This closing has its edition in that language: a closed year's
            # bilan stays as it was closed, whatever reference data became.
            raise CommandError(
                _(
                    "L'année %(year)s a déjà son édition (%(language)s) : "
                    "rouvrez-la pour en établir une autre."
                )
                % {"year": year, "language": language}
            )
        author = get_user_model().objects.filter(username=user).first()
        if author is None or not author.has_perm("reports.close_reportingyear"):
            raise CommandError(_("%(user)s ne peut pas établir une édition.") % {"user": user})
        edition = store_edition(reporting_year, author, language=language)
        self.stdout.write(
            _("%(edition)s enregistrée : PDF %(sha)s") % {"edition": edition, "sha": edition.pdf_sha256}
        )

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.editions import REPORT_LANGUAGE, store_edition
from reports.models import ReportingYear


class Command(BaseCommand):
    help = gettext_lazy(
        "Enregistre une nouvelle édition du bilan d'une année clôturée (par exemple une année "
        "clôturée avant l'existence des éditions, ou une autre langue), sans la rouvrir."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "year", type=int, help=gettext_lazy("Année de rapport clôturée, par exemple 2020.")
        )
        parser.add_argument(
            "--user", required=True, help=gettext_lazy("Identifiant de qui établit l'édition.")
        )
        parser.add_argument(
            "--language", default=REPORT_LANGUAGE, help=gettext_lazy("Langue (par défaut fr).")
        )

    def handle(self, *args, year: int, user: str, language: str, **options) -> None:
        reporting_year = ReportingYear.objects.filter(year=year).first()
        if reporting_year is None or not reporting_year.is_closed:
            # An open year gets its edition by being closed (« Clôturer l'année… »).
            raise CommandError(_("L'année %(year)s n'est pas clôturée.") % {"year": year})
        author = get_user_model().objects.filter(username=user).first()
        if author is None or not author.has_perm("reports.close_reportingyear"):
            raise CommandError(_("%(user)s ne peut pas établir une édition.") % {"user": user})
        edition = store_edition(reporting_year, author, language=language)
        self.stdout.write(
            _("%(edition)s enregistrée : PDF %(sha)s") % {"edition": edition, "sha": edition.pdf_sha256}
        )

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from loaders import demo_data


class Command(BaseCommand):
    help = (
        "Charge le référentiel puis les données 2020 du bilan (réunions, sessions, filières, études, "
        "textes du programme 11) et crée un administrateur de démonstration. Peut être relancée."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--address",
            default=demo_data.ADDRESS,
            help=f"Adresse du serveur, dans le lien de connexion affiché (par défaut {demo_data.ADDRESS}).",
        )

    def handle(self, *args, **options) -> None:
        # Checked first, so that a refused password leaves the database untouched.
        try:
            password = demo_data.demo_admin_password()
        except ValidationError as error:
            raise CommandError(
                _("Mot de passe de démonstration refusé (%(variable)s) : %(reasons)s")
                % {"variable": demo_data.DEMO_ADMIN_PASSWORD_VARIABLE, "reasons": " ".join(error.messages)}
            ) from error

        with transaction.atomic():
            call_command("load_reference", stdout=self.stdout)
            counts = demo_data.load_demo()
            created = demo_data.create_demo_admin(password)
            logins = demo_data.create_demo_users(password)

        self.stdout.write(
            _(
                "Données %(year)d chargées : %(meetings)d réunions, %(sessions)d sessions et événements, "
                "%(university_programmes)d filières universitaires, %(studies)d études, "
                "%(narrative_sections)d sections narratives, "
                "%(report_items)d défis, mesures et recommandations."
            )
            % {"year": demo_data.YEAR, **counts}
        )
        login = {
            "url": f"http://{options['address']}/admin/",
            "username": demo_data.DEMO_ADMIN_USERNAME,
            "password": password,
        }
        if created:
            self.stdout.write(
                _("Connexion : %(url)s — utilisateur « %(username)s », mot de passe « %(password)s ».")
                % login
            )
        else:
            self.stdout.write(
                _(
                    "Connexion : %(url)s — utilisateur « %(username)s ». Ce compte existait déjà : son mot "
                    "de passe n'a pas été modifié (mot de passe de démonstration : « %(password)s »)."
                )
                % login
            )
        self.stdout.write(_("Comptes de démonstration (même mot de passe, sauf compte préexistant) :"))
        for username, role in logins:
            self.stdout.write(f"  {username:<10} {role}")

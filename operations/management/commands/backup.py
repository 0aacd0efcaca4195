"""`manage.py backup FILE`: the database, the stored files and a manifest of
checksums in one archive, encrypted when SNIA_BACKUP_KEY is set (see
operations/backups.py and the README's « Backups »)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations import crypto
from operations.backups import create_backup
from operations.crypto import BackupError, parse_key


class Command(BaseCommand):
    help = (
        "Sauvegarde dans une seule archive la base de données, les fichiers enregistrés et un manifeste "
        "des sommes de contrôle ; chiffrée si SNIA_BACKUP_KEY est définie."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", help=_("archive à écrire (un nouveau fichier)"))
        parser.add_argument(
            "--generate-key", action="store_true", help=_("affiche une nouvelle clé pour SNIA_BACKUP_KEY")
        )

    def handle(self, *args, file: str | None, generate_key: bool, **options) -> None:
        if generate_key:
            self.stdout.write(crypto.generate_key())
            return
        if not file:
            raise CommandError(_("Indiquez le fichier de sauvegarde à écrire, par ex. snia-2021-01-31.tar."))
        try:
            text = os.environ.get("SNIA_BACKUP_KEY", "")
            key = parse_key(text) if text.strip() else None
            summary = create_backup(file, key)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if key is None:
            self.stderr.write(_("Attention : sauvegarde non chiffrée (SNIA_BACKUP_KEY n'est pas définie)."))
        self.stdout.write(
            _("Sauvegarde écrite : %(path)s (%(files)s fichiers enregistrés, %(size)s octets, %(state)s).")
            % {
                "path": summary.path,
                "files": summary.files,
                "size": summary.size,
                "state": _("chiffrée") if summary.encrypted else _("non chiffrée"),
            }
        )

"""`manage.py restore FILE`: restores an archive of `manage.py backup` into an
empty database and an empty storage, after checking every member against the
manifest (see operations/backups.py)."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from operations.backups import restore_backup
from operations.crypto import BackupError, parse_key


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde dans une base de données vide, après vérification de chaque fichier "
        "de l'archive ; SNIA_BACKUP_KEY donne la clé d'une sauvegarde chiffrée."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("archive écrite par « manage.py backup »"))

    def handle(self, *args, file: str, **options) -> None:
        try:
            text = os.environ.get("SNIA_BACKUP_KEY", "")
            summary = restore_backup(file, parse_key(text) if text.strip() else None)
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = summary.manifest
        self.stdout.write(
            _(
                "Sauvegarde du %(date)s (version %(version)s) restaurée : base de données et "
                "%(files)s fichiers enregistrés."
            )
            % {
                "date": manifest["created_at"],
                "version": manifest.get("application", {}).get("version", "?"),
                "files": summary.files,
            }
        )

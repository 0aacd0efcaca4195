"""One-file backups of SNIA Suivi, and their restoration into an empty installation.

An archive is a tar file holding:
- `database/…`: the database (pg_dump's custom format on PostgreSQL, a
  consistent copy of the file on SQLite; see operations/database.py);
- `media/<name>`: every stored file (PDFs, editions, minutes), read through
  the configured storage, local disk or S3 alike;
- `manifest.json`: the SHA-256 and size of every other member, the
  application's version, the database's kind and version, and the date.

With SNIA_BACKUP_KEY set, the whole tar is encrypted (operations/crypto.py).

A restore checks everything before it touches anything: the key, every
member against the manifest, the target database without a single table,
and no stored file in the way. Then it loads the database and the files.
"""

import datetime
import hashlib
import io
import json
import logging
import os
import shutil
import tarfile
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from operations import database
from operations.crypto import BackupError, decrypt, encrypt, is_encrypted

logger = logging.getLogger("snia.operations")

FORMAT = "snia-suivi-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media/"


def application_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]["version"]


def stored_files(directory: str = "") -> list[str]:
    """Every file of the default storage (so the minutes' too), by name."""
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        # Local storage whose MEDIA_ROOT was never created: nothing stored yet.
        return []
    names = [f"{directory}{name}" for name in files]
    for sub in directories:
        names.extend(stored_files(f"{directory}{sub}/"))
    return sorted(names)


def sha256_of_stored(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """Reads through `source`, hashing and counting what it reads."""

    def __init__(self, source: BinaryIO) -> None:
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, name: str, source: BinaryIO, size: int, members: dict) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(datetime.datetime.now().timestamp())
    hashing = _Hashing(source)
    tar.addfile(info, hashing)
    members[name] = {"sha256": hashing.digest.hexdigest(), "size": hashing.size}


@dataclass
class Summary:
    path: Path
    files: int
    size: int
    encrypted: bool
    manifest: dict


def create_backup(target: Path, key: bytes | None) -> Summary:
    """Writes the archive to `target` (a new file), encrypted when `key` is given."""
    target = Path(target)
    if target.exists():
        raise BackupError(_("%(path)s existe déjà : choisissez un autre nom de fichier.") % {"path": target})
    vendor = database.vendor()
    partial = target.with_name(f".{target.name}.partial")
    with tempfile.TemporaryDirectory(prefix="snia-backup-") as work:
        dump = Path(work) / "database"
        database.dump(dump)
        plain = Path(work) / "archive.tar" if key else partial
        members: dict[str, dict] = {}
        media = stored_files()
        try:
            with tarfile.open(plain, "w", format=tarfile.PAX_FORMAT) as tar:
                with dump.open("rb") as source:
                    _add(tar, database.DUMP_NAMES[vendor], source, dump.stat().st_size, members)
                for name in media:
                    with default_storage.open(name, "rb") as source:
                        _add(tar, MEDIA + name, source, default_storage.size(name), members)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "application": {"name": "snia-suivi", "version": application_version()},
                    "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "database": {
                        "vendor": vendor,
                        "server_version": database.server_version(),
                        "member": database.DUMP_NAMES[vendor],
                    },
                    "members": members,
                }
                content = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = (
                    len(content),
                    0o600,
                    int(datetime.datetime.now().timestamp()),
                )
                tar.addfile(info, io.BytesIO(content))
            if key:
                with plain.open("rb") as source, partial.open("wb") as sealed:
                    encrypt(source, sealed, key)
            os.chmod(partial, 0o600)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    summary = Summary(target, len(media), target.stat().st_size, bool(key), manifest)
    logger.info("Backup written: %s (%s files, %s bytes)", target, summary.files, summary.size)
    return summary


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except KeyError:
        raise BackupError(
            _(
                "L'archive n'a pas de manifeste : elle est incomplète, ou ce n'est pas une sauvegarde "
                "de SNIA Suivi."
            )
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError(_("Le manifeste de l'archive est illisible.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("L'archive n'est pas une sauvegarde de SNIA Suivi."))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("Version de sauvegarde %(version)s non prise en charge.")
            % {"version": manifest.get("format_version")}
        )
    described = manifest.get("database")
    if (
        not isinstance(manifest.get("members"), dict)
        or not isinstance(described, dict)
        or described.get("member") not in database.DUMP_NAMES.values()
        or described.get("member") not in manifest["members"]
    ):
        raise BackupError(_("Le manifeste de l'archive est illisible."))
    return manifest


def _verify_and_extract(tar: tarfile.TarFile, manifest: dict, work: Path) -> dict[str, Path]:
    """Every member checked against the manifest and copied to `work`; their paths by name."""
    expected = manifest["members"]
    found = {member.name: member for member in tar.getmembers() if member.name != MANIFEST}
    if set(found) != set(expected):
        raise BackupError(
            _("L'archive ne contient pas les fichiers que son manifeste annonce (%(members)s).")
            % {"members": ", ".join(sorted(set(found) ^ set(expected))[:5])}
        )
    extracted = {}
    for index, (name, member) in enumerate(sorted(found.items())):
        if not member.isfile() or not _safe_member_name(name):
            raise BackupError(_("L'archive contient un élément refusé : %(name)s.") % {"name": name})
        path = work / f"member-{index}"
        with tar.extractfile(member) as source, path.open("wb") as copy:
            hashing = _Hashing(source)
            shutil.copyfileobj(hashing, copy, 1024 * 1024)
        if (hashing.digest.hexdigest(), hashing.size) != (
            expected[name].get("sha256"),
            expected[name].get("size"),
        ):
            raise BackupError(
                _(
                    "Le fichier %(name)s de l'archive ne correspond pas à sa somme de contrôle : "
                    "archive altérée. Rien n'a été restauré."
                )
                % {"name": name}
            )
        extracted[name] = path
    return extracted


def _check_target_is_empty(media: list[str], manifest: dict) -> None:
    vendor = database.vendor()
    if manifest["database"].get("vendor") != vendor:
        raise BackupError(
            _("Cette sauvegarde vient d'une base %(archive)s ; la base cible est %(target)s.")
            % {"archive": manifest["database"].get("vendor"), "target": vendor}
        )
    tables = database.table_names()
    if tables:
        raise BackupError(
            _(
                "La base de données cible n'est pas vide (%(count)s tables) : la restauration se fait "
                "dans une base vide, créée pour elle. Rien n'a été restauré."
            )
            % {"count": len(tables)}
        )
    in_the_way = [name for name in media if default_storage.exists(name)]
    if in_the_way:
        raise BackupError(
            _(
                "Le stockage des fichiers contient déjà %(name)s : la restauration se fait dans un "
                "stockage vide. Rien n'a été restauré."
            )
            % {"name": in_the_way[0]}
        )


def restore_backup(source: Path, key: bytes | None) -> Summary:
    """Restores the archive into the empty database and storage; BackupError, and nothing done, otherwise."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("%(path)s est introuvable.") % {"path": source})
    with tempfile.TemporaryDirectory(prefix="snia-restore-") as work_dir:
        work = Path(work_dir)
        archive = source
        if is_encrypted(source):
            if key is None:
                raise BackupError(
                    _(
                        "Cette sauvegarde est chiffrée : donnez sa clé dans SNIA_BACKUP_KEY. "
                        "Rien n'a été restauré."
                    )
                )
            archive = work / "archive.tar"
            with source.open("rb") as sealed, archive.open("wb") as plain:
                decrypt(sealed, plain, key)
        elif not tarfile.is_tarfile(source):
            raise BackupError(
                _("%(path)s n'est pas une archive de sauvegarde de SNIA Suivi.") % {"path": source}
            )
        try:
            with tarfile.open(archive, "r:") as tar:
                manifest = _read_manifest(tar)
                extracted = _verify_and_extract(tar, manifest, work)
        except (tarfile.TarError, EOFError) as error:
            logger.warning("Backup %s unreadable: %s", source, error)
            raise BackupError(_("L'archive est illisible ou incomplète : rien n'a été restauré.")) from None
        media = sorted(name.removeprefix(MEDIA) for name in extracted if name.startswith(MEDIA))
        _check_target_is_empty(media, manifest)

        database.restore(extracted[manifest["database"]["member"]])
        for name in media:
            with extracted[MEDIA + name].open("rb") as file:
                saved = default_storage.save(name, File(file))
            if saved != name:
                raise BackupError(
                    _("Le fichier %(name)s n'a pas pu être restauré sous son nom.") % {"name": name}
                )
    logger.info("Backup restored: %s (%s files)", source, len(media))
    return Summary(
        source, len(media), source.stat().st_size, key is not None and is_encrypted(source), manifest
    )

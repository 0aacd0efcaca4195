"""`manage.py backup` then `manage.py restore` into a fresh database gives the
same installation: the same rows in every table, the same bilan revision
(so that the stored PDF is served as current, not rendered again) and the
same stored files.
On SQLite (a fresh file) and on PostgreSQL (a database created for the test).

A bad archive — cut short, altered, not an archive, the wrong key — and a
target that is not empty are refused with a French message, and nothing is
restored.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, override_settings

from access.roles import Role
from committees.models import Meeting
from operations.backups import sha256_of_stored, stored_files
from operations.crypto import generate_key
from reports.editions import save_edition
from reports.exports import current_revision
from reports.models import BilanExport, ReportingYear
from snia.storage import default_storage_settings
from tests.databases import fresh_database
from tests.demo_snapshot import load_demo
from tests.factories import CommitteeFactory, MeetingFactory, UserFactory, user_with_role
from tests.s3server import REGION
from trainings.models import Session

MINUTES = b"%PDF-1.4 compte-rendu de la CoPil"
STORED_PDF = b"%PDF-1.7 bilan"
KEY = generate_key()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def media_checksums() -> dict[str, str]:
    return {name: sha256_of_stored(name) for name in stored_files()}


def tables() -> list[str]:
    return connection.introspection.table_names()


def restore_refused(archive: Path, message: str, tmp_path: Path, settings) -> None:
    """Restoring `archive` into a fresh database and storage fails with `message`; nothing is restored."""
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with fresh_database(tmp_path):
        with pytest.raises(CommandError) as refusal:
            call_command("restore", str(archive), stdout=io.StringIO())
        assert str(refusal.value) == message
        assert tables() == []
    assert not (tmp_path / "restored-media").exists()


def refuse_to_render(*args, **kwargs):
    raise AssertionError("the year's HTML was rendered")


def store_files(staff) -> None:
    """A meeting's minutes, a ready PDF and an edition: files of every kind."""
    meeting = Meeting.objects.filter(committee__code="CoPil").first()
    meeting.minutes.save("compte-rendu.pdf", ContentFile(MINUTES))
    year = ReportingYear.objects.get(year=2020)
    export = BilanExport(
        year=year,
        revision=current_revision(2020),
        fingerprint="a" * 64,
        status=BilanExport.Status.READY,
        size=14,
        pages=1,
    )
    export.file.save("bilan-programmatique-2020.pdf", ContentFile(STORED_PDF), save=False)
    export.save()
    files = {"html": b"<html>bilan</html>", "pdf": b"%PDF-1.7 edition", "xlsx": b"PK classeur", "json": b"{}"}
    save_edition(year, files, staff, language="fr", checklist=[])


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_gives_the_same_rows_bilan_and_files(
    tmp_path, settings, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    load_demo()
    store_files(UserFactory(username="suivi"))
    counts, revision, checksums = row_counts(), current_revision(2020), media_checksums()
    archive = tmp_path / "snia.tar.enc"
    monkeypatch.setenv("SNIA_BACKUP_KEY", KEY)
    out = io.StringIO()

    call_command("backup", str(archive), stdout=out)

    assert out.getvalue().startswith(f"Sauvegarde écrite : {archive} (6 fichiers enregistrés, ")
    assert out.getvalue().endswith(" octets, chiffrée).\n")
    # Encrypted: neither the tar structure nor the minutes show through.
    assert not tarfile.is_tarfile(archive)
    assert MINUTES not in archive.read_bytes()

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with fresh_database(tmp_path):
        assert tables() == []
        call_command("restore", str(archive), stdout=out)
        restored = row_counts(), current_revision(2020), media_checksums()
        by_sex = Session.objects.in_year(2020).by_sex()
        minutes = Meeting.objects.get(committee__code="CoPil", minutes__gt="").minutes.open("rb").read()
        # The restored PDF is the current one: served as it is, no HTML rendered.
        monkeypatch.setattr("reports.pdf.render_bilan_html", refuse_to_render)
        client = Client()
        client.force_login(user_with_role("lectrice", Role.READER))
        download = client.get("/reports/bilan/2020.pdf")

    assert restored == (counts, revision, checksums)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == STORED_PDF
    assert by_sex == {"sessions": 15, "women": 3280, "men": 2879, "unrecorded": 140, "total": 6299}
    assert minutes == MINUTES
    assert counts["trainings.session"] == 15
    assert counts["reports.bilanedition"] == 1
    # Minutes, the ready PDF and the edition's four files.
    assert sorted(name.split("/")[0] for name in checksums) == [
        "bilans",
        "editions",
        "editions",
        "editions",
        "editions",
        "minutes",
    ]


@pytest.mark.django_db(transaction=True)
def test_stored_files_in_s3_are_backed_up_and_restored_into_another_bucket(tmp_path, settings, s3_storage):
    year = ReportingYear.objects.create(year=2020)
    meeting = MeetingFactory(committee=CommitteeFactory(code="CoPil"))
    meeting.minutes.save("compte-rendu.pdf", ContentFile(MINUTES))
    export = BilanExport(year=year, fingerprint="b" * 64, status=BilanExport.Status.READY, size=9, pages=1)
    export.file.save("bilan.pdf", ContentFile(b"%PDF-1.7 bilan"), save=False)
    export.save()
    counts, checksums = row_counts(), media_checksums()
    assert sorted(checksums) == [export.file.name, meeting.minutes.name]
    archive = tmp_path / "snia.tar"

    call_command("backup", str(archive), stdout=io.StringIO(), stderr=io.StringIO())

    other = f"{s3_storage.name}-restored"
    s3_storage.client.create_bucket(Bucket=other, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": default_storage_settings({**s3_storage.environ, "AWS_STORAGE_BUCKET_NAME": other}),
    }
    with fresh_database(tmp_path):
        call_command("restore", str(archive), stdout=io.StringIO())
        restored = row_counts(), media_checksums()
    assert restored == (counts, checksums)
    listing = s3_storage.client.list_objects_v2(Bucket=other)["Contents"]
    assert sorted(item["Key"] for item in listing) == sorted(f"snia/{name}" for name in checksums)


# --- Refusals ---


@pytest.fixture(scope="module")
def archives(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[str, Path]:
    """A plain and an encrypted archive of the test database with one stored file."""
    folder = tmp_path_factory.mktemp("archives")
    (folder / "media" / "minutes").mkdir(parents=True)
    (folder / "media" / "minutes" / "compte-rendu.pdf").write_bytes(MINUTES)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media"):
        call_command("backup", str(folder / "plain.tar"), stdout=io.StringIO(), stderr=io.StringIO())
        os.environ["SNIA_BACKUP_KEY"] = KEY
        try:
            call_command("backup", str(folder / "sealed.tar.enc"), stdout=io.StringIO())
        finally:
            del os.environ["SNIA_BACKUP_KEY"]
    return {"plain": folder / "plain.tar", "sealed": folder / "sealed.tar.enc"}


def copy_with(source: Path, target: Path, *, keep: int | None = None, flip: int | None = None) -> Path:
    data = bytearray(source.read_bytes())
    if flip is not None:
        data[flip] ^= 0x01
    target.write_bytes(bytes(data[:keep] if keep is not None else data))
    return target


def member_offset(archive: Path, name: str) -> int:
    with tarfile.open(archive) as tar:
        return tar.getmember(name).offset_data


@pytest.mark.django_db
def test_a_truncated_archive_is_refused(archives, tmp_path, settings):
    size = archives["plain"].stat().st_size
    cut = copy_with(archives["plain"], tmp_path / "cut.tar", keep=size // 2)

    restore_refused(cut, "L'archive est illisible ou incomplète : rien n'a été restauré.", tmp_path, settings)


@pytest.mark.django_db
def test_an_archive_cut_inside_a_member_is_refused(archives, tmp_path, settings):
    offset = member_offset(archives["plain"], "media/minutes/compte-rendu.pdf")
    cut = copy_with(archives["plain"], tmp_path / "cut.tar", keep=offset + 10)

    restore_refused(cut, "L'archive est illisible ou incomplète : rien n'a été restauré.", tmp_path, settings)


@pytest.mark.django_db
def test_an_altered_member_is_refused(archives, tmp_path, settings):
    offset = member_offset(archives["plain"], "media/minutes/compte-rendu.pdf")
    altered = copy_with(archives["plain"], tmp_path / "altered.tar", flip=offset + 3)

    restore_refused(
        altered,
        "Le fichier media/minutes/compte-rendu.pdf de l'archive ne correspond pas à sa somme de contrôle : "
        "archive altérée. Rien n'a été restauré.",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
def test_an_altered_database_dump_is_refused(archives, tmp_path, settings):
    with tarfile.open(archives["plain"]) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("database/"))
    altered = copy_with(
        archives["plain"], tmp_path / "altered.tar", flip=member.offset_data + member.size // 2
    )

    restore_refused(
        altered,
        f"Le fichier {member.name} de l'archive ne correspond pas à sa somme de contrôle : "
        "archive altérée. Rien n'a été restauré.",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
def test_a_file_that_is_not_an_archive_is_refused(tmp_path, settings):
    document = tmp_path / "bilan.pdf"
    document.write_bytes(b"%PDF-1.7 " + b"x" * 2000)

    restore_refused(
        document, f"{document} n'est pas une archive de sauvegarde de SNIA Suivi.", tmp_path, settings
    )


@pytest.mark.django_db
def test_a_tar_without_our_manifest_is_refused(tmp_path, settings):
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"notes"))

    restore_refused(
        other,
        "L'archive n'a pas de manifeste : elle est incomplète, ou ce n'est pas une sauvegarde de SNIA Suivi.",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
def test_an_encrypted_archive_without_its_key_is_refused(archives, tmp_path, settings, monkeypatch):
    monkeypatch.delenv("SNIA_BACKUP_KEY", raising=False)

    restore_refused(
        archives["sealed"],
        "Cette sauvegarde est chiffrée : donnez sa clé dans SNIA_BACKUP_KEY. Rien n'a été restauré.",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
def test_an_encrypted_archive_with_a_wrong_key_is_refused(archives, tmp_path, settings, monkeypatch):
    monkeypatch.setenv("SNIA_BACKUP_KEY", generate_key())

    restore_refused(
        archives["sealed"],
        "Clé de sauvegarde incorrecte, ou archive chiffrée altérée ou incomplète : rien n'a été restauré.",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_an_altered_or_cut_encrypted_archive_is_refused(archives, tmp_path, settings, monkeypatch, damage):
    monkeypatch.setenv("SNIA_BACKUP_KEY", KEY)
    size = archives["sealed"].stat().st_size
    damaged = copy_with(
        archives["sealed"],
        tmp_path / "damaged.tar.enc",
        **({"flip": size // 2} if damage == "flip" else {"keep": size - 100}),
    )

    restore_refused(
        damaged,
        "Clé de sauvegarde incorrecte, ou archive chiffrée altérée ou incomplète : rien n'a été restauré.",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
def test_a_malformed_key_is_refused(archives, tmp_path, settings, monkeypatch):
    monkeypatch.setenv("SNIA_BACKUP_KEY", "mot-de-passe")

    restore_refused(
        archives["sealed"],
        "SNIA_BACKUP_KEY n'est pas une clé valide : 32 octets en base64 (44 caractères), "
        "comme en donne « manage.py backup --generate-key ».",
        tmp_path,
        settings,
    )


@pytest.mark.django_db
def test_restoring_into_a_database_that_has_tables_is_refused(archives, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    count = len(tables())

    with pytest.raises(CommandError) as refusal:
        call_command("restore", str(archives["plain"]), stdout=io.StringIO())

    assert str(refusal.value) == (
        f"La base de données cible n'est pas vide ({count} tables) : la restauration se fait dans une base "
        "vide, créée pour elle. Rien n'a été restauré."
    )
    assert not (tmp_path / "restored-media").exists()


@pytest.mark.django_db
def test_restoring_over_stored_files_is_refused(archives, tmp_path, settings):
    settings.MEDIA_ROOT = media = tmp_path / "restored-media"
    (media / "minutes").mkdir(parents=True)
    (media / "minutes" / "compte-rendu.pdf").write_bytes(b"%PDF-1.4 un autre")

    with fresh_database(tmp_path):
        with pytest.raises(CommandError) as refusal:
            call_command("restore", str(archives["plain"]), stdout=io.StringIO())
        assert tables() == []

    assert str(refusal.value) == (
        "Le stockage des fichiers contient déjà minutes/compte-rendu.pdf : la restauration se fait dans un "
        "stockage vide. Rien n'a été restauré."
    )
    assert (media / "minutes" / "compte-rendu.pdf").read_bytes() == b"%PDF-1.4 un autre"


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path):
    existing = tmp_path / "snia.tar"
    existing.write_bytes(b"une sauvegarde plus ancienne")

    with pytest.raises(CommandError, match=f"^{existing} existe déjà : choisissez un autre nom de fichier.$"):
        call_command("backup", str(existing), stdout=io.StringIO())
    assert existing.read_bytes() == b"une sauvegarde plus ancienne"


def test_the_commands_exit_non_zero_with_the_reason_in_french(tmp_path):
    document = tmp_path / "notes.txt"
    document.write_text("pas une sauvegarde")
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(document)],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'vide.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"CommandError: {document} n'est pas une archive de sauvegarde de SNIA Suivi."
    )


def test_the_manifest_lists_every_member_with_its_sha256(archives):
    with tarfile.open(archives["plain"]) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = sorted(m.name for m in tar.getmembers())
        minutes = tar.extractfile("media/minutes/compte-rendu.pdf").read()
    assert names == sorted([*manifest["members"], "manifest.json"])
    assert manifest["format"] == "snia-suivi-backup"
    assert manifest["application"] == {"name": "snia-suivi", "version": "0.1.0"}
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["members"]["media/minutes/compte-rendu.pdf"] == {
        "sha256": hashlib.sha256(MINUTES).hexdigest(),
        "size": len(MINUTES),
    }
    assert minutes == MINUTES

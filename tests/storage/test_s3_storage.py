"""With SNIA_STORAGE=s3 every stored file — the bilan's PDFs, editions, meeting
minutes — lives in the object store, private, and downloads through our views
only: nothing on the local disk, no link to the store, the minutes still
scoped to those who may see the meeting.

Against a real S3 server over HTTP (moto in server mode, tests/s3server.py).
"""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from access.roles import Role
from committees.models import Meeting
from reports.closing import request_closing
from reports.editions import BilanEdition
from reports.models import BilanExport, ReportingYear
from reports.tasks import request_export
from reports.working import WorkingRender, WorkingVersion
from tests.admin import admin_url
from tests.factories import MeetingFactory, ReportingYearFactory, user_with_role
from tests.tasks import IMMEDIATE_TASKS

OWNER_ONLY = [("CanonicalUser", "FULL_CONTROL")]


def tiny_pdf(width: int = 100) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def local_files(settings) -> list:
    media = settings.MEDIA_ROOT
    return sorted(path for path in media.rglob("*") if path.is_file()) if media.exists() else []


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE_TASKS


def test_the_storage_settings_follow_the_environment(s3_storage):
    from snia.storage import default_storage_settings

    assert default_storage_settings({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = default_storage_settings(s3_storage.environ)["OPTIONS"]
    assert (
        options["bucket_name"],
        options["location"],
        options["default_acl"],
        options["file_overwrite"],
    ) == (
        s3_storage.name,
        "snia",
        "private",
        False,
    )
    assert default_storage.__class__.__name__ == "S3Storage"
    assert Meeting._meta.get_field("minutes").storage.__class__.__name__ == "S3Storage"


def test_an_unknown_storage_kind_or_a_missing_bucket_is_refused():
    from django.core.exceptions import ImproperlyConfigured

    from snia.storage import default_storage_settings

    with pytest.raises(ImproperlyConfigured, match="SNIA_STORAGE must be 'local' or 's3', not 'ftp'."):
        default_storage_settings({"SNIA_STORAGE": "ftp"})
    with pytest.raises(ImproperlyConfigured, match="SNIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME."):
        default_storage_settings({"SNIA_STORAGE": "s3"})


@pytest.mark.django_db
def test_a_rendered_pdf_is_stored_in_the_bucket_privately_and_downloads_through_the_view(
    s3_storage, immediate_tasks, settings, client, monkeypatch
):
    rendered = tiny_pdf()
    monkeypatch.setattr(WorkingVersion, "render", lambda version: WorkingRender(rendered, 1, ""))
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.refresh_from_db()
    assert export.status == BilanExport.Status.READY
    key = f"snia/{export.file.name}"
    assert s3_storage.keys() == [key]
    assert s3_storage.read(key) == rendered
    assert s3_storage.grants(key) == OWNER_ONLY
    assert local_files(settings) == []

    client.force_login(user_with_role("lecteur", Role.READER))
    response = client.get("/reports/bilan/2020.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="bilan-programmatique-2020-version-de-travail.pdf"'
    )
    assert int(response["Content-Length"]) == len(rendered)
    assert body(response) == rendered


@pytest.mark.django_db
def test_a_new_pdf_deletes_the_superseded_one_from_the_bucket(s3_storage, immediate_tasks, monkeypatch):
    year = ReportingYearFactory(year=2020)
    earlier = BilanExport(
        year=year, revision="earlier", fingerprint="e" * 64, status=BilanExport.Status.READY, size=1, pages=1
    )
    earlier.file.save("ancien.pdf", ContentFile(tiny_pdf(50)), save=False)
    earlier.save()
    assert s3_storage.keys() == ["snia/bilans/ancien.pdf"]
    monkeypatch.setattr(WorkingVersion, "render", lambda version: WorkingRender(tiny_pdf(), 1, ""))

    export, _ = request_export(year)

    export.refresh_from_db()
    assert s3_storage.keys() == [f"snia/{export.file.name}"]
    assert not BilanExport.objects.filter(pk=earlier.pk).exists()


@pytest.mark.django_db
def test_a_pdf_lost_from_the_bucket_is_marked_failed_not_a_500(
    s3_storage, immediate_tasks, client, monkeypatch
):
    monkeypatch.setattr(WorkingVersion, "render", lambda version: WorkingRender(tiny_pdf(), 1, ""))
    export, _ = request_export(ReportingYearFactory(year=2020))
    export.refresh_from_db()
    s3_storage.client.delete_object(Bucket=s3_storage.name, Key=f"snia/{export.file.name}")
    client.force_login(user_with_role("lecteur", Role.READER))

    response = client.get("/reports/bilan/2020.pdf")

    assert (response.status_code, response["Location"]) == (302, "/reports/bilan/2020/export/")
    export.refresh_from_db()
    assert (export.status, export.error) == (
        BilanExport.Status.FAILED,
        "Le fichier PDF enregistré est introuvable dans le stockage des fichiers.",
    )


@pytest.mark.django_db
def test_a_closed_years_edition_is_stored_in_the_bucket_and_served_byte_for_byte(
    s3_storage, immediate_tasks, settings, client
):
    staff = user_with_role("suivi", Role.STAFF)
    year = ReportingYearFactory(year=2020)

    request_closing(year, staff, confirm_pending=True)

    edition = BilanEdition.objects.get(year=year)
    assert ReportingYear.objects.get(pk=year.pk).is_closed
    assert s3_storage.keys() == sorted(
        f"snia/{edition.file_of(kind).name}" for kind in ("html", "pdf", "xlsx", "json")
    )
    assert local_files(settings) == []
    client.force_login(staff)
    for kind, url in {
        "pdf": "/reports/bilan/2020.pdf",
        "xlsx": "/reports/bilan/2020.xlsx",
        "html": "/publications/2020/fr/1/html/",
        "json": "/publications/2020/fr/1/json/",
    }.items():
        response = client.get(url)
        served = body(response) if response.streaming else response.content
        stored = s3_storage.read(f"snia/{edition.file_of(kind).name}")
        assert (kind, response.status_code) == (kind, 200)
        assert served == stored
        assert hashlib.sha256(served).hexdigest() == edition.sha256_of(kind)
    assert served.startswith(b"{")
    assert s3_storage.read(f"snia/{edition.pdf.name}").startswith(b"%PDF-")


@pytest.mark.django_db
def test_minutes_uploaded_in_the_admin_go_to_the_bucket_and_download_only_through_the_scoped_view(
    s3_storage, settings, client, admin_client, focal_cp4, focal_cp2, cp4
):
    minutes = SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4 compte-rendu du CP4")

    response = admin_client.post(
        admin_url(Meeting, "add"),
        {"committee": str(cp4.pk), "date": "10/06/2020", "mode": Meeting.Mode.ONLINE, "minutes": minutes},
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    key = f"snia/{meeting.minutes.name}"
    assert s3_storage.keys() == [key]
    assert s3_storage.read(key) == b"%PDF-1.4 compte-rendu du CP4"
    assert s3_storage.grants(key) == OWNER_ONLY
    assert local_files(settings) == []
    # Django's links to the file lead to our scoped view, never to the bucket.
    assert meeting.minutes.url == f"/committees/minutes/{meeting.minutes.name}"
    change_page = admin_client.get(admin_url(Meeting, "change", meeting.pk)).content.decode()
    assert f'href="/committees/minutes/{meeting.minutes.name}"' in change_page
    assert s3_storage.name not in change_page

    client.force_login(focal_cp4)
    response = client.get(f"/committees/meetings/{meeting.pk}/minutes/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="compte-rendu.pdf"'
    assert body(response) == b"%PDF-1.4 compte-rendu du CP4"
    link = client.get(meeting.minutes.url)
    assert (link.status_code, link["Location"]) == (302, f"/committees/meetings/{meeting.pk}/minutes/")

    # The CP2 focal point may not see a CP4 meeting: as if it did not exist.
    client.force_login(focal_cp2)
    assert client.get(f"/committees/meetings/{meeting.pk}/minutes/").status_code == 404
    assert client.get(meeting.minutes.url).status_code == 404


@pytest.mark.django_db
def test_two_minutes_of_the_same_name_never_overwrite_each_other(s3_storage, client, focal_cp4, cp4):
    first = MeetingFactory(committee=cp4)
    second = MeetingFactory(committee=cp4)
    first.minutes.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4 premier"))
    second.minutes.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4 second"))

    assert first.minutes.name != second.minutes.name
    assert len(s3_storage.keys()) == 2
    client.force_login(focal_cp4)
    assert body(client.get(f"/committees/meetings/{first.pk}/minutes/")) == b"%PDF-1.4 premier"
    assert body(client.get(f"/committees/meetings/{second.pk}/minutes/")) == b"%PDF-1.4 second"


@pytest.mark.django_db
def test_deleted_minutes_leave_the_bucket_and_no_longer_download(s3_storage, client, focal_cp4, cp4):
    meeting = MeetingFactory(committee=cp4)
    meeting.minutes.save("compte-rendu.pdf", ContentFile(b"%PDF-1.4 compte-rendu"))
    assert len(s3_storage.keys()) == 1

    meeting.minutes.storage.delete(meeting.minutes.name)

    assert s3_storage.keys() == []
    client.force_login(focal_cp4)
    assert client.get(f"/committees/meetings/{meeting.pk}/minutes/").status_code == 404

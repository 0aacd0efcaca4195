"""A closed year's PDF page shows its edition: nothing to render, nothing to queue."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from reports.models import BilanEdition, BilanExport
from tests.factories import ReportingYearFactory

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def closed_2020_with_edition(db, settings, tmp_path, staff):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = DUMMY_TASKS
    year = ReportingYearFactory(year=2020)
    edition = BilanEdition(year=year, language="fr", number=1, closed_by=staff)
    for field in ("html", "pdf", "xlsx", "figures"):
        getattr(edition, field).save(f"2020.{field}", ContentFile(b"%PDF-1.7 edition"), save=False)
        setattr(edition, f"{field}_sha256", "0" * 64)
    edition.save()
    year.closed_at, year.closed_by = timezone.now(), staff
    year.save(update_fields=["closed_at", "closed_by"])
    return year


def test_closed_year_status_page_offers_the_edition_and_no_render(client, staff, closed_2020_with_edition):
    client.force_login(staff)

    page = client.get("/reports/bilan/2020/export/")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Année clôturée : son bilan est l'édition n° 1" in text
    assert "Générer le PDF" not in text
    # The edition, not a working version.
    assert "Version de travail" not in text
    assert 'href="/reports/bilan/2020.pdf"' in text


def test_asking_a_closed_year_for_a_pdf_queues_nothing(client, staff, closed_2020_with_edition):
    client.force_login(staff)

    response = client.post("/reports/bilan/2020/export/")

    assert response.status_code == 302
    assert response["Location"] == "/reports/bilan/2020/export/"
    assert BilanExport.objects.count() == 0
    pdf = client.get("/reports/bilan/2020.pdf")
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7 edition"

"""manage.py export_bilan <year> --output FILE"""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db


def test_export_writes_the_years_pdf(tmp_path):
    ReportingYearFactory(year=2021)
    output = tmp_path / "bilan.pdf"
    stdout = io.StringIO()

    call_command("export_bilan", "2021", "--output", str(output), stdout=stdout)

    reader = PdfReader(output)
    assert "Rapport 2021" in reader.pages[0].extract_text()
    assert f"Bilan 2021 écrit dans {output}" in stdout.getvalue()


def test_export_refuses_a_year_that_is_not_a_reporting_year(tmp_path):
    output = tmp_path / "bilan.pdf"

    with pytest.raises(CommandError, match="2019 n'est pas une année de rapport"):
        call_command("export_bilan", "2019", "--output", str(output))

    assert not output.exists()


def test_export_refuses_a_missing_folder(tmp_path):
    ReportingYearFactory(year=2021)

    with pytest.raises(CommandError, match="n'existe pas"):
        call_command("export_bilan", "2021", "--output", str(tmp_path / "absent" / "bilan.pdf"))

"""`export_bilan` with debug off and the static files not collected says what to do."""

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db

MANIFEST = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


def test_without_collected_static_files_the_command_says_to_collect_them(tmp_path, settings):
    ReportingYearFactory(year=2020)
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": MANIFEST}, STATIC_ROOT=tmp_path):
        with pytest.raises(CommandError) as refused:
            call_command("export_bilan", "2020", "--output", str(tmp_path / "bilan.pdf"))

    assert str(refused.value) == (
        "Les fichiers statiques ne sont pas collectés : lancez d'abord "
        "« python manage.py collectstatic » (en développement, DJANGO_DEBUG=1 suffit)."
    )
    assert not (tmp_path / "bilan.pdf").exists()

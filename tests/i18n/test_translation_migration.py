"""The migrations that add the translated fields keep every French text in `_fr`."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from committees.models import Committee
from programmes.models import Programme
from reports import revision_triggers
from reports.models import NarrativeSection, ReportItem

BEFORE = [
    ("programmes", "0008_acronym_printable_only"),
    ("committees", "0007_meeting_target_at_most_daily"),
    ("reports", "0012_bilan_revisions"),
]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_keep_their_french_in_the_french_fields():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    programme = old.get_model("programmes", "Programme").objects.create(
        number=5, kind="sectoral", name="Programme ancien", purpose="Son objet."
    )
    old.get_model("committees", "Committee").objects.create(
        code="CPX", name="Comité ancien", kind="programme"
    )
    old.get_model("reports", "NarrativeSection").objects.create(
        programme=programme, year=2020, heading="Intertitre ancien", body="Texte ancien."
    )
    old.get_model("reports", "ReportItem").objects.create(
        programme=programme, year=2020, kind="challenge", position=1, text="Défi ancien."
    )

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    programme = Programme.objects.get(number=5)
    assert (programme.name_fr, programme.purpose_fr, programme.name_ar, programme.name_en) == (
        "Programme ancien",
        "Son objet.",
        None,
        None,
    )
    assert Committee.objects.get(code="CPX").name_fr == "Comité ancien"
    section = NarrativeSection.objects.get()
    assert (section.heading_fr, section.body_fr, section.demo_translation) == (
        "Intertitre ancien",
        "Texte ancien.",
        False,
    )
    assert ReportItem.objects.get().text_fr == "Défi ancien."
    # The revision triggers are back on every tracked table.
    assert set(revision_triggers.installed(connection)) == set(
        revision_triggers._existing(connection, revision_triggers.TRACKED)
    )

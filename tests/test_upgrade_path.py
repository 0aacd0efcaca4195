"""The migrations build the schema the suite runs on, and a database from an
earlier version keeps its data through the migrations that changed it: the
duplicate institution acronyms separated, the committees' standing meeting
rhythm dropped without inventing targets, every French text kept in the `_fr`
fields of the translated columns.

The suite's databases are built from the models (tests/databases.py). Here the
real migrations run, into a fresh database, once: up to before the oldest of
these migrations, where each one's rows are written with the models of their
own time on the way forward, then to the latest. Its schema is then compared
with the suite's, table by table, revision triggers included.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from committees.models import Committee, MeetingTarget
from programmes.models import Institution, Programme
from reports import revision_triggers
from reports.models import NarrativeSection, ReportItem
from tests.databases import fresh_database, schema

# Before programmes.0005 (duplicate acronyms) and committees.0006 (targets per year).
BEFORE_ACRONYMS_AND_TARGETS = [
    ("programmes", "0004_author_institution"),
    ("committees", "0005_author_institution"),
]
# Before the translated fields (programmes.0009, committees.0008, reports.0013).
BEFORE_TRANSLATIONS = [
    ("programmes", "0008_acronym_printable_only"),
    ("committees", "0007_meeting_target_at_most_daily"),
    ("reports", "0012_bilan_revisions"),
]


def migrate_to(targets):
    """The apps of the state `targets` leave, after migrating the database there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def write_duplicate_acronyms(old) -> dict[str, int]:
    institution = old.get_model("programmes", "Institution")
    project = old.get_model("programmes", "Project")

    def international(name: str, acronym: str):
        return institution.objects.create(name=name, acronym=acronym, kind="international", version=1)

    rows = {
        "renamed": international("OIM Maroc", "OIM"),
        "stray": international("Organisation internationale pour les migrations", "OIM"),
        "used": international("Bureau international du Travail", "BIT"),
        "used copy": international("BIT Maroc", "bit"),
    }
    project.objects.create(name="Recrutement équitable", funder=rows["used copy"], version=1)
    return {role: row.pk for role, row in rows.items()}


def write_untranslated_texts(old) -> None:
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


@pytest.mark.django_db
def test_the_migrations_build_the_suites_schema_and_keep_an_old_databases_data(settings, tmp_path):
    built = schema()
    settings.MIGRATION_MODULES = {}  # the project's migrations, which the suite's databases skip
    with fresh_database(tmp_path):
        latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        old = migrate_to(BEFORE_ACRONYMS_AND_TARGETS)
        institutions = write_duplicate_acronyms(old)
        old.get_model("committees", "Committee").objects.create(
            code="CP1", name="Éducation", kind="programme", expected_meetings_per_year=12, version=1
        )
        write_untranslated_texts(migrate_to(BEFORE_TRANSLATIONS))
        migrate_to(latest)
        call_command("migrate", verbosity=0)

        # The loader's stray copy of the OIM is gone; a used copy keeps its rows under a marked acronym.
        assert sorted(Institution.objects.values_list("pk", "acronym")) == [
            (institutions["renamed"], "OIM"),
            (institutions["used"], "BIT"),
            (institutions["used copy"], f"bit ({institutions['used copy']})"),
        ]
        # The standing rhythm is gone, and no target was invented from it.
        assert sorted(Committee.objects.values_list("code", flat=True)) == ["CP1", "CPX"]
        assert "expected_meetings_per_year" not in {field.name for field in Committee._meta.get_fields()}
        assert not MeetingTarget.objects.exists()
        # French texts are in the French fields, the other languages empty.
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

        # The schema the migrations build is the one the suite runs on.
        migrated = schema()
    assert migrated["triggers"] == built["triggers"]
    assert sorted(migrated["tables"]) == sorted(built["tables"])
    tables = built["tables"]
    differing = sorted(table for table in tables if tables[table] != migrated["tables"][table])
    assert {table: migrated["tables"][table] for table in differing} == {
        table: tables[table] for table in differing
    }

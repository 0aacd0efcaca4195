from django.db import migrations

from reports import revision_triggers


def remove_triggers(apps, schema_editor):
    # SQLite rebuilds a table to add a unique column or a constraint, and then
    # checks every trigger naming it: those of the tables around it (a study's
    # actions) would fail on the table being swapped. They come back at the
    # end of 0014_translated_fields.
    revision_triggers.remove(schema_editor.connection)


def install_triggers(apps, schema_editor):
    revision_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0012_bilan_revisions"),
    ]
    run_before = [
        ("programmes", "0009_translated_fields"),
        ("committees", "0008_translated_fields"),
    ]

    operations = [
        migrations.RunPython(remove_triggers, install_triggers),
    ]

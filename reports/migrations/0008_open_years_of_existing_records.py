"""Years recorded before reporting years opened by themselves (reports.years):
each year that holds a record gets its reporting year, so that its bilan is
not taken for an empty year's."""

from django.db import migrations
from django.db.models.functions import ExtractYear

# The year-bound models at this point, with the field that places them in a year.
YEAR_BOUND = [
    ("trainings", "Session", "year"),
    ("programmes", "ActionProgress", "year"),
    ("reports", "NarrativeSection", "year"),
    ("reports", "ReportItem", "year"),
    ("reports", "Study", "year"),
    ("reports", "UniversityProgramme", "year"),
]


def open_recorded_years(apps, schema_editor) -> None:
    found = set()
    for app_label, model_name, field in YEAR_BOUND:
        model = apps.get_model(app_label, model_name)
        found.update(model.objects.values_list(field, flat=True).distinct())
    meetings = apps.get_model("committees", "Meeting").objects
    found.update(meetings.annotate(y=ExtractYear("date")).values_list("y", flat=True).distinct())
    reporting_years = apps.get_model("reports", "ReportingYear")
    existing = set(reporting_years.objects.values_list("year", flat=True))
    for year in sorted(found - existing):
        if year is not None and 2014 <= year <= 2100:
            reporting_years.objects.create(year=year)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_reporting_deadline_and_worker_queues"),
        ("trainings", "0004_author_institution"),
        ("programmes", "0006_institution_acronym_unique"),
        ("committees", "0005_author_institution"),
    ]

    operations = [migrations.RunPython(open_recorded_years, migrations.RunPython.noop)]

"""The benchmark measures what it says: its synthetic year has the advertised size."""

from benchmarks.synthetic_year import SIZES, build_year
from committees.models import Committee, Meeting
from programmes.models import Action, Programme, SpecificObjective
from reports.models import NarrativeSection, ReportingYear, ReportItem, Study, UniversityProgramme
from trainings.models import Session


def test_small_benchmark_year_has_the_advertised_counts(db):
    build_year(2020, SIZES["small"])

    assert ReportingYear.objects.get().year == 2020
    assert Programme.objects.count() == 11
    assert SpecificObjective.objects.count() == 27
    assert list(SpecificObjective.objects.filter(programme=11).values_list("number", flat=True)) == [
        24,
        25,
        26,
        27,
    ]
    assert Action.objects.count() == 81
    assert Action.objects.filter(programme=11).count() == 14
    assert not Action.objects.filter(specific_objective__isnull=True).exists()
    assert Committee.objects.count() == 7
    # Validated, as the published bilan counts only those.
    assert Meeting.objects.in_year(2020).validated().count() == 30
    assert Session.objects.in_year(2020).validated().count() == 250
    # Every session serves one action, so every OSP's tables have rows.
    assert Session.objects.filter(actions__isnull=True).count() == 0
    # A narrative for each chapter and each OSP; three lists of two items per programme.
    assert NarrativeSection.objects.filter(year=2020).count() == 11 + 27
    assert ReportItem.objects.filter(year=2020).count() == 66
    assert UniversityProgramme.objects.count() == 9
    assert Study.objects.count() == 3

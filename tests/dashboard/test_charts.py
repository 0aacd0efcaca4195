"""The charts: SVG scaled by its viewBox, described for screen readers, with
coordinates written with a dot whatever the language's number format."""

import datetime

import pytest

from dashboard.charts import Bar, Chart, Segment, lay_out
from dashboard.figures import expected_to_date, percent
from tests.factories import ReportingYearFactory, ValidatedSessionFactory


def test_bars_are_proportional_to_the_largest_one():
    chart = lay_out(
        Chart(
            id="c",
            title="t",
            description="d",
            bars=[
                Bar("a", "3 / 12", [Segment("held", "Tenues", 3)], marker=12),
                Bar("b", "6", [Segment("held", "Tenues", 6)]),
            ],
        )
    )

    # 380 units of bar for 12 (the largest marker): 3 → 95, 6 → 190.
    assert [bar.segments[0].width for bar in chart.bars] == ["95.0", "190.0"]
    assert chart.bars[0].marker_x == "540.0"
    assert chart.height == 76


def test_stacked_segments_follow_one_another():
    chart = lay_out(
        Chart(
            id="c",
            title="t",
            description="d",
            bars=[Bar("p", "10", [Segment("women", "F", 6), Segment("men", "H", 4)])],
        )
    )

    women, men = chart.bars[0].segments
    assert (women.x, women.width, men.x, men.width) == ("160.0", "228.0", "388.0", "152.0")


def test_empty_chart_draws_nothing_wide():
    chart = lay_out(
        Chart(id="c", title="t", description="d", bars=[Bar("p", "0", [Segment("women", "F", 0)])])
    )

    assert chart.bars[0].segments[0].width == "0.0"


def test_french_percent():
    assert percent(3280 / (3280 + 2879)) == "53,3\u00a0%"


@pytest.mark.parametrize(
    ("year", "today", "due"),
    [
        (2020, datetime.date(2021, 1, 5), 12),  # the year is over
        (2022, datetime.date(2021, 6, 1), 0),  # not begun
        (2021, datetime.date(2021, 7, 2), 6),  # day 183 of 365: 12 × 183 // 365 = 6
    ],
)
def test_meetings_expected_to_date(year, today, due):
    assert expected_to_date(12, year, today) == due


def test_no_rhythm_no_expectation():
    assert expected_to_date(None, 2020, datetime.date(2021, 1, 1)) is None


@pytest.mark.django_db
def test_the_page_svg_is_accessible_and_scales(client_of, reader):
    ReportingYearFactory(year=2020)
    ValidatedSessionFactory(women=1234, men=1000)

    html = client_of(reader).get("/?annee=2020").content.decode()

    assert html.count('<svg viewBox="0 0 640 ') == 4
    assert html.count('width="100%" role="img" aria-labelledby="chart-') == 4
    assert '<title id="chart-participants-title">Participants par sexe</title>' in html
    assert (
        '<desc id="chart-participants-desc">2\u00a0234 participants : 1\u00a0234 femmes, 1\u00a0000 hommes, '
        "0 non renseigné.</desc>"
    ) in html
    assert "<title>Femmes : 1\u00a0234</title>" in html
    # Coordinates never take the French decimal comma.
    assert 'x="160,0"' not in html and 'x="160.0"' in html

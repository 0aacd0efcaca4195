"""The synthesis' chart: colour-blind-safe colours, each bar's figure printed,
only the programmes with sessions, a height that follows the bars; and a
synthesis that fits on its page."""

import re

import pytest

from reports.charts import participants_by_sex_chart

pytestmark = pytest.mark.django_db

PROGRAMME_11 = {"number": 11, "sessions": 15, "men": 2879, "women": 3280, "unrecorded": 140}


def programme(number: int, sessions: int = 0, men: int = 0, women: int = 0, unrecorded: int = 0) -> dict:
    return {"number": number, "sessions": sessions, "men": men, "women": women, "unrecorded": unrecorded}


def svg_of(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]


def bar_labels(svg: str) -> list[str]:
    """The programmes' labels on the chart's axis (pygal's text of no class)."""
    return re.findall(r'<text x="[-\d.]+" y="[\d.]+" class="">(Programme \d+)</text>', svg)


def test_the_demo_chart_uses_the_okabe_ito_colours_not_red_and_green(demo_bilan):
    svg = svg_of(demo_bilan.html)

    for colour in ("#0072B2", "#D55E00", "#999999"):
        assert colour in svg, colour
    # The flag's green and red, which the chart used to pair.
    assert "#006233" not in svg
    assert "#c1272d" not in svg


def test_each_bar_carries_its_figure_from_the_excerpt(demo_bilan):
    values = re.findall(
        r'<text text-anchor="start" x="[\d.]+" y="[\d.]+" class="value">([^<]+)</text>', demo_bilan.html
    )

    # Men, women, unrecorded of programme 11, the excerpt's totals (no-break thousands).
    assert sorted(values) == sorted(["2\u00a0879", "3\u00a0280", "140"])


def test_programmes_without_sessions_have_no_bar_but_a_note(demo_bilan):
    assert bar_labels(svg_of(demo_bilan.html)) == ["Programme 11"]
    assert "Aucune session validée en 2020 : programmes 1, 2, 3, 4, 5, 6, 7, 8, 9 et 10." in demo_bilan.text
    # Nor a row of zeros in the synthesis' table: programme 11 and the year's total.
    assert "Programme 1 : Éducation et culture 0 0 0 0 0" not in demo_bilan.text
    assert "Programme 11 : Gouvernance et communication 15 2879 3280 140 6299" in demo_bilan.text


def test_the_synthesis_fits_on_one_page_with_its_chart(demo_bilan):
    pages = demo_bilan.pages
    synthesis = [i for i, text in enumerate(pages) if "Synthèse de l'année 2020" in text.splitlines()[0]]
    assert len(synthesis) == 1
    page = pages[synthesis[0]]
    assert "Participants par sexe et par programme" in page
    assert "Participants aux sessions de 2020 par sexe et par programme." in page
    assert pages[synthesis[0] + 1].startswith("Programmes sectoriels")


def test_the_chart_grows_with_its_bars():
    one = participants_by_sex_chart([programme(1), PROGRAMME_11])
    three = participants_by_sex_chart(
        [programme(1, 2, 10, 12), programme(2), programme(5, 1, 0, 0, 7), PROGRAMME_11]
    )

    assert re.search(r'<svg[^>]* viewBox="0 0 900 198"', one)
    assert re.search(r'<svg[^>]* viewBox="0 0 900 354"', three)
    assert bar_labels(three) == ["Programme 11", "Programme 5", "Programme 1"]  # drawn bottom up


def test_the_same_figures_give_the_same_bytes():
    rows = [programme(3, 1, 5, 6, 0), PROGRAMME_11]

    assert participants_by_sex_chart(rows) == participants_by_sex_chart([dict(row) for row in rows])


def test_no_programme_with_sessions_no_chart():
    assert participants_by_sex_chart([programme(1), programme(2)]) == ""

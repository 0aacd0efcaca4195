"""The synthesis' chart: colour-blind-safe colours, each bar's figure printed,
only the programmes with sessions, a height that follows the bars; and a
synthesis that fits on its page."""

import re

import pytest

from tests.reports.conftest import collapse

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
    assert "Programme 11 : Gouvernance et communication 15 2 879 3 280 140 6 299" in demo_bilan.text


def test_the_synthesis_fits_on_two_pages_with_its_chart(demo_bilan):
    pages = demo_bilan.pages
    synthesis = [i for i, text in enumerate(pages) if "Synthèse de l’année 2020" in text.splitlines()[0]]
    assert len(synthesis) == 1
    first, second = pages[synthesis[0]], pages[synthesis[0] + 1]
    assert "Réunions des comités" in first
    # Its second page holds the chart, then the programmes without content,
    # and the next page opens the programmes' part.
    assert "Participants par sexe et par programme" in second
    assert "Participants aux sessions de 2020 par sexe et par programme." in collapse(second)
    assert "Programmes sans activité validée en 2020 :" in collapse(second)
    assert pages[synthesis[0] + 2].startswith("Programmes transverses")

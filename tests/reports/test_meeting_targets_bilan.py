"""The synthesis prints a committee's meetings against the year's target only
where staff set one (committees.MeetingTarget); otherwise the meetings held,
with no ratio and no « non fixé »."""

import datetime
import re

import pytest

from reports.bilan import build_bilan
from reports.pdf import render_bilan_html
from reports.spreadsheets import meetings_sheet
from tests.factories import CommitteeFactory, MeetingTargetFactory, ValidatedMeetingFactory

pytestmark = pytest.mark.django_db


def synthesis_table(html: str) -> str:
    table = re.split(r'<table class="data meetings"[^>]*>', html.split('id="synthese"')[1])[1].split(
        "</table>"
    )[0]
    # Superscript ordinals (« 1<sup>er</sup> ») read as one word.
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"</?sup>", "", table)).split())
    # The numbered caption is the header's first row (reports.continued).
    caption = "Tableau S.1 – Réunions des comités en 2020 (suite) "
    assert text.startswith(caption)
    return text.removeprefix(caption)


@pytest.fixture
def committees():
    cp1 = CommitteeFactory(code="CP1", name="Éducation", position=1)
    cp2 = CommitteeFactory(code="CP2", name="Santé", position=2)
    for month in (3, 6, 9):
        ValidatedMeetingFactory(committee=cp1, date=datetime.date(2020, month, 2))
    ValidatedMeetingFactory(committee=cp2, date=datetime.date(2020, 6, 1))
    return cp1, cp2


def test_a_year_with_a_target_prints_held_against_it(committees):
    cp1, _cp2 = committees
    MeetingTargetFactory(committee=cp1, year=2020, expected=4)

    table = synthesis_table(render_bilan_html(2020))

    assert table.startswith("Comité Réunions tenues / objectif Dates")
    assert "CP1 : Éducation 3 / 4 2 mars 2020" in table
    # CP2 has no target: its meetings held alone, no « non fixé ».
    assert "CP2 : Santé 1 1er juin 2020" in table
    assert "non fixé" not in table
    assert "Total 4" in table


def test_a_year_without_targets_prints_the_meetings_held_only(committees):
    cp1, _cp2 = committees
    # Another year's target says nothing of 2020.
    MeetingTargetFactory(committee=cp1, year=2021, expected=12)

    context = build_bilan(2020)
    table = synthesis_table(render_bilan_html(2020))

    assert context["has_meeting_targets"] is False
    assert [row["expected"] for row in context["statistics"]["committees"]] == [None, None]
    assert table.startswith("Comité Nombre de réunions Dates")
    assert "CP1 : Éducation 3 2 mars 2020" in table
    assert " / " not in table and "12" not in table and "non fixé" not in table


def test_the_workbook_leaves_the_target_blank_without_one(committees):
    from openpyxl import Workbook

    cp1, _cp2 = committees
    MeetingTargetFactory(committee=cp1, year=2020, expected=4)
    sheet = Workbook().active

    meetings_sheet(sheet, build_bilan(2020))

    rows = [[cell.value for cell in row][:3] for row in sheet.iter_rows()]
    assert rows[0] == ["Comité", "Objectif de réunions", "Réunions tenues"]
    assert rows[1:] == [["CP1 : Éducation", 4, 3], ["CP2 : Santé", None, 1], ["Total", None, 4]]

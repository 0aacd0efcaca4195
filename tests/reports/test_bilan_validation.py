"""Only validated records enter the published bilan; a preview may show the rest, marked."""

import pytest

from programmes.models import ActionProgress
from reports.bilan import build_bilan
from reports.pdf import render_bilan_html
from reports.stats import year_statistics
from tests.factories import (
    ActionFactory,
    CommitteeFactory,
    ReportingYearFactory,
    SessionFactory,
    UserFactory,
    ValidatedMeetingFactory,
    ValidatedSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2020():
    ReportingYearFactory(year=2020)
    action = ActionFactory(code="11.12")
    ValidatedSessionFactory(title="Formation validée", women=17, men=10).actions.add(action)
    SessionFactory(title="Formation en brouillon", women=5, men=5).actions.add(action)
    SessionFactory(title="Formation soumise", women=1, men=2, review_state="submitted").actions.add(action)
    committee = CommitteeFactory(code="CP4", name="Programmes transverses")
    ValidatedMeetingFactory(committee=committee, date="2020-06-22")
    ValidatedMeetingFactory(committee=committee, date="2020-10-01", review_state="draft")
    return action


def test_statistics_count_validated_records_only(year_2020):
    statistics = year_statistics(2020)
    assert statistics["totals"]["total"] == 27
    assert statistics["totals"]["sessions"] == 1
    assert statistics["totals"]["meetings"] == 1
    assert [row["held"] for row in statistics["committees"] if row["code"] == "CP4"] == [1]


def test_statistics_of_a_preview_include_records_under_review(year_2020, staff):
    statistics = year_statistics(2020, drafts_for=staff)
    assert statistics["totals"]["total"] == 40
    assert statistics["totals"]["meetings"] == 2


def test_published_html_leaves_out_drafts_and_submitted_records(year_2020):
    html = render_bilan_html(2020)
    assert "Formation validée" in html
    assert "Formation en brouillon" not in html
    assert "Formation soumise" not in html
    assert "non validé" not in html
    assert "1<sup>er</sup>\u00a0octobre\u00a02020" not in html


def test_preview_with_drafts_marks_what_is_not_validated(admin_client, year_2020):
    html = admin_client.get("/reports/bilan/2020/?brouillons=1").content.decode()
    assert 'Formation en brouillon <span class="unvalidated-mark">(non validé)</span>' in html
    assert 'Formation soumise <span class="unvalidated-mark">(non validé)</span>' in html
    assert "Formation validée <span" not in html
    assert '1<sup>er</sup>\u00a0octobre\u00a02020 <span class="unvalidated-mark">(non validé)</span>' in html
    assert "Aperçu de travail" in html
    # Without the parameter the preview is the published bilan.
    assert "Formation en brouillon" not in admin_client.get("/reports/bilan/2020/").content.decode()


def test_validated_progress_of_an_action_is_printed_in_its_objective(year_2020):
    ActionProgress.objects.create(
        action=year_2020,
        year=2020,
        status="in_progress",
        narrative="Modules en ligne **en cours**.",
        review_state="validated",
        author=UserFactory(username="pf"),
    )
    ActionProgress.objects.create(
        action=ActionFactory(code="11.13"), year=2020, narrative="Brouillon non publié."
    )
    subsection = build_bilan(2020)["parts"][0]["chapters"][0]["subsections"][0]
    assert [(entry.action.code, entry.get_status_display()) for entry in subsection.progress] == [
        ("11.12", "En cours")
    ]
    html = render_bilan_html(2020)
    assert "<strong>Action 11.12</strong> — En cours" in html
    assert "Modules en ligne <strong>en cours</strong>." in html
    assert "Brouillon non publié" not in html

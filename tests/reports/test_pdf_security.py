"""Stored narrative cannot run scripts or pull files into the bilan, and
WeasyPrint reads nothing but our static files."""

import io

import pytest
from pypdf import PdfReader

from reports.pdf import StaticFilesFetcher, html_to_pdf, render_bilan_html
from tests.factories import NarrativeSectionFactory, ReportItemFactory, SpecificObjectiveFactory
from tests.reports.conftest import collapse, pdf_pages

pytestmark = pytest.mark.django_db

HOSTILE_MARKDOWN = (
    "Avant.\n\n"
    "<script>document.title = 'pirate'</script>\n\n"
    "![x](file:///etc/passwd)\n\n"
    '<img src="file:///etc/passwd"> <iframe src="http://127.0.0.1:9/"></iframe>\n\n'
    "[lien](javascript:alert(1)) Après."
)


def image_count(pdf: bytes) -> int:
    count = 0
    for page in PdfReader(io.BytesIO(pdf)).pages:
        objects = page["/Resources"].get("/XObject", {})
        count += sum(1 for ref in objects.values() if ref.get_object()["/Subtype"] == "/Image")
    return count


def test_hostile_narrative_is_inert_in_html_and_pdf(weasyprint_log):
    objective = SpecificObjectiveFactory(number=24)
    NarrativeSectionFactory(
        programme=objective.programme, specific_objective=objective, body=HOSTILE_MARKDOWN
    )
    ReportItemFactory(programme=objective.programme, text="<script>alert(1)</script>Un défi.")

    html = render_bilan_html(2020)
    pdf = html_to_pdf(html)

    assert "<script" not in html
    assert "file:///etc/passwd" not in html
    assert "<iframe" not in html
    assert "javascript:" not in html
    text = collapse(" ".join(pdf_pages(pdf)))
    assert "Avant." in text and "Après." in text
    assert "Un défi." in text
    assert "pirate" not in text and "alert" not in text
    assert "root:" not in text
    assert image_count(pdf) == 0
    assert weasyprint_log == []


def test_pdf_refuses_files_and_urls_outside_our_static_files(weasyprint_log):
    html = (
        '<html lang="fr"><body><p>Texte</p><img src="file:///etc/passwd">'
        '<img src="/static/../../../etc/hostname"><img src="http://127.0.0.1:9/x.png">'
        '<link rel="stylesheet" href="https://example.com/x.css"></body></html>'
    )

    pdf = html_to_pdf(html)

    assert image_count(pdf) == 0
    assert "Texte" in pdf_pages(pdf)[0]
    # Each refusal is logged by WeasyPrint, none of them fetched.
    assert len(weasyprint_log) == 4
    assert all("Ressource refusée" in message for message in weasyprint_log)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///static/../../../../etc/passwd",
        "file:///static/reports/../../../snia/settings.py",
        "file://otherhost/static/reports/bilan.css",
        "http://127.0.0.1:8000/static/reports/bilan.css",
        "https://example.com/font.ttf",
        "ftp://example.com/x",
    ],
)
def test_fetcher_refuses(url):
    with pytest.raises(ValueError, match="Ressource refusée"):
        StaticFilesFetcher().fetch(url)


def test_fetcher_serves_our_static_files_and_data_urls():
    fetcher = StaticFilesFetcher()

    stylesheet = fetcher.fetch("file:///static/reports/bilan.css")
    font = fetcher.fetch("file:///static/fonts/open-sans/OpenSans-Regular.ttf")
    data = fetcher.fetch("data:text/plain,bonjour")

    assert b"@font-face" in stylesheet.read()
    assert stylesheet.content_type == "text/css"
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    assert data.read() == b"bonjour"

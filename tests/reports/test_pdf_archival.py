"""The demo 2020 bilan is an archival and accessible PDF (reports.pdf_archival).

No PDF/A validator can be installed here: these tests check, with pikepdf, what
makes the file identified as PDF/A-3a — the XMP identification, the structure
tree, the language, the output intent, the attachment — and that it is a
function of its HTML alone (no date of rendering).
"""

import csv
import html as html_module
import io
import re
import subprocess
from datetime import date

import pikepdf
import pytest

from reports import pdf as reports_pdf
from reports.pdf import render_bilan_html
from tests.factories import ReportingYearFactory

pytestmark = pytest.mark.django_db

PROGRAMME_11 = {
    "Rubrique": "Programme",
    "Numéro ou sigle": "11",
    "Intitulé": "Gouvernance et communication",
    "Réunions prévues": "",
    "Réunions tenues": "",
    # The excerpt's three session tables, summed by hand (tests/reports/test_stats.py).
    "Sessions": "15",
    "Hommes": "2879",
    "Femmes": "3280",
    "Sexe non renseigné": "140",
    "Total des participants": "6299",
}


@pytest.fixture(scope="module")
def document(demo_bilan):
    with pikepdf.open(io.BytesIO(demo_bilan.pdf)) as pdf:
        yield pdf


def structure_types(document: pikepdf.Pdf) -> list[str]:
    """The structure types (/S) of the whole structure tree, in document order."""
    found = []

    def walk(node) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(str(node.S))
            walk(node.get("/K"))

    walk(document.Root.StructTreeRoot.K)
    return found


def html_title(html: str) -> str:
    return html_module.unescape(re.search(r"<title>(.*?)</title>", html, re.S)[1])


def test_the_xmp_identifies_pdf_a_3a(document):
    metadata = document.open_metadata()
    assert metadata["pdfaid:part"] == "3"
    assert metadata["pdfaid:conformance"] == "A"
    # PDF/A's colours are device-independent: an sRGB output intent.
    assert document.Root.OutputIntents[0].S == "/GTS_PDFA1"


def test_the_pdf_is_tagged_in_french(document, demo_bilan, tmp_path):
    assert document.Root.MarkInfo.Marked is True
    assert document.Root.Lang == "fr"
    types = structure_types(document)
    assert types[0] == "/Document"
    for kind in ("/H1", "/H2", "/P", "/L", "/LI", "/Table", "/THead", "/TR", "/TH", "/TD", "/Figure"):
        assert kind in types, kind
    # Every table of the HTML is a table for a screen reader (WeasyPrint tags
    # each page's part of a long table as one).
    assert types.count("/Table") >= demo_bilan.html.count("<table") >= 5
    path = tmp_path / "bilan.pdf"
    path.write_bytes(demo_bilan.pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_the_title_is_the_documents(document, demo_bilan):
    title = html_title(demo_bilan.html)
    assert title == "Politique Nationale d’Immigration et d’Asile — Bilan programmatique d’étape 2020"
    assert str(document.docinfo.Title) == title
    assert document.open_metadata()["dc:title"] == title


def test_an_open_year_without_a_publication_date_is_dated_its_last_day(document, demo_bilan):
    # The demo year is neither published nor closed: the PDF and its figures are
    # dated 31 December 2020, the day the figures run to — never the time of rendering.
    assert '<meta name="dcterms.created" content="2020-12-31">' in demo_bilan.html
    assert str(document.docinfo.CreationDate).startswith("D:20201231")
    assert document.open_metadata()["xmp:CreateDate"].startswith("2020-12-31")
    params = document.attachments["chiffres-2020.csv"].obj.EF.F.Params
    assert str(params.ModDate).startswith("D:20201231")


def test_a_publication_date_becomes_the_creation_date(db):
    ReportingYearFactory(year=2020, publication_date=date(2021, 3, 15))

    html = render_bilan_html(2020)
    assert '<meta name="dcterms.created" content="2021-03-15">' in html

    with pikepdf.open(io.BytesIO(reports_pdf.html_to_pdf(html))) as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20210315")
        assert pdf.open_metadata()["xmp:CreateDate"].startswith("2021-03-15")
        params = pdf.attachments["chiffres-2020.csv"].obj.EF.F.Params
        assert str(params.ModDate).startswith("D:20210315")


def test_two_renders_of_one_html_are_byte_identical(demo_bilan):
    # The real renderer, not the test run's cache of renders (tests/pdf_cache.py).
    assert reports_pdf.html_to_pdf.__wrapped__(demo_bilan.html) == demo_bilan.pdf


def test_page_labels_are_the_printed_folios(document, demo_bilan):
    labels = [page.label for page in document.pages]
    assert labels[:3] == ["Couverture", "1", "2"]
    assert "Sommaire" in demo_bilan.pages[1]
    # Every numbered page prints « n / N » where the viewer says n; the back
    # cover is not numbered.
    for index, text in enumerate(demo_bilan.pages[1:-1], start=1):
        folio = re.findall(r"(\d+) / (\d+)", text)[-1]
        assert labels[index] == folio[0], index
        assert folio[1] == labels[-2]
    assert labels[-2] == str(len(labels) - 2)
    assert labels[-1] == "Quatrième de couverture"


def test_the_years_figures_are_attached_as_csv(document):
    assert list(document.attachments) == ["chiffres-2020.csv"]
    filespec = document.attachments["chiffres-2020.csv"]
    # An associated file of the document (PDF/A-3), its data.
    assert filespec.obj.AFRelationship == "/Data"
    assert list(document.Root.AF) == [filespec.obj]
    assert filespec.obj.EF.F.Subtype == "/text/csv"
    assert "/ModDate" in filespec.obj.EF.F.Params

    content = filespec.get_file().read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert PROGRAMME_11 in rows
    totals = rows[-1]
    assert (totals["Rubrique"], totals["Intitulé"]) == ("Ensemble", "Ensemble de l'année 2020")
    figures = (
        "Réunions tenues",
        "Sessions",
        "Hommes",
        "Femmes",
        "Sexe non renseigné",
        "Total des participants",
    )
    assert [totals[key] for key in figures] == ["18", "15", "2879", "3280", "140", "6299"]
    held = {row["Numéro ou sigle"]: row["Réunions tenues"] for row in rows if row["Rubrique"] == "Comité"}
    assert held == {"Commission": "1", "CT": "3", "CoPil": "2"} | {f"CP{n}": "3" for n in range(1, 5)}
    programme_10 = next(row for row in rows if row["Numéro ou sigle"] == "10")
    assert programme_10["Sessions"] == "0"

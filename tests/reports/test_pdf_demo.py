"""The 2020 demo PDF holds the facts of the published excerpt.

Every expected value below is copied from /shared/reference/bilan-2020-extrait.md
(dates written as the report writes them: "1er octobre 2020", no leading zero).
"""

import io
import re

import pytest
from pypdf import PdfReader

from tests.reports.conftest import collapse, squash

CP_AND_COPIL_DATES = [
    # CP1
    "25 juin 2020",
    "30 septembre 2020",
    "11 novembre 2020",
    # CP2
    "24 juin 2020",
    "7 octobre 2020",
    "10 novembre 2020",
    # CP3
    "9 juin 2020",
    "6 octobre 2020",
    "13 novembre 2020",
    # CP4
    "22 juin 2020",
    "1er octobre 2020",
    "17 novembre 2020",
    # Comité de pilotage
    "16 juillet 2020",
    "15 décembre 2020",
]

UNIVERSITY_PROGRAMMES = [
    "UM5 Rabat Master Migrations et Sociétés",
    "ENRPU Rabat Master Médias et Migrations",
    "UMI Meknès Master Histoire des migrations et des mouvements de populations dans le bassin méditerranéen",
    "UMI Meknès Master Droit international privé et migration",
    "UIZ Agadir Doctorat Aménagement du Territoire, Sociétés, Migration & Développement Durable",
    "UIZ Agadir Master Dynamique des sociétés : Migration, démographie et développement",
    "USMS Béni-Mellal Master Migrations Internationales : Espace et Société",
    "UH2 Mohammedia Master Sociologie de la migration",
    "UMP Oujda Master Migration : Espace et société",
]

# Each session's "men women total" as the report prints them (Hommes, Femmes, Total).
SESSION_COUNTS = [
    # Table 1 of section 1.3 (printed there as Nombre / Femmes / Hommes)
    "10 17 27",
    "18 30 48",
    "4 6 10",
    # Table 2 of section 1.3
    "10 17 27",
    "3 1 4",
    "38 65 103",
    "18 29 47",
    "5 6 11",
    # Table of section 1.4: Hommes / Femmes / Non renseigné / Total, since
    # the journalists' row has no breakdown by sex (« - - 140 » in the excerpt);
    # thousands grouped by a no-break space.
    "10 12 0 22",
    "8 16 0 24",
    "0 0 140 140",
    "28 39 0 67",
    "3 19 0 22",
    "2 703 2 996 0 5 699",
    "21 27 0 48",
]

PROGRAMME_11_HEADINGS = [
    "Programme 11 : Gouvernance et communication",
    "1. Activités menées en 2020",
    "1.1. Mettre en place un dispositif de coordination de la SNIA dans le cadre d’une gestion intégrée "
    "et d’une responsabilité partagée (Actions 11.1, 11.2 et 11.3)",
    "a- Coordination au niveau national",
    "b- Coordination au niveau territorial",
    "1.2. Développer la veille sur les questions migratoires (Actions 11.10 et 11.11)",
    "α. Réalisation d’études analytiques et prospectives sur la migration au Maroc",
    "β. Développement de programmes de formation et de recherche sur les questions migratoires dans les "
    "universités",
    "1.3. Renforcer la capacité des acteurs en charge des questions d’immigration, d’asile et de traite "
    "des êtres humains (Actions 11.12, 11.13 et 11.14)",
    "1.4. Informer et sensibiliser aux questions d’immigration et d’asile (Actions 11.15, 11.16 et 11.17)",
    "2. Défis et contraintes",
    "3. Mesures prévues pour l’année 2021",
    "4. Recommandations",
]

MEASURES_2021 = [
    "Former des producteurs et des utilisateurs de données aux normes internationales des statistiques "
    "du travail (20e CIST [Conférence internationale des statisticiens du travail]).",
    "Dresser avec l’appui de l’OIM une cartographie des acteurs locaux agissant sur la question de la "
    "migration, en collaboration avec la commune de Rabat et la commune d’Oujda.",
    "Programmer l’organisation de la suite des sessions de formations sur les thèmes identifiés. avec "
    "l’appui d’ENABEL.",
]

PROGRAMME_10_RECOMMENDATIONS = [
    "Poursuite de la réflexion au sujet de la ratification de la Convention sur l’apatridie de 1954.",
    "Suivi de la mise en œuvre de la procédure de ratification de la convention n° 118 de l’OIT "
    "(Organisation internationale du Travail) sur l’égalité de traitement concernant la sécurité sociale "
    "pour les travailleurs migrants.",
    "Redynamisation du processus d’adoption des projets de loi relatif à l’asile et à l’entrée et au "
    "séjour des étrangers au Royaume du Maroc et à l’immigration.",
    "Facilitation des conditions du renouvellement des titres de séjour.",
]

pytestmark = pytest.mark.django_db


def occurrences(pattern: str, text: str) -> int:
    return len(re.findall(rf"(?<![\w-]){re.escape(pattern)}(?![\w])", text))


def test_demo_pdf_renders_without_weasyprint_warnings(demo_bilan):
    assert demo_bilan.pdf.startswith(b"%PDF-")
    assert demo_bilan.weasyprint_warnings == []


def test_every_cp_and_copil_meeting_date_is_in_the_synthesis_and_in_the_coordination_section(demo_bilan):
    for date in CP_AND_COPIL_DATES:
        assert occurrences(date, demo_bilan.text) == 2, date


def test_committees_show_the_meetings_held_without_a_target_the_report_never_gave(demo_bilan):
    text = demo_bilan.text
    # The report says « au moins 3 réunions par comité programme », against no
    # target: the demo sets none, so the synthesis prints what was held.
    assert "CP1 : Éducation et culture – Jeunesse et loisirs 3 25 juin 2020" in text
    assert "Comité de pilotage 2 16 juillet 2020 15 décembre 2020" in text
    assert "Commission interministérielle des affaires des MRE et des affaires de la migration 1" in text
    assert "Réunions prévues" not in text
    assert "non fixé" not in text
    synthesis_table = text.split("Tableau S.1 – Réunions des comités en 2020 Comité")[1].split(
        "Sessions et participants"
    )[0]
    assert synthesis_table.startswith(" Nombre de réunions Dates Commission")
    assert " 12 " not in synthesis_table
    assert " / " not in synthesis_table


def test_the_nine_university_programmes_are_listed(demo_bilan):
    for row in UNIVERSITY_PROGRAMMES:
        assert squash(row) in demo_bilan.squashed, row


def test_every_session_shows_its_counts(demo_bilan):
    text = demo_bilan.text
    for counts in SESSION_COUNTS:
        assert occurrences(counts, text) >= 1, counts
    # The two rows of 27 participants are two sessions (tables 1 and 2 of section 1.3).
    assert occurrences("10 17 27", text) == 2


def test_session_tables_end_with_their_totals_row(demo_bilan):
    text = demo_bilan.text
    # Section 1.3's two tables, each totalling its own rows: table 1 of the
    # excerpt (27 = 17 + 10, 48 = 30 + 18, 10 = 6 + 4) and table 2 (its five
    # rows). Together 106 men, 171 women, 277: no row lost or counted twice.
    assert "Total 32 53 85" in text
    assert "Total 74 118 192" in text
    assert "Total 106 171 277" not in text
    # Section 1.4: the 140 journalists without breakdown are in their own
    # column, so that men + women + not recorded = total, rows and totals alike.
    assert "Total 2 773 3 109 140 6 022" in text
    assert "Hommes Femmes Non renseigné Total" in text


def test_synthesis_totals_are_the_excerpts_grand_totals(demo_bilan):
    text = demo_bilan.text
    assert "Programme 11 : Gouvernance et communication 15 2 879 3 280 140 6 299" in text
    assert "Ensemble des sessions de l’année 15 2 879 3 280 140 6 299" in text
    assert (
        "Part des femmes parmi les participants dont le sexe est renseigné : 53,3 % (3 280 sur 6 159)" in text
    )


def chapter_start(squashed: str, title: str) -> int:
    # The contents and the synthesis name the programme first: its chapter is the last mention.
    return squashed.rindex(squash(title))


def test_programme_11_section_headings_are_in_order(demo_bilan):
    squashed = demo_bilan.squashed
    start = chapter_start(squashed, "Programme 11 : Gouvernance et communication")
    positions = [squashed.index(squash(heading), start) for heading in PROGRAMME_11_HEADINGS]
    assert positions == sorted(positions)


def test_measures_for_2021_are_under_their_heading(demo_bilan):
    squashed = demo_bilan.squashed
    chapter = chapter_start(squashed, "Programme 11 : Gouvernance et communication")
    heading = squashed.index(squash("3. Mesures prévues pour l’année 2021"), chapter)
    recommendations = squashed.index(squash("4. Recommandations"), heading)
    for measure in MEASURES_2021:
        assert heading < squashed.index(squash(measure), chapter) < recommendations, measure


def test_programme_10_recommendations_close_its_chapter(demo_bilan):
    squashed = demo_bilan.squashed
    chapter = chapter_start(squashed, "Programme 10 : Cadre réglementaire et conventionnel")
    heading = squashed.index(squash("4. Recommandations"), chapter)
    next_chapter = chapter_start(squashed, "Programme 11 : Gouvernance et communication")
    for recommendation in PROGRAMME_10_RECOMMENDATIONS:
        assert heading < squashed.index(squash(recommendation)) < next_chapter, recommendation


def test_cover_names_the_kingdom_the_ministry_and_the_report(demo_bilan):
    cover = collapse(demo_bilan.pages[0])
    assert (
        "Ministère Délégué chargé des Marocains Résidant à l’Étranger et des Affaires de la Migration"
        in cover
    )
    assert "Politique Nationale d’Immigration et d’Asile" in cover
    assert "Rapport 2020" in cover
    assert "Bilan programmatique d’étape" in cover
    # The kingdom is letter-spaced in capitals: pypdf splits the letters.
    assert "ROYAUMEDUMAROC" in squash(cover).upper()


def test_pages_are_numbered_n_of_n_without_the_cover_and_back_cover(demo_bilan):
    pages = demo_bilan.pages
    last = len(pages) - 2
    assert "/" not in pages[0]
    assert " / " not in pages[-1]
    for number, text in enumerate(pages[1:-1], start=1):
        assert f"{number} / {last}" in text, number


def test_running_headers_alternate_book_title_and_part(demo_bilan):
    pages = demo_bilan.pages
    # From the last part's divider page (which has no header) to the end.
    divider = max(i for i, text in enumerate(pages) if text.startswith("Programmes transverses"))
    # Then the list of tables, with its own title; the back cover, the last page, has none.
    tables = len(pages) - 2
    assert pages[tables].startswith("Liste des tableaux")
    for index in range(divider + 1, tables + 1):
        # The cover is a left page: printed page n is pages[n], a right page when n is odd.
        part = "Liste des tableaux" if index == tables else "Programmes transverses"
        expected = part if index % 2 else "Bilan programmatique d’étape"
        # Margin boxes come last in the text: the header, then the page number.
        assert pages[index].splitlines()[-2] == expected, index
    assert pages[-1].splitlines()[-1] == "Rabat — Royaume du Maroc"


def test_contents_give_each_chapters_page(demo_bilan):
    pages = demo_bilan.pages
    contents = collapse(pages[1])
    for title in ("Programme 1 : Éducation et culture", "Programme 11 : Gouvernance et communication"):
        number = int(re.search(rf"{re.escape(title)} \.+ ?(\d+)", contents).group(1))
        heading_page = collapse(pages[number])
        assert title in heading_page, title
        assert f"{number} / " in heading_page


def test_outline_goes_down_to_the_objectives(demo_bilan):
    reader = PdfReader(io.BytesIO(demo_bilan.pdf))

    def titles(outline) -> list[str]:
        found = []
        for entry in outline:
            found.extend(titles(entry) if isinstance(entry, list) else [entry.title])
        return found

    outline = titles(reader.outline)
    assert "Programmes transverses" in outline
    assert "Programme 11\u00a0: Gouvernance et communication" in outline
    assert "1.2. Développer la veille sur les questions migratoires (Actions 11.10 et 11.11)" in outline
    # Narrative intertitles are not bookmarks.
    assert "a- Coordination au niveau national" not in outline


def test_metadata_and_language(demo_bilan):
    reader = PdfReader(io.BytesIO(demo_bilan.pdf))
    assert reader.metadata.title == (
        "Politique Nationale d’Immigration et d’Asile — Bilan programmatique d’étape 2020"
    )
    assert reader.metadata.author == "MDCMRE"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    # A4: 210 × 297 mm in points.
    assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (595, 842)


def test_only_the_shipped_fonts_are_embedded(demo_bilan):
    reader = PdfReader(io.BytesIO(demo_bilan.pdf))
    fonts = {
        str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts <= {
        "Open-Sans",
        "Open-Sans-Italic",
        "Open-Sans-Semi-Bold",
        "Open-Sans-Bold",
        "Open-Sans-Bold-Italic",
        "Noto-Naskh-Arabic",
        "Noto-Naskh-Arabic-Bold",
    }
    assert "Open-Sans" in fonts


def test_the_chart_is_drawn_from_the_figures(demo_bilan):
    svg = demo_bilan.html[demo_bilan.html.index("<svg") : demo_bilan.html.index("</svg>")]
    assert "Programme 11" in svg
    assert "<script" not in svg
    # Numbers in SVG coordinates are never localised ("12,5" would break the drawing).
    assert not re.search(r'(?:width|height|x|y)="\d+,\d', svg)


def test_preview_and_pdf_carry_the_same_figures(demo_bilan):
    assert demo_bilan.preview_status == 200
    # The same document, but for the preview's toolbar (links, on screen only).
    toolbar = re.compile(
        r'\n\n<link rel="stylesheet" href="/static/reports/preview.css">\n'
        r'<nav class="screen-toolbar".*?</nav>\n',
        re.S,
    )
    assert len(toolbar.findall(demo_bilan.preview)) == 1
    assert toolbar.sub("", demo_bilan.preview) == demo_bilan.html
    # Figures are grouped by thousands with a no-break space (« 6 299 »).
    figures = [
        figure.replace("\u00a0", "")
        for figure in re.findall(r'<td class="number">([\d\u00a0]+|-)</td>', demo_bilan.preview)
    ]
    assert "6299" in figures
    # Every figure of the preview's tables appears in the PDF, in the same order.
    grouped = re.compile(r"(?<=\d)\u00a0(?=\d{3}(?!\d))")
    tokens = iter(grouped.sub("", " ".join(demo_bilan.pages)).split())
    for figure in figures:
        assert any(token == figure for token in tokens), figure

"""French typography of the bilan (reports.typography): each rule on literal
strings, what it must leave alone, and the whole text of the demo 2020 PDF."""

import re
import subprocess

import pytest
from django.template import Context, Template

from reports.hyphenation import hyphenate
from reports.typography import typeset

NBSP = "\u00a0"
SHY = "\u00ad"


def fr(html: str) -> str:
    return typeset(html, "fr")


# ---- Spaces -----------------------------------------------------------------


def test_high_punctuation_gets_a_non_breaking_space_instead_of_a_normal_one():
    assert fr("<p>Il s'agit de : trois ; vraiment ! Pourquoi ? 25 %</p>") == (
        f"<p>Il s’agit de{NBSP}: trois{NBSP}; vraiment{NBSP}! Pourquoi{NBSP}? 25{NBSP}%</p>"
    )


def test_high_punctuation_written_without_a_space_gets_one():
    assert fr("<p>le tableau suivant: Quoi? Ah! a; b</p>") == (
        f"<p>le tableau suivant{NBSP}: Quoi{NBSP}? Ah{NBSP}! a{NBSP}; b</p>"
    )
    # After an inline tag too, as an acronym's <abbr> is.
    expected = f"<p>l’appui de l’<strong>OIM</strong>{NBSP}:</p>"
    assert fr("<p>l’appui de l’<strong>OIM</strong>:</p>") == expected


def test_times_ratios_and_urls_keep_their_colon():
    assert fr("<p>à 14:30, un ratio 3:1, voir https://exemple.org/a:b et mailto:x@y.ma</p>") == (
        "<p>à 14:30, un ratio 3:1, voir https://exemple.org/a:b et mailto:x@y.ma</p>"
    )


def test_an_address_keeps_its_numbers_and_the_arabic_title_its_own_rules():
    html = (
        '<section class="back-cover"><p>BP 2132, 10000 Rabat</p></section>'
        '<div class="cover-arabic" dir="rtl" lang="ar"><p>تقرير 2020: 12345</p></div>'
    )
    assert fr(html) == html


def test_guillemets_get_non_breaking_spaces_inside_added_where_missing():
    assert (
        fr("<p>« Comité » et «RDPP Maroc»</p>") == f"<p>«{NBSP}Comité{NBSP}» et «{NBSP}RDPP Maroc{NBSP}»</p>"
    )


def test_guillemets_around_an_inline_tag_keep_the_tag():
    assert fr("<p>«<em>Refugees Got Talent</em>»</p>") == f"<p>«{NBSP}<em>Refugees Got Talent</em>{NBSP}»</p>"


def test_never_a_narrow_no_break_space_nor_a_word_joiner_which_our_fonts_lack():
    assert fr("<p>a\u202f: b\u2060c</p>") == f"<p>a{NBSP}: bc</p>"


def test_a_url_keeps_its_colon_and_question_mark():
    html = '<p>Lien : <a href="https://issuu.com/a?b=c">https://issuu.com/a?b=c</a> ou www.oim.ma/x?y</p>'
    assert fr(html) == (
        f'<p>Lien{NBSP}: <a href="https://issuu.com/a?b=c">https://issuu.com/a?b=c</a> ou www.oim.ma/x?y</p>'
    )


def test_a_date_and_a_number_with_its_unit_never_break():
    assert fr("<p>le 10 juillet 2020, le 1er octobre 2020, les 25 février, 6 ans, 12 km, n° 118</p>") == (
        f"<p>le 10{NBSP}juillet{NBSP}2020, le 1<sup>er</sup>{NBSP}octobre{NBSP}2020, les 25{NBSP}février, "
        f"6{NBSP}ans, 12{NBSP}km, n°{NBSP}118</p>"
    )


def test_a_number_and_a_common_noun_may_break():
    assert fr("<p>600 réfugiés</p>") == "<p>600 réfugiés</p>"


# ---- Thousands ----------------------------------------------------------------


def test_thousands_are_separated_by_non_breaking_spaces():
    assert fr("<p>6299 participants, 12345 et 1250000</p>") == (
        f"<p>6{NBSP}299 participants, 12{NBSP}345 et 1{NBSP}250{NBSP}000</p>"
    )


def test_years_codes_decimals_phone_numbers_and_dates_keep_their_digits():
    text = (
        "<p>En 2020 et 1954, actions 11.12 et .11.2, décret 2-14-963, 12,5, 10/07/2020, "
        "0537123456, CP1234, 2019-2020</p>"
    )
    assert fr(text) == text


# ---- Ordinals and apostrophes ---------------------------------------------------


def test_ordinals_are_superscript_in_french_usage():
    assert fr("<p>1er, 1re, 1ère, 2e, 6ème, 20eme, 4è, 2nd, XIXe siècle, Ier</p>") == (
        "<p>1<sup>er</sup>, 1<sup>re</sup>, 1<sup>re</sup>, 2<sup>e</sup>, 6<sup>e</sup>, 20<sup>e</sup>, "
        "4<sup>e</sup>, 2<sup>nd</sup>, XIX<sup>e</sup> siècle, I<sup>er</sup></p>"
    )


def test_words_that_look_like_ordinals_are_left_alone():
    assert fr("<p>Le De Ce Ve 1ème x2e</p>") == "<p>Le De Ce Ve 1ème x2e</p>"


def test_apostrophes_are_typographic_in_text_but_not_in_attributes():
    assert fr("""<p title="l'OIM">l'OIM d'abord, aujourd'hui</p>""") == (
        """<p title="l'OIM">l’OIM d’abord, aujourd’hui</p>"""
    )


def test_escaped_apostrophes_from_django_templates_are_typographic_too():
    assert fr("<p>l&#x27;OIM &amp; l&#39;UE</p>") == "<p>l’OIM &amp; l’UE</p>"


# ---- What is never touched ----------------------------------------------------------


def test_svg_style_script_and_head_are_copied_byte_for_byte():
    html = (
        "<html><head><title>Bilan d'étape : 2020</title><style>p::after { content: 'a : b' }</style></head>"
        "<body><svg><text x='1'>6299 : d&#x27;abord &amp; 12,5</text></svg>"
        "<script>if (a ? b : c) {}</script></body></html>"
    )
    assert fr(html) == html


def test_tags_and_attributes_are_copied_as_written():
    html = '<p class="note" data-x="6299 : l\'OIM"><a href="/a?b=1&amp;c=2">x</a><br></p>'
    assert fr(html) == html


def test_unknown_languages_are_left_unchanged():
    assert typeset("<p>6299 : l'OIM</p>", "en") == "<p>6299 : l'OIM</p>"


# ---- Hyphenation (on the way to the PDF) -------------------------------------------


def french_document(body: str) -> str:
    return f'<html lang="fr"><body>{body}</body></html>'


def test_long_common_words_get_soft_hyphens_in_the_printed_document():
    assert hyphenate(french_document("<p>organisation internationale</p>")) == french_document(
        f"<p>orga{SHY}ni{SHY}sa{SHY}tion inter{SHY}na{SHY}tio{SHY}nale</p>"
    )


def test_headings_tables_proper_names_acronyms_compounds_and_short_words_are_never_hyphenated():
    html = french_document(
        "<h4>organisation internationale</h4><table><tr><td>organisation internationale</td></tr></table>"
        "<p>Organisation Tanger-Tétouan-Al-Hoceima socio-économiques MENFPESRS migration</p>"
        '<p><a href="https://exemple.org/organisation">https://exemple.org/organisationinternationale</a></p>'
    )
    assert hyphenate(html) == html


def test_the_html_of_the_bilan_keeps_whole_words_and_other_languages_are_not_hyphenated():
    assert fr("<p>organisation</p>") == "<p>organisation</p>"
    html = '<html lang="en"><body><p>organisation internationale</p></body></html>'
    assert hyphenate(html) == html


# ---- Template filter ---------------------------------------------------------------


def test_the_nombre_filter_groups_thousands():
    rendered = Template("{% load typography %}{{ value|nombre }} {{ year|nombre }}").render(
        Context({"value": 6299, "year": 2020})
    )
    assert rendered == f"6{NBSP}299 2{NBSP}020"


@pytest.mark.django_db
def test_figures_that_look_like_years_are_grouped_in_the_bilan_tables():
    """1 926 participants is a figure: the document filter leaves 1900–2099 alone
    (years), so the tables print their figures through |nombre."""
    from reports.pdf import render_bilan_html
    from tests.factories import ActionFactory, ValidatedSessionFactory

    session = ValidatedSessionFactory(women=1926, men=74, title="Formation des magistrats")
    session.actions.add(ActionFactory())
    html = render_bilan_html(2020)
    # The session's row and the synthesis: women, and the total of 2 000.
    assert f">1{NBSP}926</td>" in html
    assert f">2{NBSP}000</td>" in html
    assert ">1926</td>" not in html


# ---- The demo 2020 PDF, whole text ------------------------------------------------------


@pytest.fixture(scope="module")
def raw_text(demo_bilan) -> str:
    return "\n".join(demo_bilan.pages)


# pypdf renders the stretched word spaces of justified lines as extra normal
# spaces, around a no-break space too: what counts is that one is there.


@pytest.mark.django_db
def test_no_guillemet_without_a_no_break_space_inside(raw_text):
    assert re.findall(r".{20}«[ ]*(?=[^ \xa0])", raw_text) == []
    assert re.findall(r"(?<=[^ \xa0])[ \n]*».{20}", raw_text) == []


@pytest.mark.django_db
def test_no_breakable_space_before_high_punctuation(raw_text):
    assert re.findall(r".{20}(?<=[^\s\xa0])[ \n]+[:;!?%]", raw_text) == []
    # Nor high punctuation glued to the word before it (URLs aside).
    assert re.findall(r".{20}[^\W\d_)»][:;!?](?!//).{5}", raw_text) == []


@pytest.mark.django_db
def test_the_synthesis_totals_have_thousands_separators(raw_text):
    # 6 299 participants (2 879 men, 3 280 women, 140 unrecorded); 5 699 in one session.
    assert f"ont réuni 6{NBSP}299 participants" in raw_text
    assert f"2{NBSP}879" in raw_text
    assert f"3{NBSP}280" in raw_text
    assert f"2{NBSP}703 2{NBSP}996 0 5{NBSP}699" in raw_text
    # Nowhere without its separator (the chart's labels included).
    assert re.findall(r"(?<![\d\xa0])(?:6299|2879|3280|2703|2996|5699)(?!\d)", raw_text) == []


@pytest.mark.django_db
def test_ordinals_are_superscript_and_apostrophes_typographic(raw_text):
    assert re.findall(r"\d\s*(?:ème|eme|è)\b", raw_text) == []
    assert "la 6e édition de la Semaine des Migrants" in " ".join(raw_text.split())
    assert "1er octobre 2020" in " ".join(raw_text.split())
    assert "'" not in raw_text


@pytest.mark.django_db
def test_no_line_ends_with_a_hyphen_inside_an_acronym_or_a_proper_name_cut(demo_bilan, tmp_path):
    pdf = tmp_path / "bilan.pdf"
    pdf.write_bytes(demo_bilan.pdf)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    line_ends = re.findall(r"(\S+-)\s*$", layout.stdout, flags=re.MULTILINE)
    assert [word for word in line_ends if re.fullmatch(r"[A-Z0-9]{2,}-", word)] == []
    assert "ARMIP-PRM" in layout.stdout
    # Fewer line-end hyphens than the 91 of `hyphens: auto` (51 when written).
    assert len(line_ends) <= 60


@pytest.mark.django_db
def test_only_our_shipped_fonts_are_embedded(demo_bilan, tmp_path):
    pdf = tmp_path / "bilan.pdf"
    pdf.write_bytes(demo_bilan.pdf)
    report = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in report.splitlines()[2:]]
    fonts = {row[0].split("+", 1)[-1] for row in rows}
    assert {"Open-Sans", "Open-Sans-Bold", "Open-Sans-Semi-Bold", "Open-Sans-Italic"} <= fonts
    # static/fonts: Open Sans and Noto Naskh Arabic, nothing from the system.
    shipped = ("opensans", "notonaskharabic")
    assert [font for font in fonts if not font.replace("-", "").lower().startswith(shipped)] == []
    assert all(row[-5] == "yes" for row in rows)  # embedded

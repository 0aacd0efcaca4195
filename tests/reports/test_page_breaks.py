"""No word is hyphenated across a page break (reports.page_breaks)."""

import re
import subprocess
from pathlib import Path

import pytest
from weasyprint import HTML

from reports.hyphenation import SOFT_HYPHEN
from reports.page_breaks import keep_whole, words_cut_across_pages

README = Path(__file__).resolve().parents[2] / "README.md"
WORD = SOFT_HYPHEN.join(["dé", "ve", "lop", "pe", "ment"])
# Small pages and narrow lines of soft-hyphenated words: lines break inside
# words all the time, some of them at a page's foot.
NARROW = (
    '<html lang="fr"><head><style>@page { size: 60mm 40mm; margin: 5mm }'
    "p { hyphens: manual; hyphenate-character: '-'; font-size: 9pt; margin: 0 }</style></head>"
    f"<body><p>{' '.join(f'{WORD} durable{n}' for n in range(60))}</p></body></html>"
)


def test_keep_whole_removes_the_soft_hyphens_of_the_named_words_only():
    html = f"<p>le {WORD} et l’{SOFT_HYPHEN.join(['ex', 'pé', 'rience'])} ; Béni-Mellal</p>"

    assert keep_whole(html, ["développement"]) == (
        f"<p>le développement et l’{SOFT_HYPHEN.join(['ex', 'pé', 'rience'])} ; Béni-Mellal</p>"
    )
    # A real hyphen is not a soft hyphen's cut: nothing to remove.
    assert keep_whole(html, ["BéniMellal"]) == html


def test_a_word_cut_at_a_page_foot_is_found_then_kept_whole():
    first = HTML(string=NARROW).render()
    cut = words_cut_across_pages(first)
    assert cut and set(cut) == {"développement"}

    second = HTML(string=keep_whole(NARROW, cut)).render()

    assert words_cut_across_pages(second) == []


@pytest.mark.django_db
def test_no_page_of_the_demo_bilan_ends_on_a_hyphenated_word(demo_bilan):
    for index, text in enumerate(demo_bilan.pages):
        # Each page's running header and folio are its last two lines.
        body = text.splitlines()[:-2]
        assert not (body and body[-1].rstrip().endswith("-")), (index, body[-1:])


@pytest.mark.django_db
def test_the_demo_bilan_has_the_line_end_hyphens_the_readme_quotes(demo_bilan, tmp_path):
    # README, « French typography »: 91 line-end hyphens before, 50 now, counted as written there.
    pdf = tmp_path / "bilan.pdf"
    pdf.write_bytes(demo_bilan.pdf)
    command = ["pdftotext", "-layout", pdf, "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    assert len(re.findall(r"[^\W\d_]-$", text, flags=re.MULTILINE)) == 50
    assert "pdftotext -layout bilan.pdf - | grep -cE '[[:alpha:]]-$'" in README.read_text(encoding="utf-8")
    assert "went from 91 to 50" in README.read_text(encoding="utf-8")

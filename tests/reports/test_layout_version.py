"""The stored PDF's key covers what shapes the PDF outside its HTML."""

from pathlib import Path

import pytest

from reports import continued, exports, hyphenation, page_breaks, pdf, pdf_archival


def test_the_code_working_on_the_layout_is_part_of_the_key():
    files = exports.layout_files()

    for module in (pdf, hyphenation, page_breaks, continued, pdf_archival):
        assert Path(module.__file__) in files, module.__name__
    assert any(path.name == "bilan.css" for path in files)
    assert any(path.name == "NotoNaskhArabic-Regular.ttf" for path in files)


def test_the_libraries_behind_the_layout_are_part_of_the_key(monkeypatch):
    before = exports.layout_version()
    monkeypatch.setattr(exports, "LIBRARIES", exports.LIBRARIES.replace("pyphen ", "pyphen 0+"))

    assert exports.layout_version() != before
    assert [line.split()[0] for line in exports.LIBRARIES.splitlines()] == ["weasyprint", "pyphen", "pikepdf"]


# The revision decides without rendering the HTML: besides the data, it covers
# everything that shapes the HTML or the layout.


def test_the_sources_of_the_html_are_part_of_the_revision():
    files = exports.source_files()

    for name in (
        "templates/reports/bilan.html",
        "templates/reports/bilan/chapter.html",
        "reports/bilan.py",
        "reports/templatetags/narrative.py",
        "programmes/models.py",
        "snia/settings.py",
        "locale/fr/LC_MESSAGES/django.mo",
    ):
        assert name in files
    assert not [name for name in files if "site-packages" in name or "__pycache__" in name]


@pytest.mark.django_db
def test_a_change_to_a_template_or_a_library_moves_every_years_revision(monkeypatch):
    before = exports.current_revision(2020)
    digest = exports._file_digest

    def edited(path: str) -> bytes:
        return b"edited" if path.endswith("bilan/chapter.html") else digest(path)

    monkeypatch.setattr(exports, "_file_digest", edited)
    after_template = exports.current_revision(2020)
    monkeypatch.undo()
    monkeypatch.setattr(exports, "LIBRARIES", exports.LIBRARIES.replace("weasyprint ", "weasyprint 0+"))

    assert len({before, after_template, exports.current_revision(2020)}) == 3


def test_a_file_changed_on_disk_is_hashed_again(tmp_path):
    path = tmp_path / "bilan.css"
    path.write_text("h1 { color: black }")
    first = exports._file_digest(str(path))

    path.write_text("h1 { color: #0072b2 }")

    assert exports._file_digest(str(path)) != first

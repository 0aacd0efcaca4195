"""The stored PDF's key covers what shapes the PDF outside its HTML."""

from pathlib import Path

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

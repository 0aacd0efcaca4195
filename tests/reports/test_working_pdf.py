"""The working version of the bilan (reports.working): pieces laid out apart,
cached and merged, read like the one-piece PDF.

The demo year is rendered both ways; the merged file must hold the same text
on each page (folios, running headers and contents numbers included), the
same outline, page labels, destinations and links. Then the cache: an edit
lays out only what it changed, a chapter that grows moves the others' folios
without laying them out again, and an entry is never half written.
"""

import io
import multiprocessing
import os
import shutil
import signal
import subprocess

import pikepdf
import pytest
from django.db import transaction
from pypdf import PdfReader

from programmes.models import Programme
from reports import pdf as reports_pdf
from reports import piece_render, render_pool
from reports.models import NarrativeSection
from reports.piece_cache import PieceCache
from reports.piece_render import RenderedPiece
from reports.working import render_working_pdf
from tests.demo_snapshot import load_demo
from tests.factories import ReportingYearFactory
from trainings.models import Session

pytestmark = pytest.mark.django_db

WORKING = "Version de travail"


def page_lines(pdf: bytes) -> list[list[str]]:
    """Each page's lines as poppler's pdftotext lays them out, whitespace collapsed,
    « Version de travail » taken out, sorted: the stamps are drawn after a page's
    content, so their lines come last when extracted."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    pages = []
    for page in text.split("\f")[:-1]:
        page = page.replace(WORKING, "").replace(WORKING.upper(), "")
        pages.append(sorted(" ".join(line.split()) for line in page.splitlines() if line.strip()))
    return pages


def outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of each bookmark, in order."""
    items = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}
        with document.open_outline() as tree:

            def walk(children, depth: int) -> None:
                for item in children:
                    items.append((depth, item.title, pages[item.destination[0].objgen]))
                    walk(item.children, depth + 1)

            walk(tree.root, 0)
    return items


def structure(pdf: bytes) -> dict:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}
        destinations = {
            name: pages[destination[0].objgen]
            for name, destination in pikepdf.NameTree(document.Root.Names.Dests).items()
        }
        links = [
            (index, str(annotation.Dest))
            for index, page in enumerate(document.pages)
            for annotation in page.obj.get("/Annots", ())
            if "/Dest" in annotation
        ]
        uris = [
            str(annotation.A.URI)
            for page in document.pages
            for annotation in page.obj.get("/Annots", ())
            if "/A" in annotation and "/URI" in annotation.A
        ]
        return {
            "labels": repr(document.Root.PageLabels.Nums),
            "destinations": destinations,
            "links": links,
            "uris": uris,
            "title": str(document.docinfo.get("/Title")),
        }


@pytest.fixture(scope="module")
def demo_pieces(tmp_path_factory):
    """The folder of demo_both's cache: the demo year's pieces, once it has rendered."""
    return tmp_path_factory.mktemp("pieces")


@pytest.fixture(scope="module")
def demo_both(django_db_setup, django_db_blocker, demo_pieces):
    """The demo year's one-piece PDF and working version (from an empty cache)."""
    cache = PieceCache(demo_pieces)
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        one_piece = reports_pdf.html_to_pdf(reports_pdf.render_bilan_html(2020))
        working = render_working_pdf(2020, cache)
        transaction.set_rollback(True)
    return one_piece, working


def test_the_merged_pdf_reads_as_the_one_piece_pdf(demo_both):
    one_piece, working = demo_both
    assert working.pages == len(PdfReader(io.BytesIO(one_piece)).pages) == 21
    # Same text on every page: the contents' page numbers, « n / N », running headers.
    assert page_lines(working.pdf) == page_lines(one_piece)
    assert outline(working.pdf) == outline(one_piece)
    # As deep as the one-piece outline: part → chapter → section → subsection, even
    # for Programme 11, whose part title is in Programme 10's piece.
    assert (0, "Programmes transverses", 5) in outline(working.pdf)
    assert (1, "Programme 11\u00a0: Gouvernance et communication", 7) in outline(working.pdf)
    veille = "1.2. Développer la veille sur les questions migratoires (Actions 11.10 et 11.11)"
    assert (3, veille, 10) in outline(working.pdf)
    merged, single = structure(working.pdf), structure(one_piece)
    assert merged["labels"] == single["labels"]
    # All but #fin, the one-piece document's way to its « N »: the stamps print it as a figure.
    single_destinations = {name: page for name, page in single["destinations"].items() if name != "fin"}
    assert merged["destinations"] == single_destinations
    # The contents' and the list of tables' links reach other pieces' anchors.
    assert sorted(merged["links"]) == sorted(single["links"])
    assert all(name in merged["destinations"] for _page, name in merged["links"])
    assert not [uri for uri in merged["uris"] if uri.startswith("snia-anchor:")]
    assert merged["title"] == single["title"]


def font_programs(pdf: bytes) -> dict[str, set]:
    """Each font (its name without the subset tag) → the font programs (objects) embedded for it."""
    programs: dict[str, set] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for font in document.objects:
            if isinstance(font, pikepdf.Dictionary) and font.get("/Subtype") == "/Type0":
                name = str(font.BaseFont).split("+")[-1]
                file = font.DescendantFonts[0].FontDescriptor.FontFile2
                programs.setdefault(name, set()).add(file.objgen)
    return programs


def test_each_font_is_embedded_once_for_all_pieces(demo_both):
    one_piece, working = demo_both
    programs = font_programs(working.pdf)
    assert set(programs) == set(font_programs(one_piece))
    assert {"Open-Sans", "Open-Sans-Bold", "Noto-Naskh-Arabic"} <= set(programs)
    assert {name: len(objects) for name, objects in programs.items()} == {name: 1 for name in programs}
    # Smaller than the one-piece PDF/A, which carries its structure tree and the figures.
    assert len(working.pdf) < len(one_piece)


def test_every_page_says_it_is_a_working_version(demo_both):
    _one_piece, working = demo_both
    pages = [" ".join(lines) for lines in page_lines(working.pdf)]
    raw = subprocess.run(["pdftotext", "-", "-"], input=working.pdf, capture_output=True).stdout.decode()
    raw_pages = raw.split("\f")[:-1]
    assert "VERSION DE TRAVAIL" in raw_pages[0]  # the cover
    # Every page but the covers, in its footer beside « n / 19 ».
    assert [index for index, text in enumerate(raw_pages) if WORKING in text] == list(range(1, 20))
    assert "2 / 19" in pages[2]


def test_a_cold_render_lays_out_every_piece(demo_both):
    _one_piece, working = demo_both
    chapters = ["programme-10", "programme-11"]
    # The contents and the back matter twice: first without page numbers, then with them.
    expected = [*chapters, "synthesis", "front", "front", "back", "back", "stamps"]
    assert sorted(working.laid_out) == sorted(expected)


@pytest.fixture
def demo(db):
    load_demo()


@pytest.fixture
def warm_cache(demo, demo_both, demo_pieces, tmp_path) -> PieceCache:
    """A cache of the test's own, holding the demo year's pieces as demo_both's
    cold render left them: the test's first render lays out nothing (its cold
    render is demo_both's), the next ones only what the test changed."""
    shutil.copytree(demo_pieces, tmp_path / "pieces")
    return PieceCache(tmp_path / "pieces")


def test_an_edited_session_lays_out_its_chapter_and_the_synthesis_only(warm_cache):
    cache = warm_cache
    first = render_working_pdf(2020, cache)
    assert first.laid_out == []
    session = Session.objects.filter(year=2020, actions__specific_objective__programme__number=11).first()
    session.women += 3
    session.save()
    second = render_working_pdf(2020, cache)
    assert sorted(second.laid_out) == ["programme-11", "synthesis"]
    assert sorted(second.reused) == ["back", "front", "programme-10", "stamps"]
    assert second.fingerprint != first.fingerprint
    # Unchanged data: nothing is laid out, and the pages are the same.
    third = render_working_pdf(2020, cache)
    assert third.laid_out == []
    assert third.fingerprint == second.fingerprint
    assert page_lines(third.pdf) == page_lines(second.pdf)


def test_a_chapter_that_grows_moves_the_next_ones_folios_without_laying_them_out(warm_cache):
    cache = warm_cache
    assert render_working_pdf(2020, cache).laid_out == []
    NarrativeSection.objects.create(
        programme=Programme.objects.get(number=10),
        year=2020,
        heading="Activités ajoutées",
        body="\n\n".join(
            f"Paragraphe ajouté {n} : les réunions ont repris en présentiel dans chaque région."
            for n in range(60)
        ),
    )
    grown = render_working_pdf(2020, cache)
    # Programme 11 follows, its folios moved: it is reused all the same.
    assert "programme-11" in grown.reused
    assert sorted(set(grown.laid_out)) == ["back", "front", "programme-10", "stamps"]
    one_piece = reports_pdf.html_to_pdf(reports_pdf.render_bilan_html(2020))
    assert grown.pages == len(PdfReader(io.BytesIO(one_piece)).pages) > 21
    assert page_lines(grown.pdf) == page_lines(one_piece)
    assert outline(grown.pdf) == outline(one_piece)


# ---- The cache ------------------------------------------------------------------


def piece(size: int = 10_000) -> RenderedPiece:
    return RenderedPiece(
        pdf=b"%PDF-1.7\n" + b"x" * size, pages=2, anchors={"a": 1}, bookmarks=[(1, "Titre", 0)], book=""
    )


def test_an_entry_reads_back_as_written(tmp_path):
    cache = PieceCache(tmp_path)
    cache.put("ab" * 32, piece())
    assert cache.get("ab" * 32) == piece()
    assert cache.get("cd" * 32) is None


def _write_and_die(directory: str, key: str) -> None:
    """Writes an entry, and is killed (SIGKILL) once half of its PDF is written."""
    written = []
    real_fdopen = os.fdopen

    class Dying:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data: bytes) -> int:
            if written:  # the PDF, after the header
                self.file.write(data[: len(data) // 2])
                self.file.flush()
                os.kill(os.getpid(), signal.SIGKILL)
            written.append(data)
            return self.file.write(data)

    os.fdopen = lambda *args, **kwargs: Dying(real_fdopen(*args, **kwargs))
    PieceCache(directory).put(key, piece(1_000_000))


def test_a_process_killed_while_writing_leaves_no_half_entry(tmp_path):
    key = "ef" * 32
    process = multiprocessing.get_context("fork").Process(target=_write_and_die, args=(str(tmp_path), key))
    process.start()
    process.join(30)
    assert process.exitcode == -signal.SIGKILL
    cache = PieceCache(tmp_path)
    assert cache.get(key) is None
    assert not cache.path(key).exists()
    # What it left: a temporary file, half written, that prune() deletes once abandoned.
    (leftover,) = list(tmp_path.glob("*/.tmp-*"))
    assert 0 < leftover.stat().st_size < 1_000_000
    assert cache.prune(now=leftover.stat().st_mtime + 60) == 0
    assert cache.prune(now=leftover.stat().st_mtime + 3601) == 1
    assert not leftover.exists()
    # The next render writes the entry whole.
    cache.put(key, piece())
    assert cache.get(key) == piece()


def test_a_truncated_or_foreign_entry_is_treated_as_missing(tmp_path):
    cache = PieceCache(tmp_path)
    cache.put("12" * 32, piece())
    path = cache.path("12" * 32)
    path.write_bytes(path.read_bytes()[:-10])
    assert cache.get("12" * 32) is None
    path.write_bytes(b"%PDF-1.7 not an entry")
    assert cache.get("12" * 32) is None


# ---- The pool of processes ----------------------------------------------------------


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _square(number: int) -> int:
    return number * number


def test_the_pool_gives_the_same_file_as_one_process(demo, demo_both, tmp_path, settings):
    # demo_both's working version was laid out in this process (the tests' setting).
    _one_piece, inline = demo_both
    assert settings.BILAN_RENDER_PROCESSES == 1
    settings.BILAN_RENDER_PROCESSES = 2
    try:
        pooled = render_working_pdf(2020, PieceCache(tmp_path / "pooled"))
    finally:
        render_pool.shutdown()
    # Laid out by other processes, the same pages (object numbering aside).
    assert pooled.pages == inline.pages == 21
    assert page_lines(pooled.pdf) == page_lines(inline.pdf)
    assert outline(pooled.pdf) == outline(inline.pdf)


def test_a_rendering_process_that_dies_fails_the_render_and_the_next_one_works(settings):
    settings.BILAN_RENDER_PROCESSES = 2
    try:
        with pytest.raises(render_pool.RenderProcessDied):
            render_pool.run_all(_die, [(), ()])
        assert render_pool.run_all(_square, [(2,), (3,), (4,)]) == [4, 9, 16]
    finally:
        render_pool.shutdown()


def test_the_working_version_reads_the_database_once_per_render(warm_cache, django_assert_max_num_queries):
    cache = warm_cache
    render_working_pdf(2020, cache)
    # Everything from the cache: the data and templates only, a bounded number of queries.
    with django_assert_max_num_queries(40):
        assert render_working_pdf(2020, cache).laid_out == []


@pytest.mark.parametrize(("address", "pages"), [("Ministère\nRabat", 4), ("", 3)])
def test_a_year_without_tables_has_no_extra_page(db, tmp_path, address, pages):
    """No list of tables: the back matter is the back cover alone, or, without
    one, no piece at all (an empty piece would still be a blank, numbered page)."""
    ReportingYearFactory(year=2031, back_cover_address=address)
    working = render_working_pdf(2031, PieceCache(tmp_path))
    one_piece = reports_pdf.html_to_pdf(reports_pdf.render_bilan_html(2031))
    assert working.pages == len(PdfReader(io.BytesIO(one_piece)).pages) == pages
    assert page_lines(working.pdf) == page_lines(one_piece)
    assert ("back" in working.laid_out) is bool(address)


# ---- A piece laid out in a fork ------------------------------------------------------


class TwoArguments(Exception):
    def __init__(self, font, reason):
        super().__init__(f"{font} : {reason}")


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (TwoArguments("Amiri", "police introuvable"), "Amiri : police introuvable"),
        (SystemExit(3), "3"),
        (MemoryError(), "MemoryError"),
    ],
)
def test_an_error_in_the_fork_reaches_the_caller_with_its_message(monkeypatch, failure, message):
    def fail(*args):
        raise failure

    monkeypatch.setattr(piece_render, "FORK_EACH_PIECE", True)
    monkeypatch.setattr(piece_render, "_laid_out", fail)
    with pytest.raises(RuntimeError) as raised:
        piece_render.render_piece("<html><body><p>Texte</p></body></html>", "fr", None)
    assert str(raised.value) == message


def test_a_fork_killed_mid_layout_is_reported_as_such(monkeypatch):
    monkeypatch.setattr(piece_render, "FORK_EACH_PIECE", True)
    monkeypatch.setattr(piece_render, "_laid_out", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(piece_render.PieceProcessDied, match="s'est arrêté sans résultat"):
        piece_render.render_piece("<html><body><p>Texte</p></body></html>", "fr", None)


def test_a_fork_lays_out_the_same_piece(monkeypatch):
    html = '<html lang="fr"><body><h1>Titre</h1><p>Un paragraphe.</p></body></html>'
    in_process = piece_render.render_piece(html, "fr", None)
    monkeypatch.setattr(piece_render, "FORK_EACH_PIECE", True)
    forked = piece_render.render_piece(html, "fr", None)
    assert (forked.pages, forked.bookmarks, forked.anchors) == (1, [(1, "Titre", 0)], {})
    assert page_lines(forked.pdf) == page_lines(in_process.pdf)

"""The garbage collector is paused while WeasyPrint lays the bilan out, and
restored after (reports.pdf.collector_paused): about a quarter of a render
otherwise goes to its passes over the layout's objects."""

import gc

import pytest

from reports import pdf


def test_the_render_runs_with_the_collector_paused_and_restores_it(monkeypatch):
    seen = []
    monkeypatch.setattr(pdf, "_render", lambda html: seen.append(gc.isenabled()) or b"%PDF-")
    assert gc.isenabled()

    assert pdf.html_to_pdf.__wrapped__("<p>x</p>") == b"%PDF-"

    assert seen == [False]
    assert gc.isenabled()


def test_a_failing_render_restores_the_collector(monkeypatch):
    def fail(html):
        raise RuntimeError("mise en page impossible")

    monkeypatch.setattr(pdf, "_render", fail)

    with pytest.raises(RuntimeError, match="mise en page impossible"):
        pdf.html_to_pdf.__wrapped__("<p>x</p>")
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_finds_it_paused():
    gc.disable()
    try:
        with pdf.collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()

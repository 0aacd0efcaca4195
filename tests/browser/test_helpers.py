"""The checks of tests/browser/pages.py find what they look for (on pages written
here, no server): a check that saw nothing would pass every page."""

import pytest

from tests.browser.pages import assert_accessible, assert_no_horizontal_scroll, axe_violations


def test_axe_reports_a_link_without_text_and_a_field_without_label(page):
    page.set_content('<html lang="fr"><title>Essai</title><main><a href="/x"></a><input></main></html>')

    assert sorted(violation["id"] for violation in axe_violations(page)) == ["label", "link-name"]
    with pytest.raises(AssertionError, match="link-name"):
        assert_accessible(page)


def test_a_page_wider_than_the_window_is_caught_with_its_widest_element(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content('<html><body><div id="large">x</div></body></html>')
    page.add_style_tag(content="#large { width: 600px }")

    with pytest.raises(AssertionError, match=r"scrolls sideways: \d+ px of content in 390 px.*div#large"):
        assert_no_horizontal_scroll(page)


def test_a_page_within_the_window_passes(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_content("<html><body><p>Bonjour</p></body></html>")

    assert_no_horizontal_scroll(page)

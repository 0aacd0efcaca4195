"""`{{ value|ltr }}` (dashboard/templatetags/snia_i18n.py): dates, codes and
acronyms isolated left to right inside Arabic sentences, escaped."""

import datetime

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load snia_i18n %}" + source).render(Context(context))


def test_a_code_is_isolated_left_to_right():
    assert render("{{ code|ltr }}", code="11.12") == '<bdi dir="ltr">11.12</bdi>'


def test_the_value_is_escaped():
    assert render("{{ code|ltr }}", code="<b>&") == '<bdi dir="ltr">&lt;b&gt;&amp;</bdi>'


def test_a_safe_value_is_not_escaped_twice():
    assert render('{{ "R&amp;D"|safe|ltr }}') == '<bdi dir="ltr">R&amp;D</bdi>'


def test_a_date_keeps_the_language_s_format_with_western_digits():
    with translation.override("ar"):
        assert render("{{ day|ltr }}", day=datetime.date(2020, 6, 10)) == '<bdi dir="ltr">10 يونيو 2020</bdi>'
        assert render('{{ day|date:"SHORT_DATE_FORMAT"|ltr }}', day=datetime.date(2020, 6, 10)) == (
            '<bdi dir="ltr">10/06/2020</bdi>'
        )


def test_nothing_to_isolate_prints_nothing():
    assert render("{{ none|ltr }}|{{ empty|ltr }}", none=None, empty="") == "None|"

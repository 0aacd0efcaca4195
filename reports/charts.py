"""The bilan's charts, drawn as SVG by pygal and inlined in the report.

The SVG must be identical for identical figures (the stored PDF is keyed on a
hash of the HTML), so pygal's random chart id is replaced and its dated
comment dropped. It must not run or load anything either: pygal adds a
configuration script and, by default, a remote tooltip script, so every
script is dropped.
"""

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

# Colours of the report: green and red of the national flag, grey for the
# participants whose sex was not recorded.
MEN_COLOUR = "#006233"
WOMEN_COLOUR = "#c1272d"
UNRECORDED_COLOUR = "#9a9a9a"
FONT_FAMILY = "'Open Sans', 'Noto Naskh Arabic'"


def _static_svg(root):
    """pygal XML filter: drops comments, processing instructions and scripts."""
    for parent in list(root.iter()):
        for child in list(parent):
            tag = child.tag
            # Comments and processing instructions have a callable, not a string, as tag.
            if not isinstance(tag, str) or tag.rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _style() -> Style:
    return Style(
        font_family=FONT_FAMILY,
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#333333",
        foreground_strong="#222222",
        foreground_subtle="#d8d8d8",
        guide_stroke_color="#d0d0d0",
        major_guide_stroke_color="#d0d0d0",
        guide_stroke_dasharray="3,3",
        major_guide_stroke_dasharray="3,3",
        colors=(MEN_COLOUR, WOMEN_COLOUR, UNRECORDED_COLOUR),
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=12,
        title_font_size=16,
        opacity="1",
        opacity_hover="1",
        transition="0s",
    )


def participants_by_sex_chart(programmes: list[dict]) -> SafeString:
    """Stacked bars of men, women and unrecorded participants, one per programme.

    `programmes` are the rows of `year_statistics(year)["programmes"]`.
    """
    chart = pygal.HorizontalStackedBar(
        style=_style(),
        js=[],
        width=900,
        height=460,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values=False,
        disable_xml_declaration=True,
        margin=12,
        spacing=14,
    )
    chart.uuid = "participants-par-sexe"
    chart.add_xml_filter(_static_svg)
    # A horizontal chart draws its first label at the bottom: reversed, the
    # programmes read from 1 at the top down to 11, as in the table above it.
    programmes = programmes[::-1]
    chart.x_labels = [_("Programme %(number)s") % {"number": row["number"]} for row in programmes]
    chart.add(_("Hommes"), [row["men"] for row in programmes])
    chart.add(_("Femmes"), [row["women"] for row in programmes])
    chart.add(_("Sexe non renseigné"), [row["unrecorded"] for row in programmes])
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308 - built by pygal from our own integers and labels

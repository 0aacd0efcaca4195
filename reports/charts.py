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

from reports.typography import group_digits

# Okabe–Ito colours, told apart with any colour vision (never red against
# green), as on the dashboard (static/snia/dashboard.css): blue for men,
# vermilion for women, grey for participants whose sex was not recorded.
MEN_COLOUR = "#0072B2"
WOMEN_COLOUR = "#D55E00"
UNRECORDED_COLOUR = "#999999"
# Each bar's value is printed at its end, in the bar's colour darkened enough to read on white.
VALUE_COLOURS = ("#005A8C", "#A34700", "#595959")
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
        value_colors=VALUE_COLOURS,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
        value_font_size=12,
        title_font_size=16,
        opacity="1",
        opacity_hover="1",
        transition="0s",
    )


# The chart's height: its legend and axis, then so much per programme drawn.
CHART_BASE_HEIGHT = 120
HEIGHT_PER_PROGRAMME = 78
# Room left after the longest bar for its figure, and the gap before a figure.
VALUE_ROOM = 1.12
VALUE_GAP = 5


def french_integer(value: float | None) -> str:
    """6299 → « 6 299 » (a no-break space: the figure never splits); the axis's
    ticks come as floats (400.0 → « 400 »)."""
    return "" if value is None else group_digits(round(value))


def _values_after_bars(root):
    """pygal XML filter: each bar's figure starts just after the bar's end,
    instead of straddling it (half of it would sit on the bar, unreadable)."""
    for text in root.iter("{http://www.w3.org/2000/svg}text", "text"):
        if text.get("class") == "value":
            text.set("text-anchor", "start")
            text.set("x", f"{float(text.get('x')) + VALUE_GAP:.2f}")
    return root


def charted_programmes(programmes: list[dict]) -> list[dict]:
    """The programmes the chart draws: those with a validated session this year."""
    return [row for row in programmes if row["sessions"]]


def participants_by_sex_chart(programmes: list[dict]) -> SafeString:
    """Bars of men, women and unrecorded participants side by side, one group per
    programme that had a session, each bar labelled with its figure.

    `programmes` are the rows of `year_statistics(year)["programmes"]`; the
    others are named in a note under the chart (templates/reports/bilan/synthesis.html).
    Side by side rather than stacked: a small figure (140 of 6 299) keeps a
    readable label at the end of its own bar.
    """
    programmes = charted_programmes(programmes)
    if not programmes:
        return mark_safe("")
    largest = max(max(row["men"], row["women"], row["unrecorded"]) for row in programmes)
    chart = pygal.HorizontalBar(
        style=_style(),
        js=[],
        width=900,
        # Proportional to the bars drawn: one programme does not take a page.
        height=CHART_BASE_HEIGHT + HEIGHT_PER_PROGRAMME * len(programmes),
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        # The longest bar leaves room for its figure.
        range=(0, max(1, largest) * VALUE_ROOM),
        print_values=True,
        print_values_position="top",
        value_formatter=french_integer,
        disable_xml_declaration=True,
        margin=12,
        spacing=14,
    )
    chart.uuid = "participants-par-sexe"
    chart.add_xml_filter(_static_svg)
    chart.add_xml_filter(_values_after_bars)
    # A horizontal chart draws its first label at the bottom: reversed, the
    # programmes read in order from the top down, as in the table above it.
    programmes = programmes[::-1]
    chart.x_labels = [_("Programme %(number)s") % {"number": row["number"]} for row in programmes]
    chart.add(_("Hommes"), [row["men"] for row in programmes])
    chart.add(_("Femmes"), [row["women"] for row in programmes])
    chart.add(_("Sexe non renseigné"), [row["unrecorded"] for row in programmes])
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308 - built by pygal from our own integers and labels

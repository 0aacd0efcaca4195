"""Horizontal bar charts drawn as SVG by a template (dashboard/charts/bars.html).

Only geometry is computed here: coordinates are strings with a dot, written
before the template sees them, so that French number formatting can never
reach an SVG attribute. Colours are CSS classes (static/snia/dashboard.css):
the strict CSP allows no inline style. The SVG scales to its container
(viewBox, width 100 %), and every number it shows is also in a table.
"""

from dataclasses import dataclass, field

from django.utils.formats import number_format

WIDTH = 640
LABEL_WIDTH = 150  # the bar's label, left of the bars
BAR_START = 160
BAR_END = 540  # the value is written after the bar, up to WIDTH
ROW_HEIGHT = 30
BAR_HEIGHT = 20
TOP = 8


def french(number: int) -> str:
    """6299 → « 6 299 » (Django's French thousands separator: a no-break space, U+00A0)."""
    return number_format(number, force_grouping=True)


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


@dataclass
class Segment:
    css: str
    label: str
    value: int
    value_text: str = ""
    x: str = ""
    width: str = ""


@dataclass
class Bar:
    label: str
    value_text: str
    segments: list[Segment]
    css: str = ""
    # A mark across the bar at this value (a committee's expected meetings).
    marker: int | None = None
    y: str = ""
    text_y: str = ""
    label_x: str = ""
    value_x: str = ""
    bar_y: str = ""
    marker_x: str = ""
    marker_y1: str = ""
    marker_y2: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class, label)
    width: int = WIDTH
    height: int = 0
    bar_height: int = BAR_HEIGHT


def lay_out(chart: Chart) -> Chart:
    """Places the bars: one row each, lengths proportional to the largest bar (or marker)."""
    largest = max(
        [sum(segment.value for segment in bar.segments) for bar in chart.bars]
        + [bar.marker or 0 for bar in chart.bars]
        + [1]
    )
    scale = (BAR_END - BAR_START) / largest
    for row, bar in enumerate(chart.bars):
        top = TOP + row * ROW_HEIGHT
        bar.bar_y = _coordinate(top)
        bar.text_y = _coordinate(top + BAR_HEIGHT * 0.75)
        bar.label_x = _coordinate(LABEL_WIDTH)
        x = float(BAR_START)
        for segment in bar.segments:
            segment.value_text = french(segment.value)
            segment.x = _coordinate(x)
            segment.width = _coordinate(segment.value * scale)
            x += segment.value * scale
        bar.value_x = _coordinate(max(x, BAR_START + (bar.marker or 0) * scale) + 6)
        if bar.marker is not None:
            bar.marker_x = _coordinate(BAR_START + bar.marker * scale)
            bar.marker_y1 = _coordinate(top - 3)
            bar.marker_y2 = _coordinate(top + BAR_HEIGHT + 3)
    chart.height = TOP * 2 + max(len(chart.bars), 1) * ROW_HEIGHT
    return chart

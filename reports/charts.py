"""Charts for the PDFs as SVG, drawn by pygal; every chart sits beside a table of its figures.

The SVG goes into the document as a data: image with a text alternative
(the table carries the figures for a screen reader). pygal's tooltips
script is turned off: the PDF fetches nothing but our static files.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

import pygal
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#111111",
    foreground_strong="#111111",
    foreground_subtle="#777777",
    colors=("#1d4f91", "#c05a00", "#2e7d32", "#6a1b9a", "#455a64"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
    label_font_size=11,
    major_label_font_size=11,
    legend_font_size=11,
    title_font_size=13,
    value_font_size=10,
)


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str
    data_uri: str


def _uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int | float]]],
    *,
    stacked: bool = False,
    horizontal: bool = False,
    unit: str = "pupils",
    value_range: tuple[float, float] | None = None,
) -> Chart:
    kind = (
        (pygal.HorizontalStackedBar if horizontal else pygal.StackedBar)
        if stacked
        else (pygal.HorizontalBar if horizontal else pygal.Bar)
    )
    chart = kind(
        style=STYLE,
        js=[],
        disable_xml_declaration=False,
        width=640,
        height=360,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        print_values=False,
        x_label_rotation=0 if horizontal or len(labels) < 7 else 30,
        truncate_label=-1,
        **({"range": value_range, "zero": value_range[0]} if value_range else {}),
    )
    chart.title = title
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    names = ", ".join(name for name, _ in series)
    scale = f", the scale from {value_range[0]:g} to {value_range[1]:g}" if value_range else ""
    alt = f"Bar chart: {title} ({names}, in {unit}{scale}). The table beside it gives the figures."
    return Chart(title=title, alt=alt, data_uri=_uri(chart.render()))

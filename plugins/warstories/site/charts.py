"""Bar charts made at build time: no script, no outside request, no clock.

Columns (per year, severity) are inline SVG drawn by pygal. Rows of labelled bars (per
category, per reason) are an HTML list sized by CSS: a label beside a 480 px SVG left the bars
a 130 px band, and scaled down on a phone the labels became unreadable; as HTML the labels are
page text, and on a narrow screen they go above their bars.

This is the only module that imports pygal, on first use: the stats page is made in a forked
child during a build, so the import costs the main process nothing. Labels and values reach
the SVG through pygal's XML serialiser (lxml or ElementTree), which escapes text, so the
result is marked safe for Jinja.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup


@functools.cache
def _style() -> Any:
    from pygal.style import Style

    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#333",
        foreground_strong="#222",
        foreground_subtle="#ddd",
        opacity="1",
        opacity_hover="1",
        colors=("#e64a19",),
        font_family="-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
        label_font_size=14,
        major_label_font_size=14,
        value_font_size=14,
        value_label_font_size=14,
        title_font_size=18,
    )


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def _strip_comments_and_scripts(root):  # an lxml or ElementTree element
    """Drop pygal's comments (today's date: builds would differ) and its inline config script."""
    from pygal.etree import etree

    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag is etree.Comment or str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return root


def _values_after_bars(root):  # an lxml or ElementTree element
    """pygal centres a printed value on a horizontal bar's end; start it there instead, so a
    short bar's value never runs over the row labels."""
    for node in root.iter():
        if str(node.tag).endswith("text") and "value" in (node.get("class") or "").split():
            node.set("text-anchor", "start")
    return root


def bar_chart(
    chart_id: str,
    label: str,
    rows: Sequence[tuple[str, float]],
    *,
    horizontal: bool = True,
    formatter: Callable[[float], str] = lambda v: f"{v:g}",
    colors: Sequence[str] | None = None,
) -> Markup:
    """An SVG bar chart named `label` for screen readers; `chart_id` keeps its styles apart.

    `colors`, one per row, colour single bars (severities); otherwise all bars share one colour.
    """
    import pygal
    from pygal.etree import etree

    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(160, 34 * len(rows) + 40) if horizontal else 280
    chart = kind(
        style=_style(),
        js=[],  # pygal's tooltips load a script from the internet; the tables carry the numbers
        disable_xml_declaration=True,
        show_legend=False,
        print_values=True,
        print_values_position="top",
        width=480,
        height=height,
        margin=12,
        spacing=10,
        show_y_guides=not horizontal,
        show_x_guides=False,
        show_x_labels=not horizontal,  # each bar prints its value; a value axis only crowds
        truncate_label=-1,
        value_formatter=formatter,
        min_scale=1,
        max_scale=6,
        order_min=0,
        margin_right=64 if horizontal else 12,  # room for the longest bar's printed value
    )
    chart.uuid = chart_id
    chart.add_xml_filter(_strip_comments_and_scripts)
    if horizontal:
        chart.add_xml_filter(_values_after_bars)
    values: list = [value for _, value in rows]
    labels = [text for text, _ in rows]
    top = max(values, default=0) or 1
    chart.range = (0, top * (1 if horizontal else 1.15))  # room above the tallest column
    if colors:
        values = [{"value": v, "color": c} for v, c in zip(values, colors)]
    if horizontal:  # pygal draws the first row at the bottom; readers expect it at the top
        values, labels = values[::-1], labels[::-1]
    chart.x_labels = labels
    chart.add("", values)
    tree = chart.render_tree()
    tree.set("role", "img")
    tree.set("aria-label", label)
    tree.set("class", "ws-chart__svg")
    for node in tree:  # pygal titles an untitled chart "Pygal"; browsers show it on hover
        if str(node.tag).rsplit("}", 1)[-1] == "title":
            node.text = label
    svg = etree.tostring(tree, encoding="unicode")
    return Markup(_XML_DECLARATION.sub("", svg))


@dataclass(frozen=True)
class BarRow:
    label: str
    text: str  # the value as printed
    percent: float  # the bar's length, of the longest bar


@dataclass(frozen=True)
class BarList:
    """Labelled horizontal bars for the `bar_list` macro; `label` names it for screen readers."""

    chart_id: str
    label: str
    rows: tuple[BarRow, ...]


def bar_list(
    chart_id: str,
    label: str,
    rows: Sequence[tuple[str, float]],
    *,
    formatter: Callable[[float], str] = lambda v: f"{v:g}",
) -> BarList:
    """Rows of (label, value) as bars relative to the largest; a value above 0 always shows."""
    top = max((value for _, value in rows), default=0) or 1
    return BarList(
        chart_id,
        label,
        tuple(
            BarRow(text, formatter(value), round(max(value / top * 100, 1.5 if value else 0), 1))
            for text, value in rows
        ),
    )

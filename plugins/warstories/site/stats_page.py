"""The stats page's sections: each figure as an SVG bar chart followed by its table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from warstories.analysis.stats import Count, SiteStats
from warstories.core.model import format_minutes
from warstories.core.vocabularies import Severity
from warstories.site.charts import bar_chart

# The severity chart's bars in the severities' own colours (the stylesheet's too).
SEVERITY_COLORS = {s.value: s.colour for s in Severity}
NEUTRAL = "#9e9e9e"


def _hours(minutes: float) -> str:
    return format_minutes(round(minutes))


def stat_sections(s: SiteStats) -> list[dict[str, Any]]:
    """The stats page's sections: a chart and the table a screen reader reads instead."""
    sections: list[dict[str, Any]] = []

    def add(
        key: str,
        title: str,
        summary: str,
        rows: Iterable[Count],
        row_header: str,
        horizontal: bool = True,
        note_header: str = "",
        colors: dict[str, str] | None = None,
    ) -> None:
        rows = list(rows)
        shown = [r for r in rows if r.count or not horizontal]
        chart_rows = [(r.label, r.count) for r in shown]
        bar_colors = [colors.get(r.key, NEUTRAL) for r in shown] if colors else None
        sections.append(
            {
                "key": key,
                "title": title,
                "summary": summary,
                "rows": rows,
                "row_header": row_header,
                "note_header": note_header,
                "svg": bar_chart(
                    f"ws-{key}",
                    f"{title}: {summary}",
                    chart_rows,
                    horizontal=horizontal,
                    colors=bar_colors,
                )
                if chart_rows
                else None,
            }
        )

    top = max(s.per_category, key=lambda c: c.count, default=None)
    add(
        "per-category",
        "Stories per category",
        f"{s.stories} stories in {s.used_categories} categories"
        + (f"; most in {top.label} ({top.count})" if top and top.count else ""),
        s.per_category,
        "Category",
    )
    add(
        "per-year",
        "Stories per year",
        _year_summary(s),
        s.per_year,
        "Year",
        horizontal=False,
    )
    add(
        "severity",
        "Severity mix",
        ", ".join(f"{c.label}: {c.count}" for c in s.severity),
        s.severity,
        "Severity",
        horizontal=False,
        colors=SEVERITY_COLORS,
    )
    add(
        "detection",
        "How incidents were detected",
        _top_summary(s.detection, "Most often"),
        s.detection,
        "How it was found",
    )
    add(
        "escaped",
        "Why testing missed them",
        _top_summary(s.escaped_because, "Most often"),
        s.escaped_because,
        "Reason",
        note_header="What it means",
    )
    return sections


def detect_chart(stats: SiteStats) -> Any:
    """Median time to detect by how the incident was found, in hours."""
    return _median_chart(
        "ws-detect-time", "Median time to detect, by how it was found", stats.detect_by_method
    )


def duration_chart(stats: SiteStats) -> Any:
    return _median_chart(
        "ws-duration", "Median incident duration per category, in hours", stats.median_duration
    )


def _median_chart(chart_id: str, caption: str, medians: Sequence[Any]) -> Any:
    """A bar chart of medians in hours, named with every value for screen readers."""
    if not medians:
        return None
    summary = "; ".join(f"{m.label}: {m.text}" for m in medians)
    return bar_chart(
        chart_id,
        f"{caption}: {summary}",
        [(m.label, m.minutes / 60) for m in medians],
        formatter=lambda hours: _hours(hours * 60),
    )


def _year_summary(s: SiteStats) -> str:
    if s.first_year is None:
        return "No story has a date yet"
    busiest = max((c for c in s.per_year if c.key != "undated"), key=lambda c: c.count)
    return f"From {s.first_year} to {s.last_year}; most in {busiest.label} ({busiest.count})"


def _top_summary(rows: tuple[Count, ...], words: str) -> str:
    given = [r for r in rows if r.count and r.key != "not-given"]
    if not given:
        return "Not recorded in any story yet"
    top = given[0]
    return f"{words}: {top.label} ({top.count} {'story' if top.count == 1 else 'stories'})"

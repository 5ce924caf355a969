"""The stats page's sections: each figure as an SVG bar chart followed by its table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from warstories.analysis.stats import Count, SiteStats, leaders
from warstories.core.model import format_minutes
from warstories.core.vocabularies import Severity
from warstories.site.charts import bar_chart, bar_list

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
                    horizontal=False,
                    colors=bar_colors,
                )
                if chart_rows and not horizontal
                else None,
                "bars": bar_list(f"ws-{key}", f"{title}: {summary}", chart_rows)
                if chart_rows and horizontal
                else None,
            }
        )

    add(
        "per-category",
        "Stories per category",
        "; ".join(
            part
            for part in (
                f"{s.stories} stories in {s.used_categories} categories",
                _most(s.per_category, "most in", "categories"),
            )
            if part
        ),
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
        _top_summary(s.detection, "Most often:"),
        s.detection,
        "How it was found",
    )
    add(
        "escaped",
        "Why testing missed them",
        _top_summary(s.escaped_because, "Most often:"),
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
    return bar_list(
        chart_id,
        f"{caption}: {summary}",
        [(m.label, m.minutes / 60) for m in medians],
        formatter=lambda hours: _hours(hours * 60),
    )


def _year_summary(s: SiteStats) -> str:
    if s.first_year is None:
        return "No story has a date yet"
    most = _most(s.per_year, "most in", "years")
    return f"From {s.first_year} to {s.last_year}" + (f"; {most}" if most else "")


def _top_summary(rows: tuple[Count, ...], words: str) -> str:
    text = _most(rows, words, "ways", stories=True)
    return text[0].upper() + text[1:] if text else "Not recorded in any story yet"


def _most(rows: Sequence[Count], opening: str, plural: str, stories: bool = False) -> str:
    """ "most in X (2)", or a tie said as one: "most in X and Y (2 each)", "4 categories tie
    for most (2 each): A, B, C and D", "all 14 categories tie (1 each)"; "" when none counts."""
    top = leaders(rows)
    if not top:
        return ""
    count = top[0].count
    amount = f"{count} {'story' if count == 1 else 'stories'}" if stories else f"{count}"
    names = _and([r.label for r in top])
    if len(top) == 1:
        return f"{opening} {names} ({amount})"
    if len(top) <= 3:
        return f"{opening} {names} ({amount} each)"
    if len(top) == len(_counted(rows)):
        return f"all {len(top)} {plural} tie ({amount} each)"
    return f"{len(top)} {plural} tie for most ({amount} each): {names}"


def _counted(rows: Sequence[Count]) -> list[Count]:
    return [r for r in rows if r.count and r.key not in ("not-given", "undated")]


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

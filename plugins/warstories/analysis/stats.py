"""The figures of the stats page and the home page, computed from stories alone (no HTML, no I/O)."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from warstories.analysis.incident_times import incident_times
from warstories.core import taxonomy as vocab
from warstories.core.model import Severity, Story, format_minutes
from warstories.core.taxonomy import Taxonomy
from warstories.core.vocabularies import DETECTION_TERMS, ESCAPE_TERMS, labels

NOT_GIVEN = "not-given"
UNDATED = "undated"

DETECTION_LABELS = {**labels(DETECTION_TERMS), NOT_GIVEN: "Not recorded"}

# Why testing before production missed it: a short label and the sentence behind it.
ESCAPE_LABELS = {t.value: (t.label, t.note) for t in ESCAPE_TERMS}


@dataclass(frozen=True)
class Count:
    """One bar of a chart and one row of its table."""

    key: str
    label: str
    count: int
    note: str = ""


@dataclass(frozen=True)
class Median:
    """The median incident duration of one category, and how many stories gave a duration."""

    key: str
    label: str
    minutes: float
    stories: int

    @property
    def text(self) -> str:
        return format_minutes(round(self.minutes))


@dataclass(frozen=True)
class SiteStats:
    """Every figure the new hires' pages show, so templates only format them."""

    stories: int
    used_categories: int
    lessons: int
    near_misses: int
    featured: int
    first_year: int | None
    last_year: int | None
    median_minutes: float | None
    per_category: tuple[Count, ...]
    per_year: tuple[Count, ...]
    severity: tuple[Count, ...]
    detection: tuple[Count, ...]
    median_duration: tuple[Median, ...]
    detect_by_method: tuple[Median, ...]  # median time to detect, by how it was found
    escaped_because: tuple[Count, ...]

    @property
    def median_text(self) -> str | None:
        return None if self.median_minutes is None else format_minutes(round(self.median_minutes))

    @property
    def top_escape(self) -> Count | None:
        """The most common reason testing missed a failure, when any story gives one."""
        first = self.escaped_because[0] if self.escaped_because else None
        return first if first and first.count else None

    @property
    def top_escapes(self) -> tuple[Count, ...]:
        """Every reason that shares the highest count: a tie is said as a tie."""
        return leaders(self.escaped_because)


def leaders(rows: Iterable[Count]) -> tuple[Count, ...]:
    """The rows with the highest count above zero, in their order; "not given" never leads."""
    given = [r for r in rows if r.count and r.key not in ("not-given", "undated")]
    top = max((r.count for r in given), default=0)
    return tuple(r for r in given if r.count == top)


def _ranked(counter: Counter[str], order: Sequence[str]) -> list[str]:
    """Keys by count, most first; ties keep the vocabulary's order."""
    position = {key: i for i, key in enumerate(order)}
    return sorted(order, key=lambda k: (-counter[k], position[k]))


def compute_stats(stories: Iterable[Story], taxonomy: Taxonomy) -> SiteStats:
    """All figures in one pass over the stories."""
    stories = tuple(stories)
    categories = Counter(s.category for s in stories)
    years = Counter(s.date.year if s.date else UNDATED for s in stories)
    severities = Counter(s.severity.value if s.severity else NOT_GIVEN for s in stories)
    detections = Counter(s.detection or NOT_GIVEN for s in stories)
    escapes = Counter(reason for s in stories for reason in dict.fromkeys(s.escaped_because))
    durations: dict[str, list[int]] = {}
    for story in stories:
        if story.impact.duration_minutes is not None:
            durations.setdefault(story.category, []).append(story.impact.duration_minutes)

    per_category = [
        Count(c.slug, c.label, categories[c.slug], c.description) for c in taxonomy.categories
    ]
    per_category += [  # stories whose category a site later removed still count
        Count(slug, slug, n) for slug, n in sorted(categories.items()) if taxonomy.get(slug) is None
    ]
    dated_years = sorted(y for y in years if isinstance(y, int))
    per_year = [Count(str(y), str(y), years[y]) for y in dated_years]
    if years[UNDATED]:
        per_year.append(Count(UNDATED, "Undated", years[UNDATED]))
    severity = [Count(s.value, s.label, severities[s.value]) for s in Severity]
    if severities[NOT_GIVEN]:
        severity.append(Count(NOT_GIVEN, "Not given", severities[NOT_GIVEN]))
    detection = [
        Count(key, DETECTION_LABELS[key], detections[key])
        for key in _ranked(detections, vocab.DETECTIONS)
    ]
    if detections[NOT_GIVEN]:
        detection.append(Count(NOT_GIVEN, DETECTION_LABELS[NOT_GIVEN], detections[NOT_GIVEN]))
    escaped = [
        Count(key, ESCAPE_LABELS[key][0], escapes[key], ESCAPE_LABELS[key][1])
        for key in _ranked(escapes, vocab.ESCAPE_REASONS)
    ]
    labels = {c.slug: c.label for c in taxonomy.categories}
    order = [c.slug for c in taxonomy.categories] + sorted(set(durations) - set(labels))
    medians = [
        Median(
            slug, labels.get(slug, slug), statistics.median(durations[slug]), len(durations[slug])
        )
        for slug in order
        if slug in durations
    ]
    detect: dict[str, list[float]] = {}
    for story in stories:
        if story.timeline:
            found = incident_times(story.timeline).detect_minutes
            if found is not None:
                detect.setdefault(story.detection or NOT_GIVEN, []).append(found)
    by_method = [
        Median(key, DETECTION_LABELS[key], statistics.median(detect[key]), len(detect[key]))
        for key in (*vocab.DETECTIONS, NOT_GIVEN)
        if key in detect
    ]
    all_durations = [m for values in durations.values() for m in values]
    return SiteStats(
        stories=len(stories),
        used_categories=sum(1 for n in categories.values() if n),
        lessons=sum(len(s.lessons) for s in stories),
        near_misses=severities[Severity.NEAR_MISS.value],
        featured=sum(1 for s in stories if s.featured),
        first_year=dated_years[0] if dated_years else None,
        last_year=dated_years[-1] if dated_years else None,
        median_minutes=statistics.median(all_durations) if all_durations else None,
        per_category=tuple(per_category),
        per_year=tuple(per_year),
        severity=tuple(severity),
        detection=tuple(detection),
        median_duration=tuple(medians),
        detect_by_method=tuple(by_method),
        escaped_because=tuple(escaped),
    )

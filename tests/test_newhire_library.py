"""Unit tests of the new hires' library parts: incident times, reading paths, figures and charts."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from warstories.analysis.incident_times import elapsed_minutes, incident_times
from warstories.analysis.reading import CategoryLinks, StoryLinks, reading_path
from warstories.analysis.stats import compute_stats
from warstories.core.model import Impact, PartialDate, Severity, Story, TimelineEntry
from warstories.core.taxonomy import Taxonomy
from warstories.site.charts import bar_chart
from warstories.site.newhire import safe_href
from warstories.site.timeline import timeline_groups


def make(slug: str, category: str = "scale", **fields: object) -> Story:
    return Story(
        path=f"{category}/{slug}.md",
        slug=slug,
        title=fields.pop("title", slug.replace("-", " ").title()),  # type: ignore[arg-type]
        description="It broke.",
        category=category,
        **fields,  # type: ignore[arg-type]
    )


def steps(*pairs: tuple[str, str]) -> tuple[TimelineEntry, ...]:
    return tuple(TimelineEntry(at, event) for at, event in pairs)


# --- incident times ---------------------------------------------------------------------------


def test_clock_times_roll_over_midnight_and_give_detect_and_resolve():
    times = incident_times(
        steps(
            ("23:50", "Deploy starts."),
            ("23:58", "Error rate alert fires."),
            ("00:40", "Rolled back; errors stop."),
        )
    )
    assert [s.elapsed for s in times.steps] == [0, 8, 50]
    assert [s.elapsed_text for s in times.steps] == ["T+0m", "T+8m", "T+50m"]
    assert times.detect_text == "8m"
    assert times.resolve_text == "50m"
    assert [s.detection for s in times.steps] == [False, True, False]


def test_iso_times_with_zones_and_days_between():
    times = incident_times(
        steps(
            ("2023-10-03T06:00Z", "Rule group updates."),
            ("2023-10-04T14:00+02:00", "Two merchants report 403s."),
            ("2023-10-05T11:30Z", "Override deployed."),
        )
    )
    assert times.detect_minutes == 30 * 60  # 14:00+02:00 is 12:00Z the next day
    assert times.steps[1].label == "2023-10-04 14:00+02:00"
    assert times.resolve_text == "53h30m"


def test_offsets_are_read_in_days_hours_and_minutes():
    timeline = steps(("T+0m", "a"), ("T+1h30m", "b"), ("T+1d", "c"))
    assert elapsed_minutes(timeline) == [0, 90, 1440]
    assert [s.elapsed_text for s in incident_times(timeline).steps] == [None, None, None]


@pytest.mark.parametrize(
    "pairs",
    [
        (("02:00", "a"), ("T+5m", "b")),  # mixed shapes
        (("morning", "a"), ("noon", "b")),  # not times
        (("2023-02-30T01:00Z", "a"), ("2023-03-01T01:00Z", "b")),  # not in the calendar
        (("T+10m", "a"), ("T+5m", "b")),  # out of order
        (("25:99", "a"), ("26:00", "b")),
    ],
)
def test_times_that_cannot_be_compared_give_no_figures_and_no_error(pairs):
    times = incident_times(steps(*pairs))
    assert times.detect_minutes is None and times.resolve_minutes is None
    assert [s.event for s in times.steps] == [event for _, event in pairs]
    assert all(s.elapsed is None for s in times.steps)


def test_detection_is_the_first_noticing_event_after_the_start_not_the_start():
    times = incident_times(
        steps(("T+0m", "Customers report errors."), ("T+9m", "Fix."), ("T+20m", "Alert fires."))
    )
    assert times.detect_minutes == 20
    no_words = incident_times(steps(("10:00", "Cache restarts."), ("10:30", "Recovered.")))
    assert no_words.detect_minutes is None
    assert no_words.resolve_text == "30m"


# --- reading paths ----------------------------------------------------------------------------


def test_reading_path_is_featured_stories_oldest_first_with_undated_last():
    stories = [
        make("new", date=PartialDate(2024, 1), featured=True),
        make("undated", featured=True),
        make("old", date=PartialDate(2019), featured=True),
        make("mid-not-featured", date=PartialDate(2021)),
        make("mid", date=PartialDate(2021, 6, 2), featured=True),
    ]
    assert [s.slug for s in reading_path(stories)] == ["old", "mid", "new", "undated"]


def test_neighbours_stay_within_the_category_in_list_order():
    newest_first = [
        make("s3", "scale", date=PartialDate(2024)),
        make("t1", "time", date=PartialDate(2023)),
        make("s2", "scale", date=PartialDate(2022)),
        make("s1", "scale", date=PartialDate(2021)),
    ]
    links = StoryLinks.build(newest_first)
    middle = links.neighbours_of(newest_first[2])
    assert (middle.newer.slug, middle.older.slug) == ("s3", "s1")
    alone = links.neighbours_of(newest_first[1])
    assert alone.newer is None and alone.older is None


def test_recurrence_chains_link_both_directions_and_survive_cycles():
    a = make("a", date=PartialDate(2020))
    b = make("b", date=PartialDate(2021), recurrence_of="a")
    c = make("c", date=PartialDate(2022), recurrence_of="a")
    loop1 = make("loop1", recurrence_of="loop2")
    loop2 = make("loop2", recurrence_of="loop1")
    selfish = make("selfish", recurrence_of="selfish")
    links = StoryLinks.build([c, b, a, loop1, loop2, selfish])
    chain = links.chain_of(a)
    assert chain is links.chain_of(c)
    assert [s.slug for s in chain.stories] == ["a", "b", "c"]
    assert [s.slug for s in chain.after(a)] == ["b", "c"]
    assert chain.before(b).slug == "a" and chain.before(a) is None
    assert {s.slug for s in links.chain_of(loop1).stories} == {"loop1", "loop2"}
    assert links.chain_of(selfish) is None


def test_categories_occur_together_counted_from_both_sides_and_top_tags_ranked():
    stories = [
        make("a", "scale", contributing=("cascades", "configuration"), tags=("Postgres", "k8s")),
        make("b", "cascades", contributing=("scale",), tags=("postgres",)),
        make("c", "scale", tags=("postgres", "dns")),
    ]
    links = CategoryLinks.build(stories)
    assert [(c.slug, c.count) for c in links.together["scale"]] == [
        ("cascades", 2),
        ("configuration", 1),
    ]
    assert [(c.slug, c.count) for c in links.together["configuration"]] == [("scale", 1)]
    assert [(t.slug, t.label, t.count) for t in links.top_tags["scale"]] == [
        ("postgres", "Postgres", 2),
        ("dns", "dns", 1),
        ("k8s", "k8s", 1),
    ]


def test_timeline_groups_years_then_months_with_vague_dates_last():
    stories = [
        make("x", date=PartialDate(2023, 3, 1)),
        make("y", date=PartialDate(2023)),
        make("z", date=PartialDate(2023, 11)),
        make("u"),
        make("w", date=PartialDate(2021, 3)),
    ]
    groups = timeline_groups(stories)
    assert [g.label for g in groups] == ["2023", "2021", "Undated"]
    assert [m.label for m in groups[0].months] == [
        "November 2023",
        "March 2023",
        "Sometime in 2023",
    ]
    assert [g.count for g in groups] == [3, 1, 1]


# --- figures ----------------------------------------------------------------------------------


def test_stats_count_medians_and_reasons_from_stories():
    taxonomy = Taxonomy.default()
    stories = [
        make("a", "scale", date=PartialDate(2023), severity=Severity.SEV1, detection="alert",
             impact=Impact(duration_minutes=10), escaped_because=("scale", "config"),
             lessons=("one", "two")),
        make("b", "scale", date=PartialDate(2021), severity=Severity.NEAR_MISS,
             impact=Impact(duration_minutes=40), escaped_because=("scale",)),
        make("c", "scale", impact=Impact(duration_minutes=1000), detection="alert"),
        make("d", "time", date=PartialDate(2023), severity=Severity.SEV1,
             impact=Impact(duration_minutes=7), lessons=("three",), featured=True),
    ]  # fmt: skip
    s = compute_stats(stories, taxonomy)
    assert (s.stories, s.used_categories, s.lessons, s.near_misses, s.featured) == (4, 2, 3, 1, 1)
    assert (s.first_year, s.last_year) == (2021, 2023)
    counts = {c.key: c.count for c in s.per_category}
    assert counts["scale"] == 3 and counts["time"] == 1 and counts["hardware"] == 0
    assert len(s.per_category) == len(taxonomy.categories)
    assert [(c.key, c.count) for c in s.per_year] == [("2021", 1), ("2023", 2), ("undated", 1)]
    assert {c.key: c.count for c in s.severity} == {
        "sev1": 2, "sev2": 0, "sev3": 0, "sev4": 0, "near-miss": 1, "not-given": 1,
    }  # fmt: skip
    assert [(c.key, c.count) for c in s.detection][:2] == [("alert", 2), ("dashboard", 0)]
    assert s.detection[-1].key == "not-given" and s.detection[-1].count == 2
    assert [(c.key, c.count) for c in s.escaped_because][:3] == [
        ("scale", 2), ("config", 1), ("environment", 0),
    ]  # fmt: skip
    medians = {m.key: (m.minutes, m.stories) for m in s.median_duration}
    assert medians == {"scale": (40, 3), "time": (7, 1)}  # the median, not the mean (350)
    assert s.median_minutes == 25  # (10 + 40) / 2 of 7, 10, 40, 1000
    assert s.top_escape.key == "scale"
    assert s.detect_by_method == ()  # no story here has a timeline


def test_median_time_to_detect_is_grouped_by_how_it_was_found():
    def timed(slug: str, detection: str | None, minutes: int) -> Story:
        timeline = steps(
            ("T+0m", "Deploy."), (f"T+{minutes}m", "Alert fires."), ("T+999m", "Done.")
        )
        return make(slug, detection=detection, timeline=timeline)

    stories = [timed("a", "alert", 4), timed("b", "alert", 10), timed("c", "alert", 30)]
    stories += [timed("d", None, 60), make("e", detection="audit")]
    s = compute_stats(stories, Taxonomy.default())
    assert [(m.key, m.minutes, m.stories) for m in s.detect_by_method] == [
        ("alert", 10, 3),
        ("not-given", 60, 1),
    ]


def test_stats_of_no_stories_are_empty_not_errors():
    s = compute_stats([], Taxonomy.default())
    assert s.stories == 0 and s.median_minutes is None and s.top_escape is None
    assert s.per_year == () and s.median_duration == ()


# --- charts and links -------------------------------------------------------------------------


def test_charts_are_inline_svg_without_script_comments_or_outside_urls_and_repeat_exactly():
    rows = [("Scale & <b>load</b>", 3), ("Time", 1)]
    svg = bar_chart("ws-test", "Stories <per> category", rows)
    assert svg == bar_chart("ws-test", "Stories <per> category", rows)
    soup = BeautifulSoup(str(svg), "html.parser")
    root = soup.find("svg")
    assert root["role"] == "img"
    assert root["aria-label"] == "Stories <per> category"
    assert root.find("title").get_text() == "Stories <per> category"
    assert "Pygal" not in soup.get_text()
    assert soup.find("script") is None and soup.find("b") is None
    assert "<!--" not in svg and "<?xml" not in svg
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+", str(svg)))
    assert urls <= {"http://www.w3.org"}
    assert "Scale & <b>load</b>" in soup.get_text()


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("https://tracker.example/T-1", "https://tracker.example/T-1"),
        ("../runbooks/pool.md", "../runbooks/pool.md"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,hi", None),
        (None, None),
    ],
)
def test_action_item_links_only_become_hrefs_when_safe(link, href):
    assert safe_href(link) == href


@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.text(max_size=20),
                st.from_regex(r"\A\d{1,2}:\d{2}\Z"),
                st.from_regex(r"\AT\+\d{1,4}[dhms]\Z"),
                st.from_regex(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})?\Z"),
            ),
            st.text(max_size=30),
        ),
        max_size=6,
    )
)
def test_any_timeline_text_gives_figures_in_order_or_none_and_never_raises(pairs):
    times = incident_times(steps(*pairs))
    assert [s.at for s in times.steps] == [at for at, _ in pairs]
    elapsed = [s.elapsed for s in times.steps]
    if any(e is not None for e in elapsed):
        assert all(e is not None for e in elapsed)
        assert elapsed[0] == 0 and elapsed == sorted(elapsed)
        assert times.resolve_minutes in (None, elapsed[-1])
    else:
        assert times.detect_minutes is None and times.resolve_minutes is None

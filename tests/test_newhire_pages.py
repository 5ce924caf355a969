"""Integration: the new hires' pages of real built sites, every figure checked against values
computed here straight from the stories' front matter (PyYAML and arithmetic, not the package)."""

from __future__ import annotations

import datetime
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Site, story

STORIES = REPO / "stories"
CATEGORY_LABELS = {
    c["slug"]: c["label"]
    for c in yaml.safe_load((REPO / "plugins/warstories/core/vocabulary.yaml").read_text("utf-8"))[
        "categories"
    ]
}


@dataclass
class Front:
    """One story's front matter, read the plain way."""

    path: str
    data: dict

    @property
    def slug(self) -> str:
        return Path(self.path).stem

    @property
    def category(self) -> str:
        return self.data.get("category") or self.path.split("/")[0]

    @property
    def url(self) -> str:
        return self.path.removesuffix(".md") + "/"

    @property
    def date(self) -> str | None:
        value = self.data.get("date")
        return None if value is None else str(value)

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def minutes(self) -> int | None:
        value = (self.data.get("impact") or {}).get("duration")
        if value is None:
            return None
        if isinstance(value, int):
            return value
        units = {"d": 1440, "h": 60, "m": 1}
        return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([dhm])", value))


def read_fronts(root: Path) -> list[Front]:
    fronts = []
    for path in sorted(root.rglob("*.md")):
        text = path.read_text("utf-8")
        data = yaml.safe_load(text.split("---\n")[1])
        if not data.get("draft"):
            fronts.append(Front(path.relative_to(root).as_posix(), data))
    return fronts


def hm(minutes: float) -> str:
    hours, mins = divmod(round(minutes), 60)
    if hours and mins:
        return f"{hours}h{mins:02d}m"
    return f"{hours}h" if hours else f"{mins}m"


def table(page, caption: str) -> dict[str, list[str]]:
    """A table found by its caption, as {first cell: the other cells}."""
    found = page.find("caption", string=caption)
    assert found is not None, f"no table captioned {caption!r}"
    rows = found.find_parent("table").select("tbody tr")
    return {
        r.find(["th", "td"]).get_text(strip=True): [
            c.get_text(strip=True) for c in r.find_all(["th", "td"])[1:]
        ]
        for r in rows
    }


@pytest.fixture(scope="module")
def example(example_build) -> Site:
    return example_build.site


@pytest.fixture(scope="module")
def fronts() -> list[Front]:
    return read_fronts(STORIES)


def test_stats_tables_match_the_front_matter(example, fronts):
    page = example.html("stats/")
    per_category = Counter(f.category for f in fronts)
    assert {k: v[0] for k, v in table(page, "Stories per category").items()} == {
        label: str(per_category[slug]) for slug, label in CATEGORY_LABELS.items()
    }
    years = Counter(f.year or "Undated" for f in fronts)
    assert {k: v[0] for k, v in table(page, "Stories per year").items()} == {
        y: str(n) for y, n in years.items()
    }
    severity = Counter(f.data.get("severity", "Not given") for f in fronts)
    shown = {k: v[0] for k, v in table(page, "Severity mix").items()}
    expected = {"SEV1": "sev1", "SEV2": "sev2", "SEV3": "sev3", "SEV4": "sev4"}
    expected |= {"Near miss": "near-miss", "Not given": "Not given"}
    assert {k: shown[k] for k in shown} == {k: str(severity[v]) for k, v in expected.items()}
    detection = Counter(f.data.get("detection") for f in fronts)
    shown = {k: int(v[0]) for k, v in table(page, "How incidents were detected").items()}
    assert shown["Alert"] == detection["alert"]
    assert shown["Customer report"] == detection["customer-report"]
    assert shown.get("Not recorded", 0) == detection[None]
    assert sum(shown.values()) == len(fronts)
    reasons = Counter(r for f in fronts for r in set(f.data.get("escaped_because", [])))
    shown_reasons = table(page, "Why testing missed them")
    assert {k: int(v[0]) for k, v in shown_reasons.items()}["Real data"] == reasons["real-data"]
    assert sorted(int(v[0]) for v in shown_reasons.values()) == sorted(
        [reasons[r] for r in reasons] + [0] * (9 - len(reasons))
    )
    counts = [int(v[0]) for v in shown_reasons.values()]
    assert counts == sorted(counts, reverse=True)  # most common reason first
    durations: dict[str, list[int]] = {}
    for f in fronts:
        if f.minutes is not None:
            durations.setdefault(f.category, []).append(f.minutes)
    assert table(page, "Median duration per category") == {
        CATEGORY_LABELS[slug]: [hm(statistics.median(values)), str(len(values))]
        for slug, values in durations.items()
    }


def test_stats_charts_are_images_named_for_screen_readers_each_followed_by_its_table(example):
    page = example.html("stats/")
    columns = page.select("figure.ws-chart svg")  # per year and severity: pygal columns
    rows = page.select("figure.ws-chart .ws-bars")  # labelled rows of bars: HTML
    assert (len(columns), len(rows)) == (2, 5)
    for chart in columns + rows:
        assert chart["role"] == "img" and chart["aria-label"].strip()
        assert chart.find("script") is None
        table_after = chart.find_parent("figure").find_next_sibling("table")
        assert table_after is not None and table_after.caption is not None
    assert page.find("script", src=re.compile("pygal|kozea")) is None


def test_rows_of_bars_print_each_label_and_value_with_bars_relative_to_the_largest(example):
    page = example.html("stats/")
    chart = page.select_one("#chart-ws-per-category")
    printed = [
        (row.select_one(".ws-bars__label").get_text(), row.select_one(".ws-bars__value").get_text())
        for row in chart.select(".ws-bars__row")
    ]
    counted = table(page, "Stories per category").items()
    assert printed == [(label, n) for label, (n,) in counted if n != "0"]
    widths = [
        float(re.search(r"width: ([\d.]+)%", bar["style"]).group(1))
        for bar in chart.select(".ws-bars__bar")
    ]
    counts = [int(n) for _, n in printed]
    assert max(widths) == 100.0
    assert widths == [round(100 * c / max(counts), 1) for c in counts]


def test_home_shows_figures_reading_path_categories_and_newest(example, fronts):
    home = example.html("")
    figures = {
        d.dt.get_text(strip=True): d.dd.get_text(strip=True)
        for d in home.select(".ws-figures > div")
    }
    assert figures["Stories"] == str(len(fronts))
    assert figures["Categories with stories"] == str(len({f.category for f in fronts}))
    assert figures["Lessons"] == str(sum(len(f.data.get("lessons", [])) for f in fronts))
    assert figures["Near misses"] == str(sum(f.data.get("severity") == "near-miss" for f in fronts))
    years = sorted(f.year for f in fronts if f.year)
    assert figures["Years covered"] == f"{years[0]}\N{EN DASH}{years[-1]}"
    all_minutes = [f.minutes for f in fronts if f.minutes is not None]
    assert figures["Median duration"] == hm(statistics.median(all_minutes))
    featured = sorted((f for f in fronts if f.data.get("featured")), key=lambda f: f.date)
    assert len(featured) >= 2
    path = home.select("ol.ws-path a.ws-path__title")
    assert [a.get_text() for a in path] == [f.data["title"] for f in featured]
    assert [a["href"] for a in path] == [f.url for f in featured]
    assert len(home.select(".ws-card")) == len(CATEGORY_LABELS)
    newest = sorted(fronts, key=lambda f: (f.date or "", f.slug), reverse=True)[:5]
    assert [a.get_text() for a in home.select("#newest + .ws-list .ws-item__title")] == [
        f.data["title"] for f in newest
    ]


def test_a_newcomer_reaches_every_new_hire_page_from_home_and_the_nav(example):
    home = example.html("")
    nav = {a.get_text(" ", strip=True): a["href"] for a in home.select("nav.md-nav--primary a")}
    for label, url in {
        "Start here": "start-here/",
        "Lessons": "lessons/",
        "Timeline": "timeline/",
        "Stats": "stats/",
    }.items():
        assert nav[label] == url
        assert any(a["href"] == url for a in home.select("article a"))
        assert example.html(url).find("h1").get_text() == label
    assert (example.out / "start-here" / "index.html").is_file()


def test_lessons_page_has_every_lesson_under_its_category_linking_to_its_story(example, fronts):
    page = example.html("lessons/")
    seen = Counter()
    for section in page.select("section.ws-lesson-group"):
        label = section.h2.get_text()
        for item in section.select("li.ws-lesson__text"):
            link = item.find_parent("li", class_="ws-lesson").select_one(".ws-lesson__source a")
            target = (example.out / "lessons" / link["href"] / "index.html").resolve()
            assert target.is_file()
            seen[(label, link["href"], item.get_text())] += 1
    expected = Counter(
        (CATEGORY_LABELS[f.category], "../" + f.url, lesson)
        for f in fronts
        for lesson in f.data.get("lessons", [])
    )
    assert seen == expected


def test_timeline_page_files_each_story_by_year_and_month_with_markers(example, fronts):
    page = example.html("timeline/")
    placed = {}
    for year in page.select("section.ws-year"):
        for item in year.select("li.ws-tl__item"):
            month = item.find_parent("ol").find_previous_sibling("h3").get_text()
            placed[item.select_one(".ws-tl__title").get_text()] = (
                year.h2.get_text(),
                month,
                item.select_one(".ws-marker").get_text(),
            )
    months = ["", "January", "February", "March", "April", "May", "June", "July"]
    months += ["August", "September", "October", "November", "December"]
    expected = {}
    for f in fronts:
        date = f.date
        if date is None:
            where = ("Undated", "Date not known")
        elif len(date) == 4:
            where = (date, f"Sometime in {date}")
        else:
            where = (date[:4], f"{months[int(date[5:7])]} {date[:4]}")
        severity = f.data.get("severity")
        marker = {None: "Severity not given", "near-miss": "Near miss"}.get(severity)
        expected[f.data["title"]] = (*where, marker or str(severity).upper())
    assert placed == expected
    years = [h.get_text() for h in page.select("section.ws-year h2")]
    dated = [y for y in years if y != "Undated"]
    assert dated == sorted(dated, reverse=True)


def test_story_page_shows_timeline_times_actions_chain_and_category_neighbours(example, fronts):
    page = example.html("scale/connection-pool-saturation/")
    times = {d.dt.get_text(): d.dd.get_text() for d in page.select("dl.ws-ttx > div")}
    assert times == {"Time to detect": "13m", "Time to resolve": "41m"}  # 09:18 → 09:31, → 09:59
    steps = page.select("ol.ws-steps li")
    pool = next(f for f in fronts if f.slug == "connection-pool-saturation")
    assert [s.select_one("time").get_text() for s in steps] == [
        t["at"] for t in pool.data["timeline"]
    ]  # clock times are shown as written
    assert "ws-step--detect" in steps[2]["class"]
    status = {"done": "Done", "open": "Open", "wontfix": "Won't fix"}
    actions = [
        (li.select_one(".ws-status").get_text(), li.get_text(" ", strip=True))
        for li in page.select(".ws-actions li")
    ]
    assert actions == [
        (status[a["status"]], f"{status[a['status']]} {a['text']}")
        for a in pool.data["action_items"]
    ]
    chain = page.select_one("section.ws-chain")
    assert chain.h2.get_text() == "This happened again"
    assert chain.find("a", string="The pool alert that paid for itself")["href"] == (
        "../pool-alert-paid-for-itself/"
    )
    scale = sorted(
        (f for f in fronts if f.category == "scale"), key=lambda f: (f.date, f.slug), reverse=True
    )
    here = [f.slug for f in scale].index("connection-pool-saturation")
    pager = page.select_one("nav.ws-pager")
    newer = pager.select_one(".ws-pager__newer")
    older = pager.select_one(".ws-pager__older")
    if here > 0:
        assert newer.select_one(".ws-pager__title").get_text() == scale[here - 1].data["title"]
    else:
        assert newer is None
    if here + 1 < len(scale):
        assert older.select_one(".ws-pager__title").get_text() == scale[here + 1].data["title"]
    else:
        assert older is None
    impact = {d.dt.get_text(): d.dd.get_text(strip=True) for d in page.select(".ws-panel__impact")}
    assert impact == {"Duration": "41m", "Users affected": "310 depots", "Cost": "27,500 GBP"}


def test_a_recurrence_links_back_and_a_near_miss_carries_its_badge(example):
    page = example.html("scale/pool-alert-paid-for-itself/")
    chain = page.select_one("section.ws-chain")
    assert chain.h2.get_text() == "This happened before"
    assert chain.find("a")["href"] == "../connection-pool-saturation/"
    assert chain.select_one("[aria-current=page]").strong.get_text() == (
        "The pool alert that paid for itself"
    )
    assert "Near miss" in page.select_one(".ws-near-miss").get_text()
    assert example.html("scale/connection-pool-saturation/").select_one(".ws-near-miss") is None


def test_category_pages_show_checklist_top_tags_and_categories_that_occur_together(example, fronts):
    for slug in ("scale", "configuration"):
        page = example.html(f"categories/{slug}/")
        assert page.select("ul.ws-checklist li")
        tags = Counter(
            t.lower() for f in fronts if f.category == slug for t in set(f.data.get("tags", []))
        )
        shown = {
            a.contents[0].strip().lower(): int(a.select_one(".ws-tag__count").get_text())
            for a in page.select("#top-tags + ul a.ws-tag")
        }
        ranked = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
        assert shown == dict(ranked)
        together = Counter()
        for f in fronts:
            others = set(f.data.get("contributing", [])) - {f.category}
            if f.category == slug:
                together.update(others)
            elif slug in others:
                together[f.category] += 1
        shown = {
            li.a.get_text(): int(li.select_one(".ws-tag__count").get_text().split()[0])
            for li in page.select("ul.ws-together li")
        }
        assert shown == {CATEGORY_LABELS[k]: v for k, v in together.most_common(8)}


# --- temporary sites --------------------------------------------------------------------------


def test_front_matter_text_stays_text_on_new_hire_pages_and_unsafe_links_are_dropped(make_site):
    site = make_site(
        {
            "scale/x.md": story(
                "<script>alert(1)</script> pool",
                "Desc <img src=x onerror=alert(1)>",
                severity="near-miss",
                date='"2024-02"',
                featured="true",
                lessons='["<b>bold</b> lesson"]',
                timeline='[{at: "10:00", event: "<i>start</i>"}, {at: "10:05", event: "alert fires"}]',
                action_items='[{text: "<u>fix</u>", status: done, link: "javascript:alert(1)"}]',
            ),
            "ml/y.md": story("Model drift", "A model drifted.", impact="{duration: 90}"),
        },
        extra_config="""\
        plugins:
          - warstories:
              categories:
                - {slug: ml, label: "ML <em>models</em>", description: "Models."}
        """,
    )
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    for url in ("", "start-here/", "lessons/", "timeline/", "stats/", "scale/x/"):
        page = site.html(url)
        article = page.select_one("article")
        assert article.find("script") is None, url
        markup = article.find(["b", "i", "u", "em"], string=re.compile("bold|start|fix|models"))
        assert markup is None, url
        assert article.find("img", src="x") is None, url
    assert "<b>bold</b> lesson" in site.html("lessons/").select_one(".ws-lesson__text").get_text()
    story_page = site.html("scale/x/")
    action = story_page.select_one(".ws-actions li")
    assert action.find("a") is None and "<u>fix</u>" in action.get_text()
    stats = site.html("stats/")
    assert table(stats, "Stories per category")["ML <em>models</em>"] == ["1"]
    charts = [c for c in stats.select("figure.ws-chart .ws-bars") if "ML <em>" in c.get_text()]
    assert [c["id"] for c in charts] == ["chart-ws-per-category", "chart-ws-duration"]


def test_a_site_without_featured_dated_or_timed_stories_says_so_and_builds_strict(make_site):
    site = make_site({"time/bare.md": story("Bare", "Only the required keys.")})
    result = site.build("--strict")
    assert result.returncode == 0, result.stderr
    home = site.html("")
    assert "featured: true" in home.select_one("#start-here + .ws-empty").get_text()
    assert site.html("start-here/").select_one(".ws-empty") is not None
    assert site.html("lessons/").select_one(".ws-empty") is not None
    stats = site.html("stats/")
    assert table(stats, "Stories per year") == {"Undated": ["1"]}
    assert "No story gives a duration" in stats.get_text()
    timeline = site.html("timeline/")
    assert [h.get_text() for h in timeline.select("section.ws-year h3")] == ["Date not known"]
    assert site.html("time/bare/").select_one(".ws-incident") is None


def test_drafts_are_left_out_of_every_figure_in_a_build(make_site):
    site = make_site(
        {
            "scale/a.md": story("A", "Published.", lessons='["kept"]', severity="sev2"),
            "scale/b.md": story("B", "Draft.", lessons='["hidden"]', draft="true", featured="true"),
        }
    )
    assert site.build("--strict").returncode == 0
    assert [li.get_text() for li in site.html("lessons/").select(".ws-lesson__text")] == ["kept"]
    figures = {
        d.dt.get_text(strip=True): d.dd.get_text(strip=True)
        for d in site.html("").select(".ws-figures > div")
    }
    assert figures["Stories"] == "1" and figures["Lessons"] == "1"
    assert site.html("").select("ol.ws-path li") == []


DETECT = re.compile(
    r"\b(alerts?|alarms?|paged?|pages|reports?|reported|reporting|notices?|noticed|flags|flagged|"
    r"finds|found|detects?|detected|spots?|spotted|asking|asked|complain\w*)\b",
    re.IGNORECASE,
)  # the rule the README states, written out again here


def _minutes_from_start(ats: list[str]) -> list[float] | None:
    """Minutes since the first entry, for all-clock, all-ISO (UTC) or all-offset timelines."""
    if all(re.fullmatch(r"\d{2}:\d{2}", a) for a in ats):
        values, day = [], 0
        for before, a in zip([None, *ats], ats):
            if before is not None and a < before:
                day += 1440
            values.append(int(a[:2]) * 60 + int(a[3:]) + day)
    elif all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\dZ", a) for a in ats):
        values = [
            datetime.datetime.strptime(a, "%Y-%m-%dT%H:%MZ")
            .replace(tzinfo=datetime.timezone.utc)
            .timestamp()
            / 60
            for a in ats
        ]
    elif all(re.fullmatch(r"T\+\d+m", a) for a in ats):
        values = [int(a[2:-1]) for a in ats]
    else:
        return None
    return [v - values[0] for v in values]


def test_every_story_page_gives_time_to_detect_and_resolve_as_its_timeline_allows(example, fronts):
    checked = 0
    for f in fronts:
        timeline = f.data.get("timeline") or []
        page = example.html(f.url)
        shown = {d.dt.get_text(): d.dd.get_text() for d in page.select("dl.ws-ttx > div")}
        elapsed = _minutes_from_start([t["at"] for t in timeline]) if timeline else None
        if not elapsed or elapsed[-1] <= 0:
            assert shown == {}, f.path
            continue
        expected = {"Time to resolve": hm(elapsed[-1])}
        detect = next((i for i, t in enumerate(timeline) if i and DETECT.search(t["event"])), None)
        if detect is not None:
            expected["Time to detect"] = hm(elapsed[detect])
        assert shown == expected, f.path
        checked += 1
    assert checked >= 10


def test_start_here_lists_the_reading_path_with_each_storys_first_lesson(example, fronts):
    page = example.html("start-here/")
    featured = sorted((f for f in fronts if f.data.get("featured")), key=lambda f: f.date)
    items = page.select("ol.ws-path li")
    assert [li.select_one("a.ws-path__title")["href"] for li in items] == [
        "../" + f.url for f in featured
    ]
    assert [li.select_one(".ws-path__lesson").get_text() for li in items] == [
        f"You will learn: {f.data['lessons'][0]}" for f in featured
    ]


def test_median_time_to_detect_by_method_matches_the_timelines(example, fronts):
    found: dict[str, list[float]] = {}
    for f in fronts:
        timeline = f.data.get("timeline") or []
        elapsed = _minutes_from_start([t["at"] for t in timeline]) if timeline else None
        if not elapsed:
            continue
        detect = next((i for i, t in enumerate(timeline) if i and DETECT.search(t["event"])), None)
        if detect is not None:
            found.setdefault(f.data.get("detection", "not recorded"), []).append(elapsed[detect])
    labels = {"alert": "Alert", "dashboard": "Dashboard", "customer-report": "Customer report"}
    labels |= {"internal-report": "Internal report", "engineer": "An engineer noticed"}
    labels |= {"test": "A test", "audit": "Audit", "vendor": "Vendor"}
    labels |= {"not recorded": "Not recorded"}
    shown = table(example.html("stats/"), "Median time to detect, by how it was found")
    assert shown == {labels[k]: [hm(statistics.median(v)), str(len(v))] for k, v in found.items()}
    assert len(shown) >= 3

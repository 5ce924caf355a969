"""Unit tests of a folder of stories checked together: the catalog and cross-story validation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from warstories import Taxonomy, load_catalog, parse_story
from warstories.core import catalog as catalog_module
from warstories.core.catalog import ParseCache, find_story_files
from warstories.core.model import PartialDate, Story
from warstories.core.validate import RESERVED, cross_check

TAXONOMY = Taxonomy.default()
PNG = b"\x89PNG\r\n\x1a\n"


def story_text(title: str = "A story", description: str = "It broke.", *lines: str) -> str:
    return (
        "---\n"
        + "\n".join([f"title: {title}", f"description: {description}", *lines])
        + ("\n---\nBody.\n")
    )


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    stories = tmp_path / "stories"
    stories.mkdir()
    return stories


def problems_of(catalog, path: str) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.level, p.message) for p in catalog.problems if p.path == path]


def paths(stories) -> list[str]:
    return [s.path for s in stories]


# --------------------------------------------------------------------------- finding files


def test_finds_markdown_files_and_reports_hidden_ones_mkdocs_would_leave_out(root):
    write(root, "scale/a.md", story_text())
    write(root, "time/b.md", story_text())
    write(root, "time/notes.txt", "not a story")
    write(root, "time/.gitkeep", "")
    write(root, ".drafts/c.md", story_text())
    write(root, "scale/.hidden.md", story_text())
    found, problems = find_story_files(root)
    assert found == ["scale/a.md", "time/b.md"]
    assert [(p.path, p.level) for p in problems] == [
        (".drafts/c.md", "error"),
        ("scale/.hidden.md", "error"),
    ]
    assert "move it out of the hidden folder .drafts/" in problems[0].message
    assert "rename it to hidden.md" in problems[1].message


def test_empty_folder(root):
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.stories == ()
    assert catalog.problems == ()
    assert catalog.found == 0
    assert catalog.summary() == "0 stories found: 0 published, 0 drafts, 0 with errors, 0 warnings"


# --------------------------------------------------------------------------- drafts


def test_drafts_are_excluded_by_default(root):
    write(root, "scale/published.md", story_text("Published"))
    write(root, "scale/draft.md", story_text("Draft", "D.", "draft: true"))
    catalog = load_catalog(root, TAXONOMY)
    assert paths(catalog.stories) == ["scale/published.md"]
    assert paths(catalog.drafts) == ["scale/draft.md"]
    assert catalog.get("draft") is None
    assert catalog.problems == ()
    assert catalog.summary() == "2 stories found: 1 published, 1 drafts, 0 with errors, 0 warnings"


def test_drafts_are_included_on_request(root):
    write(root, "scale/published.md", story_text("Published"))
    write(root, "scale/draft.md", story_text("Draft", "D.", "draft: true"))
    catalog = load_catalog(root, TAXONOMY, include_drafts=True)
    assert sorted(paths(catalog.stories)) == ["scale/draft.md", "scale/published.md"]
    assert catalog.drafts == ()
    assert catalog.get("draft").draft is True
    assert catalog.summary() == "2 stories found: 1 published, 1 drafts, 0 with errors, 0 warnings"


def test_broken_draft_is_reported_and_not_listed(root):
    write(root, "scale/draft.md", story_text("Draft", "D.", "draft: true", "severity: sev9"))
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.stories == ()
    assert catalog.drafts == ()
    assert catalog.broken_paths == ("scale/draft.md",)


# --------------------------------------------------------------------------- slugs


def test_duplicate_slug_across_folders_is_an_error_on_the_second(root):
    write(root, "scale/disk-full.md", story_text("First"))
    write(root, "time/disk-full.md", story_text("Second"))
    catalog = load_catalog(root, TAXONOMY)
    assert problems_of(catalog, "scale/disk-full.md") == []
    [(line, level, message)] = problems_of(catalog, "time/disk-full.md")
    assert (line, level) == (None, "error")
    assert message == (
        "the slug `disk-full` is already used by scale/disk-full.md: rename one of the files"
    )
    assert paths(catalog.stories) == ["scale/disk-full.md"]
    assert catalog.get("disk-full").title == "First"
    assert catalog.broken_paths == ("time/disk-full.md",)


def test_duplicate_slug_differing_only_in_case(root):
    write(root, "scale/Disk-Full.md", story_text("First"))
    write(root, "time/disk-full.md", story_text("Second"))
    catalog = load_catalog(root, TAXONOMY)
    [(_, level, message)] = problems_of(catalog, "time/disk-full.md")
    assert level == "error"
    assert "already used by scale/Disk-Full.md" in message
    assert paths(catalog.stories) == ["scale/Disk-Full.md"]


def test_three_stories_with_one_slug(root):
    for folder in ("scale", "time", "hardware"):
        write(root, f"{folder}/same.md", story_text(folder))
    catalog = load_catalog(root, TAXONOMY)
    # sorted by path: hardware/ comes first and keeps the slug
    assert paths(catalog.stories) == ["hardware/same.md"]
    assert catalog.broken_paths == ("scale/same.md", "time/same.md")
    for path in catalog.broken_paths:
        [(_, _, message)] = problems_of(catalog, path)
        assert "already used by hardware/same.md" in message


# --------------------------------------------------------------------------- links between stories


def test_related_and_recurrence_of_unknown_slugs_warn(root):
    write(root, "scale/disk-full.md", story_text("Disk"))
    write(
        root,
        "scale/inodes.md",
        story_text("Inodes", "D.", "related: [disk-full, nope-nothing]", "recurrence_of: disk-ful"),
    )
    catalog = load_catalog(root, TAXONOMY)
    assert problems_of(catalog, "scale/inodes.md") == [
        (
            4,
            "warning",
            "related: no story has the slug `nope-nothing`; use the file name without .md",
        ),
        (
            5,
            "warning",
            "recurrence_of: no story has the slug `disk-ful`; did you mean `disk-full`?",
        ),
    ]
    # warnings do not keep a story off the site
    assert sorted(paths(catalog.stories)) == ["scale/disk-full.md", "scale/inodes.md"]
    assert catalog.errors == ()
    assert len(catalog.warnings) == 2


def test_known_related_slugs_do_not_warn(root):
    write(root, "scale/a.md", story_text("A", "D.", "related: [b]", "recurrence_of: b"))
    write(root, "time/b.md", story_text("B", "D.", "related: [a]"))
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.problems == ()
    assert catalog.get("a").related == ("b",)
    assert catalog.get("a").recurrence_of == "b"


def test_related_to_a_broken_story_warns(root):
    write(root, "scale/a.md", story_text("A", "D.", "related: [b]"))
    write(root, "scale/b.md", "---\ntitle: B\n---\n")  # no description: not a story
    catalog = load_catalog(root, TAXONOMY)
    assert [(line, level) for line, level, _ in problems_of(catalog, "scale/a.md")] == [
        (4, "warning")
    ]


# --------------------------------------------------------------------------- images


def test_missing_image_file_is_an_error_at_the_image_line(root):
    write(root, "scale/a.md", story_text("A", "D.", "image: missing.png", "imagealt: A graph"))
    catalog = load_catalog(root, TAXONOMY)
    assert problems_of(catalog, "scale/a.md") == [
        (
            4,
            "error",
            "image: images/missing.png is not in the stories folder: add the file or fix the name",
        )
    ]
    assert catalog.stories == ()
    assert catalog.broken_paths == ("scale/a.md",)


def test_present_image_is_accepted(root):
    write(root, "images/graph.png", PNG)
    write(root, "scale/pics/local.png", PNG)
    write(root, "scale/a.md", story_text("A", "D.", "image: graph.png", "imagealt: A graph"))
    write(root, "scale/b.md", story_text("B", "D.", "image: pics/local.png", "imagealt: Local"))
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.problems == ()
    assert catalog.get("a").image == "images/graph.png"
    assert catalog.get("b").image == "scale/pics/local.png"


def test_image_that_is_a_folder_is_an_error(root):
    (root / "images" / "graph.png").mkdir(parents=True)
    write(root, "scale/a.md", story_text("A", "D.", "image: graph.png", "imagealt: A graph"))
    catalog = load_catalog(root, TAXONOMY)
    assert [(line, level) for line, level, _ in problems_of(catalog, "scale/a.md")] == [
        (4, "error")
    ]


def test_image_symlink_leading_outside_is_refused(root, tmp_path):
    secret = write(tmp_path / "outside", "secret.png", PNG)
    (root / "images").mkdir()
    os.symlink(secret, root / "images" / "graph.png")
    write(root, "scale/a.md", story_text("A", "D.", "image: graph.png", "imagealt: A graph"))
    catalog = load_catalog(root, TAXONOMY)
    [(line, level, message)] = problems_of(catalog, "scale/a.md")
    assert (line, level) == (4, "error")
    assert "images/graph.png is not in the stories folder" in message
    assert catalog.stories == ()


# --------------------------------------------------------------------------- reserved folders


@pytest.mark.parametrize("folder", ["tags", "categories", "lessons", "timeline", "search"])
def test_story_in_a_reserved_folder_is_an_error(root, folder):
    write(root, f"{folder}/my-story.md", story_text("A", "D.", "category: scale"))
    write(root, "scale/fine.md", story_text("Fine"))
    catalog = load_catalog(root, TAXONOMY)
    assert problems_of(catalog, f"{folder}/my-story.md") == [
        (
            None,
            "error",
            f"`{folder}` is where the site's own pages live: move the story into a category folder",
        )
    ]
    assert paths(catalog.stories) == ["scale/fine.md"]


def test_reserved_names_cover_the_generated_pages():
    assert {"tags", "categories", "lessons", "timeline", "stats", "search", "index.md"} <= RESERVED


def test_story_named_like_a_reserved_page_at_the_top_is_an_error(root):
    write(root, "index.md", story_text("Home", "D.", "category: scale"))
    catalog = load_catalog(root, TAXONOMY)
    assert [level for _, level, _ in problems_of(catalog, "index.md")] == ["error"]
    assert catalog.stories == ()


# --------------------------------------------------------------------------- symlinks


def test_symlink_leading_outside_is_refused(root, tmp_path):
    outside = write(tmp_path / "elsewhere", "secret.md", story_text("Secret"))
    (root / "scale").mkdir()
    os.symlink(outside, root / "scale" / "secret.md")
    write(root, "scale/fine.md", story_text("Fine"))
    catalog = load_catalog(root, TAXONOMY)
    assert problems_of(catalog, "scale/secret.md") == [
        (
            None,
            "error",
            "this link leads outside the stories folder and is refused: copy the file in instead",
        )
    ]
    assert paths(catalog.stories) == ["scale/fine.md"]
    assert all(s.title != "Secret" for s in catalog.stories)
    assert catalog.found == 2
    assert catalog.summary() == "2 stories found: 1 published, 0 drafts, 1 with errors, 0 warnings"


def test_symlinked_folder_leading_outside_publishes_nothing(root, tmp_path):
    write(tmp_path / "elsewhere", "secret.md", story_text("Secret", "D.", "category: scale"))
    os.symlink(tmp_path / "elsewhere", root / "scale", target_is_directory=True)
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.stories == ()
    assert all(s.title != "Secret" for s in catalog.drafts)


def test_symlink_inside_the_folder_is_accepted(root):
    write(root, "scale/original.md", story_text("Original"))
    os.symlink(root / "scale" / "original.md", root / "time-copy.md")
    write(root, "time/x.md", story_text("X"))
    found, problems = find_story_files(root)
    assert "time-copy.md" in found
    assert problems == []


# --------------------------------------------------------------------------- problems and counts


def test_broken_story_is_left_out_and_its_problems_kept(root):
    write(root, "scale/good.md", story_text("Good"))
    write(root, "scale/bad.md", "---\ntitle: Bad\ncategory: scael\ndate: 2023-13\n---\n")
    catalog = load_catalog(root, TAXONOMY)
    assert paths(catalog.stories) == ["scale/good.md"]
    assert catalog.broken_paths == ("scale/bad.md",)
    assert [(line, level) for line, level, _ in problems_of(catalog, "scale/bad.md")] == [
        (1, "error"),
        (3, "error"),
        (4, "error"),
    ]


def test_problems_are_sorted_by_path_then_line(root):
    write(root, "time/b.md", story_text("B", "D.", "catgory: x", "severity: sev9"))
    write(root, "scale/a.md", story_text("A", "D.", "tags: [on]", "lessons: [a, b, c, d, e, f]"))
    catalog = load_catalog(root, TAXONOMY)
    keys = [(p.path, p.line or 0) for p in catalog.problems]
    assert keys == sorted(keys)
    assert [p.path for p in catalog.problems] == [
        "scale/a.md",
        "scale/a.md",
        "time/b.md",
        "time/b.md",
    ]


def test_summary_counts(root, tmp_path):
    write(root, "scale/a.md", story_text("A", "D.", "date: 2021"))
    write(root, "scale/b.md", story_text("B", "D.", "tags: [on]"))  # one warning
    write(root, "scale/c.md", story_text("C", "D.", "draft: true"))
    write(root, "scale/d.md", story_text("D", "D.", "draft: true"))
    write(root, "scale/broken.md", "no front matter\n")
    write(root, "time/a.md", story_text("Duplicate"))  # error: slug `a` taken
    catalog = load_catalog(root, TAXONOMY)
    assert catalog.found == 6
    assert catalog.summary() == "6 stories found: 2 published, 2 drafts, 2 with errors, 1 warnings"
    with_drafts = load_catalog(root, TAXONOMY, include_drafts=True)
    assert with_drafts.summary() == (
        "6 stories found: 2 published, 2 drafts, 2 with errors, 1 warnings"
    )


def test_errors_and_warnings_split(root):
    write(root, "scale/a.md", story_text("A", "D.", "tags: [on]", "severity: sev9"))
    catalog = load_catalog(root, TAXONOMY)
    assert [p.level for p in catalog.errors] == ["error"]
    assert [p.level for p in catalog.warnings] == ["warning"]


def test_only_limits_the_files_parsed(root):
    write(root, "scale/a.md", story_text("A"))
    write(root, "scale/b.md", story_text("B"))
    write(root, "scale/broken.md", "nothing\n")
    catalog = load_catalog(root, TAXONOMY, only=["scale/a.md"])
    assert paths(catalog.stories) == ["scale/a.md"]
    assert catalog.problems == ()
    assert catalog.found == 1


# --------------------------------------------------------------------------- lookups


def test_newest_first_ordering_with_undated_last(root):
    write(root, "scale/y2021.md", story_text("A", "D.", "date: 2021"))
    write(root, "scale/may.md", story_text("B", "D.", "date: 2023-05"))
    write(root, "scale/may-second.md", story_text("C", "D.", "date: 2023-05-02"))
    write(root, "scale/undated.md", story_text("D"))
    write(root, "time/dec-2022.md", story_text("E", "D.", 'date: "2022-12-31"'))
    catalog = load_catalog(root, TAXONOMY)
    assert [s.slug for s in catalog.stories] == [
        "may-second",
        "may",
        "dec-2022",
        "y2021",
        "undated",
    ]
    assert catalog.stories[0].date == PartialDate(2023, 5, 2)


def test_by_year(root):
    write(root, "scale/a.md", story_text("A", "D.", "date: 2021-03"))
    write(root, "scale/b.md", story_text("B", "D.", "date: 2023"))
    write(root, "scale/c.md", story_text("C"))
    write(root, "time/d.md", story_text("D", "D.", "date: 2023-01-01"))
    years = load_catalog(root, TAXONOMY).by_year()
    assert list(years) == [2023, 2021, None]
    assert sorted(s.slug for s in years[2023]) == ["b", "d"]
    assert [s.slug for s in years[None]] == ["c"]


def test_by_category_lists_every_category(root):
    write(root, "scale/a.md", story_text("A"))
    write(root, "b.md", story_text("B", "D.", "category: oom"))
    write(root, "time/c.md", story_text("C"))
    groups = load_catalog(root, TAXONOMY).by_category()
    assert list(groups) == list(TAXONOMY.slugs)
    assert sorted(s.slug for s in groups["scale"]) == ["a", "b"]
    assert [s.slug for s in groups["time"]] == ["c"]
    assert groups["hardware"] == ()


def test_tags_grouped_by_slug_with_first_seen_label(root):
    write(root, "scale/new.md", story_text("New", "D.", "date: 2024", "tags: [PostgreSQL, DNS]"))
    write(
        root,
        "scale/mid.md",
        story_text("Mid", "D.", "date: 2023", "tags: [postgresql, Disk Space]"),
    )
    write(
        root,
        "scale/old.md",
        story_text("Old", "D.", "date: 2020", "tags: [POSTGRESQL, disk space]"),
    )
    tags = load_catalog(root, TAXONOMY).tags()
    # most used first, then by slug
    assert list(tags) == ["postgresql", "disk-space", "dns"]
    postgres = tags["postgresql"]
    assert postgres.slug == "postgresql"
    assert postgres.label == "PostgreSQL"  # the newest story is seen first
    assert [s.slug for s in postgres.stories] == ["new", "mid", "old"]
    assert tags["disk-space"].label == "Disk Space"
    assert [s.slug for s in tags["disk-space"].stories] == ["mid", "old"]
    assert tags["dns"].label == "DNS"


def test_tags_list_a_story_once_when_two_spellings_share_a_slug(root):
    write(root, "scale/a.md", story_text("A", "D.", "tags: [Postgres, postgres]"))
    tags = load_catalog(root, TAXONOMY).tags()
    assert list(tags) == ["postgres"]
    assert [s.slug for s in tags["postgres"].stories] == ["a"]


def test_tags_leave_out_drafts(root):
    write(root, "scale/a.md", story_text("A", "D.", "tags: [dns]"))
    write(root, "scale/b.md", story_text("B", "D.", "tags: [secret-project]", "draft: true"))
    assert list(load_catalog(root, TAXONOMY).tags()) == ["dns"]
    assert set(load_catalog(root, TAXONOMY, include_drafts=True).tags()) == {
        "dns",
        "secret-project",
    }


# --------------------------------------------------------------------------- the parse cache


def test_parse_cache_returns_the_cached_result_for_unchanged_bytes():
    cache = ParseCache()
    data = story_text("Cached").encode()
    first = cache.parse("scale/a.md", data, TAXONOMY)
    again = cache.parse("scale/a.md", bytes(data), TAXONOMY)
    assert again is first
    assert first.story.title == "Cached"


def test_parse_cache_reparses_changed_bytes():
    cache = ParseCache()
    first = cache.parse("scale/a.md", story_text("Before").encode(), TAXONOMY)
    second = cache.parse("scale/a.md", story_text("After").encode(), TAXONOMY)
    assert second is not first
    assert second.story.title == "After"


def test_parse_cache_keys_on_path_and_taxonomy():
    cache = ParseCache()
    data = story_text("Same").encode()
    a = cache.parse("scale/a.md", data, TAXONOMY)
    b = cache.parse("time/a.md", data, TAXONOMY)
    assert b is not a
    assert (a.story.category, b.story.category) == ("scale", "time")
    other = TAXONOMY.extended([{"slug": "ml-models"}])
    assert cache.parse("scale/a.md", data, other) is not a
    assert cache.parse("scale/a.md", data, Taxonomy.default()) is a  # an equal taxonomy


def test_parse_cache_keep_only_drops_other_paths():
    cache = ParseCache()
    a = cache.parse("scale/a.md", story_text("A").encode(), TAXONOMY)
    b = cache.parse("scale/b.md", story_text("B").encode(), TAXONOMY)
    cache.keep_only(["scale/a.md"])
    assert cache.parse("scale/a.md", story_text("A").encode(), TAXONOMY) is a
    assert cache.parse("scale/b.md", story_text("B").encode(), TAXONOMY) is not b


def test_load_catalog_parses_only_changed_files_with_a_cache(root, monkeypatch):
    calls: list[str] = []

    def counting(path, data, taxonomy):
        calls.append(path)
        return parse_story(path, data, taxonomy)

    monkeypatch.setattr(catalog_module, "parse_story", counting)
    write(root, "scale/a.md", story_text("A"))
    write(root, "scale/b.md", story_text("B"))
    cache = ParseCache()
    first = load_catalog(root, TAXONOMY, cache=cache)
    assert sorted(calls) == ["scale/a.md", "scale/b.md"]

    calls.clear()
    write(root, "scale/b.md", story_text("B changed"))
    second = load_catalog(root, TAXONOMY, cache=cache)
    assert calls == ["scale/b.md"]
    assert second.get("a") is first.get("a")
    assert second.get("b").title == "B changed"

    calls.clear()
    (root / "scale" / "b.md").unlink()
    third = load_catalog(root, TAXONOMY, cache=cache)
    assert calls == []
    assert paths(third.stories) == ["scale/a.md"]


# --------------------------------------------------------------------------- cross_check alone


def _story(path: str, **fields) -> Story:
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    return Story(path=path, slug=slug, title="T", description="D", category="scale", **fields)


def test_cross_check_uses_the_exists_callback_for_images():
    asked: list[str] = []

    def exists(rel: str) -> bool:
        asked.append(rel)
        return rel == "images/there.png"

    stories = [
        _story("scale/a.md", image="images/there.png", key_lines={"image": 4}),
        _story("scale/b.md", image="images/gone.png", key_lines={"image": 7}),
    ]
    problems = cross_check(stories, exists)
    assert sorted(asked) == ["images/gone.png", "images/there.png"]
    assert [(p.path, p.line, p.level) for p in problems] == [("scale/b.md", 7, "error")]


def test_cross_check_is_independent_of_input_order():
    stories = [_story("time/x.md"), _story("scale/x.md")]
    [problem] = cross_check(stories, lambda rel: True)
    assert problem.path == "time/x.md"
    assert "already used by scale/x.md" in problem.message


def test_cross_check_line_is_none_without_key_lines():
    [problem] = cross_check([_story("scale/a.md", related=("zzz",))], lambda rel: True)
    assert (problem.line, problem.level) == (None, "warning")

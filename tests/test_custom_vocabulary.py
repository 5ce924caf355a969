"""A site's own `categories:` merge into the vocabulary, and unknown words get useful answers."""

from __future__ import annotations

import shutil

from conftest import run_cmd, story
from warstories.core.parse import parse_story
from warstories.core.taxonomy import Taxonomy

WARSTORIES = shutil.which("warstories") or "warstories"
DEFAULT = Taxonomy.default()


def test_an_entry_for_an_existing_category_overrides_only_the_keys_it_gives():
    merged = DEFAULT.extended([{"slug": "scale", "label": "Big stuff"}])
    scale, before = merged["scale"], DEFAULT["scale"]
    assert scale.label == "Big stuff"
    assert (scale.description, scale.why) == (before.description, before.why)
    assert scale.aliases == before.aliases and merged.resolve("oom").value == "scale"
    assert scale.prevention == before.prevention and len(scale.prevention) == 3
    assert scale.keywords == before.keywords
    assert merged.slugs == DEFAULT.slugs


def test_a_key_given_replaces_that_key_even_when_empty():
    merged = DEFAULT.extended([{"slug": "scale", "aliases": []}])
    assert merged["scale"].aliases == ()
    assert merged["scale"].label == DEFAULT["scale"].label


def test_the_site_shows_the_new_label_with_the_default_description_and_checklist(make_site):
    site = make_site({"scale/a.md": story()})
    # the base config already lists the plugin: rewrite it with the option
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "plugins:\n  - warstories\n",
            "plugins:\n  - warstories:\n      categories:\n        - {slug: scale, label: Big stuff}\n",
        ),
        "utf-8",
    )
    build = site.build("--strict")
    assert build.returncode == 0, build.stderr
    page = site.html("categories/scale/")
    assert page.find("h1").get_text(strip=True) == "Big stuff"
    assert DEFAULT["scale"].description in page.get_text()
    checklist = page.find(id="prevention").find_next("ul")
    assert [li.get_text(strip=True) for li in checklist.find_all("li")] == list(
        DEFAULT["scale"].prevention
    )


def test_an_unknown_contributing_category_keeps_the_story_published(make_site):
    site = make_site({"scale/a.md": story(contributing="[cascade-failure]")})
    check = run_cmd([WARSTORIES, "check"], site.root)
    assert check.returncode == 0, check.stdout
    assert (
        "stories/scale/a.md:4: warning: contributing: unknown category 'cascade-failure', left "
        "out; did you mean `cascades`? (categories: configuration, deployment, scale, "
    ) in check.stdout
    build = site.build()
    assert (site.out / "scale" / "a" / "index.html").exists(), build.stderr


def test_cascades_is_never_said_to_be_close_to_scale():
    without = Taxonomy.from_data(
        {"categories": [{"slug": s} for s in DEFAULT.slugs if s != "cascades"]}
    )
    assert "scale" not in without.resolve("cascades").suggestions
    parsed = parse_story(
        "scale/x.md", b"---\ntitle: t\ndescription: d\nescaped_because: [cascades]\n---\n", DEFAULT
    )
    [problem] = parsed.problems
    assert "did you mean" not in problem.message
    assert "'cascades' is a failure category: list it under `contributing:`" in problem.message


def test_near_misses_still_get_their_suggestion():
    assert DEFAULT.resolve("scael").suggestions == ("scale",)
    assert DEFAULT.resolve("casades").suggestions == ("cascades",)
    assert DEFAULT.resolve("cascade-failure").suggestions == ("cascades",)
    assert DEFAULT.resolve("retry-storms").suggestions == ("cascades",)

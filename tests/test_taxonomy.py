"""Unit tests of the failure taxonomy, the closed vocabularies and the site settings reader."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from warstories import Category, Taxonomy
from warstories.core.settings import load_taxonomy, read_site
from warstories.core.taxonomy import (
    ACTION_STATUSES,
    DETECTIONS,
    ESCAPE_REASONS,
    SEVERITIES,
    Resolution,
    did_you_mean,
    lookup,
    normalise,
)

# The default categories (docs/schema.md), in their order.
TAXONOMY_SLUGS = (
    "configuration",
    "deployment",
    "scale",
    "concurrency",
    "consistency",
    "real-data",
    "time",
    "environment",
    "dependencies",
    "cascades",
    "error-handling",
    "automation",
    "hardware",
    "security",
)

# Aliases the default vocabulary accepts.
TAXONOMY_ALIASES = {
    "config": "configuration",
    "feature-flag": "configuration",
    "deploy": "deployment",
    "migration": "deployment",
    "rollback": "deployment",
    "capacity": "scale",
    "oom": "scale",
    "load": "scale",
    "race": "concurrency",
    "race-condition": "concurrency",
    "deadlock": "concurrency",
    "eventual-consistency": "consistency",
    "replication": "consistency",
    "data": "real-data",
    "bad-data": "real-data",
    "edge-case": "real-data",
    "dst": "time",
    "timezone": "time",
    "clock": "time",
    "certificate": "time",
    "env": "environment",
    "staging": "environment",
    "vendor": "dependencies",
    "third-party": "dependencies",
    "cloud": "dependencies",
    "retry-storm": "cascades",
    "overload": "cascades",
    "errors": "error-handling",
    "timeout": "error-handling",
    "tooling": "automation",
    "runbook": "automation",
    "infra": "hardware",
    "power": "hardware",
    "datacenter": "hardware",
    "auth": "security",
    "permissions": "security",
}


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


# --------------------------------------------------------------------------- the default taxonomy


def test_default_has_the_taxonomy_categories_in_order(taxonomy):
    assert taxonomy.slugs == TAXONOMY_SLUGS
    assert [c.slug for c in taxonomy.categories] == list(TAXONOMY_SLUGS)


def test_default_has_no_catch_all(taxonomy):
    for word in ("other", "misc", "uncategorized", "general"):
        assert taxonomy.get(word) is None
        assert taxonomy.resolve(word).value is None


def test_every_category_is_described(taxonomy):
    for category in taxonomy.categories:
        assert category.label, category.slug
        assert category.description, category.slug
        assert category.why, category.slug
        assert category.prevention, category.slug


def test_labels_are_taken_from_taxonomy(taxonomy):
    assert taxonomy["scale"].label == "Scale & resource exhaustion"
    assert taxonomy["error-handling"].label == "Failure paths & error handling"
    assert taxonomy["configuration"].label == "Misconfiguration & feature flags"


def test_get_and_getitem(taxonomy):
    assert taxonomy.get("time") is taxonomy["time"]
    assert isinstance(taxonomy["time"], Category)
    assert taxonomy.get("nope") is None
    with pytest.raises(KeyError):
        taxonomy["nope"]


def test_aliases_are_unique_and_never_shadow_a_slug(taxonomy):
    seen: dict[str, str] = {}
    for category in taxonomy.categories:
        for alias in category.aliases:
            key = normalise(alias)
            assert key not in taxonomy.slugs, alias
            assert key not in seen, (alias, seen.get(key), category.slug)
            seen[key] = category.slug


@pytest.mark.parametrize(("alias", "slug"), sorted(TAXONOMY_ALIASES.items()))
def test_taxonomy_aliases_resolve(taxonomy, alias, slug):
    found = taxonomy.resolve(alias)
    assert found.value == slug
    assert found.note == f"category {alias!r} is an alias of {slug!r}"
    assert found.suggestions == ()


@pytest.mark.parametrize("slug", TAXONOMY_SLUGS)
def test_slugs_resolve_to_themselves_without_a_note(taxonomy, slug):
    assert taxonomy.resolve(slug) == Resolution(slug, None, ())


# --------------------------------------------------------------------------- resolving words


@pytest.mark.parametrize(
    ("word", "slug"),
    [
        ("SCALE", "scale"),
        ("Scale", "scale"),
        ("  scale  ", "scale"),
        ("Real Data", "real-data"),
        ("real_data", "real-data"),
        ("ERROR_HANDLING", "error-handling"),
        ("Error   Handling", "error-handling"),
    ],
)
def test_case_spaces_and_underscores_are_forgiven(taxonomy, word, slug):
    found = taxonomy.resolve(word)
    assert found.value == slug
    assert found.note == f"read {word!r} as {slug!r}"


@pytest.mark.parametrize(
    ("word", "slug"),
    [("OOM", "scale"), ("Race Condition", "concurrency"), ("race_condition", "concurrency")],
)
def test_aliases_in_any_case(taxonomy, word, slug):
    found = taxonomy.resolve(word)
    assert found.value == slug
    assert "is an alias of" in found.note


def test_labels_resolve(taxonomy):
    found = taxonomy.resolve("Scale & resource exhaustion")
    assert found.value == "scale"
    assert found.note == "read 'Scale & resource exhaustion' as 'scale'"
    assert taxonomy.resolve("time, dates & expiry").value == "time"


@pytest.mark.parametrize(
    ("word", "suggestion"),
    [
        ("consistncy", "consistency"),
        ("scael", "scale"),
        ("hardwre", "hardware"),
        ("deploymnet", "deployment"),
        ("timezon", "time"),  # close to an alias: the suggestion is the alias's slug
        ("race-condtion", "concurrency"),
    ],
)
def test_unknown_words_get_suggestions(taxonomy, word, suggestion):
    found = taxonomy.resolve(word)
    assert found.value is None
    assert found.note is None
    assert found.suggestions[0] == suggestion


def test_suggestions_are_slugs_without_repeats_and_at_most_three(taxonomy):
    names = list(taxonomy.slugs) + [a for c in taxonomy.categories for a in c.aliases]
    for word in ["conf", "dat", "time-zone-x", "deploys-x", "race-x", "error", *names]:
        found = taxonomy.resolve(word + "q")
        assert len(found.suggestions) <= 3
        assert len(set(found.suggestions)) == len(found.suggestions)
        assert set(found.suggestions) <= set(taxonomy.slugs)


def test_unknown_word_without_a_close_match(taxonomy):
    assert taxonomy.resolve("xyzzy") == Resolution(None, None, ())


def test_empty_word_is_unknown(taxonomy):
    assert taxonomy.resolve("").value is None
    assert taxonomy.resolve("   ").value is None


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Scale", "scale"),
        ("  Real Data ", "real-data"),
        ("error_handling", "error-handling"),
        ("Race   Condition", "race-condition"),
        ("near-miss", "near-miss"),
        ("", ""),
    ],
)
def test_normalise(word, expected):
    assert normalise(word) == expected


def test_did_you_mean_orders_by_closeness():
    assert did_you_mean("alrt", DETECTIONS) == ("alert",)
    assert did_you_mean("Customer Reprt", DETECTIONS) == ("customer-report",)
    assert did_you_mean("zzzz", DETECTIONS) == ()


def test_did_you_mean_respects_n():
    assert len(did_you_mean("sev0", SEVERITIES, n=2)) <= 2
    assert did_you_mean("sev0", SEVERITIES, n=1) == ("sev1",)


def test_lookup_exact_case_and_unknown():
    assert lookup("sev1", SEVERITIES) == Resolution("sev1", None, ())
    assert lookup("SEV1", SEVERITIES) == Resolution("sev1", "read 'SEV1' as 'sev1'", ())
    assert lookup("Near Miss", SEVERITIES).value == "near-miss"
    unknown = lookup("nearmiss", SEVERITIES)
    assert unknown.value is None
    assert unknown.suggestions == ("near-miss",)


def test_closed_vocabularies_match_taxonomy():
    assert SEVERITIES == ("sev1", "sev2", "sev3", "sev4", "near-miss")
    assert set(DETECTIONS) == {
        "alert",
        "dashboard",
        "customer-report",
        "internal-report",
        "engineer",
        "test",
        "audit",
        "vendor",
    }
    assert set(ESCAPE_REASONS) == {
        "scale",
        "environment",
        "concurrency",
        "real-data",
        "config",
        "third-party",
        "timing",
        "rare-path",
        "no-test",
    }
    assert ACTION_STATUSES == ("open", "done", "wontfix")


# --------------------------------------------------------------------------- building taxonomies


def test_from_data_fills_defaults():
    taxonomy = Taxonomy.from_data(
        {"categories": [{"slug": "Cache Misses", "aliases": ["cold-cache", 42]}]}
    )
    category = taxonomy["cache-misses"]
    assert category.label == "Cache misses"
    assert category.description == ""
    assert category.why == ""
    assert category.aliases == ("cold-cache", "42")
    assert category.prevention == ()
    assert taxonomy.resolve("Cold Cache").value == "cache-misses"


def test_from_data_without_categories_is_empty():
    assert Taxonomy.from_data({}).slugs == ()
    assert Taxonomy.from_data({"categories": None}).slugs == ()


@pytest.mark.parametrize("entry", [{"label": "No slug"}, "scale", None])
def test_from_data_needs_a_slug(entry):
    with pytest.raises(ValueError, match="each category needs a slug"):
        Taxonomy.from_data({"categories": [entry]})


@pytest.mark.parametrize("slug", [None, "", "   "])
def test_from_data_refuses_an_empty_slug(slug):
    with pytest.raises(ValueError):
        Taxonomy.from_data({"categories": [{"slug": slug}]})


def test_from_data_with_a_repeated_slug_is_refused_or_merged():
    data = {"categories": [{"slug": "scale"}, {"slug": "Scale", "label": "Again"}]}
    try:
        taxonomy = Taxonomy.from_data(data)
    except ValueError:
        return
    assert len(taxonomy.categories) == len(taxonomy.slugs)


def test_extended_adds_and_replaces_in_place(taxonomy):
    extended = taxonomy.extended(
        [
            {"slug": "scale", "label": "Big things", "aliases": ["huge"]},
            {"slug": "ml-models", "label": "Model drift"},
        ]
    )
    assert extended.slugs == (*TAXONOMY_SLUGS, "ml-models")  # replaced kept its place
    assert extended["scale"].label == "Big things"
    assert extended.resolve("huge").value == "scale"
    assert extended.resolve("oom").value is None  # the replaced entry's aliases are gone
    assert extended.resolve("Model drift").value == "ml-models"
    # the original is unchanged
    assert taxonomy["scale"].label == "Scale & resource exhaustion"
    assert "ml-models" not in taxonomy.slugs


def test_taxonomies_are_hashable_and_compare_by_categories(taxonomy):
    again = Taxonomy.default()
    assert again == taxonomy
    assert hash(again) == hash(taxonomy)
    other = taxonomy.extended([{"slug": "ml-models"}])
    assert other != taxonomy
    assert len({taxonomy, again, other}) == 2


# --------------------------------------------------------------------------- settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def test_load_taxonomy_default_and_extra():
    assert load_taxonomy().slugs == TAXONOMY_SLUGS
    extended = load_taxonomy(None, [{"slug": "ml-models"}])
    assert extended.slugs[-1] == "ml-models"


def test_load_taxonomy_from_a_vocabulary_file(tmp_path):
    vocab = write(
        tmp_path / "vocab.yaml",
        """\
        categories:
          - slug: outages
            label: Outages
            aliases: [down]
          - slug: slowness
        """,
    )
    taxonomy = load_taxonomy(vocab, [{"slug": "security"}])
    assert taxonomy.slugs == ("outages", "slowness", "security")
    assert taxonomy.resolve("down").value == "outages"
    assert taxonomy.resolve("oom").value is None


def test_load_taxonomy_missing_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read the vocabulary"):
        load_taxonomy(tmp_path / "nope.yaml")


def test_load_taxonomy_bad_yaml(tmp_path):
    vocab = write(tmp_path / "vocab.yaml", "categories: [\n")
    with pytest.raises(ValueError, match="cannot read the vocabulary"):
        load_taxonomy(vocab)


def test_load_taxonomy_not_a_mapping(tmp_path):
    vocab = write(tmp_path / "vocab.yaml", "- scale\n- time\n")
    with pytest.raises(ValueError, match="should be a mapping with `categories:`"):
        load_taxonomy(vocab)


def test_load_taxonomy_refuses_python_tags(tmp_path):
    marker = tmp_path / "executed"
    vocab = write(
        tmp_path / "vocab.yaml", f"categories: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    with pytest.raises(ValueError, match="cannot read the vocabulary"):
        load_taxonomy(vocab)
    assert not marker.exists()


def test_read_site_with_options_and_mkdocs_tags(tmp_path):
    marker = tmp_path / "executed"
    config = write(
        tmp_path / "mkdocs.yml",
        f"""\
        site_name: Test
        docs_dir: stories
        use_directory_urls: false
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
          - evil: !!python/object/apply:os.system ['touch {marker}']
        extra:
          home: !ENV [HOME, "/nowhere"]
        plugins:
          - search
          - warstories:
              vocabulary: vocab.yaml
              categories:
                - slug: cache-misses
                  aliases: [cold-cache]
        """,
    )
    write(tmp_path / "vocab.yaml", "categories:\n  - slug: scale\n    label: Big\n  - slug: Time\n")
    site = read_site(config)
    assert site.config_file == config
    assert site.stories_dir == tmp_path / "stories"
    assert site.directory_urls is False
    assert site.taxonomy.slugs == ("scale", "time", "cache-misses")
    assert site.taxonomy["scale"].label == "Big"
    assert site.taxonomy.resolve("cold_cache").value == "cache-misses"
    assert not marker.exists()


def test_read_site_defaults(tmp_path):
    config = write(tmp_path / "mkdocs.yml", "site_name: Test\nplugins:\n  - warstories\n")
    site = read_site(config)
    assert site.stories_dir == tmp_path / "docs"
    assert site.directory_urls is True
    assert site.taxonomy == Taxonomy.default()


def test_read_site_missing_file(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        read_site(tmp_path / "mkdocs.yml")


def test_read_site_not_a_mapping(tmp_path):
    config = write(tmp_path / "mkdocs.yml", "- a\n- b\n")
    with pytest.raises(ValueError, match="is not a mapping"):
        read_site(config)


def test_read_site_bad_vocabulary(tmp_path):
    config = write(
        tmp_path / "mkdocs.yml",
        "site_name: T\nplugins:\n  - warstories:\n      vocabulary: missing.yaml\n",
    )
    with pytest.raises(ValueError, match="cannot read the vocabulary"):
        read_site(config)

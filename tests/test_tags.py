"""Tags stay tidy: near-duplicates are one tag, the check names the tag to use, the page folds."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import run_cmd, story
from hypothesis import given
from hypothesis import strategies as st
from warstories.core.tags import tag_key

WARSTORIES = shutil.which("warstories") or "warstories"


@pytest.mark.parametrize(
    "spellings",
    [
        ("data-center", "datacenter", "Data Center", "data centers", "Data_Centers"),
        ("certificate", "certificates", "Certificates"),
        ("dependency", "dependencies"),
        ("time-zone", "time zones", "timezones"),
        ("DNS", "dns"),
    ],
)
def test_spellings_of_one_tag_have_one_key(spellings):
    assert len({tag_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("http", "https"),
        ("dns", "dn"),
        ("tls", "tl"),
        ("redis", "redi"),
        ("status", "statu"),
        ("ipv4", "ipv6"),
    ],
)
def test_different_tags_keep_different_keys(one, other):
    assert tag_key(one) != tag_key(other)


def _files() -> dict[str, str]:
    files = {
        f"dependencies/dc-{i}.md": story(
            f"Data center {i}", "Power failed.", tags="[data-center, kubernetes]"
        )
        for i in range(12)
    }
    files["dependencies/one.md"] = story(
        "Generators", "They did not start.", tags="[datacenter, Data Centers]"
    )
    files["environment/typo.md"] = story("Node pool", "A node pool upgrade.", tags="[kubernets]")
    files["environment/alias.md"] = story("Cluster", "An upgrade.", tags="[k8s, python3]")
    files["environment/py.md"] = story("Interpreter", "A new one.", tags="[python2, https]")
    files["environment/py3.md"] = story("Interpreter 3", "Another.", tags="[python3, http]")
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import BASE_CONFIG, Site

    root = tmp_path_factory.mktemp("tags")
    (root / "mkdocs.yml").write_text(BASE_CONFIG, "utf-8")
    for rel, text in _files().items():
        path = root / "stories" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    site = Site(root)
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


def test_near_duplicate_tags_share_one_page_in_the_most_used_spelling(built):
    assert not (built.out / "tags" / "datacenter").exists()
    assert not (built.out / "tags" / "data-centers").exists()
    page = built.html("tags/data-center/")
    assert page.find("h1").get_text() == "Tag: data-center"
    assert len(page.select(".ws-item")) == 13
    story_tags = built.html("dependencies/one/").select(".ws-panel__tags a.ws-tag")
    assert [(a.get_text(), a["href"]) for a in story_tags] == [
        ("data-center", "../../tags/data-center/")
    ]


def test_a_vocabulary_alias_files_the_story_under_the_tag(built):
    assert not (built.out / "tags" / "k8s").exists()
    tags = built.html("environment/alias/").select(".ws-panel__tags a.ws-tag")
    assert [a.get_text() for a in tags] == ["kubernetes", "python3"]
    assert len(built.html("tags/kubernetes/").select(".ws-item")) == 13


def test_check_names_the_tag_to_write_and_how_many_stories_use_it(built):
    result = run_cmd([WARSTORIES, "check"], built.root)
    lines = result.stdout.splitlines()
    ours = [line for line in lines if "tag " in line]
    assert (
        "stories/dependencies/one.md:4: warning: tag 'datacenter' is the tag 'data-center' "
        "(used by 12 stories): write 'data-center' so the site keeps one spelling"
    ) in ours
    assert any(
        line.startswith(
            "stories/dependencies/one.md:4: warning: tag 'Data Centers' is the tag 'data-center'"
        )
        for line in ours
    )
    assert any(
        line.startswith(
            "stories/environment/alias.md:4: warning: tag 'k8s' is the tag 'kubernetes'"
        )
        for line in ours
    )
    assert any(
        line.startswith(
            "stories/environment/typo.md:4: warning: tag 'kubernets' is close to 'kubernetes' (used by 12 stories): did you mean 'kubernetes'?"
        )
        for line in ours
    )
    # Different things that look alike are no alarm: python2/python3, http/https.
    assert not any("py.md" in line or "py3.md" in line for line in ours)
    assert len(ours) == 4, ours


def test_cli_tag_filter_takes_any_spelling_or_alias(built):
    for spelling in ("data-center", "Data Centers", "datacenter"):
        found = json.loads(
            run_cmd(
                [WARSTORIES, "search", "--tag", spelling, "--json", "--limit", "50"], built.root
            ).stdout
        )
        assert found["total"] == 13, spelling
    k8s = json.loads(
        run_cmd(
            [WARSTORIES, "search", "--tag", "k8s", "--json", "--limit", "50"], built.root
        ).stdout
    )
    assert k8s["total"] == 13


def test_a_small_tags_page_shows_every_tag_at_once(built):
    page = built.html("tags/")
    assert page.select_one("details.ws-tags__single") is None
    labels = [a.get_text(" ", strip=True) for a in page.select(".ws-tagcloud a.ws-tag")]
    assert labels[:2] == ["data-center 13", "kubernetes 13"]


def test_hundreds_of_tags_fold_the_one_story_tags(make_site):
    files = {
        f"scale/s{i}.md": story(f"Story {i}", "It broke.", tags=f"[shared-{i % 5}, only-{i}]")
        for i in range(60)
    }
    site = make_site(files)
    assert site.build().returncode == 0
    page = site.html("tags/")
    shared = page.select(".ws-tags > ul.ws-tagcloud a.ws-tag")
    assert len(shared) == 5 and all(a.get_text(" ", strip=True).endswith(" 12") for a in shared)
    folded = page.select_one("details.ws-tags__single")
    assert folded.find("summary").get_text() == "60 tags of one story each, A to Z"
    labels = [a.get_text() for a in folded.select("a.ws-tag")]
    assert labels == sorted(labels, key=str.lower) and len(labels) == 60
    assert "65 tags" in page.select_one(".ws-lead").get_text()


def test_the_tags_option_adds_aliases_for_the_build_and_the_check(tmp_path):
    from conftest import BASE_CONFIG, Site

    root = tmp_path / "site"
    config = BASE_CONFIG.replace(
        "  - warstories\n", "  - warstories:\n      tags: {postgres: [postgresql, pg]}\n"
    )
    assert config != BASE_CONFIG
    (root / "stories" / "scale").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, "utf-8")
    for name, tag in (("a", "postgres"), ("b", "PostgreSQL"), ("c", "pg")):
        (root / "stories" / "scale" / f"{name}.md").write_text(
            story(f"Story {name}", "It broke.", tags=f"[{tag}]"), "utf-8"
        )
    site = Site(root)
    assert site.build().returncode == 0
    assert not (site.out / "tags" / "postgresql").exists()
    assert len(site.html("tags/postgres/").select(".ws-item")) == 3
    warned = [
        line for line in run_cmd([WARSTORIES, "check"], root).stdout.splitlines() if "tag " in line
    ]
    assert sorted(w.split(":")[0] for w in warned) == ["stories/scale/b.md", "stories/scale/c.md"]
    assert all("write 'postgres'" in w for w in warned)


def test_a_malformed_tags_option_names_the_option(tmp_path):
    from warstories.core.settings import Options

    with pytest.raises(ValueError, match="option 'tags'"):
        Options.from_mapping({"tags": ["postgres"]})
    with pytest.raises(ValueError, match="aliases of tag 'postgres'"):
        Options.from_mapping({"tags": {"postgres": {"pg": 1}}})


_words = st.lists(st.from_regex(r"[a-z][a-z0-9]{1,7}", fullmatch=True), min_size=1, max_size=3)


@given(words=_words, sep=st.sampled_from([" ", "-", "_", "  ", " - "]), upper=st.booleans())
def test_case_and_separators_never_make_another_tag(words, sep, upper):
    joined = sep.join(words)
    assert tag_key(joined.upper() if upper else joined) == tag_key("".join(words))


@given(
    words=st.lists(st.from_regex(r"[a-z]{0,3}", fullmatch=True), max_size=2),
    last=st.from_regex(r"[a-z]{1,5}[aeo][bcdfgklmnprt]", fullmatch=True),
)
def test_a_plural_s_is_the_same_tag(words, last):
    tag = "-".join([*filter(None, words), last])
    assert tag_key(tag + "s") == tag_key(tag)

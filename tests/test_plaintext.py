"""The words a reader sees reach both searches: a `<` that is not a tag never swallows text."""

from __future__ import annotations

import re
import shutil

from conftest import REPO, run_cmd
from hypothesis import given
from hypothesis import strategies as st
from warstories.analysis.plaintext import plain_blocks, plain_text
from warstories.core.catalog import load_catalog
from warstories.core.taxonomy import Taxonomy
from warstories.search.pagefind_records import pagefind_record

WARSTORIES = shutil.which("warstories") or "warstories"
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text))


def test_a_less_than_sign_in_prose_or_code_keeps_the_words_after_it():
    markdown = (
        "The p99 was < 200 ms and x <- y held.\n\n"
        "```bash\nsort < input.txt > output.txt\n```\n\n"
        "Later the cache warmed and everything after it is still here."
    )
    text = plain_text(markdown)
    assert "p99 was < 200 ms and x <- y held." in text
    assert "sort < input.txt > output.txt" in text
    assert text.endswith("everything after it is still here.")


def test_tags_go_and_their_text_stays_but_code_keeps_its_angle_brackets():
    markdown = (
        "Press <kbd>Ctrl</kbd> then <b>Enter</b>.\n\n"
        "The template `<div class=x>` was empty.\n\n"
        "<details>\n<summary>Logs &amp; traces</summary>\n<script>hidden()</script>\n"
        "kept words\n</details>\n"
    )
    assert plain_blocks(markdown) == [
        "Press Ctrl then Enter .",
        "The template <div class=x> was empty.",
        "Logs & traces kept words",
    ]


def test_a_table_row_is_one_block_and_links_keep_their_text_not_their_target():
    markdown = "| host | state |\n|---|---|\n| db-1 | [down](http://example.invalid/x) |\n"
    assert plain_blocks(markdown) == ["host state", "db-1 down"]
    assert "example" not in plain_text(markdown)


# Pieces of Markdown a contributor writes: words in prose, headings, lists, quotes, emphasis,
# links and code, with the comparison signs, arrows and redirections real text has. A `<`
# followed by a letter in prose is a tag to a browser too, so prose never has one.
_word = st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True)
_sign = st.sampled_from(["<", ">", "<-", "< 200", "<=", "<<", "->", "a<3", "<!", "</", "&lt;"])


@st.composite
def _piece(draw) -> tuple[str, list[str]]:
    words = draw(st.lists(_word, min_size=1, max_size=4))
    kind = draw(st.sampled_from(["prose", "heading", "item", "quote", "em", "link", "code"]))
    kind = draw(st.sampled_from([kind, "fence", "sign"]))
    text = " ".join(words)
    if kind == "heading":
        return f"\n\n## {text}\n\n", words
    if kind == "item":
        return f"\n\n- {text}\n", words
    if kind == "quote":
        return f"\n\n> {text}\n\n", words
    if kind == "em":
        return f" *{text}* ", words
    if kind == "link":
        return f" [{text}](https://example.invalid/{words[0]}) ", words
    if kind == "code":
        return f" `<{text}>` ", words
    if kind == "fence":
        return f"\n\n```\n<{words[0]} {' < '.join(words)}\n```\n\n", words
    if kind == "sign":
        return f" {draw(_sign)} {text} ", words
    return f" {text} ", words


@given(pieces=st.lists(_piece(), min_size=1, max_size=12))
def test_every_word_of_prose_and_code_reaches_the_plain_text(pieces):
    markdown = "".join(text for text, _ in pieces)
    wanted = {w for _, words in pieces for w in words}
    assert wanted <= _words(plain_text(markdown)), markdown
    assert wanted <= _words(" ".join(plain_blocks(markdown))), markdown


def test_every_word_of_the_repro_story_reaches_the_pagefind_record():
    taxonomy = Taxonomy.default()
    catalog = load_catalog(REPO / "stories", taxonomy, only=["automation/preview-cleanup-wrong-context.md"])  # fmt: skip
    (story,) = [s for s in catalog.stories if s.slug == "preview-cleanup-wrong-context"]
    content = pagefind_record(story, catalog, "en")["content"]
    assert "anywhere" in _words(content)
    assert "creationTimestamp" in _words(content)
    body_words = _words(plain_text(story.body))
    assert body_words <= _words(content)


def test_cli_search_finds_a_word_after_a_less_than_sign_in_a_code_block(tmp_path):
    """The story's `<` on line 42 used to drop its body from the index: line 63 was unfindable."""
    root = tmp_path / "site"
    (root / "stories" / "automation").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: t\ndocs_dir: stories\nplugins:\n  - warstories\n")
    name = "automation/preview-cleanup-wrong-context.md"
    shutil.copy(REPO / "stories" / name, root / "stories" / name)
    result = run_cmd([WARSTORIES, "search", "anywhere"], root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"stories/{name}" in result.stdout
    assert "[anywhere]" in result.stdout

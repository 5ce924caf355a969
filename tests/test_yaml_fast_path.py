"""libyaml reads front matter about 10x faster; it must give exactly what the pure-Python loader gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from warstories.core import yamlsource

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")


def both(text: str) -> tuple[str, str]:
    """What `load` makes of `text` with libyaml allowed and with the pure-Python loader only."""
    fast = repr(yamlsource.load(text))  # repr: NaN from `.nan` never equals itself
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml, "__with_libyaml__", False)
        slow = repr(yamlsource.load(text))
    return fast, slow


def test_the_fast_path_is_taken_for_ordinary_front_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    used = []
    original = yamlsource._FastLoader.get_single_node
    monkeypatch.setattr(
        yamlsource._FastLoader,
        "get_single_node",
        lambda self: used.append(1) or original(self),
    )
    yamlsource.load("---\ntitle: A\ndescription: B\n---\nBody\n")
    assert used == [1]


def test_every_example_and_generated_story_loads_the_same(tmp_path: Path) -> None:
    generate(tmp_path, 60, seed=3)
    files = [*(REPO / "stories").rglob("*.md"), *(tmp_path / "stories").rglob("*.md")]
    assert len(files) > 60
    for file in files:
        fast, slow = both(file.read_text("utf-8"))
        assert fast == slow, file


CASES = [
    "title:\tA tab after the colon\ndescription: x\n",
    "title: A\ndescription: x\ntags: [a, b\n",
    'title: "unclosed\ndescription: x\n',
    "title: A\ntitle: B\ndescription: x\n",
    "title: yes\ndescription: 3.10\ndate: 2023-13-01\nseverity: 12:30\n",
    "title: A\ndescription: x\nimpact: {duration: .nan, users: 0x1F, cost: 1e400}\n",
    "title: &a A\ndescription: *a\nrelated: *missing\n",
    "title: !!python/object:os.system echo\ndescription: x\n",
    "- a list\n- not a mapping\n",
    "just a scalar\n",
    "title: A\n  description: badly indented\n",
    "title: A: B\ndescription: x\n",
    "title: |\n  A block\n  scalar\ndescription: >\n  folded\n",
    "title: Ünïcödé 日本語 🚒\ndescription: x\n",
    "title: A\x85B\ndescription: x\n",
    "title: A\u2028B\ndescription: x\n",
    "title: A\x07\ndescription: x\n",
    "? complex key\n: value\n",
    "{a: 1}: b\n",
    "%YAML 1.1\n---\ntitle: A\n",
    "title: '" + "[" * 3000 + "'\n",
    "x: " + "[" * 1200 + "]" * 1200 + "\n",
]


@pytest.mark.parametrize("block", CASES)
def test_awkward_front_matter_loads_the_same(block: str) -> None:
    fast, slow = both(f"---\n{block}---\nBody\n")
    assert fast == slow


FRAGMENTS = st.sampled_from(
    [
        "title",
        "tags",
        "impact",
        ": ",
        ":",
        "- ",
        "  ",
        "\n",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "'",
        '"',
        "#",
        "&a ",
        "*a",
        "!!str ",
        "!x ",
        "|",
        ">",
        "?",
        "%",
        "@",
        "`",
        "yes",
        "no",
        "3.10",
        "12:30",
        "2023-02-30",
        "0o17",
        "~",
        "null",
        "é",
        "日",
        "\\",
        "\\x",
        "\t",
        "\r\n",
        "\x00",
        "---",
        "...",
        "title: ",
        "\n  ",
        "\n- ",
        "{a: [1, 2]}",
        '"a\\"b"',
        "'it''s'",
        " #c",
        " ? ",
        "|-\n  ",
        ">+\n  ",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40))
def test_any_text_loads_the_same(parts: list[str]) -> None:
    fast, slow = both("---\n" + "".join(parts) + "\n---\nBody\n")
    assert fast == slow

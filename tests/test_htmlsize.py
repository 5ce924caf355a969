"""Pages lose the theme's indentation but nothing a reader sees: code and scripts stay byte for byte."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from conftest import story
from hypothesis import given
from hypothesis import strategies as st
from warstories.site.htmlsize import squeeze_whitespace

PAGE = """<html>
  <body>
    <nav>
      <ul>

        <li>
          <a href="x">Item</a>
        </li>
      </ul>
    </nav>
    <PRE><code>def f():
        return  1

    </code></PRE>
    <p>Some <code>a  \n   b</code> and <kbd>Ctrl  +\n  C</kbd> text,&nbsp;\n\u00a0 kept.</p>
    <textarea>
  typed
    </textarea>
    <script>
      var s = `multi
        line`;
    </script>
    <style>
      .a { color: red }
    </style>
  </body>
</html>
"""


def _normalised_text(html: str) -> str:
    text = BeautifulSoup(html, "html.parser").get_text()
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def test_indentation_and_blank_lines_between_tags_go() -> None:
    squeezed = squeeze_whitespace(PAGE)
    outside = re.sub(r"<(pre|code|kbd|textarea|script|style)\b.*?</\1>", "X", squeezed, flags=re.S | re.I)  # fmt: skip
    assert "\n " not in outside and "\n\n" not in outside
    assert len(squeezed) < len(PAGE) - 60


def test_elements_that_keep_whitespace_are_copied_exactly() -> None:
    before = BeautifulSoup(PAGE, "html.parser")
    after = BeautifulSoup(squeeze_whitespace(PAGE), "html.parser")
    for name in ("pre", "code", "kbd", "textarea", "script", "style"):
        assert [str(e) for e in before.find_all(name)] == [str(e) for e in after.find_all(name)]


def test_what_a_reader_sees_is_unchanged() -> None:
    assert _normalised_text(squeeze_whitespace(PAGE)) == _normalised_text(PAGE)
    assert "\u00a0" in squeeze_whitespace(PAGE)  # a no-break space is content, not indentation


def test_built_story_pages_are_squeezed_and_keep_their_code(make_site) -> None:
    code = "for host in hosts:\n    restart(host)\n\n        # deeply indented\n"
    body = f"## What happened\n\nText with `a  b` inline.\n\n```python\n{code}```\n"
    site = make_site({"scale/pool.md": story(title="Pool", body=body)})
    assert site.build("--strict").returncode == 0
    html = (site.out / "scale" / "pool" / "index.html").read_text("utf-8")
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("pre code").get_text() == code
    assert "a  b" in [c.get_text() for c in page.select("p code")]
    without_pre = re.sub(r"<pre\b.*?</pre>", "", html, flags=re.S)
    assert not re.search(r"\n[ \t]+<", without_pre)  # no indented tags left outside code


@given(
    st.lists(st.sampled_from([" ", "\t", "\r", "\n", "\u00a0", "a", "<p>", "</p>"])).map("".join)
)
def test_each_whitespace_run_with_a_line_break_becomes_one_line_break(text: str) -> None:
    assert squeeze_whitespace(text) == re.sub(r"[ \t\r]*\n[ \t\r\n]*", "\n", text)

"""Active content in a story body is a reviewer's decision: check warns on each piece with its
line, and a site with `sanitize: true` publishes none of it (parsed with BeautifulSoup)."""

from __future__ import annotations

import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import run_cmd, story

WARSTORIES = shutil.which("warstories") or "warstories"

# body line -> (Markdown, phrase of the warning); the body starts on file line 5
ACTIVE = [
    ("<script>alert(1)</script>", "a <script> element runs code"),
    ('<img src="x.png" onerror="alert(1)">', "event-handler attribute `onerror`"),
    ("## Heading {: onclick=alert(1) }", "event-handler attribute `onclick` runs code in"),
    ("[click](javascript:alert(1))", "a `javascript:` URL"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "a `javascript:` URL"),
    ("[doc](data:text/html;base64,PHNjcmlwdD4=)", "a `data:` URL"),
    ('<a href="vbscript:msgbox(1)">x</a>', "a `vbscript:` URL"),
    ('<iframe src="https://example.com"></iframe>', "an <iframe> embeds another page"),
    ('<form action="https://example.com"><input name="q"></form>', "a <form> sends"),
    (
        '<meta http-equiv="refresh" content="0;url=https://example.com">',
        "<meta http-equiv=refresh>",
    ),
]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n'


def _files() -> dict[str, str]:
    body = "".join(f"{markdown}\n\n" for markdown, _ in ACTIVE)
    body += "`<script>` in code is fine, and so is\n\n```html\n<script>x()</script>\n```\n"
    return {
        "security/active.md": story("Active", "Holds active content.", body=body),
        "security/picture.md": story(
            "Picture", "Has an SVG image.", image="chart.svg", imagealt="A chart"
        ),
        "images/chart.svg": SVG,
        "scale/plain.md": story("Plain", "Nothing active.", body="Just <b>bold</b> text.\n"),
    }


def test_check_warns_on_each_piece_of_active_content_with_its_line(make_site):
    site = make_site(_files())
    done = run_cmd([WARSTORIES, "check", "--no-similar"], site.root)
    lines = [line for line in done.stdout.splitlines() if "active content" in line]
    for number, (_, phrase) in enumerate(ACTIVE):
        where = f"stories/security/active.md:{5 + 2 * number}: warning: active content: "
        assert any(line.startswith(where) and phrase in line for line in lines), (where, lines)
    active = [line for line in lines if line.startswith("stories/security/active.md")]
    assert len(active) == len(ACTIVE)  # nothing in code spans or code blocks
    svg = [line for line in lines if line.startswith("stories/security/picture.md:")]
    assert any("image images/chart.svg" in line and "onload" in line for line in svg)
    assert any("<script>" in line for line in svg)
    assert not any(line.startswith("stories/scale/plain.md") for line in lines)


@pytest.mark.parametrize("sanitize", [False, True])
def test_sanitize_publishes_no_active_content(make_site, sanitize):
    config = "plugins:\n  - warstories:\n      sanitize: true\n" if sanitize else ""
    site = make_site(_files(), config)
    built = site.build()
    assert built.returncode == 0, built.stderr[-3000:]
    page = site.html("security/active/")
    article = page.find("article") or page
    scripts = [s for s in article.find_all("script") if "alert" in s.get_text()]
    handlers = [t for t in article.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    links = [
        t
        for t in article.find_all(True)
        if any(
            str(t.get(a, "")).strip().lower().startswith(("javascript:", "vbscript:", "data:"))
            for a in ("href", "src", "action")
        )
    ]
    frames = article.find_all(["iframe", "form", "meta"])
    found = scripts + handlers + links + frames
    if sanitize:
        assert found == []
        text = article.get_text()
        assert "in code is fine" in text and "<script>x()</script>" in text  # code stays code
        assert "Heading" in text
    else:
        assert scripts and handlers and links and frames  # the option is what removes them
    plain = BeautifulSoup((site.out / "scale/plain/index.html").read_text("utf-8"), "html.parser")
    assert plain.find("b") is not None  # harmless markup stays

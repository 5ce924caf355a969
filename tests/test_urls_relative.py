"""Relative links are computed by segments for speed; they must equal what posixpath.relpath gives."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st
from warstories.core.urls import relative

SEGMENT = st.sampled_from(["a", "b", "tags", "é", "index.html", "x.json", ".", "..", ""])
URL = st.builds(
    lambda parts, slash: "/".join(parts) + slash,
    st.lists(SEGMENT, max_size=5),
    st.sampled_from(["", "/"]),
).filter(lambda url: not url.startswith("/"))  # site-relative URLs never start with a slash


def by_relpath(from_url: str, to_url: str) -> str:
    """The former implementation, kept as the reference."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(to_url.rstrip("/") or ".", base.rstrip("/") or ".")
    if to_url.endswith("/") or to_url == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


@given(URL, URL)
def test_relative_links_equal_posixpath_relpath(from_url: str, to_url: str) -> None:
    assert relative(from_url, to_url) == by_relpath(from_url, to_url)


def test_relative_links_between_typical_pages() -> None:
    assert relative("tags/dns/", "scale/pool-exhaustion/") == "../../scale/pool-exhaustion/"
    assert relative("", "categories/") == "categories/"
    assert relative("categories/scale/", "categories/") == "../"
    assert relative("tags/", "tags/") == "./"
    assert relative("scale/x/", "images/a.png") == "../../images/a.png"
    assert relative("index.html", "tags/index.html") == "tags/index.html"

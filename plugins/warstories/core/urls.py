"""Where each page lands and the relative links between pages, as MkDocs computes them."""

from __future__ import annotations

import posixpath


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a Markdown file (`a/b.md` -> `a/b/`)."""
    stem, ext = posixpath.splitext(src_uri)
    if ext != ".md":
        return src_uri
    if not directory_urls:
        return stem + ".html"
    if posixpath.basename(stem) in ("index", "README"):
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    base_parts = [p for p in base.split("/") if p]
    target_parts = [p for p in to_url.split("/") if p]
    if {".", ".."} & {*base_parts, *target_parts}:  # not normalised: let posixpath do it
        rel = posixpath.relpath(posixpath.join(".", *target_parts), posixpath.join(".", *base_parts))  # fmt: skip
    else:  # the common case, by segments: posixpath.relpath costs 20x more (pages link a lot)
        common = 0
        for a, b in zip(base_parts, target_parts):
            if a != b:
                break
            common += 1
        rel = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    if to_url.endswith("/") or to_url == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


class Links:
    """Links from one page to the site's other pages, given how the site is laid out."""

    def __init__(self, from_src: str, directory_urls: bool = True) -> None:
        self.directory_urls = directory_urls
        self.here = page_url(from_src, directory_urls)

    def to_src(self, src_uri: str) -> str:
        return relative(self.here, page_url(src_uri, self.directory_urls))

    def story(self, story) -> str:  # a Story
        return self.to_src(story.path)

    def category(self, slug: str) -> str:
        return self.to_src(f"categories/{slug}.md")

    def tag(self, slug: str) -> str:
        return self.to_src(f"tags/{slug}.md")

    def file(self, path: str) -> str:
        return relative(self.here, path)

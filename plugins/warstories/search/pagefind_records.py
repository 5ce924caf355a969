"""Site search with Pagefind: one record per published story, made from its parsed front matter
and body rather than from the written HTML.

The records need nothing MkDocs renders, so Pagefind gets them as soon as the stories are
parsed and writes its chunked bundle to `<site>/pagefind/` on another core while MkDocs
renders the pages; only story pages are in it, so listing pages never crowd the results. The
header search shows each result's title, category, severity, year and excerpt (`meta`).
"""

from __future__ import annotations

from warstories.analysis.plaintext import as_sentences, plain_blocks
from warstories.core.catalog import Catalog
from warstories.core.model import Story
from warstories.core.urls import page_url

BUNDLE = "pagefind"
SYNONYMS_FILE = "assets/warstories/synonyms.json"  # read by the header search


def pagefind_record(story: Story, catalog: Catalog, language: str, directory_urls: bool = True) -> dict:  # fmt: skip
    """The Pagefind record of a story: what a reader sees on its page, as plain text.

    The prose comes first and the facts (tags, severity, date, impact, authors) after all of
    it, so an excerpt around a match in the prose reads as prose instead of running into a list
    of facts. The category label is a filter and shown, not searched: a word of it (`races`)
    would match every story of the category. Labels of the page (`Severity`, `Detected by`) and
    the links to other stories are left out: they would match every story, or the wrong one.
    """
    category = catalog.taxonomy.get(story.category)
    label = category.label if category else story.category
    severity = story.severity.label if story.severity else ""
    impact = story.impact
    blocks = [
        story.title,
        story.description,
        *plain_blocks(story.body),
        *(f"{step.at} {step.event}" for step in story.timeline),
        story.trigger or "",
        story.resolution or "",
        *(item.text for item in story.action_items),
        *story.lessons,
        impact.summary or "",
        ", ".join(story.tags),
        severity,
        str(story.date) if story.date else "",
        impact.duration_text or "",
        impact.users or "",
        str(impact.cost) if impact.cost else "",
        (story.detection or "").replace("-", " "),
        ", ".join(story.authors),
    ]
    meta = {"title": story.title, "category": label}
    filters: dict[str, list[str]] = {"category": [label]}
    if severity:
        meta["severity"] = severity
        filters["severity"] = [severity]
    if story.date:
        meta["year"] = str(story.date.year)
        filters["year"] = [meta["year"]]
    if story.tags:
        filters["tag"] = list(story.tags)
    return {
        "url": "/" + page_url(story.path, directory_urls),
        "content": as_sentences(blocks),
        "language": language,
        "meta": meta,
        "filters": filters,
        "sort": None,
    }

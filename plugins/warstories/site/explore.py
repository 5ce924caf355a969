"""The Explore page: every facet (category, tags, severity, year, detection) as filters the
browser applies to stories.json, with the choices kept in the URL."""

from __future__ import annotations

from importlib import resources

from warstories.core.catalog import Catalog
from warstories.core.model import Severity
from warstories.core.taxonomy import DETECTIONS
from warstories.site.renderer import GeneratedPage, Renderer

EXPLORE = "explore/index.md"
SCRIPT = "assets/warstories/explore.js"


def explore_page(renderer: Renderer, catalog: Catalog) -> GeneratedPage:
    """The page, with filter choices limited to values some story uses."""
    used_severities = {s.severity for s in catalog.stories if s.severity}
    used_detections = {s.detection for s in catalog.stories if s.detection}
    html = renderer.render(
        "explore.html",
        EXPLORE,
        title="Explore",
        taxonomy=catalog.taxonomy,
        counts={slug: len(stories) for slug, stories in catalog.by_category().items()},
        tags=catalog.tags(),
        severities=[s for s in Severity if s in used_severities],
        years=[y for y in catalog.by_year() if y is not None],
        detections=[d for d in DETECTIONS if d in used_detections],
    )
    return GeneratedPage(
        EXPLORE, "Explore", html, "Filter the war stories by category, tag, severity and more."
    )


def explore_script() -> str:
    return resources.files("warstories.site").joinpath("static/explore.js").read_text("utf-8")

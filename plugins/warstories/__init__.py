"""warstories: engineering war stories as a site indexed by failure category.

The domain is a plain library; the MkDocs plugin and the CLI are thin adapters over it.
"""

from warstories.core.catalog import Catalog, load_catalog
from warstories.core.model import PartialDate, Problem, Severity, Story
from warstories.core.parse import Parsed, parse_story
from warstories.core.taxonomy import Category, Taxonomy

__all__ = [
    "Catalog",
    "Category",
    "Parsed",
    "PartialDate",
    "Problem",
    "Severity",
    "Story",
    "Taxonomy",
    "load_catalog",
    "parse_story",
]

"""warstories: engineering war stories as a site indexed by failure category.

The domain is a plain library; the MkDocs plugin and the CLI are thin adapters over it.
"""

from .catalog import Catalog, load_catalog
from .model import PartialDate, Problem, Severity, Story
from .parse import Parsed, parse_story
from .taxonomy import Category, Taxonomy

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

"""The plugin's theme parts (templates, partials, stylesheets, scripts), registered with MkDocs.

They ship inside the package (`warstories/site/theme/`), so `- warstories` under `plugins:` of
any Material site brings the story panels, the new hires' pages' styles and the header search;
a site's own `custom_dir` still comes first and can override any of them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

STYLESHEETS = (
    "assets/warstories/warstories.css",
    "assets/warstories/newhire.css",
    "assets/warstories/ws-search.css",
)


def theme_dir() -> Path:
    """The package's theme folder on disk (package data, installed with the wheel)."""
    return Path(str(resources.files("warstories.site") / "theme"))


def register_theme(config: MkDocsConfig) -> None:
    """Put the package's theme folder after the site's custom_dir and before the theme's own,
    and its stylesheets first in extra_css (so a site's extra_css can override them)."""
    folder = str(theme_dir())
    dirs = config.theme.dirs
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)
    missing = [s for s in STYLESHEETS if s not in config.extra_css]
    config.extra_css[:0] = missing


def material_search_on(config: MkDocsConfig) -> bool:
    """Whether Material's search plugin is enabled on this site."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        return False
    return bool(getattr(plugin, "config", {}).get("enabled", True))

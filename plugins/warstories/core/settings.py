"""Site settings read from mkdocs.yml without MkDocs, so the CLI and the plugin agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from warstories.core.taxonomy import Taxonomy


def load_taxonomy(
    vocabulary: str | Path | None = None, extra: Iterable[Mapping[str, Any]] = ()
) -> Taxonomy:
    """The default taxonomy, or the one in `vocabulary`, extended by `extra` categories."""
    if vocabulary:
        try:
            data = yaml.safe_load(Path(vocabulary).read_text("utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"cannot read the vocabulary {vocabulary}: {exc}") from exc
        if not isinstance(data, Mapping):
            raise ValueError(f"the vocabulary {vocabulary} should be a mapping with `categories:`")
        taxonomy = Taxonomy.from_data(data)
    else:
        taxonomy = Taxonomy.default()
    return taxonomy.extended(extra)


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags only MkDocs should act on."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def section_prefix(stories_dir: object) -> str:
    """The `stories_dir` option as a folder prefix inside docs_dir ("" for docs_dir itself,
    else e.g. "stories/"); ValueError when it is not a relative folder inside docs_dir."""
    if stories_dir is None:
        return ""
    if not isinstance(stories_dir, str):
        raise ValueError(f"stories_dir: {stories_dir!r} should be a folder inside docs_dir")
    parts = [p for p in stories_dir.replace("\\", "/").split("/") if p not in ("", ".")]
    if stories_dir.strip().startswith(("/", "\\")) or ".." in parts or ":" in stories_dir:
        raise ValueError(
            f"stories_dir: {stories_dir!r} should be a folder inside docs_dir, "
            "relative to it, e.g. stories_dir: stories"
        )
    return "".join(p + "/" for p in parts)


@dataclass(frozen=True)
class Site:
    config_file: Path
    stories_dir: Path
    taxonomy: Taxonomy
    directory_urls: bool = True


def read_site(config_file: str | Path = "mkdocs.yml") -> Site:
    """The stories folder (docs_dir, or the plugin's `stories_dir` inside it) and taxonomy a
    site's mkdocs.yml sets up; ValueError when unreadable."""
    path = Path(config_file)
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_LenientLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ValueError(f"{path} is not a mapping")
    base = path.parent
    options: Mapping[str, Any] = {}
    for entry in data.get("plugins") or ():
        if isinstance(entry, Mapping) and "warstories" in entry:
            options = entry["warstories"] or {}
    vocabulary = options.get("vocabulary")
    try:
        prefix = section_prefix(options.get("stories_dir"))
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    taxonomy = load_taxonomy(
        base / vocabulary if vocabulary else None, options.get("categories") or ()
    )
    return Site(
        config_file=path,
        stories_dir=base / str(data.get("docs_dir") or "docs") / prefix,
        taxonomy=taxonomy,
        directory_urls=bool(data.get("use_directory_urls", True)),
    )

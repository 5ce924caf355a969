"""Site settings read from mkdocs.yml without MkDocs, so the CLI and the plugin agree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

import yaml

from warstories.core.tags import tag_aliases
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


@dataclass(frozen=True)
class Options:
    """The plugin's options (`plugins: - warstories: {...}` in mkdocs.yml), read by the plugin
    and the CLI through `from_mapping`, so both understand them the same way."""

    vocabulary: Path | None = None
    """A YAML file of categories that replaces the default vocabulary (relative to mkdocs.yml)."""
    categories: tuple[Mapping[str, Any], ...] = ()
    """Categories added to the vocabulary, or overriding an entry with the same slug."""
    tags: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Tag aliases added to the vocabulary's, e.g. `{postgres: [postgresql, pg]}`: a story
    tagged with an alias is listed, linked and searched under the tag."""
    drafts: bool | None = None
    """Publish drafts: true or false; unset shows them in `mkdocs serve` only."""
    nav: bool = True
    """Fill the site's nav with the war-stories pages when mkdocs.yml has no `nav:`."""
    search_index: bool | Literal["auto"] = "auto"
    """The CLI's whoosh index: "auto" refreshes one that exists, true also creates it."""
    pagefind: bool = True
    """Index the built site with Pagefind for the header search."""
    stories_dir: str = ""
    """The folder of docs_dir that holds the stories, e.g. `stories`, when the war stories are
    one section of a bigger site; unset: all of docs_dir. Kept as a prefix ("stories/")."""
    section_title: str = "War stories"
    """The section's nav entry and home-page title (with `stories_dir`)."""
    sanitize: bool = False
    """Strip active content (scripts, handlers, frames, forms, script URLs) from story HTML."""
    convert_ahead: bool = True
    """Convert story Markdown before MkDocs' page loop, over two processes and from the kept
    results of earlier builds; false leaves every page to MkDocs."""
    keep_pages: bool = True
    """Write a page exactly as the last build's templates did when nothing they would see has
    changed, from the site's cache folder; false renders every page through the theme."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None, base: Path | None = None) -> Options:
        """The options given in mkdocs.yml; ValueError naming the option when one is wrong."""
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            raise ValueError(
                f"unknown option {unknown[0]!r} of the warstories plugin; "
                f"the options are: {', '.join(sorted(known))}"
            )
        options: dict[str, Any] = {}
        if data.get("vocabulary") is not None:
            vocabulary = Path(str(data["vocabulary"]))
            if base is not None and not vocabulary.is_absolute():
                vocabulary = base / vocabulary
            if not vocabulary.is_file():
                raise ValueError(f"cannot read the vocabulary {vocabulary}: no such file")
            options["vocabulary"] = vocabulary
        categories = data.get("categories") or []
        if not isinstance(categories, list) or not all(isinstance(c, Mapping) for c in categories):
            raise ValueError("option 'categories' must be a list of mappings (slug, label, ...)")
        options["categories"] = tuple(categories)
        try:
            options["tags"] = tag_aliases(data.get("tags"))
        except ValueError as exc:
            raise ValueError(f"option 'tags': {exc}") from exc
        for name, allowed in (("drafts", (True, False, None)), ("nav", (True, False))):
            if name in data:
                if data[name] not in allowed or not isinstance(data[name], (bool, type(None))):
                    raise ValueError(f"option {name!r} must be true or false")
                options[name] = data[name]
        if "search_index" in data:
            if data["search_index"] not in (True, False, "auto"):
                raise ValueError("option 'search_index' must be true, false or auto")
            options["search_index"] = data["search_index"]
        options["stories_dir"] = section_prefix(data.get("stories_dir"))
        if "section_title" in data:
            if not isinstance(data["section_title"], str) or not data["section_title"].strip():
                raise ValueError("option 'section_title' must be a non-empty text")
            options["section_title"] = data["section_title"]
        if "sanitize" in data:
            if not isinstance(data["sanitize"], bool):
                raise ValueError("option 'sanitize' must be true or false")
            options["sanitize"] = data["sanitize"]
        for name in ("pagefind", "convert_ahead", "keep_pages"):
            if name in data:
                if not isinstance(data[name], bool):
                    raise ValueError(f"option {name!r} must be true or false")
                options[name] = data[name]
        return cls(**options)

    def taxonomy(self) -> Taxonomy:
        """The site's categories and tag aliases: the vocabulary's, extended by the options'."""
        return load_taxonomy(self.vocabulary, self.categories).with_tags(self.tags)


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
    options: Options = Options()


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
    given: Mapping[str, Any] = {}
    for entry in data.get("plugins") or ():
        if isinstance(entry, Mapping) and "warstories" in entry:
            given = entry["warstories"] or {}
    try:
        options = Options.from_mapping(given, base)
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc
    return Site(
        config_file=path,
        stories_dir=base / str(data.get("docs_dir") or "docs") / options.stories_dir,
        taxonomy=options.taxonomy(),
        directory_urls=bool(data.get("use_directory_urls", True)),
        options=options,
    )

"""All the stories of one folder, checked together, with the lookups every page needs."""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warstories.core.active_content import active_content
from warstories.core.lint import with_lint
from warstories.core.model import Problem, Story, slugify
from warstories.core.parallel import fork_map
from warstories.core.parse import Parsed, parse_story
from warstories.core.tags import unify_tags
from warstories.core.taxonomy import Taxonomy
from warstories.core.validate import cross_check


def _parse(path: str, data: bytes, taxonomy: Taxonomy) -> Parsed:
    return with_lint(parse_story(path, data, taxonomy), data)


class ParseCache:
    """Parsed stories by file content hash, so a rebuild parses only what changed."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str, Taxonomy], Parsed] = {}

    def parse(self, path: str, data: bytes, taxonomy: Taxonomy) -> Parsed:
        return self.parse_all([(path, data)], taxonomy)[0]

    def parse_all(self, files: list[tuple[str, bytes]], taxonomy: Taxonomy) -> list[Parsed]:
        """Each (path, content) parsed, the ones not seen before split over two processes."""
        keys = [(path, hashlib.sha256(data).hexdigest(), taxonomy) for path, data in files]
        missing = [(key, data) for key, (_, data) in zip(keys, files) if key not in self._entries]
        parsed = fork_map(lambda item: _parse(item[0][0], item[1], taxonomy), missing)
        self._entries.update((key, result) for (key, _), result in zip(missing, parsed))
        return [self._entries[key] for key in keys]

    def keep_only(self, paths: Iterable[str]) -> None:
        wanted = set(paths)
        self._entries = {k: v for k, v in self._entries.items() if k[0] in wanted}


# What MkDocs builds as a page; only `.md` files are stories, the others are reported.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# In a page's address `#` and `?` start the fragment or the query, and `%` an escape.
_BREAKS_URLS = frozenset("#?%")
REFUSED = "this link leads outside the stories folder and is refused: copy the file in instead"


def find_story_files(root: Path) -> tuple[list[str], list[Problem]]:
    """Every Markdown file under the stories folder; links that lead outside it are refused."""
    found, problems, _refused = _find(root)
    return found, problems


def _find(root: Path) -> tuple[list[str], list[Problem], list[str]]:
    """Story files, problems, and the paths never to publish (folders end in `/`).

    Links to folders are not followed here; MkDocs follows them, so one leading outside is
    reported as `folder/` and the plugin leaves its files out of the site.
    """
    root_resolved = root.resolve()
    found: list[str] = []
    problems: list[Problem] = []
    refused: list[str] = []

    def refuse(rel: str, message: str) -> None:
        problems.append(Problem(rel, None, "error", message))
        refused.append(rel)

    looping = folder_link_loops(root)
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        for name in sorted(d for d in dirnames if d.startswith(".")):
            problems.extend(_hidden_stories(root, base / name))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in dirnames:
            link = base / name
            if not link.is_symlink():
                continue
            rel = link.relative_to(root).as_posix() + "/"
            if not _leads_inside(link, root_resolved):
                refuse(rel, REFUSED)
            elif rel in looping:  # MkDocs would follow it forever
                others = looping[rel]
                through = f" through {', '.join(others)}" if others else ""
                refuse(
                    rel,
                    f"this link leads back to a folder it is in{through} (a loop): remove it",
                )
        for name in sorted(filenames):
            path = base / name
            rel = path.relative_to(root).as_posix()
            if name.startswith("."):
                if name.lower().endswith(MARKDOWN_SUFFIXES):
                    problems.append(_hidden(rel, f"rename it to {name.lstrip('.')}"))
                continue
            if path.is_symlink() and not path.exists():
                refuse(rel, "this link leads to no file: fix it or remove it")
            elif path.is_symlink() and not _leads_inside(path, root_resolved):
                refuse(rel, REFUSED)
            elif not path.is_file():
                refuse(rel, "this is not a regular file: replace it with a Markdown file")
            elif name.endswith(".md") and _BREAKS_URLS & set(rel):
                problems.append(_breaks_urls(rel))
            elif name.endswith(".md"):
                found.append(rel)
            elif name.lower().endswith(MARKDOWN_SUFFIXES):
                stem = name[: name.rindex(".")]
                problems.append(
                    Problem(
                        rel,
                        None,
                        "error",
                        f"stories are `.md` files: rename it to {stem}.md so it is published",
                    )
                )
    problems.sort(key=lambda p: p.path)
    return sorted(found), problems, sorted(refused)


def folder_link_loops(root: Path) -> dict[str, list[str]]:
    """Links to folders under `root` that MkDocs, following links, would walk without end.

    Each such link (`scale/loop/`) maps to the other links of its loop. Found without
    following any link: a link leads into another when that one lies in its target folder,
    and a link is a loop when it leads back to itself, directly or through others.
    """
    root_resolved = root.resolve()
    links: dict[str, tuple[Path, Path]] = {}  # rel -> (where the link is, where it leads)
    for dirpath, dirnames, _ in os.walk(root):
        base = Path(dirpath)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in dirnames:
            link = base / name
            if link.is_symlink():
                try:
                    target = link.resolve(strict=True)
                except (OSError, RuntimeError):
                    continue  # reported as leading nowhere or outside
                if target.is_relative_to(root_resolved):
                    where = base.resolve() / name
                    links[link.relative_to(root).as_posix() + "/"] = (where, target)
    leads_to = {
        rel: [other for other, (where, _) in links.items() if where.is_relative_to(target)]
        for rel, (_, target) in links.items()
    }
    reach = {rel: _reach(rel, leads_to) for rel in links}
    return {
        rel: sorted(o for o in reach[rel] if o != rel and rel in reach[o])
        for rel in links
        if rel in reach[rel]
    }


def _reach(start: str, leads_to: dict[str, list[str]]) -> set[str]:
    seen, todo = set(), list(leads_to[start])
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo.extend(leads_to[other])
    return seen


def _breaks_urls(rel: str) -> Problem:
    """The error for a story path holding `#`, `?` or `%`, with a name to rename it to."""
    held = " and ".join(repr(c) for c in sorted(_BREAKS_URLS & set(rel)))
    fixed = "".join("-" if c in _BREAKS_URLS else c for c in rel)
    why = (
        "where a web address would end"
        if set("#?") & set(rel)
        else "which starts an escape in a web address"
    )
    return Problem(
        rel,
        None,
        "error",
        f"the path holds {held}, {why}, so every link to this story would break: rename it, "
        f"e.g. to {fixed}",
    )


def _hidden(rel: str, fix: str) -> Problem:
    return Problem(
        rel,
        None,
        "error",
        f"MkDocs leaves out names starting with `.`, so this story would never be published: "
        f"{fix} (`draft: true` is how a story stays unpublished)",
    )


def _hidden_stories(root: Path, folder: Path) -> list[Problem]:
    """An error for each Markdown file in a hidden folder (links are not followed)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                rel = (Path(dirpath) / name).relative_to(root).as_posix()
                shown = folder.relative_to(root).as_posix()
                found.append(_hidden(rel, f"move it out of the hidden folder {shown}/"))
    return found


def is_story_entry(path: str) -> bool:
    """True for a path that counts as a story: a Markdown file, or a refused folder (`x/`)."""
    return path.endswith("/") or path.lower().endswith(MARKDOWN_SUFFIXES)


def _leads_inside(path: Path, root_resolved: Path) -> bool:
    try:
        return path.resolve(strict=True).is_relative_to(root_resolved)
    except (OSError, RuntimeError):  # a dangling link or a loop
        return False


@dataclass(frozen=True)
class TagInfo:
    slug: str
    label: str
    stories: tuple[Story, ...]


@dataclass
class Catalog:
    """Published stories, newest first, and every problem found on the way."""

    root: Path
    taxonomy: Taxonomy
    stories: tuple[Story, ...]
    drafts: tuple[Story, ...] = ()  # drafts left out of this site
    problems: tuple[Problem, ...] = ()
    found: int = 0
    refused: tuple[str, ...] = ()  # links leading outside (folders end in `/`): never published
    _by_slug: dict[str, Story] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_slug = {s.slug: s for s in self.stories}

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_warning)

    @property
    def broken_paths(self) -> tuple[str, ...]:
        return tuple(sorted({p.path for p in self.errors if is_story_entry(p.path)}))

    def is_refused(self, path: str) -> bool:
        """True for a file that is, or lies under, a link leading outside the stories folder."""
        return any(path == r or (r.endswith("/") and path.startswith(r)) for r in self.refused)

    def get(self, slug: str) -> Story | None:
        return self._by_slug.get(slug)

    def by_category(self) -> dict[str, tuple[Story, ...]]:
        groups: dict[str, list[Story]] = {slug: [] for slug in self.taxonomy.slugs}
        for story in self.stories:
            groups.setdefault(story.category, []).append(story)
        return {k: tuple(v) for k, v in groups.items()}

    def tags(self) -> dict[str, TagInfo]:
        """Tags by slug, most used first; the label is the first spelling seen."""
        labels: dict[str, str] = {}
        groups: dict[str, list[Story]] = defaultdict(list)
        for story in self.stories:
            for tag, slug in zip(story.tags, story.tag_slugs):
                labels.setdefault(slug, tag)
                group = groups[slug]
                if not group or group[-1] is not story:  # two spellings of one tag: list it once
                    group.append(story)
        ordered = sorted(groups, key=lambda s: (-len(groups[s]), s))
        return {s: TagInfo(s, labels[s], tuple(groups[s])) for s in ordered}

    def by_year(self) -> dict[int | None, tuple[Story, ...]]:
        groups: dict[int | None, list[Story]] = defaultdict(list)
        for story in self.stories:
            groups[story.date.year if story.date else None].append(story)
        return {k: tuple(groups[k]) for k in sorted(groups, key=lambda y: (y is None, -(y or 0)))}

    def summary(self) -> str:
        published = sum(1 for s in self.stories if not s.draft)
        shown_drafts = len(self.stories) - published
        drafts = len(self.drafts) + shown_drafts
        broken = len(self.broken_paths)
        warnings = len(self.warnings)
        return (
            f"{self.found} stories found: {published} published, {drafts} drafts, "
            f"{broken} with errors, {warnings} warnings"
        )


def load_catalog(
    root: Path,
    taxonomy: Taxonomy,
    *,
    include_drafts: bool = False,
    cache: ParseCache | None = None,
    only: Iterable[str] | None = None,
) -> Catalog:
    """Parse and check every story under `root` (or just `only`, paths relative to root)."""
    cache = cache or ParseCache()
    paths, problems, refused = _find(root)
    if only is not None:
        wanted = set(only)
        paths = [p for p in paths if p in wanted]
    all_problems = list(problems)
    files = []
    for rel in paths:
        try:
            files.append((rel, (root / rel).read_bytes()))
        except OSError as exc:  # removed or renamed while we looked, or not readable
            all_problems.append(
                Problem(rel, None, "error", f"cannot read the file ({exc.strerror or exc})")
            )
    parsed = cache.parse_all(files, taxonomy)
    cache.keep_only(paths)
    candidates = []
    for result in parsed:
        all_problems.extend(result.problems)
        if result.story is not None:
            candidates.append(result.story)
    all_problems.extend(cross_check(candidates, lambda rel: _inside(root, rel)))
    all_problems.extend(_active_images(candidates, root))
    broken = {p.path for p in all_problems if p.is_error}
    good = [s for s in candidates if s.path not in broken]
    good.sort(key=lambda s: s.sort_key, reverse=True)  # newest first: its tag spelling wins ties
    good, tag_problems = unify_tags(good, taxonomy.tags)  # one spelling per tag, site-wide
    all_problems.extend(tag_problems)
    stories = [s for s in good if include_drafts or not s.draft]
    drafts = [s for s in good if s.draft and not include_drafts]
    stories.sort(key=lambda s: s.sort_key, reverse=True)
    all_problems.sort(key=lambda p: (p.path, p.line or 0))
    return Catalog(
        root,
        taxonomy,
        tuple(stories),
        tuple(drafts),
        tuple(all_problems),
        len(paths) + sum(is_story_entry(p.path) for p in problems),
        tuple(refused),
    )


MAX_SVG_BYTES = 2_000_000


def _active_images(stories: Iterable[Story], root: Path) -> list[Problem]:
    """A warning for each story whose SVG `image:` holds script, handlers or script links
    (an SVG opened as a page runs them on the site's origin)."""
    problems: list[Problem] = []
    for story in stories:
        if not (story.image or "").lower().endswith(".svg") or not _inside(root, story.image):
            continue
        try:
            with (root / story.image).open("rb") as handle:
                text = handle.read(MAX_SVG_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
        found = dict.fromkeys(m for line in text.splitlines() for m in active_content(line))
        problems += [
            Problem(
                story.path, story.key_lines.get("image"), "warning", f"image {story.image}: {m}"
            )
            for m in found
        ]
    return problems


def _inside(root: Path, rel: str) -> bool:
    target = root / rel
    try:
        return target.is_file() and target.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


__all__ = ["Catalog", "ParseCache", "TagInfo", "find_story_files", "load_catalog", "slugify"]

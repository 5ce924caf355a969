"""What `warstories check` finds in a stories folder: its problems and how its files split."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warstories.analysis.category_fit import misfiled_stories
from warstories.analysis.similar import near_duplicates
from warstories.core.catalog import load_catalog
from warstories.core.model import Problem
from warstories.core.stored_cache import StoredParseCache
from warstories.core.taxonomy import Taxonomy


@dataclass
class CheckResult:
    """Problems with display paths, files checked, and how they split like the build's summary."""

    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    counts: dict[str, int] = field(
        default_factory=lambda: {"published": 0, "drafts": 0, "with_errors": 0}
    )

    @property
    def errors(self) -> int:
        return sum(p.is_error for p in self.problems)


def check_folder(
    root: Path,
    taxonomy: Taxonomy,
    result: CheckResult,
    *,
    selected: Iterable[str] | None = None,
    prefix: str = "",
    similar: bool = True,
    use_cache: bool = True,
) -> CheckResult:
    """Check every story under `root` and report on all of them, or on `selected` (relative paths).

    Cross-story rules (duplicates, related, near-duplicates) always see the whole folder.
    """
    chosen = None if selected is None else set(selected)
    cache = StoredParseCache(root, taxonomy) if use_cache else None
    catalog = load_catalog(root, taxonomy, include_drafts=True, cache=cache)
    if cache is not None:
        cache.save()
    found = [p for p in catalog.problems if chosen is None or p.path in chosen]
    found += misfiled_stories(catalog.stories, taxonomy, chosen)
    if similar:
        found += near_duplicates(catalog.stories, chosen, prefix)
    result.problems += [Problem(prefix + p.path, p.line, p.level, p.message) for p in found]
    result.checked += catalog.found if chosen is None else len(chosen)
    for story in catalog.stories:
        if chosen is None or story.path in chosen:
            result.counts["drafts" if story.draft else "published"] += 1
    result.counts["with_errors"] += sum(
        chosen is None or path in chosen for path in catalog.broken_paths
    )
    return result

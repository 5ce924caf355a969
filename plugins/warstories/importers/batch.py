"""One import run: read the sources, choose categories and slugs, find duplicates, check, write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

from warstories.analysis.category_fit import misfiled
from warstories.analysis.classify import guess_category
from warstories.core import taxonomy as vocab
from warstories.core.catalog import load_catalog
from warstories.core.characters import without_forbidden
from warstories.core.dump import dump_story
from warstories.core.lint import with_lint
from warstories.core.model import ActionItem, Impact, Problem, Severity, Story, TimelineEntry
from warstories.core.parse import parse_story
from warstories.core.scaffold import PLACEHOLDER_DESCRIPTION, PLACEHOLDER_TITLE, story_slug
from warstories.core.taxonomy import Taxonomy
from warstories.importers import links, postmortems_app, template
from warstories.importers.category import Guesser, choose
from warstories.importers.duplicates import alike, same_source, text_key
from warstories.importers.entry import Entry, Failure
from warstories.importers.markup import url_key
from warstories.importers.report import Outcome, Report, shown_path
from warstories.importers.sources import read_text, source_files

Reader = Callable[[str, str], list[Entry | Failure]]
FORMATS: dict[str, Reader] = {
    "postmortems-app": postmortems_app.read,
    "markdown": template.read,
    "links": links.read,
}


@dataclass
class _Candidate:
    entry: Entry
    outcome: Outcome
    story: Story
    text: str
    target: Path
    slug_note: str | None = None  # said only when the story is written


def run_import(
    fmt: str,
    paths: Sequence[Path],
    stories_dir: Path,
    taxonomy: Taxonomy,
    *,
    into: str | None = None,
    dry_run: bool = False,
    guess: Guesser = guess_category,
) -> Report:
    """Import every story of `paths` (files or folders) in format `fmt` into `stories_dir`.

    `into` is a category slug, or None to choose one per story. Nothing is written with
    `dry_run`, and an existing file is never overwritten.
    """
    reader = FORMATS[fmt]
    report = Report(dry_run=dry_run)
    existing = (
        load_catalog(stories_dir, taxonomy, include_drafts=True).stories
        if stories_dir.is_dir()
        else ()
    )
    taken = {p.stem.lower() for p in stories_dir.rglob("*.md")} if stories_dir.is_dir() else set()
    known_urls = {url_key(s.source): s.path for s in existing if s.source}
    known_texts = {text_key(s): s.path for s in existing}
    candidates: list[_Candidate] = []
    files = source_files(paths)
    report.files = len(files)
    for path in files:
        origin = shown_path(path)
        text = read_text(path, origin)
        found = [text] if isinstance(text, Failure) else reader(text, origin)
        if not found:
            found = [Failure(origin, None, f"no story found in it as the {fmt} format")]
        for item in found:
            if isinstance(item, Failure):
                report.outcomes.append(Outcome(item.origin, item.line, "failed", item.message))
                continue
            outcome = Outcome(item.origin, item.line, "imported", notes=item.notes)
            report.outcomes.append(outcome)
            known = same_source([item.source, *item.other_urls], known_urls)
            if known:  # before any work is spent on it
                outcome.duplicate_of(shown_path(stories_dir / known), "the same source as")
                continue
            candidate = _prepare(item, outcome, stories_dir, taxonomy, into, guess, taken)
            if candidate is None:
                continue
            same_words = known_texts.get(text_key(candidate.story))
            if same_words:
                outcome.duplicate_of(shown_path(stories_dir / same_words), "the same words as")
                continue
            for url in [item.source, *item.other_urls]:
                if url:
                    known_urls.setdefault(url_key(url), candidate.story.path)
            known_texts[text_key(candidate.story)] = candidate.story.path
            taken.add(candidate.story.slug.lower())
            candidates.append(candidate)
    similar = alike([c.story for c in candidates], existing)
    for candidate in candidates:
        found = similar.get(candidate.story.path)
        if found is not None:
            other, score = found
            candidate.outcome.duplicate_of(
                shown_path(stories_dir / other), "reads like", f" (similarity {score:.2f})"
            )
    for candidate in candidates:
        if candidate.outcome.status == "duplicate":
            continue
        if candidate.slug_note:
            candidate.outcome.notes.append(candidate.slug_note)
        if not dry_run:
            _write(candidate)
    return report


def _prepare(
    entry: Entry,
    outcome: Outcome,
    stories_dir: Path,
    taxonomy: Taxonomy,
    into: str | None,
    guess: Guesser,
    taken: set[str],
) -> _Candidate | None:
    _clean(entry)
    choice = choose(entry, taxonomy, into, guess)
    outcome.chosen_by = choice.why
    if choice.slug is None:
        outcome.status = "failed"
        outcome.message = choice.why
        return None
    outcome.category = choice.slug
    title = entry.title or PLACEHOLDER_TITLE
    if not entry.title:
        entry.to_write.append("no title found: write one")
    description = entry.description or PLACEHOLDER_DESCRIPTION
    if not entry.description:
        entry.to_write.append("no description found: write one sentence")
    outcome.title = title
    slug = _free_slug(story_slug(title), taken)
    slug_note = None
    if slug != story_slug(title):
        slug_note = f"the slug {story_slug(title)!r} is taken: named it {slug!r}"
    rel = f"{choice.slug}/{slug}.md"
    severity = vocab.lookup(entry.severity, vocab.SEVERITIES).value if entry.severity else None
    story = Story(
        path=rel,
        slug=slug,
        title=title,
        description=description,
        category=choice.slug,
        body="\n\n".join(p.strip("\n") for p in (entry.body, entry.appendix) if p.strip()) + "\n",
        date=entry.date,
        severity=Severity(severity) if severity else None,
        tags=tuple(entry.tags),
        lessons=tuple(entry.lessons[:5]),
        authors=tuple(entry.authors),
        impact=Impact(duration_minutes=entry.duration_minutes, summary=entry.impact_summary),
        detection=entry.detection,
        contributing=choice.contributing,
        trigger=entry.trigger,
        resolution=entry.resolution,
        timeline=tuple(entry.timeline),
        action_items=tuple(entry.action_items),
        draft=False,
        source=entry.source,
    )
    text, problems = _checked(story, taxonomy)
    if problems or entry.to_write:
        published = problems
        story = replace(story, draft=True)
        text, problems = _checked(story, taxonomy)
        if not entry.to_write:  # a draft only for what the check says once `draft: true` goes
            problems = _shifted(published, text)
    outcome.to_write = entry.to_write
    outcome.problems = [_said(p) for p in problems]
    outcome.status = "draft" if story.draft else "imported"
    target = stories_dir / rel
    outcome.path = shown_path(target)
    return _Candidate(entry, outcome, story, text, target, slug_note)


def _clean(entry: Entry) -> None:
    """Control characters and non-characters out of every text, so the story file can hold them."""
    removed = 0

    def clean(value: object) -> object:
        nonlocal removed
        if isinstance(value, str):
            text, count = without_forbidden(value)
            removed += count
            return text
        if isinstance(value, list):
            return [clean(v) for v in value]
        if isinstance(value, (TimelineEntry, ActionItem)):
            return replace(value, **{f.name: clean(getattr(value, f.name)) for f in fields(value)})
        return value

    for name in ("title", "description", "body", "appendix", "source", "trigger", "resolution"):
        setattr(entry, name, clean(getattr(entry, name)))
    for name in ("impact_summary", "authors", "tags", "lessons", "timeline", "action_items"):
        setattr(entry, name, clean(getattr(entry, name)))
    entry.authors = [a for a in entry.authors if a.strip()]
    entry.tags = [t for t in entry.tags if t.strip()]
    entry.lessons = [lesson for lesson in entry.lessons if lesson.strip()]
    if entry.title is not None and not entry.title.strip():
        entry.title = None
    if entry.description is not None and not entry.description.strip():
        entry.description = None
    if removed:
        entry.notes.append(f"{removed} control or non-characters removed from the text")


def _checked(story: Story, taxonomy: Taxonomy) -> tuple[str, list[Problem]]:
    """The file's text and what `warstories check` would say about it (notes aside)."""
    text = dump_story(story)
    data = text.encode("utf-8")
    parsed = with_lint(parse_story(story.path, data, taxonomy), data)
    found = list(parsed.problems)
    if parsed.story is not None:
        found += [p for p in [misfiled(parsed.story, taxonomy)] if p is not None]
    return text, [p for p in found if not p.is_note]


def _shifted(problems: list[Problem], draft_text: str) -> list[Problem]:
    """Problems of the published text with their lines in the draft's, one `draft:` line longer."""
    lines = draft_text.split("\n")
    at = lines.index("draft: true") + 1  # its file line
    return [replace(p, line=p.line + 1 if p.line and p.line >= at else p.line) for p in problems]


def _said(problem: Problem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    return f"{where}{problem.level}: {problem.message}"


def _free_slug(slug: str, taken: set[str]) -> str:
    if slug.lower() not in taken:
        return slug
    n = 2
    while f"{slug}-{n}".lower() in taken:
        n += 1
    return f"{slug}-{n}"


def _write(candidate: _Candidate) -> None:
    target = candidate.target
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(candidate.text)
    except FileExistsError:
        candidate.outcome.status = "failed"
        candidate.outcome.message = f"{shown_path(target)} appeared meanwhile: not overwritten"

"""One import run: read the sources, choose categories and slugs, find duplicates, check, write."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from warstories.analysis.category_fit import misfiled
from warstories.analysis.classify import guess_category
from warstories.analysis.similar import MIN_WORDS_TO_COMPARE, NEAR_DUPLICATE, similar_stories
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
from warstories.importers.entry import Entry, Failure
from warstories.importers.markup import url_key
from warstories.importers.sources import read_text, source_files
from warstories.importers.text import plain

Reader = Callable[[str, str], list[Entry | Failure]]
FORMATS: dict[str, Reader] = {
    "postmortems-app": postmortems_app.read,
    "markdown": template.read,
    "links": links.read,
}
STATUSES = ("imported", "duplicate", "draft", "failed")


@dataclass
class Outcome:
    """What happened to one story of a source: where it went (or would go) and why."""

    origin: str
    line: int | None
    status: str  # imported, duplicate, draft or failed
    message: str = ""
    path: str | None = None  # the story file, shown as the user sees it
    title: str | None = None
    category: str | None = None
    chosen_by: str | None = None
    to_write: list[str] = field(default_factory=list)  # why it is a draft, for its writer
    problems: list[str] = field(default_factory=list)  # what `warstories check` says of the file
    notes: list[str] = field(default_factory=list)  # what was moved, changed or left out

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Report:
    """Every source story accounted for, in source order."""

    files: int = 0
    outcomes: list[Outcome] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def summary(self) -> str:
        names = {
            "imported": "imported",
            "duplicate": "duplicates",
            "draft": "drafts",
            "failed": "failed",
        }
        counts = ", ".join(f"{self.count(s)} {names[s]}" for s in STATUSES)
        tail = " (dry run: nothing written)" if self.dry_run else ""
        return f"{len(self.outcomes)} stories from {self.files} files: {counts}{tail}"

    def as_text(self) -> str:
        lines = []
        verb = {"imported": "would import", "draft": "would draft"} if self.dry_run else {}
        for o in self.outcomes:
            where = f"{o.origin}:{o.line}" if o.line else o.origin
            label = verb.get(o.status, o.status)
            if o.status == "failed":
                lines.append(f"{where}: failed: {o.message}")
            elif o.status == "duplicate":
                lines.append(f"{where}: duplicate: {o.message}")
            else:
                lines.append(f"{where}: {label} as {o.path} (category {o.category}: {o.chosen_by})")
            lines += [f"    to write: {p}" for p in o.to_write]
            lines += [f"    problem: {p}" for p in o.problems]
            lines += [f"    note: {n}" for n in o.notes]
        lines.append(self.summary)
        return "\n".join(lines) + "\n"

    def as_json(self) -> str:
        data = {
            "dry_run": self.dry_run,
            "files": self.files,
            **{s if s != "draft" else "drafts": self.count(s) for s in STATUSES},
            "stories": [o.as_dict() for o in self.outcomes],
        }
        data["duplicates"] = data.pop("duplicate")
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


@dataclass
class _Candidate:
    entry: Entry
    outcome: Outcome
    story: Story
    text: str
    target: Path
    slug_note: str | None = None  # said only when the story is written


def shown_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


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
    known_texts = {_text_key(s): s.path for s in existing}
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
            same_source = _same_source(item, known_urls)
            if same_source:  # known before any work is spent on it
                _duplicate(outcome, same_source, stories_dir, "the same source as")
                continue
            candidate = _prepare(item, outcome, stories_dir, taxonomy, into, guess, taken)
            if candidate is None:
                continue
            duplicate_of = known_texts.get(_text_key(candidate.story))
            if duplicate_of:
                _duplicate(outcome, duplicate_of, stories_dir, "the same words as")
                continue
            for url in [item.source, *item.other_urls]:
                if url:
                    known_urls.setdefault(url_key(url), candidate.story.path)
            known_texts[_text_key(candidate.story)] = candidate.story.path
            taken.add(candidate.story.slug.lower())
            candidates.append(candidate)
    _similar_duplicates(candidates, existing, stories_dir)
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


def _same_source(entry: Entry, known: dict[str, str]) -> str | None:
    for url in [entry.source, *entry.other_urls]:
        if url and url_key(url) in known:
            return known[url_key(url)]
    return None


_NOT_WORDS = re.compile(r"(?s:<!--.*?-->)|^#+ .*$", re.M)


def _own_words(story: Story) -> list[str]:
    return plain(_NOT_WORDS.sub(" ", story.body)).lower().split()


def _text_key(story: Story) -> str:
    """The same words however they were spaced: for stories too short to compare by similarity."""
    words = " ".join([*plain(story.description).lower().split(), *_own_words(story)])
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _duplicate(outcome: Outcome, other: str, stories_dir: Path, why: str, score: str = "") -> None:
    outcome.status = "duplicate"
    outcome.message = f"{why} {shown_path(stories_dir / other)}{score}: not imported again"
    outcome.problems = []
    outcome.to_write = []


def _similar_duplicates(
    candidates: list[_Candidate], existing: Sequence[Story], stories_dir: Path
) -> None:
    """Mark candidates that read like a story of the site or an earlier one of this batch."""
    comparable = [c for c in candidates if len(_own_words(c.story)) >= MIN_WORDS_TO_COMPARE]
    if not comparable:
        return
    order = {c.story.path: n for n, c in enumerate(candidates)}
    found = similar_stories(
        [c.story for c in comparable],
        [*existing, *(c.story for c in comparable)],
        limit=5,
        minimum=NEAR_DUPLICATE - 1e-9,
    )
    dropped: set[str] = set()
    for candidate in comparable:
        for other, score in found.get(candidate.story.path, []):
            if other.path in order and (
                order[other.path] >= order[candidate.story.path] or other.path in dropped
            ):
                continue  # a later story of this batch, or one already found a duplicate
            _duplicate(
                candidate.outcome,
                other.path,
                stories_dir,
                "reads like",
                f" (similarity {score:.2f})",
            )
            dropped.add(candidate.story.path)
            break


def _write(candidate: _Candidate) -> None:
    target = candidate.target
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(candidate.text)
    except FileExistsError:
        candidate.outcome.status = "failed"
        candidate.outcome.message = f"{shown_path(target)} appeared meanwhile: not overwritten"

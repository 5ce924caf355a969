"""Full-text search over the stories with whoosh: the one index the build and the CLI share.

This is the only module that imports whoosh. The index lives in the user's cache folder,
keyed by the site's path (never in the repository: whoosh unpickles its table of contents,
so an index committed to a branch would run code), is opened only when it belongs to the
user, is updated by content hash so an unchanged story is not re-indexed, and every write
happens under a file lock so two builds at once take turns instead of corrupting it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from whoosh import highlight, index
from whoosh.analysis import StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.qparser import MultifieldParser
from whoosh.query import And, Every, Query, Term
from whoosh.searching import Searcher

from warstories.analysis.plaintext import plain_text
from warstories.analysis.synonyms import (
    QUERY_TOKEN,
    category_named,
    expand_synonyms,
    is_word,
)
from warstories.core.cachedir import SCHEMA_VERSION, make_private, trusted
from warstories.core.catalog import find_story_files, load_catalog
from warstories.core.model import Story
from warstories.core.tags import tag_id
from warstories.core.taxonomy import Taxonomy, normalise

LOCK_TIMEOUT = 120.0

# Which fields a plain query searches, and how much a match in each counts. The category's
# label is not one of them: a word of it (`races`) would admit every story of the category.
FIELD_BOOSTS = {
    "title": 5.0,
    "tags_text": 3.0,
    "description": 2.5,
    "lessons": 2.0,
    "body": 1.0,
}


def _schema() -> Schema:
    stem = StemmingAnalyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        hash=STORED,
        slug=ID(stored=True),
        title=TEXT(stored=True, analyzer=stem),
        description=TEXT(stored=True, analyzer=stem),
        body=TEXT(stored=True, analyzer=stem),
        lessons=TEXT(analyzer=stem),
        category=ID(stored=True),
        category_label=TEXT(stored=True, analyzer=stem),
        tag=KEYWORD(stored=True, commas=True, lowercase=True),
        tags_text=TEXT(analyzer=stem),
        severity=ID(stored=True),
        detection=ID(stored=True),
        year=NUMERIC(int, stored=True),
        date=STORED,
        draft=ID(stored=True),
        words=TEXT(analyzer=StandardAnalyzer(stoplist=None), phrase=False),  # spelling only
    )


def content_hash(data: bytes) -> str:
    """What decides whether a story is re-indexed: its file's bytes and the index version."""
    return hashlib.sha256(data + f"\0v{SCHEMA_VERSION}".encode()).hexdigest()


def _document(story: Story, digest: str, taxonomy: Taxonomy) -> dict:
    category = taxonomy.get(story.category)
    body = plain_text(story.body)
    return {
        "path": story.path,
        "hash": digest,
        "slug": story.slug,
        "title": story.title,
        "description": story.description,
        "body": body,
        "lessons": "\n".join(story.lessons),
        "category": story.category,
        "category_label": category.label if category else story.category,
        "tag": ",".join(tag_id(t, taxonomy.tags) for t in story.tags),
        "tags_text": " ".join(story.tags),
        "severity": story.severity.value if story.severity else "",
        "detection": story.detection or "",
        "year": story.date.year if story.date else 0,
        "date": str(story.date) if story.date else "",
        "draft": "yes" if story.draft else "no",
        "words": _distinct_words(story.title, story.description, body, *story.lessons),
    }


_WORDS = re.compile(r"\w+")


def _distinct_words(*texts: str) -> str:
    """Each word once: all the spelling corrector needs, at a third of the indexing cost."""
    return " ".join(dict.fromkeys(w.lower() for t in texts for w in _WORDS.findall(t)))


@dataclass(frozen=True)
class IndexUpdate:
    """What one update did, so callers can say it (and tests can pin it)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"search index: {self.added} added, {self.changed} changed, "
            f"{self.removed} removed, {self.unchanged} unchanged"
        )


class SearchIndexError(Exception):
    """The index cannot be opened or written; the message says what to do."""


def _lock(directory: Path) -> FileLock:
    make_private(directory.parent)
    return FileLock(str(directory) + ".lock", timeout=LOCK_TIMEOUT)


def _open_or_create(directory: Path) -> index.Index:
    """The index at `directory`; a missing, unreadable or untrusted one is recreated (a cache)."""
    if directory.is_dir() and trusted(directory):
        try:
            if index.exists_in(str(directory)):
                ix = index.open_dir(str(directory))
                if set(ix.schema.names()) == set(_schema().names()):
                    return ix
        except Exception:  # a damaged cache: rebuild it rather than fail the build
            pass
    if directory.exists() or directory.is_symlink():
        _remove(directory)
    directory.mkdir(parents=True, exist_ok=True)
    return index.create_in(str(directory), _schema())


def _open(directory: Path) -> index.Index | None:
    """The index at `directory` for reading, or None when it is missing, damaged or untrusted."""
    try:
        if directory.is_dir() and trusted(directory) and index.exists_in(str(directory)):
            return index.open_dir(str(directory))
    except Exception:
        return None
    return None


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def indexed_hashes(directory: Path) -> dict[str, str]:
    """Path -> content hash of every story in the index (empty when there is no index)."""
    ix = _open(directory)
    if ix is None:
        return {}
    with ix.searcher() as searcher:
        return {f["path"]: f["hash"] for f in _stored(searcher, ("path", "hash"))}


def _stored(searcher: Searcher, names: tuple[str, ...]) -> Iterator[dict]:
    reader = searcher.reader()
    for docnum in reader.all_doc_ids():
        fields = reader.stored_fields(docnum)
        yield {n: fields.get(n) for n in names}


def update_index(
    directory: Path,
    stories: Iterable[Story],
    taxonomy: Taxonomy,
    data: dict[str, bytes] | None = None,
    root: Path | None = None,
    keep: Collection[str] = (),
    stats: dict[str, tuple[int, int]] | None = None,
) -> IndexUpdate:
    """Bring the index at `directory` in line with `stories`, touching only what changed.

    Each story's content hash comes from its file bytes: `data[path]` when given, else the
    file under `root`. Stories in the index but not given are removed, except paths in `keep`.
    Writers take turns through a lock file beside the index folder. `stats` holds each
    file's (mtime, size) taken before its bytes were read, for the state file.
    """
    stories = list(stories)
    stats = dict(stats or {})
    digests: dict[str, str] = {}
    for story in stories:
        raw = data.get(story.path) if data else None
        if raw is None:
            if root is None:
                raise ValueError("update_index needs the file bytes or the stories folder")
            st = (root / story.path).stat()  # before the read: a later edit shows as a change
            stats.setdefault(story.path, (st.st_mtime_ns, st.st_size))
            raw = (root / story.path).read_bytes()
        digests[story.path] = content_hash(raw)
    try:
        with _lock(directory):
            ix = _open_or_create(directory)
            with ix.searcher() as searcher:
                current = {f["path"]: f["hash"] for f in _stored(searcher, ("path", "hash"))}
            wanted = {s.path: s for s in stories}
            todo = [s for s in stories if current.get(s.path) != digests[s.path]]
            gone = sorted(set(current) - set(wanted) - set(keep))
            if todo or gone:
                writer = ix.writer(limitmb=128)
                try:
                    for path in gone:
                        writer.delete_by_term("path", path)
                    for story in todo:
                        writer.update_document(**_document(story, digests[story.path], taxonomy))
                    writer.commit(optimize=len(todo) > 200)
                except BaseException:
                    writer.cancel()
                    raise
            indexed = {p: h for p, h in current.items() if p not in gone}
            indexed.update((s.path, digests[s.path]) for s in todo)
            _write_state(directory, indexed, root, stats)
            added = sum(1 for s in todo if s.path not in current)
            return IndexUpdate(
                added=added,
                changed=len(todo) - added,
                removed=len(gone),
                unchanged=len(stories) - len(todo) + len(set(keep) & set(current) - set(wanted)),
            )
    except Timeout as exc:
        raise SearchIndexError(
            f"another build has held the search index lock for {LOCK_TIMEOUT:.0f}s: "
            f"wait for it, or delete {directory}.lock if no build is running"
        ) from exc
    except OSError as exc:
        raise SearchIndexError(f"cannot write the search index in {directory}: {exc}") from exc


def _state_file(directory: Path) -> Path:
    return directory.with_name(directory.name + ".state.json")


def _write_state(
    directory: Path,
    indexed: dict[str, str],
    root: Path | None,
    stats: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Path -> [content hash, mtime, size] of what the index holds, so a check needs no reads.

    The times come from `stats`, taken before the bytes were hashed: a file edited while the
    index was written then looks changed next time instead of being taken as indexed.
    """
    state: dict[str, list] = {}
    for path, digest in indexed.items():
        if stats and path in stats:
            state[path] = [digest, *stats[path]]
            continue
        try:
            st = (root / path).stat() if root is not None else None
        except OSError:
            st = None
        state[path] = [digest, st.st_mtime_ns if st else None, st.st_size if st else None]
    target = _state_file(directory)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state), "utf-8")
    os.replace(tmp, target)


def _read_state(directory: Path) -> dict[str, list] | None:
    try:
        state = json.loads(_state_file(directory).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict):
        return None
    for path, entry in state.items():  # anything but what _write_state writes: rebuild
        if not (
            isinstance(path, str)
            and isinstance(entry, list)
            and len(entry) == 3
            and isinstance(entry[0], str)
            and all(v is None or type(v) is int for v in entry[1:])
        ):
            return None
    return state


def refresh_index(directory: Path, root: Path, taxonomy: Taxonomy) -> IndexUpdate:
    """Bring the index up to date with the stories folder, parsing only files whose bytes changed.

    This is what the CLI runs before every query, so its quiet path is cheap: one `stat` per
    file against the state written with the index; only files whose size or time changed
    are read and hashed, and only files whose hash changed are parsed.
    """
    paths, _ = find_story_files(root)
    state = _read_state(directory) if _open(directory) is not None else None
    known = state if state is not None else {}
    if state is None:
        known = {p: [h, None, None] for p, h in indexed_hashes(directory).items()}
    data: dict[str, bytes] = {}
    stats: dict[str, tuple[int, int]] = {}
    changed: list[str] = []
    for path in paths:
        entry = known.get(path)
        st = (root / path).stat()
        stats[path] = (st.st_mtime_ns, st.st_size)  # before the read, for the state file
        if entry and entry[1] == st.st_mtime_ns and entry[2] == st.st_size:
            continue
        data[path] = (root / path).read_bytes()
        if not entry or entry[0] != content_hash(data[path]):
            changed.append(path)
    if state is not None and not changed and set(known) <= set(paths):
        return IndexUpdate(unchanged=len(paths))
    catalog = load_catalog(root, taxonomy, include_drafts=True, only=changed)
    unchanged = set(paths) - set(changed)
    return update_index(
        directory, catalog.stories, taxonomy, data=data, root=root, keep=unchanged, stats=stats
    )


@dataclass(frozen=True)
class Hit:
    """One search result, with everything the CLI prints."""

    path: str
    title: str
    category: str
    category_label: str
    severity: str
    date: str
    score: float
    snippet: str

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "title": self.title,
            "category": self.category,
            "category_label": self.category_label,
            "severity": self.severity or None,
            "date": self.date or None,
            "score": round(self.score, 3),
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class Results:
    hits: tuple[Hit, ...]
    total: int
    query: str  # the query as searched, after synonyms
    suggestion: str | None = None  # a respelled query when nothing matched


class QueryError(ValueError):
    """A query or filter the index cannot answer; the message says what to change."""


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    tags: tuple[str, ...] = ()
    severity: str | None = None
    year: int | None = None
    drafts: bool = False


class _Brackets(highlight.Formatter):
    """Plain-text snippets with the matched words in [brackets], for terminals and JSON."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "[" + highlight.get_text(text, token, replace) + "]"


def search(
    directory: Path,
    query: str,
    taxonomy: Taxonomy | None = None,
    filters: Filters = Filters(),
    limit: int = 10,
) -> Results:
    """Stories matching `query` (whoosh syntax), best first, with snippets."""
    ix = _open(directory)
    if ix is None:
        raise QueryError("there is no search index yet: run `warstories search` in the site folder")
    _check_query(query, ix.schema)
    parser = MultifieldParser(list(FIELD_BOOSTS), ix.schema, fieldboosts=FIELD_BOOSTS)
    expanded = expand_synonyms(query, taxonomy) if query.strip() else ""
    named = category_named(query, taxonomy)
    if named is not None:  # the whole label of a category asks for its stories
        expanded = f"category:{named}"
    filter_q = _filter_query(filters, taxonomy)
    try:
        return _search(ix, parser, query, expanded, taxonomy, filter_q, limit)
    except (QueryError, SearchIndexError):
        raise
    except Exception as exc:  # whoosh raises bare Exceptions on queries it cannot run
        raise QueryError(f"the query cannot be searched ({exc}); simplify it") from exc


def _search(
    ix: index.Index,
    parser: MultifieldParser,
    query: str,
    expanded: str,
    taxonomy: Taxonomy | None,
    filter_q: Query | None,
    limit: int,
) -> Results:
    q: Query = parser.parse(expanded) if expanded else Every()
    with ix.searcher() as searcher:
        hits = searcher.search(q, filter=filter_q, limit=max(1, limit), terms=True)
        hits.fragmenter = highlight.ContextFragmenter(maxchars=200, surround=60)
        hits.formatter = _Brackets()
        found = tuple(_hit(h) for h in hits)
        total = len(hits)
        suggestion = None
        if not found and query.strip():
            suggestion = _suggest(searcher, query)
            if suggestion is not None:  # offer it only when it would find something
                retry = parser.parse(expand_synonyms(suggestion, taxonomy))
                if not searcher.search(retry, filter=filter_q, limit=1):
                    suggestion = None
    return Results(found, total, expanded, suggestion)


MAX_QUERY_CHARS = 1000  # whoosh's parser and the synonym expansion grow with the query
MAX_QUERY_NESTING = 20  # parentheses; whoosh parses them recursively


def _check_query(query: str, schema: Schema) -> None:
    """A QueryError for a query too long, nested too deep, or naming a field that is not searched."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(query):,} characters long; at most {MAX_QUERY_CHARS:,}: "
            "search for the few words that matter"
        )
    depth = deepest = 0
    for token in QUERY_TOKEN.findall(query):
        if token == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif token == ")":
            depth = max(depth - 1, 0)
        elif ":" in token and not token.startswith('"'):
            field = token.split(":", 1)[0]
            if field in schema.names() and not schema[field].indexed:
                raise QueryError(
                    f"`{field}:` cannot be searched; search the words, and filter with "
                    "--year, --category, --tag or --severity"
                )
    if deepest > MAX_QUERY_NESTING:
        raise QueryError(f"the query nests parentheses {deepest} deep; at most {MAX_QUERY_NESTING}")


def _filter_query(filters: Filters, taxonomy: Taxonomy | None) -> Query | None:
    terms: list[Query] = []
    if filters.category:
        slug = filters.category
        if taxonomy is not None:
            resolved = taxonomy.resolve(filters.category)
            if resolved.value is None:
                hint = (
                    f"; did you mean {', '.join(resolved.suggestions)}?"
                    if resolved.suggestions
                    else ""
                )
                raise QueryError(f"unknown category {filters.category!r}{hint}")
            slug = resolved.value
        terms.append(Term("category", slug))
    for tag in filters.tags:
        terms.append(Term("tag", tag_id(tag, taxonomy.tags if taxonomy else ())))
    if filters.severity:
        terms.append(Term("severity", normalise(filters.severity)))
    if filters.year is not None:
        terms.append(Term("year", filters.year))
    if not filters.drafts:
        terms.append(Term("draft", "no"))
    return And(terms) if terms else None


def _hit(hit) -> Hit:
    snippet = (
        hit.highlights("body", top=2) or hit.highlights("description") or hit.get("description", "")
    )
    return Hit(
        path=hit["path"],
        title=hit.get("title", ""),
        category=hit.get("category", ""),
        category_label=hit.get("category_label", ""),
        severity=hit.get("severity", ""),
        date=hit.get("date", ""),
        score=float(hit.score or 0.0),
        snippet=" ".join(snippet.split()),
    )


def _suggest(searcher: Searcher, query: str) -> str | None:
    """The query with each unknown word replaced by the nearest indexed word, if any changed."""
    corrector = searcher.corrector("words")
    reader = searcher.reader()
    changed = False
    out: list[str] = []
    for token in QUERY_TOKEN.findall(query):
        if is_word(token) and not reader.frequency("words", token.lower()):
            maxdist = 1 if len(token) <= 4 else 2
            best = corrector.suggest(token.lower(), limit=1, maxdist=maxdist)
            if best:
                out.append(best[0])
                changed = True
                continue
        out.append(token)
    return " ".join(out) if changed else None

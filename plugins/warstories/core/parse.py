"""One story file's bytes become a Story, or the list of what is wrong with it; never an exception."""

from __future__ import annotations

import datetime
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from warstories.core import limits
from warstories.core import taxonomy as vocab
from warstories.core.characters import forbidden_character
from warstories.core.model import (
    ActionItem,
    Cost,
    Impact,
    PartialDate,
    Problem,
    Severity,
    Story,
    TimelineEntry,
)
from warstories.core.schema import KNOWN_KEYS, LIST_KEYS, PASSTHROUGH_KEYS, TEXT_PATHS, FrontMatter
from warstories.core.taxonomy import Taxonomy, normalise
from warstories.core.yamlsource import Loaded, Path_, load

IMAGES_DIR = "images"


@dataclass(frozen=True)
class Parsed:
    """The outcome for one file: a story when it has no errors, and every problem found."""

    path: str
    story: Story | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


class _Report:
    def __init__(self, path: str, loaded: Loaded | None = None) -> None:
        self.path = path
        self.loaded = loaded
        self.problems: list[Problem] = []

    def error(self, where: Path_ | int | None, message: str) -> None:
        self.problems.append(Problem(self.path, self._line(where), "error", message))

    def warning(self, where: Path_ | int | None, message: str) -> None:
        self.problems.append(Problem(self.path, self._line(where), "warning", message))

    def note(self, where: Path_ | int | None, message: str) -> None:
        self.problems.append(Problem(self.path, self._line(where), "note", message))

    def _line(self, where: Path_ | int | None) -> int | None:
        if where is None or isinstance(where, int):
            return where
        return self.loaded.line(where) if self.loaded else None

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


def parse_story(path: str, data: bytes, taxonomy: Taxonomy) -> Parsed:
    """Parse a story whose path is relative to the stories folder (forward slashes)."""
    report = _Report(path)
    if len(data) > limits.MAX_STORY_BYTES:
        report.error(
            None,
            f"the file is {len(data) / 1e6:.1f} MB; a story may be at most "
            f"{limits.MAX_STORY_BYTES / 1e6:.1f} MB: split it, or link to long logs instead "
            "of pasting them",
        )
        return Parsed(path, None, tuple(report.problems))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        report.error(line, "the file is not UTF-8 text: save it with UTF-8 encoding")
        return Parsed(path, None, tuple(report.problems))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    loaded = load(text)
    report.loaded = loaded
    for line, message in loaded.errors:
        report.error(line, message)
    for line, message in loaded.warnings:
        report.warning(line, message)
    if loaded.errors and not loaded.values:
        return Parsed(path, None, tuple(report.problems))
    _drop_forbidden_characters(loaded, report)
    values = _recover_text(loaded, report)
    _check_keys(values, report)
    front = _validate_shape(values, report)
    fields = _check_vocabulary(path, values, taxonomy, report)
    _check_counts(values, report)
    for line, message in limits.body_problems(loaded.body, loaded.body_line):
        report.error(line, message)
    if report.has_errors or front is None:
        return Parsed(path, None, tuple(report.problems))
    story = _story(path, front, fields, loaded)
    return Parsed(path, story, tuple(report.problems))


def _drop_forbidden_characters(loaded: Loaded, report: _Report) -> None:
    """Report every key or text holding a character text may not hold, and drop its key."""
    for key in list(loaded.values):
        found = _first_forbidden(key, loaded.values[key], (key,))
        if found is None:
            continue
        where, what, in_key = found
        name = ".".join(_printable(str(p)) for p in where)
        thing = "the key" if in_key else "the value of"
        report.error(where, f"{thing} {name} holds {what}: delete it")
        del loaded.values[key]
        loaded.failed.add(key)


def _first_forbidden(key: Any, value: Any, path: Path_) -> tuple[Path_, str, bool] | None:
    """(path, what, whether in a key) of the first forbidden character in `key` or `value`."""
    if isinstance(key, str) and (what := forbidden_character(key)):
        return path, what, True
    if isinstance(value, str):
        what = forbidden_character(value)
        return (path, what, False) if what else None
    items: Any = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for sub_key, sub_value in items:
        found = _first_forbidden(sub_key, sub_value, (*path, sub_key))
        if found is not None:
            return found
    return None


_VISIBLE = {c: f"\\x{c:02x}" for c in [*range(32), *range(0x7F, 0xA0)]}


def _printable(text: str) -> str:
    """`text` with what may not be printed written as escapes, for a message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8").translate(_VISIBLE)


def _matches(path: Path_) -> bool:
    return tuple("*" if isinstance(p, int) else p for p in path) in TEXT_PATHS


def _recover_text(loaded: Loaded, report: _Report) -> dict[str, Any]:
    """Put back the author's text where YAML 1.1 read it as a bool, number or date, and say so."""
    values = dict(loaded.values)
    for path, raw in loaded.raw_scalars.items():
        if not _matches(path) or path[0] not in values:
            continue
        current = _get(values, path)
        if current is None or isinstance(current, str):
            continue
        kind = _kind(current)
        name = ".".join(str(p) for p in path)
        key = path[-1] if isinstance(path[-1], str) else "-"
        sep = ":" if isinstance(path[-1], str) else ""
        report.warning(
            path,
            f"{name}: YAML read `{raw}` as {kind} {_yaml_repr(current)}; write it in quotes to "
            f'keep it as text: {key}{sep} "{raw}"',
        )
        values = _set(values, path, raw)
    return values


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "the boolean"
    if isinstance(value, (int, float)):
        return "the number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "the date"
    return "a " + type(value).__name__


def _yaml_repr(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _get(values: Any, path: Path_) -> Any:
    for part in path:
        try:
            values = values[part]
        except (KeyError, IndexError, TypeError):
            return None
    return values


def _set(values: Any, path: Path_, new: Any) -> Any:
    """A copy of nested lists and dicts with one value replaced."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(values, dict):
        copy = dict(values)
    elif isinstance(values, list):
        copy = list(values)
    else:
        return values
    copy[head] = _set(copy[head], rest, new)
    return copy


def _check_keys(values: Mapping[str, Any], report: _Report) -> None:
    for key in values:
        if key in KNOWN_KEYS or key in PASSTHROUGH_KEYS:
            continue
        close = vocab.did_you_mean(key, KNOWN_KEYS, n=1)
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else "it is ignored; remove it or check the spelling"
        )
        report.warning((key,), f"unknown key `{key}`: {hint}")


_PYDANTIC_MESSAGES = {
    "missing": "is required",
    "string_type": "should be text",
    "string_too_short": "is empty",
    "list_type": "should be a list",
    "bool_type": "should be true or false",
    "literal_error": "should be one of open, done, wontfix",
    "extra_forbidden": "is not a known key here",
    "model_type": "should be a mapping of `key: value` lines",
    "model_attributes_type": "should be a mapping of `key: value` lines",
    "dict_type": "should be a mapping of `key: value` lines",
}

_EXAMPLES = {
    "title": 'title: "Short, plain title of what broke"',
    "description": 'description: "One sentence on what happened and why it matters."',
    "tags": "tags: [postgres, dns]",
    "lessons": 'lessons:\n  - "First lesson"',
    "timeline": 'timeline:\n  - at: "02:14"\n    event: "Pager fires"',
    "action_items": "action_items:\n  - text: Add an alert\n    status: open",
}


def _validate_shape(values: Mapping[str, Any], report: _Report) -> FrontMatter | None:
    try:
        return FrontMatter.model_validate(dict(values))
    except ValidationError as exc:
        seen: set[Path_] = set()
        for error in exc.errors():
            loc: Path_ = tuple(error["loc"])
            if loc in seen:
                continue
            seen.add(loc)
            name = ".".join(str(p) for p in loc)
            what = _PYDANTIC_MESSAGES.get(error["type"], error["msg"].lower())
            if not loc:
                report.error((), f"the front matter {what}")
                continue
            key = str(loc[0])
            if error["type"] == "missing" and len(loc) == 1:
                if report.loaded and key in report.loaded.failed:
                    continue  # its value could not be read, and that was reported
                message = f"`{key}` is missing: add it, e.g. {_EXAMPLES.get(key, key + ': ...')}"
                report.error((), message)
                continue
            if error["type"] == "string_type" and error.get("input") is None:
                what = "is empty"
            example = _EXAMPLES.get(key) if key in LIST_KEYS and len(loc) == 1 else None
            hint = f", e.g. {example}" if example and "\n" not in example else ""
            report.error(loc, f"{name} {what}{hint}")
        return None


@dataclass
class _Fields:
    category: str | None = None
    severity: Severity | None = None
    detection: str | None = None
    date: PartialDate | None = None
    image: str | None = None
    duration: int | None = None
    escaped_because: tuple[str, ...] = ()
    contributing: tuple[str, ...] = ()


def _check_vocabulary(
    path: str, values: Mapping[str, Any], taxonomy: Taxonomy, report: _Report
) -> _Fields:
    """Checks of closed vocabularies and formats, on the raw values so all problems show at once."""
    fields = _Fields()
    fields.category = _category(path, values.get("category"), taxonomy, report)
    severity = values.get("severity")
    if isinstance(severity, str):
        found = _closed("severity", severity, vocab.SEVERITIES, ("severity",), report)
        fields.severity = Severity(found) if found else None
    detection = values.get("detection")
    if isinstance(detection, str):
        fields.detection = _closed("detection", detection, vocab.DETECTIONS, ("detection",), report)
    fields.escaped_because = _closed_list(
        "escaped_because", values, vocab.ESCAPE_REASONS, report, taxonomy
    )
    contributing = []
    given = values.get("contributing")
    for index, word in enumerate(given if isinstance(given, list) else ()):
        if isinstance(word, str):
            found = taxonomy.resolve(word)
            if found.value is None:
                report.warning(
                    ("contributing", index),
                    f"contributing: unknown category {word!r}, left out"
                    f"{_suggest(found.suggestions)} (categories: {', '.join(taxonomy.slugs)})",
                )
            elif found.value != fields.category:
                contributing.append(found.value)
    fields.contributing = tuple(dict.fromkeys(contributing))
    if "date" in values:
        fields.date = _date(values["date"], report)
    fields.image = _image(path, values, report)
    _check_source(values.get("source"), report)
    _check_theme_keys(values, report)
    impact = values.get("impact")
    if isinstance(impact, dict) and impact.get("duration") is not None:
        fields.duration = _duration(impact["duration"], report)
    if isinstance(impact, dict) and impact.get("cost") is not None:
        _check_cost(impact["cost"], report)
    lessons = values.get("lessons")
    if isinstance(lessons, list) and 5 < len(lessons) <= limits.MAX_LESSONS:
        report.warning(
            ("lessons",), f"lessons: {len(lessons)} lessons; keep the 1 to 5 that matter most"
        )
    return fields


_COUNT_LIMITS = {
    "tags": (limits.MAX_TAGS, "keep the tags a reader would search for"),
    "lessons": (limits.MAX_LESSONS, "keep the 1 to 5 that matter most"),
    "timeline": (limits.MAX_TIMELINE, "keep the moments that explain the incident"),
    "action_items": (limits.MAX_ACTION_ITEMS, "keep the ones that will be done"),
    "authors": (limits.MAX_AUTHORS, "name the team instead"),
}


def _check_counts(values: Mapping[str, Any], report: _Report) -> None:
    """An error for each list longer than a story needs (each entry makes pages and links)."""
    for key, (most, hint) in _COUNT_LIMITS.items():
        given = values.get(key)
        if isinstance(given, list) and len(given) > most:
            report.error((key,), f"{key}: {len(given):,} entries, at most {most}; {hint}")


def _suggest(suggestions: tuple[str, ...]) -> str:
    if not suggestions:
        return ""
    return "; did you mean " + " or ".join(f"`{s}`" for s in suggestions) + "?"


def _closed(
    name: str,
    word: str,
    allowed: tuple[str, ...],
    where: Path_,
    report: _Report,
    taxonomy: Taxonomy | None = None,
) -> str | None:
    found = vocab.lookup(word, allowed)
    if found.value is None:
        category = taxonomy.resolve(word).value if taxonomy else None
        hint = (
            f"; {category!r} is a failure category: list it under `contributing:`"
            if category
            else _suggest(found.suggestions)
        )
        report.error(where, f"{name}: unknown value {word!r}{hint} (allowed: {', '.join(allowed)})")
    return found.value


def _closed_list(
    name: str,
    values: Mapping[str, Any],
    allowed: tuple[str, ...],
    report: _Report,
    taxonomy: Taxonomy | None = None,
) -> tuple[str, ...]:
    items = values.get(name)
    if not isinstance(items, list):
        return ()
    out = [
        _closed(name, w, allowed, (name, i), report, taxonomy)
        for i, w in enumerate(items)
        if isinstance(w, str)
    ]
    return tuple(dict.fromkeys(w for w in out if w))


def _category(path: str, given: Any, taxonomy: Taxonomy, report: _Report) -> str | None:
    folder = path.split("/")[0] if "/" in path else None
    if isinstance(given, str) and given.strip():
        found = taxonomy.resolve(given)
        if found.value is None:
            report.error(
                ("category",),
                f"category: unknown category {given!r}{_suggest(found.suggestions)} "
                f"(see `warstories categories`)",
            )
        elif _is_alias(given, found.value, taxonomy):
            report.note(("category",), f"category: {given!r} is read as its alias {found.value!r}")
        if found.value is not None and folder is not None:
            _same_as_folder(path, folder, found.value, taxonomy, report)
        return found.value
    if given is not None:
        return None  # the shape check reports it
    if folder is None:
        report.error(
            (),
            "no category: add `category:` or move the file into a category folder, "
            f"e.g. stories/scale/{posixpath.basename(path)}",
        )
        return None
    found = taxonomy.resolve(folder)
    if found.value is None:
        report.error(
            (),
            f"no category: the folder {folder!r} is not a category{_suggest(found.suggestions)}; "
            "add `category:` or move the file into a category folder",
        )
    elif _is_alias(folder, found.value, taxonomy):
        report.note((), f"category: the folder {folder!r} is read as its alias {found.value!r}")
    return found.value


def _same_as_folder(
    path: str, folder: str, category: str, taxonomy: Taxonomy, report: _Report
) -> None:
    """A story filed by `category:` under one category but sitting in another's folder is an error.

    The folder gives the URL and the category the index it is filed in, so they must agree.
    """
    in_folder = taxonomy.resolve(folder).value
    if in_folder is None or in_folder == category:
        return
    name = path.split("/", 1)[1]
    report.error(
        ("category",),
        f"category: {category!r} disagrees with the folder {folder + '/'!r} the file is in, "
        f"which is the {in_folder!r} category: if the story is about "
        f"{taxonomy[category].label.lower()}, move the file to stories/{category}/{name}; "
        f"if it belongs in {in_folder!r}, change the line to `category: {in_folder}` or remove it",
    )


def _is_alias(word: str, slug: str, taxonomy: Taxonomy) -> bool:
    """True when `word` named the category by an alias (not its slug or label in any case)."""
    category = taxonomy.get(slug)
    spellings = {slug, normalise(category.label)} if category else {slug}
    return normalise(word) not in spellings


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date(value: Any, report: _Report) -> PartialDate | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return PartialDate(value.year, value.month, value.day)
    match = _DATE.match(str(value).strip())
    hint = 'write it as YYYY-MM-DD, YYYY-MM or YYYY, e.g. date: "2023-11"'
    if not match:
        report.error(("date",), f"date: {str(value)!r} is not a date; {hint}")
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        report.error(("date",), f"date: month {month} does not exist; {hint}")
        return None
    if day is not None:
        try:
            datetime.date(year, month or 1, day)
        except ValueError:
            report.error(("date",), f"date: {value} is not a day of the calendar; {hint}")
            return None
    return PartialDate(year, month, day)


# Starts only where a number starts, so a long run of digits is scanned once.
_DURATION_PART = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*([a-z]+)")
_MAX_DURATION_TEXT = 100
_UNIT_MINUTES = {
    "w": 10080,
    "week": 10080,
    "d": 1440,
    "day": 1440,
    "h": 60,
    "hr": 60,
    "hour": 60,
    "m": 1,
    "min": 1,
    "minute": 1,
}


_MAX_MINUTES = 100 * 525_960  # a century: anything longer is a typo


def _duration(value: Any, report: _Report) -> int | None:
    """Minutes from a number of minutes or a text such as `3h20m`, `90 min` or `2 days`."""
    minutes: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        minutes = value
    elif isinstance(value, str) and len(value) <= _MAX_DURATION_TEXT:
        text = value.strip().lower()
        parts = _DURATION_PART.findall(text)
        units = [_UNIT_MINUTES.get(u.removesuffix("s")) for _, u in parts]
        if text.isdecimal() and len(text) < 12:
            minutes = int(text)
        elif parts and None not in units and not _DURATION_PART.sub("", text).strip(" ,and"):
            minutes = sum(float(n) * (u or 0) for (n, _), u in zip(parts, units))
    if minutes is not None and 0 <= minutes <= _MAX_MINUTES:  # also false for NaN
        return round(minutes)
    report.error(
        ("impact", "duration"),
        f"impact.duration: {_shorten(repr(value))} is not a duration; write minutes or e.g. "
        '"3h20m" or "2 days"',
    )
    return None


def _shorten(text: str, most: int = 80) -> str:
    """`text`, cut to `most` characters with an ellipsis, for quoting a long value in a message."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _check_cost(value: Any, report: _Report) -> None:
    if isinstance(value, str) and value.strip():
        return
    if isinstance(value, dict) and set(value) <= {"amount", "currency"}:
        amount = value.get("amount")
        if (
            isinstance(amount, (int, float))
            and not isinstance(amount, bool)
            and 0 <= amount < 1e15  # also false for NaN and infinity
            and isinstance(value.get("currency"), str)
        ):
            return
    report.error(
        ("impact", "cost"),
        "impact.cost should be a text or {amount: 1200, currency: USD}",
    )


_TEMPLATE = re.compile(r"[\w-]+(/[\w-]+)*\.html")
THEME_KEYS = ("hide", "search", "template")  # acted on by MkDocs and Material, so checked here


def _check_theme_keys(values: Mapping[str, Any], report: _Report) -> None:
    """Keys MkDocs and Material act on must have the shape they expect, or the build crashes."""
    hide = values.get("hide")
    if "hide" in values and not (isinstance(hide, list) and all(isinstance(h, str) for h in hide)):
        report.error(("hide",), "hide should be a list, e.g. hide: [navigation, toc]")
    template = values.get("template")
    if "template" in values and not (isinstance(template, str) and _TEMPLATE.fullmatch(template)):
        report.error(
            ("template",), "template should name a template of the theme, e.g. template: main.html"
        )
    search = values.get("search")
    if "search" in values and not (
        isinstance(search, dict)
        and set(search) <= {"exclude", "boost"}
        and isinstance(search.get("exclude", False), bool)
        and not isinstance(search.get("boost", 1), bool)
        and isinstance(search.get("boost", 1), (int, float))
    ):
        report.error(("search",), "search should be e.g. search: {exclude: true} or {boost: 2}")


def _check_source(value: Any, report: _Report) -> None:
    """`source` becomes a link, so only a web address is accepted (never `javascript:`)."""
    if not isinstance(value, str) or not value.strip():
        return  # the shape check reports it
    try:
        parts = urlsplit(value.strip())
        web = parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    except ValueError:
        web = False
    if not web:
        report.error(
            ("source",),
            f"source: {value.strip()!r} is not a web address: give the http(s) URL of the "
            "public postmortem, e.g. source: https://example.com/postmortem",
        )


def _image(path: str, values: Mapping[str, Any], report: _Report) -> str | None:
    image, alt = values.get("image"), values.get("imagealt")
    if image is not None and not (isinstance(alt, str) and alt.strip()):
        report.error(
            ("image",),
            "image has no `imagealt`: add `imagealt:` describing the picture for readers who cannot see it",
        )
    if not isinstance(image, str) or not image.strip():
        return None
    image = image.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", image, re.I):
        report.error(
            ("image",),
            f"image: {image!r} is not in the stories folder: put the file in stories/{IMAGES_DIR}/ and give its name",
        )
        return None
    if "/" not in image:
        resolved = f"{IMAGES_DIR}/{image}"
    elif image.startswith("/"):
        resolved = posixpath.normpath(image.lstrip("/"))
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), image))
    if resolved.startswith("..") or posixpath.isabs(resolved):
        report.error(
            ("image",),
            f"image: {image!r} points outside the stories folder: put the file in stories/{IMAGES_DIR}/ and give its name",
        )
        return None
    return resolved


def _story(path: str, front: FrontMatter, fields: _Fields, loaded: Loaded) -> Story:
    impact = front.impact
    return Story(
        path=path,
        slug=posixpath.splitext(posixpath.basename(path))[0],
        title=front.title,
        description=front.description,
        category=fields.category or "",
        body=loaded.body,
        body_line=loaded.body_line,
        date=fields.date,
        severity=fields.severity,
        tags=tuple(dict.fromkeys(front.tags)),
        lessons=tuple(front.lessons),
        image=fields.image,
        imagealt=front.imagealt,
        authors=tuple(front.authors),
        impact=Impact(
            duration_minutes=fields.duration,
            users=_users(impact.users) if impact else None,
            cost=_cost(impact.cost) if impact else None,
            summary=impact.summary if impact else None,
        ),
        detection=fields.detection,
        escaped_because=fields.escaped_because,
        contributing=fields.contributing,
        trigger=front.trigger,
        resolution=front.resolution,
        timeline=tuple(TimelineEntry(t.at, t.event) for t in front.timeline),
        action_items=tuple(ActionItem(a.text, a.status, a.link) for a in front.action_items),
        related=tuple(front.related),
        recurrence_of=front.recurrence_of,
        featured=front.featured,
        draft=front.draft,
        source=front.source,
        key_lines={p[0]: line for p, line in loaded.lines.items() if len(p) == 1},
        theme_meta={k: loaded.values[k] for k in THEME_KEYS if k in loaded.values},
    )


def _users(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _cost(value: Any) -> Cost | None:
    if value is None:
        return None
    if isinstance(value, dict):
        return Cost(amount=float(value["amount"]), currency=str(value["currency"]))
    return Cost(text=str(value))

"""The text of a new story, so a contributor starts from a file that already passes the check."""

from __future__ import annotations

import datetime
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from warstories.core import taxonomy as vocab
from warstories.core.model import slugify
from warstories.core.taxonomy import Taxonomy

PLACEHOLDER_TITLE = "Untitled war story"
PLACEHOLDER_DESCRIPTION = "One sentence on what broke, who noticed and what it cost."
# Examples written as comments in a new file; left in once uncommented, they are placeholders.
PLACEHOLDERS = {
    "lessons": "The lesson a new hire should remember.",
    "imagealt": "What the picture shows",
}
MAX_SLUG = 60

SECTIONS: tuple[tuple[str, str], ...] = (
    (
        "What happened",
        "What broke, who noticed first and what it cost. Describe decisions and the system "
        "around them, so a reader could have made the same call.",
    ),
    (
        "Timeline",
        'One line per moment: "09:31 the latency alert fires". The front matter\'s '
        "`timeline:` can hold the same as data.",
    ),
    (
        "Why it only showed up in production",
        "What production had that tests and staging did not: scale, real data, config, "
        "timing, a vendor. Add those reasons to `escaped_because:`.",
    ),
    (
        "Lessons",
        "One to five short lessons, also listed under `lessons:` so they reach the lessons page.",
    ),
)


class ScaffoldError(ValueError):
    """A value given for a new story that cannot be used, with what to give instead."""


class StoryExists(Exception):
    """The story file, or another file with the same slug, is already there: never overwrite."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


@dataclass(frozen=True)
class NewStory:
    """What the contributor told us about the story; empty fields get placeholders."""

    title: str
    category: str
    description: str = ""
    severity: str | None = None
    tags: tuple[str, ...] = ()
    date: str | None = None
    authors: tuple[str, ...] = ()
    slug: str | None = None

    @property
    def file_slug(self) -> str:
        return self.slug or story_slug(self.title)


def story_slug(title: str) -> str:
    """A file name (without .md) from a title: lowercase words joined by dashes, not too long."""
    slug = slugify(title) if re.search(r"\w", title) else "story"
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug


def check_slug(slug: str) -> str:
    """A slug given by hand, when it is already the lowercase-dashed form URLs use."""
    if slugify(slug) != slug:
        raise ScaffoldError(f"slug {slug!r} is not URL-friendly: try {slugify(slug)!r}")
    return slug


def resolve_category(word: str, taxonomy: Taxonomy) -> str:
    """The category slug for a slug, alias or label; ScaffoldError with suggestions otherwise."""
    found = taxonomy.resolve(word)
    if found.value is None:
        hint = (
            "did you mean " + " or ".join(f"`{s}`" for s in found.suggestions) + "?"
            if found.suggestions
            else "run `warstories categories` to see them"
        )
        raise ScaffoldError(f"unknown category {word!r}: {hint}")
    return found.value


def resolve_severity(word: str) -> str:
    found = vocab.lookup(word, vocab.SEVERITIES)
    if found.value is None:
        close = (
            "did you mean " + " or ".join(f"`{s}`" for s in found.suggestions) + "? "
            if found.suggestions
            else ""
        )
        raise ScaffoldError(
            f"unknown severity {word!r}: {close}use one of {', '.join(vocab.SEVERITIES)}"
        )
    return found.value


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(text: str) -> str:
    """The date as written when it is YYYY-MM-DD, YYYY-MM or YYYY of the real calendar."""
    text = text.strip()
    parts = text.split("-")
    try:
        if not _DATE.match(text):
            raise ValueError
        datetime.date(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except ValueError:
        raise ScaffoldError(
            f"date {text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2023-11"
        ) from None
    return text


def split_list(text: str | None) -> tuple[str, ...]:
    """`a, b,c` → (a, b, c), without empties or repeats."""
    if not text:
        return ()
    return tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))


def _quote(text: str) -> str:
    """A YAML double-quoted scalar that PyYAML reads back as exactly this text."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=10**9).strip()


def _flow_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(_quote(i) for i in items) + "]"


def _comment(text: str, width: int = 96) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width - 2)]


def story_text(new: NewStory, taxonomy: Taxonomy) -> str:
    """The whole file: commented front matter with the allowed values, then the sections."""
    lines = ["---"]
    lines += _comment(
        "A new war story. Fill it in, run `warstories check` on it, and delete `draft: true` "
        "when it is ready to publish. Values in quotes are text; keep the quotes."
    )
    lines.append(f"title: {_quote(new.title or PLACEHOLDER_TITLE)}")
    lines += _comment("One sentence: shown on index pages, in search results and link previews.")
    lines.append(f"description: {_quote(new.description or PLACEHOLDER_DESCRIPTION)}")
    lines += _comment(
        "category: the primary failure category, one of "
        + ", ".join(taxonomy.slugs)
        + ". `warstories categories` explains each and lists the aliases."
    )
    lines.append(f"category: {new.category}")
    lines += _comment("date: when it happened, as YYYY-MM-DD, YYYY-MM or YYYY.")
    lines.append(f"date: {_quote(new.date)}" if new.date else '# date: "2024-03"')
    lines += _comment("severity: " + ", ".join(vocab.SEVERITIES) + ".")
    lines.append(f"severity: {new.severity}" if new.severity else "# severity: sev3")
    lines += _comment("tags: technologies and themes, e.g. [postgres, dns, cron].")
    lines.append(f"tags: {_flow_list(new.tags)}")
    lines.append(
        f"authors: {_flow_list(new.authors)}" if new.authors else '# authors: ["Your Name"]'
    )
    lines += _comment("detection: how it was found, one of " + ", ".join(vocab.DETECTIONS) + ".")
    lines.append("# detection: alert")
    lines += _comment(
        "escaped_because: why testing before production missed it, any of "
        + ", ".join(vocab.ESCAPE_REASONS)
        + "."
    )
    lines.append("# escaped_because: [scale]")
    lines += _comment("impact: duration (e.g. 3h20m), users, cost, summary.")
    lines.append('# impact: {duration: "45m", users: "about 300 depots"}')
    lines += _comment("lessons: one to five short lessons; they feed the lessons page.")
    lines.append("# lessons:")
    lines.append(f'#   - "{PLACEHOLDERS["lessons"]}"')
    lines += _comment("image: a file in the stories' images folder, with imagealt describing it.")
    lines.append("# image: graph.png")
    lines.append(f'# imagealt: "{PLACEHOLDERS["imagealt"]}"')
    lines.append("draft: true")
    lines.append("---")
    lines.append("")
    for heading, hint in SECTIONS:
        lines.append(f"## {heading}")
        lines.append("")
        lines.append(f"<!-- {hint} -->")
        lines.append("")
    return "\n".join(lines)


def existing_slug(stories_dir: Path, slug: str) -> Path | None:
    """A story file anywhere under the stories folder that already uses this slug."""
    if not stories_dir.is_dir():
        return None
    for path in stories_dir.rglob("*.md"):
        if path.stem.lower() == slug.lower():
            return path
    return None


def write_story(stories_dir: Path, new: NewStory, taxonomy: Taxonomy) -> Path:
    """Write stories/<category>/<slug>.md; StoryExists when the file or its slug is taken."""
    slug = new.file_slug
    taken = existing_slug(stories_dir, slug)
    if taken is not None:
        raise StoryExists(taken)
    target = stories_dir / new.category / f"{slug}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(story_text(new, taxonomy))
    except FileExistsError:
        raise StoryExists(target) from None
    return target

"""The front-matter schema as Markdown, made from the code's own vocabularies so it cannot drift."""

from __future__ import annotations

from dataclasses import dataclass

from warstories.core import taxonomy as vocab
from warstories.core.schema import KNOWN_KEYS, PASSTHROUGH_KEYS
from warstories.core.taxonomy import Taxonomy


@dataclass(frozen=True)
class Field:
    """One front-matter key as a writer needs to know it."""

    key: str
    type: str
    needed: str
    allowed: str
    example: str


def _codes(values: tuple[str, ...]) -> str:
    return " ".join(f"`{v}`" for v in values)


def fields() -> tuple[Field, ...]:
    """Every key of a story's front matter, in the order a writer meets them."""
    categories = "a category slug or alias (see the table below)"
    return (
        Field(
            "title",
            "text",
            "required",
            "plain text, shown escaped",
            '"Two primaries for ninety seconds"',
        ),
        Field(
            "description",
            "text",
            "required",
            "one sentence: the summary on index pages and in `<meta name=description>`",
            '"A network partition let two databases take writes."',
        ),
        Field(
            "category",
            "text",
            "required, or from the folder",
            f"{categories}; a story in `<category>/` may leave it out",
            "consistency",
        ),
        Field(
            "date",
            "text",
            "recommended",
            '`"YYYY-MM-DD"`, `"YYYY-MM"` or `"YYYY"`: a month or a year alone is fine',
            '"2023-11"',
        ),
        Field("severity", "text", "recommended", _codes(vocab.SEVERITIES), "sev2"),
        Field(
            "tags",
            "list of text",
            "recommended",
            "technologies and themes; made into slugs for their pages",
            "[postgres, failover]",
        ),
        Field(
            "lessons",
            "list of text",
            "recommended",
            "1 to 5 short lessons",
            '["Fence before you promote."]',
        ),
        Field(
            "image",
            "text",
            "optional, with `imagealt`",
            "a file name in the stories' `images/` folder (or a path inside the stories folder)",
            "two-primaries.svg",
        ),
        Field(
            "imagealt",
            "text",
            "required when `image` is set",
            "what the picture shows, for readers who cannot see it",
            '"Two database nodes on either side of a cut link"',
        ),
        Field("authors", "list of text", "optional", "names", "[Ana Lima]"),
        Field(
            "impact",
            "mapping",
            "optional",
            "`duration` (`3h20m`, `90m` or minutes), `users` (a number or text), "
            "`cost` (`{amount, currency}` or text), `summary` (text)",
            "{duration: 41m, users: 310, cost: {amount: 1200, currency: EUR}}",
        ),
        Field("detection", "text", "optional", _codes(vocab.DETECTIONS), "customer-report"),
        Field(
            "escaped_because",
            "list of text",
            "optional",
            "why testing before production missed it, any of " + _codes(vocab.ESCAPE_REASONS),
            "[environment, timing]",
        ),
        Field(
            "contributing",
            "list of text",
            "optional",
            f"secondary categories: {categories}",
            "[hardware]",
        ),
        Field("trigger", "text", "optional", "one line", '"A fibre link went down early."'),
        Field(
            "resolution",
            "text",
            "optional",
            "one line",
            '"Recovered the scans from the handhelds."',
        ),
        Field(
            "timeline",
            "list of `{at, event}`",
            "optional",
            "`at`: an ISO date-time, a clock time `HH:MM` (quoted) or an offset `T+5m`; "
            "`event`: text",
            '[{at: "07:12", event: "The link drops"}]',
        ),
        Field(
            "action_items",
            "list of `{text, status, link}`",
            "optional",
            f"`status`: {_codes(vocab.ACTION_STATUSES)} (default `open`); `link`: a web address",
            "[{text: Fence over a second path, status: done}]",
        ),
        Field(
            "related",
            "list of text",
            "optional",
            "slugs (file names without `.md`) of other stories",
            "[stale-address-after-edit]",
        ),
        Field(
            "recurrence_of",
            "text",
            "optional",
            "the slug of an earlier story this repeats",
            "stale-address-after-edit",
        ),
        Field(
            "featured",
            "boolean",
            "optional",
            "`true` puts it on the new hires' reading path",
            "true",
        ),
        Field("draft", "boolean", "optional", "`true`: shown by `mkdocs serve` only", "false"),
        Field(
            "source",
            "text",
            "optional",
            "the http(s) address of a public postmortem",
            "https://example.com/postmortem",
        ),
    )


EXAMPLE = """\
---
title: Two primaries for ninety seconds
description: A network partition let the standby promote itself while the old primary kept taking writes.
date: "2023-11"
severity: sev2
tags: [postgres, failover]
lessons:
  - A failover that cannot fence the old primary must not promote a new one.
image: two-primaries.svg
imagealt: Two database nodes on either side of a cut network link
detection: customer-report
escaped_because: [environment, timing]
timeline:
  - {at: "07:12", event: The link between the data centres drops}
  - {at: "07:14", event: The link returns and the old primary is fenced}
---

## What happened
..."""


def schema_markdown(taxonomy: Taxonomy) -> str:
    """The whole schema page: keys, the categories of `taxonomy`, an example and the YAML traps."""
    rows = fields()
    out = [
        "# The story front matter",
        "",
        "A story is a Markdown file in a category folder of the stories folder,",
        "`<category>/<slug>.md`, that starts with YAML front matter between `---` lines.",
        "Only `title` and `description` are required; the category may come from the folder.",
        "This page is printed by `warstories schema` from the code that checks stories",
        "(`warstories schema > docs/schema.md` refreshes it; a test keeps the two equal).",
        "",
        "## Keys",
        "",
        "| key | type | needed | allowed values | example |",
        "|---|---|---|---|---|",
    ]
    out += [f"| `{f.key}` | {f.type} | {f.needed} | {f.allowed} | `{f.example}` |" for f in rows]
    out += [
        "",
        "Keys that MkDocs or Material understand pass through unchecked: "
        + ", ".join(f"`{k}`" for k in sorted(PASSTHROUGH_KEYS))
        + ". Any other key is a warning that suggests the nearest known one.",
        "",
        "## Categories",
        "",
        "Slugs are stable addresses (`categories/<slug>/`); an alias is accepted wherever a",
        "category is asked for and read as its slug, with a note. A site replaces the list with",
        "the plugin option `vocabulary:` or adds to it with `categories:`;",
        "`warstories categories` lists the categories of the site you are in.",
        "",
        "| slug | label | aliases | what it is | why it shows up only in production |",
        "|---|---|---|---|---|",
    ]
    for c in taxonomy.categories:
        aliases = ", ".join(f"`{a}`" for a in c.aliases) or "none"
        out.append(f"| `{c.slug}` | {c.label} | {aliases} | {c.description} | {c.why} |")
    out += [
        "",
        "## An example",
        "",
        "```markdown",
        EXAMPLE,
        "```",
        "",
        "The smallest story has only `title` and `description` (and its folder for the",
        "category). An image lives in the stories' `images/` folder; the body links it as",
        "`![what it shows](/images/name.svg)`.",
        "",
        "## YAML traps",
        "",
        "YAML reads unquoted `no`, `on` and `yes` as booleans, `3.10` as `3.1` and `12:30` as",
        "a number of minutes. Where text is expected and YAML produced something else, the",
        'check says so and how to quote it: write `"no"`, `"3.10"`, `"12:30"`.',
        "",
    ]
    return "\n".join(out)


def undocumented_keys() -> frozenset[str]:
    """Keys the schema accepts that this page does not describe (a test keeps it empty)."""
    return KNOWN_KEYS - {f.key for f in fields()}

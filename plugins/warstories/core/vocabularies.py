"""The closed vocabularies of front matter, each defined once with its labels and colours.

Severity, detection, `escaped_because` and action status: every other module (the parser,
the scaffold, the CLI, the figures, the pages) derives its values, labels and colours from
here. The stylesheet's severity colours (`--ws-<severity>` in
`site/theme/assets/warstories/warstories.css`) are checked against `Severity` by a test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Term:
    """One allowed value: what front matter says, what a reader sees, and the sentence behind it."""

    value: str
    label: str
    note: str = ""


class Severity(str, enum.Enum):
    """How bad it was; near misses are first-class because they are the cheapest lessons.

    Each member is its front-matter value, its label and its colour in charts and badges.
    """

    label: str
    colour: str

    SEV1 = ("sev1", "SEV1", "#b71c1c")
    SEV2 = ("sev2", "SEV2", "#d84315")
    SEV3 = ("sev3", "SEV3", "#8d6e00")
    SEV4 = ("sev4", "SEV4", "#455a64")
    NEAR_MISS = ("near-miss", "Near miss", "#1b5e20")

    def __new__(cls, value: str, label: str, colour: str) -> Severity:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.colour = colour
        return member

    @property
    def rank(self) -> int:
        """Sort order: SEV1 first, near misses last."""
        return list(Severity).index(self)


# How the problem was found.
DETECTION_TERMS = (
    Term("alert", "Alert"),
    Term("dashboard", "Dashboard"),
    Term("customer-report", "Customer report"),
    Term("internal-report", "Internal report"),
    Term("engineer", "An engineer noticed"),
    Term("test", "A test"),
    Term("audit", "Audit"),
    Term("vendor", "Vendor"),
)

# Why testing before production missed it: a short label and the sentence behind it.
ESCAPE_TERMS = (
    Term("scale", "Scale", "tests ran at small volumes"),
    Term("environment", "Environment", "staging differed from production"),
    Term("concurrency", "Concurrency", "tests had no real parallelism"),
    Term("real-data", "Real data", "test data was clean"),
    Term("config", "Configuration", "production values never ran in a test"),
    Term("third-party", "Third party", "mocks behaved, the vendor did not"),
    Term("timing", "Timing", "a date, a clock or a slow moment tests never met"),
    Term("rare-path", "Rare path", "a branch tests never took"),
    Term("no-test", "No test", "nothing covered it"),
)

# Where an action item stands.
ACTION_STATUS_TERMS = (
    Term("open", "Open"),
    Term("done", "Done"),
    Term("wontfix", "Won't fix"),
)

SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)
DETECTIONS: tuple[str, ...] = tuple(t.value for t in DETECTION_TERMS)
ESCAPE_REASONS: tuple[str, ...] = tuple(t.value for t in ESCAPE_TERMS)
ACTION_STATUSES: tuple[str, ...] = tuple(t.value for t in ACTION_STATUS_TERMS)

# The type of an action item's status, from the same values (a tuple in Literal[] is unpacked).
ActionStatus = Literal[ACTION_STATUSES]  # type: ignore[valid-type]


def labels(terms: tuple[Term, ...]) -> dict[str, str]:
    """Each value's label, in the vocabulary's order."""
    return {t.value: t.label for t in terms}

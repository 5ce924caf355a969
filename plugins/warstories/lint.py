"""Warnings about how a story is written: blaming words, and secrets or personal data left in it.

These read the file's text line by line, so each warning names the exact file line, and they
work on broken stories too (a leaked key matters even when the YAML does not parse). A line
that contains `warstories: allow`, or follows a line that does, is not checked.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Problem
from .parse import Parsed

ALLOW_MARK = "warstories: allow"

# Blameless language: the phrase, and what to write instead. Matched as whole words, any case.
BLAMING: tuple[tuple[str, str], ...] = (
    (
        r"human[ \t]+errors?",
        "name what in the system made the slip easy, and what would have caught it",
    ),
    (
        r"should(?:n't| not)? ?(?:have|'ve)",
        "hindsight: say what people knew at the time and why their choice made sense then",
    ),
    (
        r"careless(?:ly|ness)?|sloppy|negligen(?:t|ce|tly)|incompeten(?:t|ce)",
        "describe the conditions (time pressure, a missing guard), not the person",
    ),
    (
        r"stupid(?:ly|ity)?|idiot(?:ic|s)?|moron(?:ic|s)?",
        "describe the decision and its context in neutral words",
    ),
    (
        r"fault of|\w+(?:'s|\u2019s) fault|blame[sd]?|blaming",
        "name the contributing causes rather than a culprit",
    ),
    (r"screwed up|messed up", "say what happened to the system in plain terms"),
)
_BLAMING = [
    (re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), hint)
    for pattern, hint in BLAMING
]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+\1")

DOC_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_DOC_DOMAINS = ("example.com", "example.org", "example.net")
_DOC_TLDS = ("example", "test", "invalid", "localhost")

_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?![\w-])"
)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:/\d{1,3})?(?![\w:])")

# (what it is, pattern) for credentials with a recognisable shape.
TOKENS: tuple[tuple[str, str], ...] = (
    ("an AWS access key ID", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"),
    ("a GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"),
    ("a Slack token", r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    ("a Slack webhook URL", r"https://hooks\.slack\.com/services/[A-Za-z0-9/]{20,}"),
    ("a private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    ("a JSON Web Token", r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),
    ("a Stripe secret key", r"\b[sr]k_live_[A-Za-z0-9]{16,}\b"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
)
_TOKENS = [(what, re.compile(pattern)) for what, pattern in TOKENS]

_ASSIGNMENT = re.compile(
    r"(?i)(?<![\w-])([\w-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|"
    r"private[_-]?key|auth))[\"']?\s*[:=]\s*([\"']?)([^\s\"'`,;]+)"
)
_PLACEHOLDER = re.compile(
    r"(?i)^(?:[<{$%*#.(\[]|x{3,}|\*+$|null$|none$|true$|false$|nil$)|example|redacted|placeholder|"
    r"changeme|dummy|\.\.\."
)
_CODE_VALUE = re.compile(r"[(\[{]|^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$|^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True)
class Line:
    number: int  # the file line
    text: str
    in_code: bool  # inside a fenced code block of the body


def with_lint(parsed: Parsed, data: bytes) -> Parsed:
    """The parse outcome with the writing warnings of the same file added."""
    found = lint_text(parsed.path, data.decode("utf-8-sig", errors="replace"))
    if not found:
        return parsed
    problems = sorted((*parsed.problems, *found), key=lambda p: p.line or 0)
    return dataclasses.replace(parsed, problems=tuple(problems))


def lint_text(path: str, text: str) -> list[Problem]:
    """Every blameless-language and secret warning for one story file's text."""
    problems: list[Problem] = []
    allowed_next = False
    for line in _lines(text):
        allowed = allowed_next or ALLOW_MARK in line.text
        allowed_next = ALLOW_MARK in line.text
        if allowed:
            continue
        if not line.in_code:
            problems.extend(_blaming(path, line))
        problems.extend(_secrets(path, line))
    return problems


def _lines(text: str) -> Iterator[Line]:
    """The file's lines, marking those inside fenced code blocks of the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body_start = 0
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                body_start = index + 1
                break
    fence: str | None = None
    for index, text_line in enumerate(lines):
        in_code = False
        if index >= body_start:
            match = _FENCE.match(text_line)
            if fence is None and match:
                fence = match.group(1)
                in_code = True
            elif fence is not None:
                in_code = True
                closing = (
                    match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
                )
                if closing and not text_line.strip().strip(fence[0]):
                    fence = None
        yield Line(index + 1, text_line, in_code)


def _blaming(path: str, line: Line) -> Iterator[Problem]:
    prose = _INLINE_CODE.sub(" ", line.text)
    seen: set[str] = set()
    for pattern, hint in _BLAMING:
        for match in pattern.finditer(prose):
            phrase = match.group(0)
            if phrase.lower() in seen or any(phrase.lower() in s for s in seen):
                continue
            seen.add(phrase.lower())
            yield Problem(
                path,
                line.number,
                "warning",
                f'blameless language: "{phrase}"; {hint} '
                f"(or add `{ALLOW_MARK}` in a comment on the line above if it is a quote)",
            )


def _secrets(path: str, line: Line) -> Iterator[Problem]:
    text = line.text
    for what, pattern in _TOKENS:
        for match in pattern.finditer(text):
            if "EXAMPLE" in match.group(0).upper():
                continue  # the documented example keys
            shown = match.group(0) if what == "a private key" else _mask(match.group(0))
            yield _secret(path, line, f"{what} ({shown})")
    for match in _ASSIGNMENT.finditer(text):
        key, quote, value = match.groups()
        value = value.rstrip(".:!?)")
        if len(value) < 6 or _PLACEHOLDER.search(value) or _CODE_VALUE.search(value):
            continue
        if not quote and not re.search(r"[\d\W_]", value):
            continue  # prose such as "password: rotated"
        yield _secret(path, line, f"a value for `{key}` ({_mask(value)})")
    for match in _EMAIL.finditer(text):
        local, domain = match.groups()
        if _documentation_domain(domain) or local.lower() == "git":
            continue
        yield Problem(
            path,
            line.number,
            "warning",
            f"personal data: the email address {local[:1]}…@{domain}; use a made-up address "
            "at example.com",
        )
    for candidate in [*_IPV4.findall(text), *_IPV6.findall(text)]:
        address = _specific_address(candidate)
        if address is not None:
            yield Problem(
                path,
                line.number,
                "warning",
                f"internal detail: the IP address {address}; use one from the documentation "
                "ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 or 2001:db8::/32",
            )


def _secret(path: str, line: Line, what: str) -> Problem:
    return Problem(
        path,
        line.number,
        "warning",
        f"possible secret: {what}; remove it (and revoke it if it was real), or write a "
        "made-up placeholder such as <token>",
    )


def _mask(value: str) -> str:
    """Enough of a secret to find it in the file, not enough to use it."""
    if len(value) <= 8:
        return value[:2] + "…"
    return f"{value[:4]}…{value[-2:]}"


def _documentation_domain(domain: str) -> bool:
    domain = domain.lower().rstrip(".")
    if domain.rsplit(".", 1)[-1] in _DOC_TLDS:
        return True
    return any(domain == d or domain.endswith("." + d) for d in _DOC_DOMAINS)


def _specific_address(candidate: str) -> str | None:
    """The address when it names a real host or network, not a documentation or special one."""
    try:
        network = ipaddress.ip_network(candidate, strict=False)
    except ValueError:
        return None
    address = network.network_address if "/" in candidate else ipaddress.ip_address(candidate)
    if any(network.subnet_of(doc) for doc in DOC_NETWORKS if doc.version == network.version):
        return None
    if (
        address.is_loopback
        or address.is_unspecified
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
    ):
        return None
    if address.version == 4 and _is_netmask(int(address)):
        return None
    if "/" in candidate and network.prefixlen <= 16 and network.is_private:
        return None  # a whole private range such as 10.0.0.0/8 says nothing about a site
    return candidate


def _is_netmask(value: int) -> bool:
    inverted = ~value & 0xFFFFFFFF
    return value != 0 and inverted & (inverted + 1) == 0

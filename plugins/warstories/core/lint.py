"""Warnings about how a story is written: blaming words, and secrets or personal data left in it.

These read the file's text line by line, so each warning names the exact file line, and they
work on broken stories too (a leaked key matters even when the YAML does not parse). A line
that contains `warstories: allow`, or follows a line that does, is not checked.
"""

from __future__ import annotations

import bisect
import dataclasses
import ipaddress
import re
from collections.abc import Iterable, Iterator

from warstories.core.active_content import active_content
from warstories.core.model import Problem
from warstories.core.parse import Parsed
from warstories.core.unfinished import unfinished

ALLOW_MARK = "warstories: allow"

# Blameless language: the phrase, and what to write instead. Matched as whole words, any case.
BLAMING: tuple[tuple[str, str], ...] = (
    (
        r"human[ \t-]+errors?",
        "name what in the system made the slip easy, and what would have caught it",
    ),
    (
        r"should(?:n't| not)? ?(?:have|'ve)",
        "hindsight: if this is about a person, say what they knew at the time and why their "
        "choice made sense then",
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
# One scan per file: each rule is a named group, so the match says which rule fired.
_BLAMING = re.compile(
    "|".join(rf"(?<![\w-])(?P<b{i}>{pattern})(?![\w-])" for i, (pattern, _) in enumerate(BLAMING)),
    re.IGNORECASE,
)
_BLAMING_HINTS = {f"b{i}": hint for i, (_, hint) in enumerate(BLAMING)}

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$", re.MULTILINE)
_FRONT_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_BACKTICKS = re.compile(r"`+")

DOC_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_DOC_DOMAINS = ("example.com", "example.org", "example.net")
_DOC_TLDS = ("example", "test", "invalid", "localhost")

# Addresses everyone's systems share, so naming them tells nothing about one site.
WELL_KNOWN = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "127.0.0.1", "127.0.0.53", "127.0.1.1", "::1", "169.254.169.254", "169.254.170.2",
        "fe80::1", "fd00:ec2::254",
    )
)  # fmt: skip
_SHARED = ipaddress.ip_network("100.64.0.0/10")
# A version such as "Linux 2.6.26.6" is not an address.
_VERSION_BEFORE = re.compile(
    r"(?i)(?:\bv|\bversions?|\bkernel|\brelease|\blinux|\bbuild|\bfirmware|\bpatch)[ \t:=]*\Z"
)
# Host names under the suffixes kept for private networks (RFC 6762, RFC 8375, common use).
_INTERNAL_HOST = re.compile(
    r"(?i)(?<![\w.@/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+"
    r"(?:internal|local|corp|lan|intranet|intra|priv|home\.arpa)(?![\w-]|\.[a-z0-9])"
)
_INTERNAL_HINTS = (".internal", ".local", ".corp", ".lan", ".intra", ".priv", ".home.arpa")
_GENERIC_LABELS = frozenset(
    [
        "svc",
        "cluster",
        "local",
        "default",
        "kube-system",
        "pod",
        "pods",
        "compute",
        "ec2",
        "internal",
        "home",
        "arpa",
        "corp",
        "lan",
        "intranet",
        "intra",
        "priv",
        "example",
        "my-service",
        "my-namespace",
        "namespace",
        "service",
    ]
)

_EMAIL = re.compile(
    r"(?<![\w.%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?![\w-])"
)
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:/\d{1,3})?(?![\w:])")

# (what it is, pattern) for credentials with a recognisable shape.
TOKENS: tuple[tuple[str, str], ...] = (
    ("an AWS access key ID", r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"),
    ("a GitHub token", r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b"),
    ("a Slack token", r"(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,}"),
    ("a Slack webhook URL", r"https://hooks\.slack\.com/services/[A-Za-z0-9/]{20,}"),
    ("a private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    (
        "a JSON Web Token",
        r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
    ),
    ("a Stripe secret key", r"\b[sr]k_live_[A-Za-z0-9]{16,}\b"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
)
_TOKENS = [(what, re.compile(pattern)) for what, pattern in TOKENS]
# Substrings one of which every token above contains: a file without any is skipped quickly.
_TOKEN_HINTS = (
    "AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
    "github_pat_", "xox", "hooks.slack.com", "PRIVATE KEY", "eyJ", "k_live_", "AIza",
)  # fmt: skip

_ASSIGNMENT = re.compile(
    r"(?i)(password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth)"
    r"[\"']?[ \t]*[:=][ \t]*([\"']?)([^\s\"'`,;]+)"
)
_PLACEHOLDER = re.compile(
    r"(?i)^(?:[<{$%*#.(\[]|x{3,}|\*+$|null$|none$|true$|false$|nil$)|example|redacted|placeholder|"
    r"changeme|dummy|\.\.\."
)
_CODE_VALUE = re.compile(r"[(\[{]|^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+$|^[A-Z][A-Z0-9_]*$")


def with_lint(parsed: Parsed, data: bytes) -> Parsed:
    """The parse outcome with the writing warnings of the same file added."""
    found = lint_text(parsed.path, data.decode("utf-8-sig", errors="replace"))
    if parsed.story is not None:
        found += unfinished(parsed.story)
    if not found:
        return parsed
    problems = sorted((*parsed.problems, *found), key=lambda p: p.line or 0)
    return dataclasses.replace(parsed, problems=tuple(problems))


class _Text:
    """One file's text with its line starts, fenced code lines and allowed lines."""

    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        lower = self.text.lower()
        self.lower = lower if len(lower) == len(self.text) else None  # same offsets, or none
        self.starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.code = self._fenced_lines()
        self.allowed: set[int] = set()
        at = self.text.find(ALLOW_MARK)
        while at != -1:
            line = self.line(at)
            self.allowed.update((line, line + 1))
            at = self.text.find(ALLOW_MARK, at + 1)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def line_text(self, number: int) -> str:
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return self.text[self.starts[number - 1] : end]

    def _fenced_lines(self) -> set[int]:
        body = 0
        if self.text.startswith("---"):
            end = _FRONT_END.search(self.text, self.text.find("\n") + 1)
            body = end.end() if end else 0
        self.body_line = self.line(body) + 1 if body else 1
        code: set[int] = set()
        opened: tuple[int, str] | None = None
        for match in _FENCE.finditer(self.text, body):
            line = self.line(match.start())
            if opened is None:
                opened = (line, match.group(1))
                continue
            start, fence = opened
            marker = match.group(1)
            if marker[0] == fence[0] and len(marker) >= len(fence) and not match.group(2).strip():
                code.update(range(start, line + 1))
                opened = None
        if opened is not None:
            code.update(range(opened[0], len(self.starts) + 1))
        return code


def lint_text(path: str, text: str) -> list[Problem]:
    """Every blameless-language and secret warning for one story file's text."""
    source = _Text(text)
    found = [*_blaming(source), *_secrets(source), *_active(source)]
    found.sort(key=lambda lm: lm[0])
    return [Problem(path, line, "warning", message) for line, message in found]


# Cheap literal scans that find the few lines worth a full regex (a check of 1000 stories
# must stay well under 5 s): words that start a blaming phrase, and shapes of addresses.
_BLAMING_STARTS = (
    "human", "should", "careless", "sloppy", "negligen", "incompeten", "stupid", "idiot",
    "moron", "fault", "blam", "screwed", "messed",
)  # fmt: skip
_ASSIGNMENT_KEYS = ("pass", "pwd", "secret", "token", "key", "auth")
_IPV4_SHAPE = re.compile(r"\.\d{1,3}\.\d{1,3}\.")
_IPV6_SHAPE = re.compile(r":[0-9A-Fa-f]{0,4}:")


def _lines_with(source: _Text, words: Iterable[str]) -> list[int]:
    """Lines whose lowercase text contains one of the words."""
    low = source.lower
    if low is None:
        return list(range(1, len(source.starts) + 1))
    lines: set[int] = set()
    for word in words:
        at = low.find(word)
        while at != -1:
            lines.add(source.line(at))
            at = low.find(word, at + 1)
    return sorted(lines)


def _lines_matching(source: _Text, shape: re.Pattern[str]) -> list[int]:
    return sorted({source.line(m.start()) for m in shape.finditer(source.text)})


def _blaming(source: _Text) -> Iterator[tuple[int, str]]:
    for line in _lines_with(source, _BLAMING_STARTS):
        if line in source.code or line in source.allowed:
            continue
        text = source.line_text(line)
        prose = _blank_code_spans(text)
        seen: set[str] = set()
        for match in _BLAMING.finditer(prose):
            phrase = match.group(0)
            if phrase.lower() in seen:
                continue
            seen.add(phrase.lower())
            hint = _BLAMING_HINTS[match.lastgroup or ""]
            yield (
                line,
                f'blameless language: "{phrase}"; {hint} '
                f"(or add `{ALLOW_MARK}` in a comment on the line above if it is a quote)",
            )


def _active(source: _Text) -> Iterator[tuple[int, str]]:
    """Raw HTML and links in the body that would run script or act for the reader."""
    low = source.lower if source.lower is not None else source.text.lower()
    if not any(mark in low for mark in ("<", "{", "script:", "data:")):
        return
    for line in range(source.body_line, len(source.starts) + 1):
        if line in source.code or line in source.allowed:
            continue
        text = source.line_text(line)
        if "<" in text or "{" in text or ":" in text:
            for message in dict.fromkeys(active_content(_blank_code_spans(text))):
                yield line, message


def _blank_code_spans(text: str) -> str:
    """`text` with each inline code span (a backtick run to the next run as long) blanked.

    Linear: each run's closer is found from a right-to-left pass, not by searching.
    """
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(text)]
    if len(runs) < 2:
        return text
    closer: list[int | None] = [None] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        size = runs[i][1] - runs[i][0]
        closer[i] = last.get(size)
        last[size] = i
    out, pos, i = [], 0, 0
    while i < len(runs):
        j = closer[i]
        if j is None:
            i += 1
            continue
        start, end = runs[i][0], runs[j][1]
        out += [text[pos:start], " " * (end - start)]
        pos, i = end, j + 1
    return "".join(out) + text[pos:]


def _secrets(source: _Text) -> Iterator[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    tokens: dict[int, list[str]] = {}  # line -> tokens found on it, so each is reported once
    if any(hint in source.text for hint in _TOKEN_HINTS):
        for what, pattern in _TOKENS:
            for match in pattern.finditer(source.text):
                if "EXAMPLE" in match.group(0).upper():
                    continue  # the documented example keys
                shown = match.group(0) if what == "a private key" else _mask(match.group(0))
                line = source.line(match.start())
                found.append((line, _secret(f"{what} ({shown})")))
                tokens.setdefault(line, []).append(match.group(0))
    for line in _lines_with(source, _ASSIGNMENT_KEYS):
        known = tokens.get(line, ())
        found.extend((line, message) for message in _assignments(source.line_text(line), known))
    if "@" in source.text:
        for line in _lines_with(source, ("@",)):
            found.extend((line, message) for message in _emails(source.line_text(line)))
    for shape, pattern in ((_IPV4_SHAPE, _IPV4), (_IPV6_SHAPE, _IPV6)):
        for line in _lines_matching(source, shape):
            text = source.line_text(line)
            for match in pattern.finditer(text):
                if _VERSION_BEFORE.search(text, 0, match.start()):
                    continue  # Linux 2.6.26.6, version 10.2.0.1
                address = _specific_address(match.group(0))
                if address is not None:
                    found.append(
                        (
                            line,
                            f"internal detail: the IP address {address}; use one from the "
                            "documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 "
                            "or 2001:db8::/32",
                        )
                    )
    for line in _lines_with(source, _INTERNAL_HINTS):
        for match in _INTERNAL_HOST.finditer(source.line_text(line)):
            if _specific_host(match.group(0)):
                found.append(
                    (
                        line,
                        f"internal detail: the host name {match.group(0)}; write a made-up one "
                        "such as db-1.example.internal, or describe it (the primary database)",
                    )
                )
    for line, message in found:
        if line not in source.allowed:
            yield line, message


def _assignments(text: str, known: Iterable[str] = ()) -> Iterator[str]:
    """Values given to secret-sounding keys, except tokens already reported by their shape."""
    for match in _ASSIGNMENT.finditer(text):
        keyword, quote, value = match.groups()
        value = value.rstrip(".:!?)")
        if any(value in token or token in value for token in known):
            continue
        if len(value) < 6 or _PLACEHOLDER.search(value) or _CODE_VALUE.search(value):
            continue
        if not quote and not re.search(r"[\d\W_]", value):
            continue  # prose such as "password: rotated"
        start = match.start()
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            start -= 1  # the whole key, e.g. db_password
        key = text[start : match.start()] + keyword
        yield _secret(f"a value for `{key}` ({_mask(value)})")


def _emails(text: str) -> Iterator[str]:
    for match in _EMAIL.finditer(text):
        local, domain = match.groups()
        if _documentation_domain(domain) or local.lower() == "git":
            continue
        yield (
            f"personal data: the email address {local[:1]}…@{domain}; use a made-up address "
            "at example.com"
        )


def _secret(what: str) -> str:
    return (
        f"possible secret: {what}; remove it (and revoke it if it was real), or write a "
        "made-up placeholder such as <token>"
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
    """The address when it names an internal host or network: private, loopback or link-local.

    Public addresses are public (a provider's resolver, the address in a public postmortem),
    and documentation, well-known and special addresses say nothing about a site.
    """
    try:
        network = ipaddress.ip_network(candidate, strict=False)
    except ValueError:
        return None
    address = network.network_address if "/" in candidate else ipaddress.ip_address(candidate)
    if any(network.subnet_of(doc) for doc in DOC_NETWORKS if doc.version == network.version):
        return None
    if address in WELL_KNOWN or address.is_unspecified or address.is_multicast:
        return None
    if address.version == 4 and _is_netmask(int(address)):
        return None
    if "/" in candidate and network.prefixlen <= 16:
        return None  # a whole range such as 10.0.0.0/8 says nothing about a site
    internal = address.is_private or address.is_loopback or address.is_link_local
    shared = address.version == 4 and address in _SHARED  # carrier-grade NAT, used inside clouds
    return candidate if (internal or shared) and not address.is_reserved else None


def _specific_host(name: str) -> bool:
    """True for an internal host name with a label of its own, not a bare suffix like svc.cluster.local."""
    labels = name.lower().rstrip(".").split(".")
    if "example" in labels:
        return False  # made up on purpose, like the documentation domains
    if labels[-2:] == ["cluster", "local"]:
        return False  # Kubernetes service names: the same in every company's clusters
    return any(label not in _GENERIC_LABELS for label in labels)


def _is_netmask(value: int) -> bool:
    inverted = ~value & 0xFFFFFFFF
    return value != 0 and inverted & (inverted + 1) == 0

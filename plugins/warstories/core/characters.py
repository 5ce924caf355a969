"""Characters a story's front matter may not hold once YAML has decoded its escapes.

`"\\e[0m"`, `"\\x01"` or `"\\uFFFE"` are valid YAML but turn into characters XML (the feed), logs
and terminals cannot carry; a lone surrogate (`"\\udfff"`) is not text at all. They are errors
in `warstories check` and the build alike, with the value's line.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab, line feed and carriage return; DEL and C1; surrogates; non-characters.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)


def forbidden_character(text: str) -> str | None:
    """A description of the first character `text` may not hold, or None when it is clean."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    char = found.group()
    code = f"U+{ord(char):04X}"
    if 0xD800 <= ord(char) <= 0xDFFF:
        return f"the unpaired surrogate {code}, which is not a character"
    if unicodedata.category(char) == "Cc":
        return f"the control character {code} (invisible, often pasted from a terminal)"
    return f"the non-character {code}"


def without_forbidden(text: str) -> tuple[str, int]:
    """`text` without the characters a story may not hold, and how many there were."""
    return _FORBIDDEN.subn("", text)


# Everything that ends a line somewhere (a terminal, Python's splitlines, a CI log) or
# controls a terminal: written as a visible escape in log lines.
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` as one log line: line breaks and control characters written as `\\n`, `\\x1b`.

    So a value quoted in a message cannot start a line of its own, which a CI runner could
    read as a workflow command (`::error …`, `::add-mask::`) or a terminal as a control.
    """
    return _BREAKS.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    char = found.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

"""Front matter split from the body and loaded as YAML, keeping each value's file line.

python-frontmatter finds the block; PyYAML's safe loader builds the values one key at a
time, so one bad value does not hide the others, and no Python object is ever constructed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml

Path_ = tuple[str | int, ...]

_HANDLER = frontmatter.YAMLHandler()


@dataclass
class Loaded:
    """What a story file's front matter says, where each value stands, and what went wrong."""

    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[Path_, int] = field(default_factory=dict)  # path of keys/indexes -> file line
    raw_scalars: dict[Path_, str] = field(default_factory=dict)  # plain scalars that were not text
    body: str = ""
    body_line: int = 1
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # keys whose value could not be read

    def line(self, path: Path_) -> int | None:
        """The line of a value, or of the nearest enclosing value that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def load(text: str) -> Loaded:
    """Split and load one story's text; problems are collected, never raised."""
    result = Loaded()
    match = _HANDLER.FM_BOUNDARY.match(text)
    if not text.strip():
        result.errors.append(
            (None, "the file is empty: start it with front matter (see `warstories new`)")
        )
        return result
    if not match:
        result.errors.append(
            (
                1,
                "no front matter: start the file with a line `---`, then `title:` and "
                "`description:`, then another `---`",
            )
        )
        result.body = text
        return result
    try:
        block, body = _HANDLER.split(text)
    except ValueError:
        result.errors.append(
            (1, "the front matter is not closed: add a line `---` after the last key")
        )
        return result
    first_line = text.count("\n", 0, match.end()) + 1  # file line of the block's first line
    result.body = body
    result.body_line = text.count("\n", 0, len(text) - len(body)) + 1
    _load_block(block, first_line, result)
    return result


def _load_block(block: str, first_line: int, result: Loaded) -> None:
    offset = first_line  # YAML marks count from 0 within the block
    if _flow_depth(block) > _MAX_FLOW_DEPTH:  # PyYAML's scanner slows quadratically with depth
        result.errors.append((offset, "the front matter is nested too deeply: write it out flat"))
        return
    try:
        loader, root = _compose(block)
    except yaml.reader.ReaderError as exc:
        line = block.count("\n", 0, max(exc.position, 0)) + offset
        result.errors.append(
            (line, f"the front matter holds the control character #x{exc.character:04x}: delete it")
        )
        return
    except RecursionError:
        result.errors.append((offset, "the front matter is nested too deeply: write it out flat"))
        return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or ""
        if exc.context_mark and ("end of stream" in problem or "<stream end>" in problem):
            mark = exc.context_mark  # an unclosed quote or bracket: point at where it opened
        line = mark.line + offset if mark else None
        if "'\\t'" in problem and mark is not None:
            text = block.split("\n")[mark.line] if mark.line < block.count("\n") + 1 else ""
            indents = not text[: mark.column].strip()
            where = "indents this YAML line" if indents else "separates the values on this line"
            message = (
                f"YAML syntax: a tab {where}: YAML allows only spaces; replace the tab with spaces"
            )
        else:
            message = f"YAML syntax: {_yaml_message(exc)}{_yaml_hint(exc)}"
            opened = _unclosed(block)
            if opened is not None and (mark is None or opened[0] <= mark.line):
                line = opened[0] + offset
                message = opened[1]
        result.errors.append((line, message))
        return
    except yaml.YAMLError as exc:
        result.errors.append((offset, f"YAML syntax: {exc}"))
        return
    if root is None:
        result.errors.append((offset, "the front matter is empty: add `title:` and `description:`"))
        return
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        result.errors.append(
            (
                root.start_mark.line + offset,
                f"the front matter is {kind}, not a mapping: write `key: value` lines such as "
                "`title: ...`",
            )
        )
        return
    result.lines[()] = offset
    budget = [2 * len(block) + 100]  # nodes a block can hold without aliases repeating them
    for key_node, value_node in _pairs(root, loader, result, (), offset):
        key = key_node.value
        path: Path_ = (key,)
        if not _within_limits(value_node, budget):
            result.failed.add(key)
            result.errors.append(
                (
                    key_node.start_mark.line + offset,  # an alias's node starts at its anchor
                    f"{key}: the value nests too deeply or repeats itself through YAML aliases "
                    "(`&name`, `*name`): write the values out plainly",
                )
            )
            continue
        try:
            value = loader.construct_object(value_node, deep=True)
        except yaml.YAMLError as exc:
            loader.recursive_objects.clear()  # PyYAML keeps the failed node there: not recursive
            result.failed.add(key)
            result.errors.append(
                (
                    max(value_node.start_mark.line, key_node.start_mark.line) + offset,
                    f"{key}: {_yaml_message(exc)}; "
                    "front matter holds only plain text, numbers, lists and mappings",
                )
            )
            continue
        result.values[key] = value
        _walk(value_node, path, loader, result, offset)
    loader.dispose()


class _Loader(yaml.SafeLoader):
    """The safe loader, keeping as text the plain scalars Python cannot hold as dates or numbers."""

    def construct_yaml_timestamp(self, node: yaml.Node):  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):  # 2023-13-01, year 0: the date check explains
            return self.construct_scalar(node)

    def construct_yaml_int(self, node: yaml.Node):  # type: ignore[override]
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # more digits than Python converts
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)

if yaml.__with_libyaml__:

    class _FastLoader(yaml.cyaml.CParser, _Loader):
        """libyaml's parser (about 10x faster) under `_Loader`'s constructors and resolver."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)


# Text where libyaml and PyYAML disagree (tabs, Unicode line breaks, a BOM, a comment right
# after a block scalar indicator, `?` next to a quote or a flow bracket) or PyYAML refuses
# (non-printable characters).
_NOT_FOR_LIBYAML = re.compile(
    "[\t\x85\u2028\u2029\ufeff]|[|>][-+0-9]*#|[\"']\\?|\\?\\s*[\\]},]|[\\[{,]\\s*\\?|"
    + yaml.reader.Reader.NON_PRINTABLE.pattern
)


def _compose(block: str) -> tuple[Any, yaml.Node | None]:
    """The block's node tree: libyaml when the block is plainly fine, else PyYAML's own errors.

    libyaml is tried only where it reads YAML exactly as PyYAML does: printable text without
    tabs or Unicode line breaks that cannot nest deeply (its parser recurses in C). Anything it
    rejects is parsed again by the pure-Python loader, whose errors we word for users.
    """
    shallow = block.count("\n") + block.count("[") + block.count("{") < 1000
    plain = not _NOT_FOR_LIBYAML.search(block)
    if yaml.__with_libyaml__ and shallow and plain:
        fast = _FastLoader(block)
        try:
            return fast, fast.get_single_node()
        except yaml.YAMLError:
            fast.dispose()
    loader = _Loader(block)
    return loader, loader.get_single_node()


_MAX_DEPTH = 20
_MAX_FLOW_DEPTH = 100
_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_depth(block: str) -> int:
    """How deep `[` and `{` nest, counted on the raw text (quotes are not looked at)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(block):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _within_limits(node: yaml.Node, budget: list[int]) -> bool:
    """False when a value nests deeper than front matter needs or aliases blow it up."""
    stack = [(node, 1)]
    while stack:
        node, depth = stack.pop()
        budget[0] -= 1
        if budget[0] < 0 or depth > _MAX_DEPTH:
            return False
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend(((key, depth + 1), (value, depth + 1)))
    return True


def _pairs(
    node: yaml.MappingNode, loader: yaml.SafeLoader, result: Loaded, path: Path_, offset: int
):
    """The key/value node pairs of a mapping; duplicate keys warn, and the last one wins."""
    seen: dict[str, int] = {}
    pairs = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            result.errors.append((key_node.start_mark.line + offset, "a key must be plain text"))
            continue
        key = key_node.value
        line = key_node.start_mark.line + offset
        if key in seen:
            where = ".".join(str(p) for p in (*path, key))
            result.warnings.append(
                (
                    line,
                    f"{where} is given twice (first on line {seen[key]}): the last one is "
                    "used; remove one of them",
                )
            )
            pairs = [(k, v) for k, v in pairs if k.value != key]
        seen[key] = line
        result.lines[(*path, key)] = line
        pairs.append((key_node, value_node))
    return pairs


def _walk(
    node: yaml.Node,
    path: Path_,
    loader: yaml.SafeLoader,
    result: Loaded,
    offset: int,
    pin: int | None = None,
) -> None:
    """Record lines of nested values and plain scalars that YAML read as something other than text.

    A value reached through an alias (`*name`) starts above the key that uses it; its lines are
    pinned to that key, so problems point where the author used it.
    """
    own = node.start_mark.line + offset
    used_at = result.lines.get(path)
    if pin is None and used_at is not None and own < used_at:
        pin = used_at
    if pin is not None:
        result.lines[path] = pin
    result.lines.setdefault(path, own)
    if isinstance(node, yaml.ScalarNode):
        if not node.style and node.tag != "tag:yaml.org,2002:str":  # plain: None, or "" (libyaml)
            result.raw_scalars[path] = node.value
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), loader, result, offset, pin)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in _pairs(node, loader, result, path, offset):
            _walk(value_node, (*path, key_node.value), loader, result, offset, pin)


_KEY_LINE = re.compile(r"^[ \t]*(?:- )?[A-Za-z_][\w-]*:(?:[ \t]|$)")
_CLOSERS = {"[": "]", "{": "}"}
_BLOCK_START = re.compile(r"^[ \t]*(?:- )?[A-Za-z_][\w-]*:[ \t]*[|>][-+0-9]*[ \t]*(?:#.*)?$")


def _unclosed(block: str) -> tuple[int, str] | None:
    """The line (0-based) of a quote or bracket still open when the next key begins, and advice.

    PyYAML reports such a slip where it gives up, often lines later and as an indentation
    problem; the author needs the line where the value opened.
    """
    lines = block.split("\n")
    quote: str | None = None
    opened_at = 0
    stack: list[tuple[str, int]] = []
    block: int | None = None  # the indentation of a key whose value is a `|` or `>` block
    for number, text in enumerate(lines):
        indent = len(text) - len(text.lstrip(" "))
        if block is not None and (not text.strip() or indent > block):
            continue  # a block scalar's text: quotes and brackets there are just characters
        block = None
        if not quote and not stack and _BLOCK_START.match(text):
            block = indent
            continue
        at_start = True
        i = 0
        while i < len(text):
            c = text[i]
            following = text[i + 1] if i + 1 < len(text) else ""
            if quote == '"':
                if c == "\\":
                    i += 1
                elif c == '"':
                    quote = None
            elif quote == "'":
                if c == "'" and following == "'":
                    i += 1
                elif c == "'":
                    quote = None
            elif c == "#" and (i == 0 or text[i - 1] in " \t"):
                break
            elif c in "\"'" and at_start:
                quote, opened_at = c, number
            elif c in "[{" and at_start:
                stack.append((c, number))
            elif c in "]}" and stack:
                stack.pop()
                at_start = False
            elif (c == "," and stack) or (c in ":-" and following in " \t"):
                at_start = True
            elif c not in " \t":
                at_start = False
            i += 1
        last = number + 1 == len(lines)
        if (quote or stack) and (last or _KEY_LINE.match(lines[number + 1])):
            if quote:
                runs_on = "" if last else ", so YAML reads the next lines as part of it"
                return opened_at, (
                    f"YAML syntax: the `{quote}` that opens this value is never closed{runs_on}; "
                    f"end the value with `{quote}`"
                )
            bracket, line = stack[0]
            kind = "list" if bracket == "[" else "mapping"
            return line, (
                f"YAML syntax: the `{bracket}` that opens this {kind} is never closed; close it "
                f"with `{_CLOSERS[bracket]}`"
            )
    return None


def _yaml_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [p for p in (exc.context, exc.problem) if p]
        return ", ".join(parts) or str(exc)
    return str(exc)


def _yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "") + (exc.context or "")
    if "mapping values are not allowed" in problem:
        return '; a value with `: ` in it needs quotes, e.g. title: "Redis: the sequel"'
    if "found character '\\t'" in problem or "'\\t'" in problem:
        return "; replace the tab with spaces"
    if "expected <block end>" in problem or "could not find expected ':'" in problem:
        return "; check the indentation and that every key ends with `:`"
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return "; quote the value"
    if "while scanning a quoted scalar" in problem:
        return "; close the quote"
    return ""

"""The folders are the layers: imports point down only, and each outside library has one home."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "warstories"

# A layer may import itself and the layers listed after it, nothing above.
LAYERS = ["plugin", "cli", "importers", "site", "search", "analysis", "core"]
MAY_IMPORT = {
    "plugin": {"plugin", "site", "search", "analysis", "core"},
    "cli": {"cli", "importers", "site", "search", "analysis", "core"},
    "importers": {"importers", "search", "analysis", "core"},
    "site": {"site", "search", "analysis", "core"},
    "search": {"search", "analysis", "core"},
    "analysis": {"analysis", "core"},
    "core": {"core"},
}
# Outside libraries that only one place may import.
ONLY_IN = {"mkdocs": "plugin/", "click": "cli/", "whoosh": "search/index.py"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports(path: Path) -> set[str]:
    """Every module a file imports, absolute, lazy imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write warstories.<layer>.<module>"
            names.add(node.module or "")
    return names


def _layer(path: Path) -> str | None:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else None


def test_every_module_is_in_a_layer():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == []
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"} == set(
        LAYERS
    )
    for layer in LAYERS:
        doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text("utf-8")))
        assert doc and "Imports" in doc, f"{layer}/__init__.py must say what it may import"


def test_imports_point_down_only():
    assert len(_modules()) > 40
    upward = []
    for path in _modules():
        layer = _layer(path)
        if layer is None:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "warstories" and len(parts) > 1 and parts[1] not in MAY_IMPORT[layer]:
                upward.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path):
    # The rule above must be able to fail: a core module importing site is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("from warstories.site.renderer import Renderer\n")
    assert "warstories.site.renderer" in _imports(bad)
    assert "site" not in MAY_IMPORT["core"]


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = {}
    for path in _modules():
        name = ".".join(("warstories", *path.relative_to(PACKAGE).with_suffix("").parts))
        name = name.removesuffix(".__init__")
        graph[name] = {i for i in _imports(path) if i.startswith("warstories.")}
    for name in graph:
        graph[name] = {i if i in graph else i.rsplit(".", 1)[0] for i in graph[name]}
        graph[name].discard("warstories")
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in graph.get(node, ()):
            if nxt.count(".") < 2:  # a package's __init__ holds no code to cycle through
                continue
            assert seen.get(nxt) != 1, " -> ".join([*path, nxt])
            if nxt not in seen:
                visit(nxt, [*path, nxt])
        seen[node] = 2

    for node in graph:
        if node not in seen:
            visit(node, [node])


def test_each_outside_library_has_one_home():
    for library, home in ONLY_IN.items():
        users = [
            str(p.relative_to(PACKAGE))
            for p in _modules()
            if any(i == library or i.startswith(library + ".") for i in _imports(p))
        ]
        assert users, f"nothing imports {library}: the rule checks nothing"
        assert all(u.startswith(home) for u in users), (library, users)

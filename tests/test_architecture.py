"""The domain stays a plain library: only the MkDocs adapter modules may import mkdocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "warstories"
ADAPTERS = {"mkdocs_plugin.py", "mkdocs_rebuilds.py", "mkdocs_shared_nav.py"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_adapters_import_mkdocs():
    modules = sorted(p for p in PACKAGE.glob("*.py"))
    assert len(modules) > 10
    offenders = [
        p.name for p in modules if p.name not in ADAPTERS and "mkdocs" in _imported_roots(p)
    ]
    assert offenders == []


def test_the_adapters_do_import_mkdocs():
    # If the adapters are renamed this test must be updated, or the check above checks nothing.
    for name in ADAPTERS:
        assert "mkdocs" in _imported_roots(PACKAGE / name), name


def test_only_search_imports_whoosh():
    users = [p.name for p in PACKAGE.glob("*.py") if "whoosh" in _imported_roots(p)]
    assert users == ["search.py"]

"""A Markdown extension for tests: fails on a line `BOOM`, as Python-Markdown can on one page."""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor


class _Boom(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if "BOOM" in lines:
            raise RecursionError("maximum recursion depth exceeded")
        return lines


class BoomExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(_Boom(md), "boom", 100)


def makeExtension(**kwargs) -> BoomExtension:
    return BoomExtension(**kwargs)

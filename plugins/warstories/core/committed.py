"""Files a repository must not track: caches, which a pull request could use to smuggle code.

warstories never reads a cache from the repository, but other tools (an older warstories,
whoosh itself, editors) might, so `warstories check` fails on any tracked `.cache/` file.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from warstories.core.model import Problem


def tracked_cache_files(site_root: Path) -> list[str]:
    """Paths (relative to `site_root`) of git-tracked files under any `.cache/` folder there.

    Empty when `site_root` is not in a git work tree or git is not installed.
    """
    try:
        done = subprocess.run(
            ["git", "ls-files", "-z", "--", ":(glob)**/.cache/**"],
            cwd=site_root,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if done.returncode != 0:
        return []
    return sorted(p for p in done.stdout.decode("utf-8", "replace").split("\0") if p)


def tracked_cache_problems(site_root: Path, prefix: str = "") -> list[Problem]:
    """An error for each tracked cache file, saying how to untrack it."""
    return [
        Problem(
            prefix + path,
            None,
            "error",
            "a cache file is committed: caches are never read from the repository and a "
            "committed one can carry code for tools that do; untrack it with "
            f"`git rm --cached {path!r}` and keep `.cache/` in .gitignore",
        )
        for path in tracked_cache_files(site_root)
    ]

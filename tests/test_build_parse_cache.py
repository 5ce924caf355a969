"""`mkdocs build` keeps parsed stories between runs (by content hash), like `warstories check`."""

from __future__ import annotations

import time
from pathlib import Path

from conftest import story


def test_a_second_build_reuses_the_parsed_stories_and_an_edit_is_parsed_again(
    make_site, tmp_path: Path
) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    site = make_site(
        {
            "scale/pool.md": story(title="Pool ran dry"),
            "time/leap.md": story(title="Leap day"),
        }
    )
    assert site.build("--strict", env=env).returncode == 0
    (stored,) = (tmp_path / "xdg" / "warstories").glob("parsed-*.pickle")
    written = stored.stat().st_mtime_ns
    time.sleep(0.05)
    assert site.build("--strict", env=env).returncode == 0
    assert stored.stat().st_mtime_ns == written  # nothing new was parsed, so nothing to save
    (site.root / "stories" / "time" / "leap.md").write_text(story(title="Leap second"), "utf-8")
    assert site.build("--strict", env=env).returncode == 0
    assert stored.stat().st_mtime_ns != written
    assert site.html("time/leap/").find("h1").get_text(" ", strip=True) == "Leap second"

"""Each closed vocabulary is defined once, in core/vocabularies.py, and the rest derives from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import get_args

from warstories.analysis import stats
from warstories.core import model, schema, taxonomy, vocabularies
from warstories.core.vocabularies import (
    ACTION_STATUS_TERMS,
    ACTION_STATUSES,
    DETECTION_TERMS,
    DETECTIONS,
    ESCAPE_REASONS,
    ESCAPE_TERMS,
    SEVERITIES,
    Severity,
)
from warstories.site import newhire, stats_page

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "plugins" / "warstories"
STYLESHEET = PACKAGE / "site" / "theme" / "assets" / "warstories" / "warstories.css"


def test_the_vocabularies_as_front_matter_writes_them():
    assert SEVERITIES == ("sev1", "sev2", "sev3", "sev4", "near-miss")
    assert ACTION_STATUSES == ("open", "done", "wontfix")
    assert DETECTIONS[:3] == ("alert", "dashboard", "customer-report")
    assert "rare-path" in ESCAPE_REASONS
    assert Severity.NEAR_MISS.label == "Near miss"
    assert [s.label for s in Severity][:4] == ["SEV1", "SEV2", "SEV3", "SEV4"]
    assert Severity("sev2") is Severity.SEV2
    assert Severity.SEV1 == "sev1"  # a str, as front matter and stories.json have it
    assert [s.rank for s in Severity] == [0, 1, 2, 3, 4]


def test_everything_else_is_derived_from_them():
    assert model.Severity is Severity
    assert (taxonomy.SEVERITIES, taxonomy.DETECTIONS) == (SEVERITIES, DETECTIONS)
    assert (taxonomy.ESCAPE_REASONS, taxonomy.ACTION_STATUSES) == (ESCAPE_REASONS, ACTION_STATUSES)
    assert get_args(vocabularies.ActionStatus) == ACTION_STATUSES
    field = schema.ActionItemIn.model_fields["status"]
    assert get_args(field.annotation) == ACTION_STATUSES
    assert {t.value: t.label for t in ACTION_STATUS_TERMS} == newhire.ACTION_STATUS
    assert newhire.ACTION_STATUS["wontfix"] == "Won't fix"
    assert {k: v for k, v in stats.DETECTION_LABELS.items() if k != stats.NOT_GIVEN} == {
        t.value: t.label for t in DETECTION_TERMS
    }
    assert {t.value: (t.label, t.note) for t in ESCAPE_TERMS} == stats.ESCAPE_LABELS
    assert {s.value: s.colour for s in Severity} == stats_page.SEVERITY_COLORS


def test_the_stylesheet_gives_each_severity_its_colour():
    """The theme's `--ws-<severity>` custom properties are the vocabulary's colours."""
    css = STYLESHEET.read_text("utf-8")
    found = dict(re.findall(r"--ws-([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))
    for severity in Severity:
        assert found.get(severity.value, "").lower() == severity.colour, severity


def _string_constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


# Modules that map other documents' words onto the vocabularies: they name values as targets,
# and the test below checks that every target is a value of its vocabulary.
MAPS_ONTO = {"importers/template.py"}


def test_words_mapped_onto_a_vocabulary_land_on_its_values():
    from warstories.importers import template

    assert set(template.SEVERITY_WORDS.values()) <= set(SEVERITIES)
    assert set(template._DETECTIONS) <= set(DETECTIONS)


def test_no_other_module_spells_out_a_vocabulary():
    """No module but vocabularies.py holds two or more of one vocabulary's values, labels or
    colours as string literals: one example value is fine, a second list of them is not."""
    vocabularies_words = {
        "severity": {*SEVERITIES, *(s.label for s in Severity), *(s.colour for s in Severity)},
        "detection": {*DETECTIONS, *(t.label for t in DETECTION_TERMS)},
        "escaped_because": {
            *ESCAPE_REASONS,
            *(t.label for t in ESCAPE_TERMS),
            *(t.note for t in ESCAPE_TERMS),
        },
        "action status": {*ACTION_STATUSES, *(t.label for t in ACTION_STATUS_TERMS)},
    }
    spelled = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "vocabularies.py" or path.relative_to(PACKAGE).as_posix() in MAPS_ONTO:
            continue
        constants = _string_constants(path)
        for name, words in vocabularies_words.items():
            found = constants & words
            if len(found) >= 2:
                spelled.append(f"{path.relative_to(PACKAGE)}: {name} {sorted(found)}")
    assert spelled == []

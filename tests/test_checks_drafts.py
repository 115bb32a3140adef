"""Whole drafts: the model response passes, the bad cases of DOMAIN.md are caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from breachkit.checks import check_draft
from breachkit.findings import Severity

DATA = Path(__file__).resolve().parent / "data" / "checks"
EXPECTED: list[dict[str, Any]] = yaml.safe_load((DATA / "drafts.yaml").read_text("utf-8"))


def position(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


@pytest.mark.parametrize("case", EXPECTED, ids=[c["file"] for c in EXPECTED])
def test_whole_draft(case: dict[str, Any]) -> None:
    path = DATA / "drafts" / case["file"]
    text = path.read_text("utf-8")
    findings = check_draft(text, path=str(path), step=case.get("step"))
    errors = {f.rule for f in findings if f.severity is Severity.ERROR}
    assert errors == set(case["errors"]), "\n".join(str(f) for f in findings)
    places = {(f.rule, f.location.line, f.location.column) for f in findings}
    for rule, phrase in case.get("at", []):
        line, column = position(text, phrase)
        assert (rule, line, column) in places, f"no {rule} at {line}:{column} ({phrase!r})"
    for f in findings:
        assert f.location.path == str(path)


def test_every_draft_file_has_expectations() -> None:
    files = {p.name for p in (DATA / "drafts").iterdir()}
    assert files == {c["file"] for c in EXPECTED}

"""Data-driven rule cases: tests/data/checks/rules/ (written with the patterns) and
tests/data/checks/heldout/ (paraphrases written afterwards, to test the meaning)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from breachkit.checks import RULES, check_draft
from breachkit.findings import Finding

CASES = Path(__file__).resolve().parent / "data" / "checks"
CONTEXT_KEYS = ("channel", "step", "regime", "audience")


@dataclass(frozen=True)
class Case:
    rule: str
    expect: str  # "fail" or "pass"
    text: str
    context: dict[str, str | None]
    at: str | None
    severity: str | None

    def findings(self) -> list[Finding]:
        return [
            f for f in check_draft(self.text, path="case.md", **self.context) if f.rule == self.rule
        ]


def load(folder: str) -> list[Any]:
    params = []
    for file in sorted((CASES / folder).glob("*.yaml")):
        data = yaml.safe_load(file.read_text("utf-8"))
        defaults = data.get("context") or {}
        for expect in ("fail", "pass"):
            for i, raw in enumerate(data.get(expect) or []):
                item = {"text": raw} if isinstance(raw, str) else dict(raw)
                context = {k: item.get(k, defaults.get(k)) for k in CONTEXT_KEYS}
                case = Case(
                    data["rule"],
                    expect,
                    item["text"],
                    context,
                    item.get("at"),
                    item.get("severity"),
                )
                params.append(pytest.param(case, id=f"{file.stem}-{expect}-{i}"))
    return params


def position(text: str, needle: str) -> tuple[int, int]:
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def verify(case: Case) -> None:
    found = case.findings()
    if case.expect == "pass":
        assert not found, f"{case.rule} fired on a good draft: {[str(f) for f in found]}"
        return
    assert found, f"{case.rule} missed: {case.text!r}"
    if case.at is not None:
        where = position(case.text, case.at)
        assert where in [(f.location.line, f.location.column) for f in found], (
            f"expected a finding at {where} ({case.at!r}), got {[str(f) for f in found]}"
        )
    if case.severity is not None:
        assert case.severity in [str(f.severity) for f in found]


@pytest.mark.parametrize("case", load("rules"))
def test_rule_case(case: Case) -> None:
    verify(case)


@pytest.mark.parametrize("case", load("heldout"))
def test_heldout_paraphrase(case: Case) -> None:
    verify(case)


def test_every_rule_has_cases_of_both_kinds() -> None:
    kinds: dict[str, set[str]] = {}
    for param in load("rules"):
        case = param.values[0]
        kinds.setdefault(case.rule, set()).add(case.expect)
    missing = [r.code for r in RULES if kinds.get(r.code) != {"fail", "pass"}]
    assert not missing, f"rules without pass and fail cases: {missing}"


def test_case_files_name_known_rules() -> None:
    codes = {r.code for r in RULES}
    for folder in ("rules", "heldout"):
        for file in (CASES / folder).glob("*.yaml"):
            assert yaml.safe_load(file.read_text("utf-8"))["rule"] in codes, file

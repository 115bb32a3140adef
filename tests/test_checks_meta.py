"""The rule registry documents itself: codes, names, docs, examples, sources, docs/checks.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from breachkit.checks import CHECKS, RULES, check_draft, rule
from breachkit.checks.docs import markdown
from breachkit.findings import Rule, Severity

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "checks.md"


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"BC\d{3}", c) for c in codes), codes
    assert codes == sorted(codes), "keep the registry in code order"
    assert list(CHECKS) == codes


def test_names_are_unique_kebab_case() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for name in names:
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", name), name


@pytest.mark.parametrize("r", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(r: Rule) -> None:
    for field in ("summary", "why", "bad", "good", "source"):
        assert getattr(r, field).strip(), f"{r.code} has no {field}"
    assert isinstance(r.severity, Severity)
    assert CHECKS[r.code].scope.strip()
    assert r.bad != r.good


@pytest.mark.parametrize("r", RULES, ids=[r.code for r in RULES])
def test_bad_example_triggers_and_good_does_not(r: Rule) -> None:
    bad = [f for f in check_draft(r.bad) if f.rule == r.code]
    good = [f for f in check_draft(r.good) if f.rule == r.code]
    assert bad, f"{r.code}'s bad example does not trigger it"
    assert not good, f"{r.code}'s good example triggers it: {[str(f) for f in good]}"


def test_rule_lookup_by_code_and_name() -> None:
    assert rule("BC101") is rule("generic-salutation")
    with pytest.raises(KeyError):
        rule("BC999")


def test_docs_mention_every_rule() -> None:
    text = DOCS.read_text("utf-8")
    for r in RULES:
        assert r.code in text and r.name in text, r.code


def test_docs_are_generated_from_the_registry() -> None:
    assert DOCS.read_text("utf-8") == markdown(), (
        "docs/checks.md is stale: python -m breachkit.checks.docs > docs/checks.md"
    )

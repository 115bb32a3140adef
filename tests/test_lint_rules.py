"""The rule registry and its documentation, and one fixture per rule (data-driven).

Each folder under tests/data/lint/rules/ is a tiny repository (playbooks/, templates/)
named CODE-NAME; `expected.txt` is the golden text report of `breachkit lint` run in it.
Rewrite the goldens with `pytest --update-goldens` (or BREACHKIT_UPDATE_GOLDENS=1) and
read the diff before committing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from breachkit import report
from breachkit.findings import Severity
from breachkit.lint import RULES, lint_paths
from breachkit.lint.docs import rules_markdown

DATA = Path(__file__).parent / "data" / "lint"
FIXTURES = sorted(p for p in (DATA / "rules").iterdir() if p.is_dir())
DOCS = Path(__file__).parents[1] / "docs" / "rules.md"


def _update_goldens(request: pytest.FixtureRequest) -> bool:
    flag = bool(request.config.getoption("--update-goldens", default=False))
    return flag or bool(os.environ.get("BREACHKIT_UPDATE_GOLDENS"))


# ---- the registry ------------------------------------------------------------------------


def test_codes_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for r in RULES:
        assert re.fullmatch(r"BK[123]\d\d", r.code), r.code


def test_names_are_unique_kebab_case() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    for name in names:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_has_docs(rule: object) -> None:
    from breachkit.findings import Rule

    assert isinstance(rule, Rule)
    for text in (rule.summary, rule.why, rule.bad, rule.good):
        assert text.strip(), f"{rule.code} lacks docs"
    assert rule.bad != rule.good
    assert rule.severity in (Severity.ERROR, Severity.WARNING)


def test_codes_by_family() -> None:
    # BK1xx structure, BK2xx playbook meaning, BK3xx templates (CONTRIBUTING.md)
    assert [r.code for r in RULES] == sorted(r.code for r in RULES)


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/rules.md is stale: python -m breachkit.lint.docs > docs/rules.md"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_in_docs_rules_md(rule: object) -> None:
    from breachkit.findings import Rule

    assert isinstance(rule, Rule)
    text = DOCS.read_text(encoding="utf-8")
    assert f"## {rule.code} {rule.name}" in text


# ---- one fixture per rule ----------------------------------------------------------------


def test_every_rule_has_a_fixture() -> None:
    named = {p.name.split("-", 1)[0] for p in FIXTURES}
    missing = [r.code for r in RULES if r.code not in named]
    assert not missing, f"rules without a fixture in {DATA / 'rules'}: {missing}"


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda p: p.name)
def test_fixture(
    folder: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(folder)
    paths = [p for p in (Path("playbooks"), Path("templates")) if p.exists()]
    result = lint_paths(paths)
    code, _, name = folder.name.partition("-")
    if code.startswith("BK"):
        hits = [f for f in result.findings if f.rule == code]
        assert hits, f"{folder.name} does not trigger {code}"
        assert all(f.name == name for f in hits)
    else:
        assert result.findings == [], "the clean fixture must stay clean"
    text = report.render(result.findings, "text")
    golden = folder / "expected.txt"
    if _update_goldens(request):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden {golden}; run pytest --update-goldens"
    assert text == golden.read_text(encoding="utf-8")


def test_good_fixture_is_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA / "good")
    result = lint_paths()
    assert result.findings == []
    assert result.files == 7  # one playbook and six templates (with the partial)

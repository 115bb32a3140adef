"""`breachkit schema`: the playbook JSON Schema, committed as docs/playbook.schema.json."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from breachkit.cli import app
from breachkit.playbook import json_schema
from breachkit.source import load_yaml

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "docs" / "playbook.schema.json"
SHIPPED = sorted((REPO / "playbooks").glob("*.y*ml"))
FIXTURES = sorted((REPO / "tests" / "data" / "lint" / "good" / "playbooks").glob("*.yaml"))


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_help_has_an_example() -> None:
    result = CliRunner().invoke(app, ["schema", "--help"])
    assert result.exit_code == 0
    assert "breachkit schema >" in result.stdout


def test_committed_schema_matches_the_models() -> None:
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == json_schema(), (
        "docs/playbook.schema.json is stale: breachkit schema > docs/playbook.schema.json"
    )


def _validate(path: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(json_schema())
    data = load_yaml(path).data
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_playbooks_validate(path: Path) -> None:
    assert _validate(path) == []


def test_some_playbooks_are_shipped() -> None:
    if not SHIPPED:
        pytest.skip("no playbooks in playbooks/ yet")
    assert SHIPPED


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_playbooks_validate(path: Path) -> None:
    assert _validate(path) == []


def test_schema_rejects_what_lint_rejects(tmp_path: Path) -> None:
    good = FIXTURES[0].read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.replace("    title: Incident commander", "    titel: x"), encoding="utf-8")
    assert any("titel" in e for e in _validate(bad))

"""Every shipped playbook, run from its example answers: golden drafts with no error finding.

`pytest --update-goldens` rewrites tests/golden/ from the output; read the diff before
committing it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachkit.cli import app

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
PLAYBOOKS = sorted(p.stem for p in (REPO / "playbooks").glob("*.yaml"))
NOW = "2026-11-23T10:00:00Z"


def test_every_playbook_has_an_example():
    assert len(PLAYBOOKS) >= 4
    for name in PLAYBOOKS:
        assert (REPO / "examples" / f"{name}.answers.yaml").is_file(), name


@pytest.mark.parametrize("name", PLAYBOOKS)
def test_example_incident_renders_golden_drafts_without_errors(
    name: str,
    home: Path,
    runner: CliRunner,
    tmp_path: Path,
    update_goldens: bool,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.chdir(REPO)  # the org profile comes from [tool.breachkit] in pyproject.toml
    out = tmp_path / "drafts"
    result = runner.invoke(
        app,
        [
            "run",
            f"playbooks/{name}.yaml",
            "--answers",
            f"examples/{name}.answers.yaml",
            "--non-interactive",
            "--out",
            str(out),
        ],
        env={"BREACHKIT_NOW": NOW},
    )
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app,
        ["render", "INC-1", "--all", "--out", str(out), "--force"],
        env={"BREACHKIT_NOW": NOW},
    )
    # render checks each draft for its channel and step, and exits 1 on any error finding.
    assert result.exit_code == 0, result.stdout + result.stderr
    drafts = sorted(out.glob("*.md"))
    reported = [line for line in result.stdout.splitlines() if line.startswith(str(out))]
    assert len(reported) == len(drafts)
    assert all("(0 errors" in line for line in reported), result.stdout
    assert drafts, "the playbook renders no drafts"
    golden = GOLDEN / name
    for draft in drafts:
        text = draft.read_text(encoding="utf-8")
        expected = golden / draft.name
        if update_goldens:
            golden.mkdir(parents=True, exist_ok=True)
            expected.write_text(text, encoding="utf-8")
        assert expected.is_file(), f"no golden file {expected}; run pytest --update-goldens"
        assert text == expected.read_text(encoding="utf-8"), f"{draft.name} differs from golden"
    if golden.is_dir():
        stale = {p.name for p in golden.glob("*.md")} - {d.name for d in drafts}
        assert not stale, f"golden files without a draft: {stale}"

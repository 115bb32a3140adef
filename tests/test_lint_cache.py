"""The lint results cache: a hit only when every file the run can read is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachkit.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "playbooks").mkdir(parents=True)
    shutil.copy(REPO / "playbooks" / "session-mixup.yaml", root / "playbooks")
    shutil.copytree(REPO / "templates", root / "templates")
    monkeypatch.chdir(root)
    return root


def lint(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["lint", *args])
    return result.exit_code, result.stdout


def entries(tmp_cache: str) -> list[Path]:
    return sorted((Path(tmp_cache) / "lint").glob("*.json"))


def test_a_changed_template_is_linted_again(
    project: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
):
    import os

    cache = os.environ["BREACHKIT_CACHE_DIR"]
    assert lint(runner, "playbooks/session-mixup.yaml") == (0, "")
    assert len(entries(cache)) == 1
    assert lint(runner, "playbooks/session-mixup.yaml") == (0, "")  # a hit: no new entry
    assert len(entries(cache)) == 1
    social = project / "templates" / "social-post.md.j2"
    social.write_text(social.read_text() + "{{ shoe_size }}\n")
    code, out = lint(runner, "playbooks/session-mixup.yaml")
    assert code == 1
    assert "BK303" in out or "BK207" in out
    assert "shoe_size" in out
    assert len(entries(cache)) == 2


def test_a_changed_playbook_beside_a_template_folder_is_a_miss(project: Path, runner: CliRunner):
    assert lint(runner, "templates")[0] == 0
    playbook = project / "playbooks" / "session-mixup.yaml"
    text = playbook.read_text()
    playbook.write_text(text.replace("name: headline", "name: headline_text", 1))
    code, out = lint(runner, "templates")
    assert code == 1
    assert "headline" in out


def test_selection_applies_to_cached_findings(project: Path, runner: CliRunner):
    social = project / "templates" / "social-post.md.j2"
    social.write_text(social.read_text() + "{{ shoe_size }}\n")
    code, out = lint(runner, "templates")
    assert code == 1
    code, out = lint(runner, "templates", "--ignore", "BK303")
    assert code == 0, out
    code, out = lint(runner, "templates")  # the ignored finding is still in the cache
    assert code == 1


def test_no_cache_writes_nothing(project: Path, runner: CliRunner, monkeypatch):
    import os

    assert lint(runner, "templates", "--no-cache")[0] == 0
    assert entries(os.environ["BREACHKIT_CACHE_DIR"]) == []
    monkeypatch.setenv("BREACHKIT_NO_CACHE", "1")
    assert lint(runner, "templates")[0] == 0
    assert entries(os.environ["BREACHKIT_CACHE_DIR"]) == []


def test_a_damaged_entry_is_ignored(project: Path, runner: CliRunner):
    import os

    lint(runner, "templates")
    (entry,) = entries(os.environ["BREACHKIT_CACHE_DIR"])
    entry.write_text("{not json")
    assert lint(runner, "templates")[0] == 0

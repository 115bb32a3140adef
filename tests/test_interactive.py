"""Interactive `breachkit run` through a real pseudo-terminal (pexpect), with kill -9."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")


DATA = Path(__file__).resolve().parent / "data"
DRILL = DATA / "engine"
BREACHKIT = shutil.which("breachkit")
pytestmark = pytest.mark.skipif(BREACHKIT is None, reason="the breachkit console script")


def spawn(home: Path, tmp_path: Path, *args: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "BREACHKIT_HOME": str(home),
        "BREACHKIT_NOW": "2026-03-14T22:00:00Z",
        "BREACHKIT_TZ": "UTC",
        "NO_COLOR": "1",
        "TERM": "dumb",
        "COLUMNS": "200",
    }
    return pexpect.spawn(
        BREACHKIT,
        [*args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(50, 200),
        cwd=str(tmp_path),
    )


def start(home: Path, tmp_path: Path) -> pexpect.spawn:
    return spawn(
        home,
        tmp_path,
        "run",
        str(DRILL / "playbooks" / "drill.yaml"),
        "--org",
        str(DRILL / "org.yaml"),
        "--out",
        str(tmp_path / "drafts"),
    )


def status(home: Path) -> dict:
    env = {**os.environ, "BREACHKIT_HOME": str(home), "BREACHKIT_NOW": "2026-03-14T22:00:00Z"}
    result = subprocess.run(
        [BREACHKIT, "status", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(result.stdout)


def test_prompts_validate_survive_kill_9_and_resume(tmp_path: Path):
    home = tmp_path / "home"
    child = start(home, tmp_path)
    child.expect("Opened INC-1")
    child.expect("IDENTIFY: Find out what happened")
    child.expect("When was it discovered")
    child.sendline("last tuesday")
    child.expect("cannot read 'last tuesday' as a date and time")
    child.expect("When was it discovered")
    child.sendline("2026-03-14T21:29Z")
    child.expect("How many people are affected")
    child.sendline("lots")
    child.expect("expected a whole number")
    child.sendline("1843")
    child.expect(r"What data\?")
    child.sendline("email, purchase_history")
    child.expect("Where do they live")
    # The commander's laptop dies mid-step.
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    data = status(home)
    facts = {name: f["value"] for name, f in data["facts"].items()}
    assert facts["discovered_at"] == "2026-03-14T21:29:00+00:00"
    assert facts["affected_count"] == 1843
    assert facts["data_categories"] == ["email", "purchase_history"]
    assert data["current_step"] == "identify"

    child = start(home, tmp_path)
    child.expect("Resuming INC-1")
    # Resumes at the first thing not yet done: the optional question, not the answered ones.
    index = child.expect(["When was it discovered", "Where do they live"])
    assert index == 1
    child.sendline("")  # optional: skipped
    child.expect("Preserve the logs")
    child.sendline("skip")
    child.expect("Why is it skipped")
    child.sendline("logs are immutable in the SIEM")
    child.expect("Step identify complete")
    child.expect("Is the holding statement approved")
    child.sendline("yes")
    child.expect("Step acknowledge complete")
    child.expect("holding.md")
    child.expect("What progress can we share")
    child.sendline("A fix is in review.")
    child.expect("Who do people write to")
    child.sendline("privacy@drill.example")
    child.expect("What do we offer")
    child.sendline("lifetime membership")
    child.expect("all five steps complete")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = status(home)
    assert data["current_step"] is None
    task = next(t for t in data["tasks"] if t["id"] == "preserve-logs")
    assert task["state"] == "skipped"
    assert task["reason"] == "logs are immutable in the SIEM"
    assert (tmp_path / "drafts" / "apology.md").is_file()


def test_ctrl_c_exits_130_and_keeps_answers(tmp_path: Path):
    home = tmp_path / "home"
    child = start(home, tmp_path)
    child.expect("When was it discovered")
    child.sendline("2026-03-14T21:29Z")
    child.expect("How many people are affected")
    child.sendintr()
    child.expect("interrupted")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    facts = {name: f["value"] for name, f in status(home)["facts"].items()}
    assert facts["discovered_at"] == "2026-03-14T21:29:00+00:00"


def test_closed_terminal_keeps_answers(tmp_path: Path):
    home = tmp_path / "home"
    child = start(home, tmp_path)
    child.expect("When was it discovered")
    child.sendline("2026-03-14T21:29Z")
    child.expect("How many people are affected")
    child.sendeof()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    facts = {name: f["value"] for name, f in status(home)["facts"].items()}
    assert facts["discovered_at"] == "2026-03-14T21:29:00+00:00"


def test_notify_shows_a_progress_bar_with_rate_on_a_terminal(tmp_path: Path):
    repo = DATA.parents[1]
    recipients = tmp_path / "people.csv"
    rows = [f"user{i}@example.com,Maria Silva" for i in range(3000)]
    recipients.write_text("email,name\n" + "\n".join(rows) + "\n")
    child = spawn(
        tmp_path / "home",
        repo,
        "notify",
        "--facts",
        str(repo / "examples" / "release-bug-data-exposure.answers.yaml"),
        "--template",
        "apology-email.md.j2",
        "--recipients",
        str(recipients),
        "--out",
        str(tmp_path / "out"),
    )
    child.expect(r"3000/3000")
    child.expect(r"msg/s")
    child.expect("done: 3,000 sent to the outbox")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

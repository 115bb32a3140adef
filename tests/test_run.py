"""`breachkit run` and the incident commands, driven through the CLI as a user would."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from breachkit.cli import app

DATA = Path(__file__).resolve().parent / "data"
DRILL = DATA / "engine"
PLAYBOOK = str(DRILL / "playbooks" / "drill.yaml")
ANSWERS = str(DRILL / "drill.answers.yaml")
ORG = str(DRILL / "org.yaml")


def bk(runner: CliRunner, *args: str, now: str = "2026-03-14T22:00:00Z") -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"BREACHKIT_NOW": now})
    return result.exit_code, result.stdout, result.stderr


def run_drill(runner: CliRunner, tmp_path: Path, *extra: str, now: str = "2026-03-14T22:00:00Z"):
    return bk(
        runner,
        "run",
        PLAYBOOK,
        "--non-interactive",
        "--org",
        ORG,
        "--out",
        str(tmp_path / "drafts"),
        *extra,
        now=now,
    )


def status_json(runner: CliRunner, ident: str = "INC-1", now: str = "2026-03-14T22:00:00Z"):
    code, out, err = bk(runner, "status", ident, "--format", "json", now=now)
    assert code == 0, err
    return json.loads(out)


def test_full_run_from_answers_completes_all_steps(home: Path, runner: CliRunner, tmp_path: Path):
    code, _, err = run_drill(runner, tmp_path, "--answers", ANSWERS)
    assert code == 0, err
    assert "Opened INC-1" in err
    assert "all five steps complete" in err
    data = status_json(runner)
    assert data["id"] == "INC-1"
    assert data["playbook"] == "drill"
    assert data["current_step"] is None
    assert [s["name"] for s in data["steps"]] == [
        "identify",
        "acknowledge",
        "assure",
        "resolve",
        "compensate",
    ]
    assert all(s["state"] == "complete" for s in data["steps"])
    assert all(s["completed_at"] == "2026-03-14T22:00:00+00:00" for s in data["steps"])
    assert data["facts"]["affected_count"]["value"] == 1843
    assert data["facts"]["discovered_at"]["value"] == "2026-03-14T21:29:00+00:00"
    drafts = {d["id"]: d for d in data["drafts"]}
    assert set(drafts) == {"holding", "apology"}
    holding = (tmp_path / "drafts" / "holding.md").read_text()
    assert "1,843 people are affected" in holding
    assert "next update by 02:00 UTC" in holding  # 22:00 + the assure step's 4h cadence
    apology = (tmp_path / "drafts" / "apology.md").read_text()
    assert "We offer you a lifetime membership" in apology
    assert "email and purchase_history" in apology


def test_missing_facts_exit_1_naming_each_fact_and_step(
    home: Path, runner: CliRunner, tmp_path: Path
):
    code, _, err = run_drill(runner, tmp_path, "--set", "discovered_at=2026-03-14T21:29Z")
    assert code == 1
    assert "waits for 6 facts" in err  # every missing required fact, step by step
    assert "compensate: offer (choice) - What do we offer?" in err
    assert "identify: affected_count (integer)" in err
    assert "identify: data_categories (list)" in err
    data = status_json(runner)
    assert data["current_step"] == "identify"
    assert data["steps"][0]["state"] == "active"
    assert [m["fact"] for m in data["missing"]][:2] == ["affected_count", "data_categories"]


def test_resume_by_running_the_same_playbook_again(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(runner, tmp_path, "--set", "discovered_at=2026-03-14T21:29Z")
    code, _, err = run_drill(
        runner, tmp_path, "--set", "affected_count=1,843", "--set", "data_categories=email, name"
    )
    assert "Resuming INC-1" in err
    data = status_json(runner)
    assert data["facts"]["discovered_at"]["value"] == "2026-03-14T21:29:00+00:00"
    assert data["facts"]["affected_count"]["value"] == 1843
    assert data["facts"]["data_categories"]["value"] == ["email", "name"]
    assert data["current_step"] == "acknowledge"
    assert code == 1
    code, _, err = run_drill(runner, tmp_path, "--answers", ANSWERS)
    assert code == 0, err
    code, out, _ = bk(runner, "incidents", "--format", "json")
    assert [i["id"] for i in json.loads(out)] == ["INC-1"]


def test_a_complete_incident_is_not_resumed(home: Path, runner: CliRunner, tmp_path: Path):
    assert run_drill(runner, tmp_path, "--answers", ANSWERS)[0] == 0
    _code, _, err = run_drill(runner, tmp_path, "--answers", ANSWERS)
    assert "Opened INC-2" in err


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("affected_count=many", "expected a whole number"),
        ("data_categories=email, shoe_size", "unknown item 'shoe_size'"),
        ("discovered_at=last tuesday", "cannot read 'last tuesday' as a date and time"),
        ("offer=a hug", "choose one of: credit, lifetime membership"),
        ("contact_email=not-an-address", "expected an email address"),
        ("public_ok=maybe", "expected yes or no"),
        ("afected_count=3", "did you mean 'affected_count'?"),
    ],
)
def test_bad_values_are_explained_and_nothing_is_recorded(
    home: Path, runner: CliRunner, tmp_path: Path, assignment: str, message: str
):
    code, _, err = run_drill(
        runner, tmp_path, "--set", "discovered_at=2026-03-14T21:29Z", "--set", assignment
    )
    assert code == 2
    assert message in err
    assert "nothing was recorded" in err
    assert "Traceback" not in err
    data = status_json(runner)
    assert data["facts"]["discovered_at"]["value"] is None  # all or nothing


def test_answers_file_errors_point_at_the_line(home: Path, runner: CliRunner, tmp_path: Path):
    bad = tmp_path / "bad.answers.yaml"
    bad.write_text('facts:\n  discovered_at: "2026-03-14T21:29Z"\n  affected_count: lots\n')
    code, _, err = run_drill(runner, tmp_path, "--answers", str(bad))
    assert code == 2
    assert f"{bad}:3:19: fact 'affected_count' (integer)" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("facts: [\n")
    code, _, err = run_drill(runner, tmp_path, "--answers", str(broken))
    assert code == 2
    assert f"{broken}:2:1: YAML syntax error" in err


def test_json_answers(home: Path, runner: CliRunner, tmp_path: Path):
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "facts": {
                    "discovered_at": "2026-03-14T21:29:00Z",
                    "affected_count": 7,
                    "data_categories": ["email"],
                },
                "tasks": {"preserve-logs": {"skipped": "logs were rotated"}},
            }
        )
    )
    run_drill(runner, tmp_path, "--answers", str(answers))
    data = status_json(runner)
    assert data["current_step"] == "acknowledge"
    task = next(t for t in data["tasks"] if t["id"] == "preserve-logs")
    assert task == {**task, "state": "skipped", "reason": "logs were rotated"}


def test_deadlines_open_met_and_overdue(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(runner, tmp_path, "--set", "discovered_at=2026-03-14T21:29Z", now="2026-03-14T21:40Z")
    early = {d["name"]: d for d in status_json(runner, now="2026-03-14T22:00Z")["deadlines"]}
    ack = early["acknowledge step"]
    assert ack["due"] == "2026-03-14T22:29:00+00:00"
    assert ack["state"] == "open"
    assert ack["time_left_seconds"] == 29 * 60
    late = {d["name"]: d for d in status_json(runner, now="2026-03-14T23:00Z")["deadlines"]}
    assert late["acknowledge step"]["state"] == "overdue"
    code, out, _ = bk(runner, "status", now="2026-03-14T23:00Z")
    assert code == 0
    assert "OVERDUE" in out
    run_drill(runner, tmp_path, "--answers", ANSWERS, now="2026-03-14T22:10Z")
    done = {d["name"]: d for d in status_json(runner, now="2026-03-15T09:00Z")["deadlines"]}
    assert done["acknowledge step"]["state"] == "met"
    assert done["identify step"]["state"] == "met"


def test_regulator_clock_applies_and_a_late_notice_needs_a_reason(
    home: Path, runner: CliRunner, tmp_path: Path
):
    run_drill(
        runner, tmp_path, "--answers", ANSWERS, "--set", "jurisdictions=EU", now="2026-03-14T22:00Z"
    )
    data = status_json(runner, now="2026-03-18T09:00Z")
    gdpr = next(d for d in data["deadlines"] if d.get("ref") == "gdpr-art33")
    assert gdpr["due"] == "2026-03-17T21:29:00+00:00"  # 72h after discovery (aware unbound)
    assert gdpr["state"] == "overdue"
    assert any(r["id"] == "gdpr-art33" and r["applies"] for r in data["regimes"])
    assert "not legal advice" in data["disclaimer"]
    code, _, err = bk(runner, "notice", "INC-1", "gdpr-art33", now="2026-03-18T09:00Z")
    assert code == 2
    assert "reasons for the delay" in err
    code, _, err = bk(
        runner,
        "notice",
        "INC-1",
        "gdpr-art33",
        "--delay-reason",
        "the scope was unclear until the log review",
        now="2026-03-18T09:00Z",
    )
    assert code == 0, err
    gdpr = next(
        d
        for d in status_json(runner, now="2026-03-18T10:00Z")["deadlines"]
        if d.get("ref") == "gdpr-art33"
    )
    assert gdpr["state"] == "late"


def test_notes_decisions_timeline_and_verify(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    assert bk(runner, "note", "INC-1", "Status page updated", "--update")[0] == 0
    code, _, err = bk(
        runner, "decide", "1", "not notifying the regulator", "--because", "the data was encrypted"
    )
    assert code == 0, err
    code, out, _ = bk(runner, "timeline", "INC-1", "--format", "md")
    assert code == 0
    assert "| 1 | 2026-03-14 22:00 UTC | tester | Incident opened with playbook drill" in out
    assert "Decision: not notifying the regulator (because the data was encrypted)" in out
    assert "Update posted: Status page updated" in out
    code, out, _ = bk(runner, "timeline", "INC-1", "--format", "json")
    events = json.loads(out)["events"]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert {e["kind"] for e in events} >= {
        "incident.opened",
        "fact.recorded",
        "step.completed",
        "draft.rendered",
        "note",
        "decision",
    }
    assert all(e["actor"] == "tester" for e in events)
    code, _, err = bk(runner, "verify", "INC-1")
    assert code == 0, err
    assert "intact" in err
    db = sqlite3.connect(home / "incidents.db")
    tables = [r[0] for r in db.execute("select name from sqlite_master where type='table'")]
    table = next(t for t in tables if "event" in t)
    cols = [r[1] for r in db.execute(f"pragma table_info({table})")]
    data_col = next(c for c in cols if c in ("data", "payload", "data_json"))
    db.execute(f"update {table} set {data_col} = replace({data_col}, '1843', '18')")
    db.commit()
    db.close()
    code, _, err = bk(runner, "verify", "INC-1")
    assert code == 1
    assert "altered" in err


def test_times_are_shown_in_the_chosen_zone(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    code, out, _ = bk(runner, "timeline", "INC-1", "--tz", "Europe/Paris")
    assert "2026-03-14 23:00 CET" in out
    code, _, err = bk(runner, "status", "--tz", "Mars/Olympus")
    assert code == 2
    assert "unknown time zone" in err


def test_unknown_incident_and_empty_store(home: Path, runner: CliRunner):
    code, _, err = bk(runner, "status")
    assert code == 2
    assert "no incidents yet" in err
    code, _, err = bk(runner, "note", "INC-9", "hello")
    assert code == 2
    assert "INC-9" in err


def test_render_approve_and_stale(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    draft = tmp_path / "drafts" / "apology.md"
    code, _, err = bk(runner, "approve", "INC-1", "apology", "--by", "Ana Ruiz", "--role", "legal")
    assert code == 0, err
    states = {d["id"]: d["state"] for d in status_json(runner)["drafts"]}
    assert states == {"holding": "draft", "apology": "approved"}
    draft.write_text(draft.read_text() + "\nP.S. edited by hand\n")
    states = {d["id"]: d["state"] for d in status_json(runner)["drafts"]}
    assert states["apology"] == "stale"
    # Rendering again keeps the hand edit unless --force.
    code, out, _ = bk(
        runner, "render", "INC-1", "apology", "--org", ORG, "--out", str(tmp_path / "drafts")
    )
    assert "edited by hand" in out
    assert "P.S. edited by hand" in draft.read_text()
    code, out, _ = bk(
        runner,
        "render",
        "INC-1",
        "apology",
        "--org",
        ORG,
        "--out",
        str(tmp_path / "drafts"),
        "--force",
    )
    assert "P.S." not in draft.read_text()
    states = {d["id"]: d["state"] for d in status_json(runner)["drafts"]}
    assert states["apology"] == "approved"  # back to the text that was approved


def test_render_formats_escape_html_and_wrap_text(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(
        runner, tmp_path, "--answers", ANSWERS, "--set", "progress=<script>alert(1)</script> & more"
    )
    out_dir = tmp_path / "html"
    code, _, err = bk(
        runner,
        "render",
        "INC-1",
        "holding",
        "--format",
        "html",
        "--org",
        ORG,
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    html = (out_dir / "holding.html").read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert "<script>" not in html
    code, _, _ = bk(
        runner, "render", "INC-1", "apology", "--format", "txt", "--org", ORG, "--out", str(out_dir)
    )
    text = (out_dir / "apology.txt").read_text()
    assert text.startswith("Subject: We are sorry")
    assert max(len(line) for line in text.splitlines()) <= 72


def test_render_missing_fact_names_fact_template_and_line(
    home: Path, runner: CliRunner, tmp_path: Path
):
    facts = tmp_path / "facts.yaml"
    facts.write_text("facts:\n  affected_count: 3\n")
    code, _, err = bk(
        runner,
        "render",
        "--facts",
        str(facts),
        "apology",
        "--org",
        ORG,
        "--templates",
        str(DRILL / "templates"),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 2
    assert "apology.md.j2:8:1" in err
    assert "'data_categories'" in err
    assert not (tmp_path / "o" / "apology.md").exists()


def test_render_never_writes_outside_out(home: Path, runner: CliRunner, tmp_path: Path):
    facts = tmp_path / "facts.yaml"
    facts.write_text("facts:\n  affected_count: 3\n")
    code, _, err = bk(
        runner,
        "render",
        "--facts",
        str(facts),
        "../../etc/passwd",
        "--org",
        ORG,
        "--templates",
        str(DRILL / "templates"),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 2
    assert "outside the template folder" in err


def test_console_script_and_module(home: Path, tmp_path: Path):
    env = {**os.environ, "BREACHKIT_HOME": str(home)}
    result = subprocess.run(["breachkit", "--version"], capture_output=True, text=True, env=env)
    assert result.returncode == 0
    assert result.stdout.startswith("breachkit ")
    result = subprocess.run(
        [sys.executable, "-m", "breachkit", "run", "--help"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0
    assert "--answers" in result.stdout
    result = subprocess.run(
        ["breachkit", "status", "INC-404"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_two_terminals_see_each_others_answers(home: Path, runner: CliRunner, tmp_path: Path):
    from breachkit import incidents
    from breachkit.store import Store

    run_drill(runner, tmp_path, "--set", "affected_count=5")
    clock = incidents.clock("2026-03-14T22:00Z")
    with Store.open(home, now=clock) as a, Store.open(home, now=clock) as b:
        first = incidents.load(a, "INC-1", clock)
        second = incidents.load(b, "INC-1", clock)
        incidents.record_fact(second, "discovered_at", "2026-03-14T21:29Z")
        first.refresh()
        assert first.incident.facts["discovered_at"] == "2026-03-14T21:29:00+00:00"
        incidents.add_note(first, "seen")
        assert [e.seq for e in first.events] == list(range(1, len(first.events) + 1))


def test_the_open_incident_is_resumed_even_after_a_newer_finished_one(
    home: Path, runner: CliRunner, tmp_path: Path
):
    run_drill(runner, tmp_path, "--set", "affected_count=5")
    assert run_drill(runner, tmp_path, "--new", "--answers", ANSWERS)[0] == 0
    _, _, err = run_drill(runner, tmp_path)
    assert "Resuming INC-1" in err


def test_bad_input_opens_no_incident_and_the_answers_title_is_used(
    home: Path, runner: CliRunner, tmp_path: Path
):
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    for bad in (str(tmp_path / "missing.yaml"), str(tmp_path), str(listing)):
        code, _, err = run_drill(runner, tmp_path, "--answers", bad)
        assert code == 2, err
        assert "Opened" not in err
    assert run_drill(runner, tmp_path, "--set", "no-equals-sign")[0] == 2
    code, out, _ = bk(runner, "incidents", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    assert status_json(runner)["title"] == "Drill incident"


def test_an_optional_fact_answered_null_is_taken_back(
    home: Path, runner: CliRunner, tmp_path: Path
):
    run_drill(runner, tmp_path, "--set", "jurisdictions=EU")
    assert status_json(runner)["facts"]["jurisdictions"]["value"] == ["EU"]
    cleared = tmp_path / "clear.yaml"
    cleared.write_text("facts:\n  jurisdictions: null\n")
    run_drill(runner, tmp_path, "--answers", str(cleared))
    assert status_json(runner)["facts"]["jurisdictions"]["value"] is None


def test_a_failed_render_writes_no_draft(home: Path, runner: CliRunner, tmp_path: Path):
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    out = tmp_path / "again"
    code, _, err = bk(
        runner, "render", "INC-1", "apology", "nosuch", "--org", ORG, "--out", str(out)
    )
    assert code == 2
    assert "nosuch" in err
    assert not (out / "apology.md").exists()


def test_notice_with_a_bad_time_and_read_only_commands(home: Path, runner: CliRunner, tmp_path):
    code, _, err = bk(runner, "status")
    assert code == 2
    assert not (home / "incidents.db").exists()  # reading creates nothing
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    code, _, err = bk(runner, "notice", "INC-1", "gdpr-art33", "--at", "whenever")
    assert code == 2
    assert "--at: cannot read 'whenever'" in err
    assert "internal error" not in err


def test_a_posix_tz_falls_back_to_the_local_zone(
    home: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    run_drill(runner, tmp_path, "--answers", ANSWERS)
    monkeypatch.delenv("BREACHKIT_TZ")
    monkeypatch.setenv("TZ", ":/etc/localtime")
    assert bk(runner, "status")[0] == 0
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    assert bk(runner, "timeline", "INC-1")[0] == 0


def test_render_from_a_facts_file_typed_by_the_playbook(
    home: Path, runner: CliRunner, tmp_path: Path
):
    facts = tmp_path / "facts.yaml"
    facts.write_text(
        "facts:\n  discovered_at: '2026-03-14T22:29'\n  affected_count: '1,843'\n"
        "  data_categories: [email]\n  public_ok: yes\n  progress: fixing\n"
        "  contact_email: privacy@drill.example\n  offer: credit\n"
    )
    out = tmp_path / "o"
    code, stdout, err = bk(
        runner, "render", "--facts", str(facts), "--playbook", PLAYBOOK, "--org", ORG,
        "--templates", str(DRILL / "templates"), "--out", str(out), "--tz", "Europe/Paris",
    )  # fmt: skip
    assert code == 1, stdout + err  # the drill's short apology misses required content
    assert "apology.md  (6 errors" in stdout
    assert sorted(p.name for p in out.glob("*.md")) == ["apology.md", "holding.md"]
    assert "1,843 people are affected" in (out / "holding.md").read_text()
    facts.write_text("facts:\n  affected_count: lots\n")
    code, _, err = bk(
        runner, "render", "--facts", str(facts), "--playbook", PLAYBOOK, "--org", ORG,
        "--templates", str(DRILL / "templates"), "--out", str(out),
    )  # fmt: skip
    assert code == 2
    assert "fact 'affected_count': expected a whole number" in err

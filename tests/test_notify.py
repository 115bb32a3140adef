"""breachkit notify: one message per recipient, rejects, the safety property, resume, shards."""

from __future__ import annotations

import csv
import email
import email.policy
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from breachkit import notify
from breachkit.cli import app

DATA = Path(__file__).parent / "data" / "notify"
ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-03-05T10:00:00Z"


@pytest.fixture(autouse=True)
def _env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BREACHKIT_NOW", NOW)
    monkeypatch.setenv("BREACHKIT_TZ", "UTC")
    monkeypatch.setenv("BREACHKIT_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)


def write_csv(
    path: Path, rows: list[list[str]], header: tuple[str, ...] = ("email", "name")
) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def people(n: int) -> list[list[str]]:
    return [[f"person{i}@example.com", f"Person{i} Example"] for i in range(n)]


def invoke(*args: str, template: str = "apology.md.j2") -> Any:
    base = ["notify", "--facts", str(DATA / "answers.yaml"), "--org", str(DATA / "org.yaml")]
    base += ["--templates", str(DATA / "templates"), "-t", template, "--progress", "none"]
    if template not in ("apology.md.j2", "dear-customer.md.j2"):
        base.append("--force-checks")  # short test letters, not full apologies
    return CliRunner().invoke(app, [*base, *args])


def messages(out: Path) -> list[dict[str, Any]]:
    lines = (out / "messages.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def rejects(out: Path) -> list[dict[str, str]]:
    with (out / "rejects.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# ---- input and rejects -------------------------------------------------------------------


def test_csv_one_message_per_recipient_with_rejects(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "r.csv",
        [
            ["maria@example.com", "María García"],
            ["not-an-address", "Bad"],
            ["bob@example.com", ""],
            ["MARIA@example.com", "María again"],
            [],
            ["carol@example.com", "Carol Jones"],
        ],
    )
    result = invoke("-r", str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    msgs = messages(tmp_path / "out")
    assert [m["to"] for m in msgs] == ["maria@example.com", "bob@example.com", "carol@example.com"]
    assert set(msgs[0]) == {"to", "name", "subject", "text", "html"}
    assert msgs[0]["text"].startswith("Dear María,\n")
    # No name: a neutral, still human greeting; never "Dear customer".
    assert msgs[1]["text"].startswith("Hello,\n")
    assert "customer," not in msgs[1]["text"]
    assert "<p>Dear María,</p>" in msgs[0]["html"]
    got = [(r["line"], r["reason"], r["row"]) for r in rejects(tmp_path / "out")]
    assert got == [
        ("3", "malformed address", "not-an-address,Bad"),
        ("5", "duplicate of line 2", "MARIA@example.com,María again"),
        ("6", "empty row", ""),
    ]
    assert "3 sent to the outbox" in result.output
    assert "rejected:   2" in result.output
    assert "duplicates: 1" in result.output


def test_jsonl_input_with_recipient_facts(tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"email": "ann@example.com", "name": "Ann Lee", "joined": "4 May 2011"}),
                json.dumps({"name": "No Address", "joined": "2012"}),
                "{not json",
                json.dumps({"email": "bo@example.com", "joined": "1 June 2010"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = invoke("-r", str(src), "-o", "out", template="joined.md.j2")
    assert result.exit_code == 0, result.output
    msgs = messages(tmp_path / "out")
    assert [m["to"] for m in msgs] == ["ann@example.com", "bo@example.com"]
    assert "opened on 4 May 2011" in msgs[0]["text"]
    assert msgs[1]["text"].startswith("Hello,")
    reasons = {r["line"]: r["reason"] for r in rejects(tmp_path / "out")}
    assert reasons["2"] == "missing required column email"
    assert reasons["3"].startswith("invalid JSON")


def test_missing_email_column_is_a_clear_error(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", [["Ann"]], header=("name",))
    result = invoke("-r", str(src), "-o", "out")
    assert result.exit_code == 2
    assert "no `email` column" in result.output
    assert not (tmp_path / "out" / "messages.jsonl").exists()


def test_missing_recipient_column_names_column_and_row(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", people(3))
    result = invoke("-r", str(src), "-o", "out", template="joined.md.j2")
    assert result.exit_code == 2
    assert "recipient.joined" in result.output
    assert "line 2" in result.output
    assert not (tmp_path / "out" / "messages.jsonl").exists()


def test_first_name_and_greeting() -> None:
    rec = notify.make_recipient({"name": "García, María"}, "m@example.com")
    assert (rec["first_name"], rec["greeting"]) == ("María", "Dear María")
    rec = notify.make_recipient({"name": "Dr. Jane Roe"}, "j@example.com")
    assert rec["greeting"] == "Dear Dr. Jane Roe"
    rec = notify.make_recipient({"name": "  "}, "x@example.com")
    assert rec["greeting"] == "Hello"
    with pytest.raises(notify.RowError):
        notify.make_recipient({"name": "Eve\nBcc: all@example.com"}, "e@example.com")


# ---- formats -----------------------------------------------------------------------------


def test_eml_encodes_non_ascii_names_and_has_one_recipient(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path / "r.csv", [["zoe@example.com", "Zoë Ørsted-Łukasz"], ["li@example.com", "李小龙"]]
    )
    result = invoke("-r", str(src), "-o", "out", "--format", "eml")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out" / "messages").rglob("*.eml"))
    assert [f.name for f in files] == ["000000002.eml", "000000003.eml"]
    raw = files[0].read_bytes()
    assert raw.isascii()  # headers encoded as RFC 2047 words, bodies quoted-printable
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    to = msg["To"].addresses
    assert len(to) == 1
    assert (to[0].display_name, to[0].addr_spec) == ("Zoë Ørsted-Łukasz", "zoe@example.com")
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = list(msg.iter_parts())
    assert plain.get_content().startswith("Dear Zoë,")
    assert html.get_content_type() == "text/html"
    assert "<p>Dear Zoë,</p>" in html.get_content()
    assert "Acme Books" in str(msg["From"])
    other = email.message_from_bytes(files[1].read_bytes(), policy=email.policy.default)
    assert other["To"].addresses[0].display_name == "李小龙"


# ---- the safety property -----------------------------------------------------------------


def test_template_that_loops_over_recipients_is_refused_before_writing(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", people(3))
    result = invoke("-r", str(src), "-o", "out", template="leaky-loop.md.j2")
    assert result.exit_code == 2
    assert "reads `recipients`" in result.output
    assert not (tmp_path / "out" / "messages.jsonl").exists()


def test_hard_coded_address_from_the_list_is_caught_before_writing(tmp_path: Path) -> None:
    rows = [["bob@example.com", "Bob"], ["alice@example.com", "Alice"], ["carol@example.com", ""]]
    src = write_csv(tmp_path / "r.csv", rows)
    result = invoke("-r", str(src), "-o", "out", template="hardcoded.md.j2")
    assert result.exit_code == 2
    assert "alice@example.com" in result.output
    assert "nothing was written" in result.output
    assert not (tmp_path / "out" / "messages.jsonl").exists()


def test_address_in_a_column_is_blocked_per_message(tmp_path: Path) -> None:
    rows = [
        ["ann@example.com", "Ann", "a friend"],
        ["bob@example.com", "Bob", "ann@example.com"],  # would show Ann's address to Bob
        ["cy@example.com", "Cy", "someone@elsewhere.test"],
    ]
    src = write_csv(tmp_path / "r.csv", rows, header=("email", "name", "referrer"))
    result = invoke("-r", str(src), "-o", "out", template="column-leak.md.j2")
    assert result.exit_code == 1  # written, but a message had to be blocked
    assert [m["to"] for m in messages(tmp_path / "out")] == ["ann@example.com", "cy@example.com"]
    [blocked] = rejects(tmp_path / "out")
    assert blocked["line"] == "3"
    assert blocked["reason"].startswith("blocked")
    assert "1 blocked by the safety check" in result.output


def test_no_message_contains_another_recipients_address(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", people(300))
    assert invoke("-r", str(src), "-o", "out").exit_code == 0
    everyone = {f"person{i}@example.com" for i in range(300)}
    for m in messages(tmp_path / "out"):
        blob = json.dumps(m)
        assert {a for a in everyone if a in blob} == {m["to"]}
        assert "," not in m["to"]


def test_foreign_addresses_finds_glued_and_punctuated_tokens() -> None:
    digests = notify.array("Q", [notify.digest(a) for a in ("a@x.com", "b@y.com", "bob@z.com.au")])
    known = notify.AddressSet(digests)
    allowed = frozenset({"help@acme.test"})
    assert notify.foreign_addresses(["write to a@x.com."], "a@x.com", allowed, known) == []
    text = "see (B@Y.com), 'b@y.com' and a@x.com.b@y.com or help@acme.test"
    assert set(notify.foreign_addresses([text], "a@x.com", allowed, known)) == {"b@y.com"}
    # bob@z.com.au's own address does not count as a mention of another one
    assert notify.foreign_addresses(["bob@z.com.au"], "bob@z.com.au", allowed, known) == []


def test_html_memo_matches_a_full_conversion() -> None:
    from breachkit.render import to_html

    memo = notify.HtmlMemo()
    names = ["Bob", "Ann", "O'Brien", "1. Bob", "*Eve*", "Zoë", "a_b", "Jean-Luc", "B", "Ann & Co"]
    for name in names * 2:
        for template in ("{n},\n\nHi **{n}** at <{n}@x.com>\n", "# {n}\n\n{n}. Text\n"):
            body = template.format(n=name)
            assert memo.html(body, f"To {name}", [name]) == to_html(body, f"To {name}")
    assert memo.hits > 0


# ---- checks ------------------------------------------------------------------------------


def test_failing_draft_checks_stop_the_run(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", people(3))
    result = invoke("-r", str(src), "-o", "out", template="dear-customer.md.j2")
    assert result.exit_code == 1
    assert "draft checks found errors" in result.output
    assert not (tmp_path / "out" / "messages.jsonl").exists()
    forced = invoke("-r", str(src), "-o", "out", "--force-checks", template="dear-customer.md.j2")
    assert forced.exit_code == 0, forced.output
    assert len(messages(tmp_path / "out")) == 3


# ---- manifest, rerun, jobs, shards -------------------------------------------------------


def test_manifest_and_completed_rerun(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", [*people(5), ["bad", "x"]])
    assert invoke("-r", str(src), "-o", "out", "--jobs", "1").exit_code == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"] == {
        "rows": 6,
        "written": 5,
        "rejected": 1,
        "duplicates": 0,
        "blocked": 0,
        "other_shards": 0,
    }
    assert manifest["input_sha256"] == notify.sha256_file(src)
    assert manifest["template_sha256"] == notify.sha256_file(DATA / "templates" / "apology.md.j2")
    assert (manifest["format"], manifest["shard"], manifest["jobs"]) == ("jsonl", "1/1", 1)
    assert manifest["started"] == manifest["finished"] == "2026-03-05T10:00:00+00:00"
    before = (tmp_path / "out" / "messages.jsonl").read_bytes()
    again = invoke("-r", str(src), "-o", "out")
    assert again.exit_code == 0
    assert "already complete" in again.output
    assert (tmp_path / "out" / "messages.jsonl").read_bytes() == before
    other = write_csv(tmp_path / "other.csv", people(4))
    clash = invoke("-r", str(other), "-o", "out")
    assert clash.exit_code == 2
    assert "--restart" in clash.output


def test_jobs_two_gives_identical_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify, "BATCH", 40)  # many batches, so the pool really is used
    rows = [*people(500), ["bad", "x"], ["PERSON7@example.com", "dup"]]
    src = write_csv(tmp_path / "r.csv", rows)
    assert invoke("-r", str(src), "-o", "one", "--jobs", "1").exit_code == 0
    assert invoke("-r", str(src), "-o", "two", "--jobs", "2").exit_code == 0
    for name in ("messages.jsonl", "rejects.csv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert not (tmp_path / "two" / notify.PARTS).exists()


def test_shards_partition_the_recipients(tmp_path: Path) -> None:
    rows = [*people(200), ["bad", "x"], ["bad2", "y"], ["PERSON3@example.com", "dup"]]
    src = write_csv(tmp_path / "r.csv", rows)
    sent: list[str] = []
    lines: list[str] = []
    for k in (1, 2, 3):
        result = invoke("-r", str(src), "-o", f"s{k}", "--shard", f"{k}/3")
        assert result.exit_code == 0, result.output
        shard = [m["to"] for m in messages(tmp_path / f"s{k}")]
        assert shard  # each shard gets a share
        sent += shard
        lines += [r["line"] for r in rejects(tmp_path / f"s{k}")]
    assert sorted(sent) == sorted(f"person{i}@example.com" for i in range(200))
    assert len(sent) == len(set(sent))  # disjoint
    assert sorted(lines) == ["202", "203", "204"]  # every reject reported by exactly one shard


def test_bad_shard_is_a_usage_error(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", people(2))
    result = invoke("-r", str(src), "-o", "out", "--shard", "0/4")
    assert result.exit_code == 2
    assert "K/N" in result.output


# ---- resume after kill -9 ----------------------------------------------------------------

KILLER = """
import os, signal, sys
import breachkit.notify as n
n.BATCH = 100
n.CHECKPOINT_EVERY = 0.0
calls = 0
save = n._save_checkpoint
def dying(checkpoint, state):
    global calls
    calls += 1
    if calls == 4:
        # Output of this batch is written and flushed, its checkpoint is not: the worst
        # moment for a crash.
        os.kill(os.getpid(), signal.SIGKILL)
    save(checkpoint, state)
n._save_checkpoint = dying
from breachkit.cli import main
sys.argv = ["breachkit", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resume_after_sigkill_is_identical_to_an_uninterrupted_run(
    tmp_path: Path, jobs: str
) -> None:
    rows = [*people(2500), ["bad", "x"], ["PERSON42@example.com", "dup"], *people(3)[:0]]
    src = write_csv(tmp_path / "r.csv", rows)
    args = ["notify", "--facts", str(DATA / "answers.yaml"), "--org", str(DATA / "org.yaml")]
    args += ["--templates", str(DATA / "templates"), "-t", "apology.md.j2", "--progress", "none"]
    args += ["-r", str(src), "--jobs", jobs]
    env = dict(os.environ)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, *args, "-o", "crashed"], env=env, capture_output=True
    )
    assert killed.returncode == -signal.SIGKILL
    state = json.loads((tmp_path / "crashed" / notify.CHECKPOINT).read_text())
    assert 0 < state["scanned"] < 2502
    # Past the checkpoint there is output that must not be kept (no duplicates).
    size = (tmp_path / "crashed" / "messages.jsonl").stat().st_size
    assert size > state["outbox_bytes"]

    resumed = subprocess.run(
        [sys.executable, "-m", "breachkit", *args, "-o", "crashed"], env=env, capture_output=True
    )
    assert resumed.returncode == 0, resumed.stderr
    clean = subprocess.run(
        [sys.executable, "-m", "breachkit", *args, "-o", "clean"], env=env, capture_output=True
    )
    assert clean.returncode == 0, clean.stderr
    for name in ("messages.jsonl", "rejects.csv"):
        assert (tmp_path / "crashed" / name).read_bytes() == (
            tmp_path / "clean" / name
        ).read_bytes()
    sent = [m["to"] for m in messages(tmp_path / "crashed")]
    assert len(sent) == len(set(sent)) == 2500
    manifest = json.loads((tmp_path / "crashed" / "manifest.json").read_text())
    assert manifest["resumes"] == 1
    assert manifest["counts"]["written"] == 2500


# ---- an incident -------------------------------------------------------------------------


def test_incident_run_records_a_notify_run_event(tmp_path: Path) -> None:
    from breachkit import incidents
    from breachkit.store import Store

    pb = "bulk-email-exposed-recipients"
    opened = CliRunner().invoke(
        app,
        [
            "run",
            str(ROOT / "playbooks" / f"{pb}.yaml"),
            "--answers",
            str(ROOT / "examples" / f"{pb}.answers.yaml"),
            "--non-interactive",
        ],
    )
    if opened.exit_code != 0:
        pytest.skip(f"breachkit run is not usable here: {opened.output[-300:]}")
    src = write_csv(tmp_path / "r.csv", [*people(4), ["bad", "x"]])
    args = ["notify", "INC-1", "--org", str(ROOT / "examples" / "org.yaml"), "-r", str(src)]
    args += ["--templates", str(DATA / "templates"), "-t", "apology.md.j2", "-o", "out"]
    result = CliRunner().invoke(app, [*args, "--progress", "none"])
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        session = incidents.load(store, "INC-1", incidents.clock())
    [event] = [e for e in session.events if e.kind == "notify.run"]
    assert event.data["written"] == 4
    assert event.data["rejected"] == 1
    assert event.data["input_sha256"] == notify.sha256_file(src)
    assert "person0@example.com" not in json.dumps(event.data)  # counts and hashes only
    # A rerun of the completed command does not record the run twice.
    assert CliRunner().invoke(app, [*args, "--progress", "none"]).exit_code == 0
    with Store.open() as store:
        session = incidents.load(store, "INC-1", incidents.clock())
    assert sum(e.kind == "notify.run" for e in session.events) == 1


def test_needs_an_incident_or_facts(tmp_path: Path) -> None:
    src = write_csv(tmp_path / "r.csv", people(1))
    result = CliRunner().invoke(app, ["notify", "-t", "x.j2", "-r", str(src), "-o", "out"])
    assert result.exit_code == 2
    assert "--facts" in result.output


def test_outputs_with_personal_data_are_private(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from breachkit.cli import app

    repo = Path(__file__).resolve().parents[1]
    people = tmp_path / "people.csv"
    people.write_text("email,name\nmaria@example.com,Maria Silva\nbad-address,Jonas\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["notify", "--facts", str(repo / "examples" / "release-bug-data-exposure.answers.yaml"),
         "--org", str(repo / "examples" / "org.yaml"), "--templates", str(repo / "templates"),
         "-t", "apology-email.md.j2", "-r", str(people), "-o", str(out), "--progress", "none"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for name in ("messages.jsonl", "rejects.csv"):
        assert (out / name).stat().st_mode & 0o777 == 0o600, name

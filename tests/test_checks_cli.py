"""`breachkit check` through the CLI: formats, exit codes 0/1/2, selection, suppression,
configuration, --list-rules, stdin, and bad input that must end in a clear error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from breachkit.checks import RULES
from breachkit.cli import app

DRAFTS = Path(__file__).parent / "data" / "checks" / "drafts"
GOOD = DRAFTS / "case4-lifetime-membership.md"
BAD = DRAFTS / "case2-maintenance-blog.md"
WARNED = "Dear Maria,\n\nThere is no evidence of misuse.\n"

runner = CliRunner()


def check(*args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, ["check", *args], input=stdin)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in an empty folder so no project configuration leaks in; no colour."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")


def test_clean_draft_exits_0_with_a_summary() -> None:
    result = check(str(GOOD))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "All clear: 1 file checked" in result.stderr


def test_findings_exit_1_in_text_format() -> None:
    result = check(str(BAD))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert f"{BAD}:10:24: BC103 'only 3 minutes' minimises" in lines[1]
    assert all(line.startswith(f"{BAD}:") for line in lines)
    assert lines[0].endswith("(defensive-language)")
    assert "errors in 1 file" in result.stderr


def test_json_format() -> None:
    result = check("--format", "json", str(BAD))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {d["rule"] for d in data} == {"BC103", "BC104"}
    first = data[0]
    assert set(first) == {"path", "line", "column", "rule", "name", "severity", "message"}
    assert (first["line"], first["column"], first["severity"]) == (8, 1, "error")


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_other_formats(fmt: str) -> None:
    result = check("-f", fmt, str(BAD))
    assert result.exit_code == 1
    assert "BC103" in result.stdout


def test_warnings_alone_exit_0(tmp_path: Path) -> None:
    draft = tmp_path / "a.md"
    draft.write_text(WARNED)
    result = check("--select", "BC103", str(draft))
    assert result.exit_code == 0
    assert "warning" in result.stderr and "BC103" in result.stdout


def test_options_set_the_context(tmp_path: Path) -> None:
    draft = tmp_path / "post.txt"
    draft.write_text("We are looking into a login problem. We will keep you updated.\n")
    assert check(str(draft), "--channel", "status").exit_code == 0
    result = check(str(draft), "--channel", "status", "--step", "acknowledge")
    assert result.exit_code == 1 and "BC302" in result.stdout


def test_channel_from_the_file_name_and_front_matter(tmp_path: Path) -> None:
    long_post = "We are sorry. " * 30
    (tmp_path / "ack.social.md").write_text(long_post)
    assert "BC401" in check(str(tmp_path / "ack.social.md")).stdout
    (tmp_path / "ack.md").write_text(f"---\nchannel: sms\n---\n{long_post}")
    assert "BC401" in check(str(tmp_path / "ack.md")).stdout


def test_select_and_ignore_options(tmp_path: Path) -> None:
    assert check("--ignore", "BC103,BC104", str(BAD)).exit_code == 0
    assert (
        check("--ignore", "minimising", "--ignore", "defensive-language", str(BAD)).exit_code == 0
    )
    result = check("--select", "BC104", str(BAD))
    assert {line.split()[1] for line in result.stdout.splitlines()} == {"BC104"}


def test_unknown_selector_is_a_usage_error() -> None:
    result = check("--ignore", "BC999", str(BAD))
    assert result.exit_code == 2
    assert "no rule matches 'BC999'" in result.stderr


def test_configuration_turns_rules_off(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.breachkit.check]\nignore = ["BC103", "defensive-language"]\n'
    )
    assert check(str(BAD)).exit_code == 0
    (tmp_path / "other.toml").write_text('[check]\nselect = ["BC104"]\n')
    result = check("--config", str(tmp_path / "other.toml"), str(BAD))
    assert result.exit_code == 1 and "BC103" not in result.stdout


def test_inline_suppression(tmp_path: Path) -> None:
    draft = tmp_path / "b.md"
    text = BAD.read_text().replace(
        "no effect on security.", "no effect on security. <!-- breachkit: ignore[BC103] -->"
    )
    draft.write_text(text)
    result = check(str(draft))
    assert "BC103" not in result.stdout and "BC104" in result.stdout


def test_several_files_and_stdin(tmp_path: Path) -> None:
    result = check(str(GOOD), str(BAD))
    assert result.exit_code == 1 and "in 2 files" in result.stderr
    result = check("-", "--channel", "social", stdin="It was a feature, not a bug.")
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:1:10: BC104")


def test_html_draft(tmp_path: Path) -> None:
    result = check(str(DRAFTS / "dear-customer-mass-mail.html"))
    assert result.exit_code == 1
    assert "dear-customer-mass-mail.html:4:4: BC101 'Dear valued customer'" in result.stdout


def test_quiet_drops_the_summary() -> None:
    result = check("-q", str(BAD))
    assert result.exit_code == 1 and result.stderr == ""


def test_missing_file_exits_2_without_a_traceback(tmp_path: Path) -> None:
    result = check(str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert "no such file" in result.stderr and "nope.md" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--channel", "fax", "GOOD"], "unknown channel 'fax'"),
        (["--step", "apologise", "GOOD"], "unknown step 'apologise'"),
        (["--format", "xml", "GOOD"], "unknown format 'xml'"),
        ([], "no drafts to check"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = check(*[str(GOOD) if a == "GOOD" else a for a in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    binary = tmp_path / "x.md"
    binary.write_bytes(b"\xff\xfe\x00bad")
    result = check(str(binary))
    assert result.exit_code == 2 and "not UTF-8" in result.stderr
    result = check(str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.stderr
    huge = tmp_path / "huge.md"
    huge.write_text("a" * 900_000)
    result = check(str(huge))
    assert result.exit_code == 2 and "larger than" in result.stderr


def test_bad_front_matter_points_at_the_value(tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text("---\nchannel: telegram\n---\nHi\n")
    result = check(str(draft))
    assert result.exit_code == 2
    assert f"{draft}:2:10: unknown channel 'telegram' in front matter" in result.stderr


def test_list_rules_text_and_json() -> None:
    result = check("--list-rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    code, name, severity, *summary = lines[0].split()
    assert (code, name, severity) == ("BC101", "generic-salutation", "error")
    assert " ".join(summary) == RULES[0].summary
    data = json.loads(check("--list-rules", "--format", "json").stdout)
    assert [d["code"] for d in data] == [r.code for r in RULES]
    assert {"code", "name", "severity", "summary", "applies_to", "source"} <= set(data[0])


def test_help_has_an_example() -> None:
    result = check("--help")
    assert result.exit_code == 0
    assert "breachkit check --channel social --step acknowledge" in result.stdout


def test_console_script_exit_codes(tmp_path: Path) -> None:
    exe = shutil.which("breachkit")
    cmd = [exe] if exe else [sys.executable, "-m", "breachkit"]
    done = subprocess.run([*cmd, "check", str(BAD)], capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "BC103" in done.stdout
    done = subprocess.run(
        [*cmd, "check", str(tmp_path / "missing.md")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2 and "no such file" in done.stderr
    assert "Traceback" not in done.stderr

"""`breachkit lint` through the CLI: formats, exit codes, selection, suppression, and bad
input of every kind, which must end in a finding or a clear error, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from breachkit.cli import app
from breachkit.durations import parse_duration
from breachkit.findings import Location
from breachkit.lint import RULES, lint_paths
from breachkit.lint.playbooks import bounds, lint_playbook

DATA = Path(__file__).parent / "data" / "lint"
GOOD = DATA / "good"
RULE_DATA = DATA / "rules"
SARIF_SCHEMA = Path(__file__).resolve().parents[2] / "shared/schemas/sarif-schema-2.1.0.json"
POSIX = os.name == "posix"

runner = CliRunner()


def lint(*args: str) -> Result:
    return runner.invoke(app, ["lint", *args])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the clean fixture repository (playbooks/, templates/), as the cwd."""
    shutil.copytree(GOOD, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    yield tmp_path / "repo"


def playbook_text() -> str:
    return (GOOD / "playbooks" / "customer-data-exposed.yaml").read_text(encoding="utf-8")


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def codes(result: Result) -> list[str]:
    return [f["rule"] for f in json.loads(result.stdout)]


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---- exit codes and output -------------------------------------------------------------


def test_clean_repository_exits_0(repo: Path) -> None:
    result = lint()
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "All clear: 7 files checked" in result.stderr


def test_errors_exit_1_text_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(RULE_DATA / "BK204-unknown-owner")
    result = lint()
    assert result.exit_code == 1
    assert result.stdout == (
        "playbooks/fixture.yaml:27:16: BK204 task 'contain' is owned by 'coms', which is not "
        "a role; did you mean 'comms'? (unknown-owner)\n"
    )
    assert "1 error in" in result.stderr


def test_warnings_alone_exit_0(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(RULE_DATA / "BK108-misordered-steps")
    result = lint()
    assert result.exit_code == 0
    assert "BK108" in result.stdout
    assert "1 warning" in result.stderr


def test_json_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(RULE_DATA / "BK104-unknown-key")
    result = lint("--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert {tuple(sorted(d)) for d in data} == {
        ("column", "line", "message", "name", "path", "rule", "severity")
    }
    assert data[1] == {
        "path": "playbooks/fixture.yaml",
        "line": 26,
        "column": 9,
        "rule": "BK104",
        "name": "unknown-key",
        "severity": "error",
        "message": "unknown key 'titel'; did you mean 'title'?",
    }


def test_sarif_format_validates_against_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    if not SARIF_SCHEMA.exists():
        pytest.skip(f"SARIF schema not found at {SARIF_SCHEMA} (../shared/schemas)")
    import jsonschema

    monkeypatch.chdir(RULE_DATA / "BK303-unknown-template-variable")
    result = lint("--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {r.code for r in RULES}
    uris = {
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run["results"]
    }
    assert uris == {"templates/holding-statement.j2", "templates/update.j2"}
    assert result.stderr == ""  # no summary mixed into machine-readable output


def test_github_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(RULE_DATA / "BK209-task-due-after-step")
    result = lint("--format", "github")
    assert result.exit_code == 0  # a warning
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "::warning file=playbooks/fixture.yaml,line=28,col=23,title=BK209 task-due-after-step::"
    )
    # the plain report follows, as GitHub shows only ten annotations per step
    assert "playbooks/fixture.yaml:28:23: BK209" in result.stdout


def test_unknown_format_exits_2(repo: Path) -> None:
    result = lint("--format", "xml")
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr
    no_traceback(result)


def test_missing_path_exits_2_with_one_message(repo: Path) -> None:
    result = lint("playbooks/nope.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("no such file or directory") == 1
    no_traceback(result)


def test_no_default_folders_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = lint()
    assert result.exit_code == 2
    assert "no playbooks/ or templates/ folder here" in result.stderr


def test_missing_templates_folder_exits_2(repo: Path) -> None:
    result = lint("--templates", "elsewhere")
    assert result.exit_code == 2
    assert "elsewhere: no such folder" in result.stderr


def test_broken_config_exits_2(repo: Path) -> None:
    write(repo / "breachkit.toml", "[lint\nselect = 1\n")
    result = lint()
    assert result.exit_code == 2
    assert "invalid TOML" in result.stderr
    no_traceback(result)


def test_unknown_rule_in_select_exits_2(repo: Path) -> None:
    result = lint("--select", "BK999")
    assert result.exit_code == 2
    assert "unknown rule 'BK999'" in result.stderr


def test_list_rules() -> None:
    result = lint("--list-rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(RULES)
    for rule, line in zip(RULES, lines, strict=True):
        assert line.split()[:3] == [rule.code, rule.name, str(rule.severity)]
        assert rule.summary in line


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["lint", "--help"])
    assert result.exit_code == 0
    assert "breachkit lint playbooks/ templates/" in result.stdout


# ---- selection and suppression ---------------------------------------------------------


def test_select_and_ignore(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(RULE_DATA / "BK104-unknown-key")
    assert codes(lint("-f", "json")) == ["BK105", "BK104"]
    assert codes(lint("-f", "json", "--ignore", "BK105")) == ["BK104"]
    assert codes(lint("-f", "json", "--select", "unknown-key")) == ["BK104"]
    assert codes(lint("-f", "json", "--select", "BK1", "--ignore", "BK104,BK105")) == []


def test_config_file_selection(repo: Path) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    write(path, playbook_text().replace("owner: ceo", "owner: boss"))
    assert codes(lint("-f", "json")) == ["BK204"]
    write(repo / "pyproject.toml", '[tool.breachkit.lint]\nignore = ["unknown-owner"]\n')
    result = lint("-f", "json")
    assert result.exit_code == 0
    assert codes(result) == []


def test_inline_suppression_in_yaml(repo: Path) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    write(path, playbook_text().replace("owner: ceo", "owner: boss"))
    assert lint().exit_code == 1
    write(path, playbook_text().replace("owner: ceo", "owner: boss  # breachkit: ignore[BK204]"))
    result = lint()
    assert result.exit_code == 0, result.output


def test_inline_suppression_in_template(repo: Path) -> None:
    path = repo / "templates" / "apology.j2"
    text = path.read_text(encoding="utf-8")
    write(path, text + "P.S. {{ org.twitter }}\n")
    result = lint("-f", "json")
    assert "BK303" in codes(result)
    write(path, text + "P.S. {{ org.twitter }} {# breachkit: ignore[BK303] #}\n")
    assert codes(lint("-f", "json")) == []


# ---- playbook meaning --------------------------------------------------------------------


def test_uncollected_fact_through_an_include(repo: Path) -> None:
    write(repo / "templates" / "partials" / "signature.j2", "{{ org.company }} {{ hotline }}\n")
    result = lint("-f", "json", "playbooks")
    found = json.loads(result.stdout)
    bk207 = [f for f in found if f["rule"] == "BK207"]
    # three drafts include the signature: each reference in the playbook is reported
    assert len(bk207) == 3
    assert "through partials/signature.j2" in bk207[0]["message"]
    assert {f["path"] for f in bk207} == {"playbooks/customer-data-exposed.yaml"}
    # and the template itself, once, however many playbooks use it
    bk303 = [f for f in found if f["rule"] == "BK303"]
    assert [(f["path"], f["line"], f["column"]) for f in bk303] == [
        ("templates/partials/signature.j2", 1, 22)
    ]


def test_facts_collected_at_a_later_step_are_fine(repo: Path) -> None:
    # `offer` is collected at compensate and used by the compensate draft; `root_cause`
    # at resolve and used by compensate: neither is a problem.
    assert lint().exit_code == 0


def test_unknown_anchor_suggests_binding(repo: Path) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    write(path, playbook_text().replace("  aware: aware_at\n", ""))
    # `aware` is no longer bound; nothing uses it, so the file is still clean ...
    assert lint().exit_code == 0
    write(
        path,
        playbook_text().replace("within: 30d, after: discovered", "within: 30d, after: determined"),
    )
    found = json.loads(lint("-f", "json").stdout)
    assert [f["rule"] for f in found] == ["BK205"]
    assert "anchors: {determined: determined_at}" in found[0]["message"]


def test_anchor_bound_to_a_fact_nobody_collects(repo: Path) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    write(path, playbook_text().replace("aware: aware_at", "aware: aware_time"))
    found = json.loads(lint("-f", "json").stdout)
    assert [f["rule"] for f in found] == ["BK206"]
    assert "no step collects; did you mean 'aware_at'?" in found[0]["message"]
    assert (found[0]["line"], found[0]["column"]) == (24, 10)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "within: 2h, after: identify.completed",
            "within: 0m, after: identify.completed",
            "is due the moment",
        ),
        ("updates: {every: 4h}", "updates: {every: 0h}", "without pause"),
        (
            "within: 2h, after: identify.completed",
            "within: 2h, after: acknowledge.completed",
            "which happens only once step acknowledge is done",
        ),
        (
            "within: 1h, after: identify.completed",
            "within: 1h, after: acknowledge.completed",
            "which happens only once task 'holding-statement' is done",
        ),
        (
            "within: 2h, after: identify.completed",
            "within: 2h, after: assure.started",
            "step assure starts only after step acknowledge completes",
        ),
    ],
)
def test_impossible_deadlines(repo: Path, old: str, new: str, message: str) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    text = playbook_text()
    assert old in text
    write(path, text.replace(old, new, 1))
    found = json.loads(lint("-f", "json").stdout)
    assert [f["rule"] for f in found if f["rule"] != "BK209"] == ["BK208"], found
    assert message in found[0]["message"]


def test_deadlines_in_different_units_are_compared_soundly(repo: Path) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    # resolve in 5bd after assure in 6d: 5 business days last 5 to 9 calendar days, so
    # resolve is not surely due first: no finding
    write(
        path,
        playbook_text()
        .replace("within: 3d, after: discovered", "within: 6d, after: discovered")
        .replace("within: 30d, after: discovered", "within: 5bd, after: discovered"),
    )
    assert codes(lint("-f", "json")) == []
    # resolve in 2d is surely due before assure in 3d
    write(
        path,
        playbook_text().replace("within: 30d, after: discovered", "within: 2d, after: discovered"),
    )
    assert codes(lint("-f", "json")) == ["BK210"]


def test_bounds() -> None:
    assert bounds(parse_duration("90m")) == (90, 90)
    lo, hi = bounds(parse_duration("5bd"))
    # from a Saturday, counting starts on Monday: 5bd ends on the next Monday, 9 days on
    assert (lo, hi) == (5 * 1440, 9 * 1440)
    assert bounds(parse_duration("10bd")) == (10 * 1440, 16 * 1440)
    lo, hi = bounds(parse_duration("1mo"))
    assert (lo, hi) == (28 * 1440, 31 * 1440)


def test_template_named_in_draft_is_a_directory(repo: Path) -> None:
    (repo / "templates" / "folder.j2").mkdir()
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    text = playbook_text().replace("template: apology.j2", "template: folder.j2")
    write(path, text)
    found = json.loads(lint("-f", "json").stdout)
    assert [f["rule"] for f in found] == ["BK301"]
    line = text.splitlines().index("      - template: folder.j2") + 1
    assert (found[0]["line"], found[0]["column"]) == (line, 19)  # the `template:` value


def test_templates_option(repo: Path) -> None:
    shutil.move(repo / "templates", repo / "drafts-src")
    assert codes(lint("-f", "json", "playbooks"))[:1] == ["BK301"]
    result = lint("-f", "json", "--templates", "drafts-src", "playbooks")
    assert result.exit_code == 0, result.stdout


def test_template_subject_syntax_error(repo: Path) -> None:
    path = repo / "templates" / "apology.j2"
    write(path, path.read_text(encoding="utf-8").replace('doing about it"', 'doing {{ about it"'))
    found = json.loads(lint("-f", "json").stdout)
    assert [(f["rule"], f["line"]) for f in found] == [("BK302", 5)]


def test_template_front_matter_step(repo: Path) -> None:
    path = repo / "templates" / "apology.j2"
    write(path, path.read_text(encoding="utf-8").replace("step: compensate", "step: compenstate"))
    found = json.loads(lint("-f", "json").stdout)
    assert [(f["rule"], f["line"]) for f in found] == [("BK304", 4)]


# ---- bad input: a finding or a clear error, never a traceback -------------------------


BAD_PLAYBOOKS: list[tuple[str, str | bytes, str, str]] = [
    ("binary", b"id: x\n\x00\x01\x02", "BK100", "binary file"),
    ("invalid-utf8", b"id: caf\xe9\n", "BK100", "invalid UTF-8 (byte 0xe9)"),
    ("empty", "", "BK100", "file is empty"),
    ("blank", "\n  \n", "BK100", "file is empty"),
    ("list", "- id: x\n- name: y\n", "BK103", "expected a mapping"),
    ("scalar", "just a sentence\n", "BK103", "expected a mapping"),
    ("tabs", "id: x\nsteps:\n\tidentify: {}\n", "BK101", "tab used for indentation"),
    ("deep", "a: " + "[" * 40_000 + "]" * 40_000 + "\n", "BK100", "nesting deeper than"),
    ("duplicate", "id: x\nname: a\nid: y\n", "BK102", "duplicate key 'id'"),
    ("two-docs", "id: x\n---\nid: y\n", "BK101", "more than one YAML document"),
    ("tag", "id: !!python/object:os.system x\n", "BK101", "is not allowed"),
    (
        "bomb",
        "a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "BK100",
        "alias bomb",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "code", "message"), BAD_PLAYBOOKS, ids=[b[0] for b in BAD_PLAYBOOKS]
)
def test_bad_playbook(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: str | bytes,
    code: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "playbooks" / f"{name}.yaml", content)
    result = lint("-f", "json", "playbooks")
    no_traceback(result)
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert found[0]["rule"] == code, found
    assert message in found[0]["message"]
    assert found[0]["line"] >= 1 and found[0]["column"] >= 1


def test_yaml_11_boolean_is_a_wrong_type(repo: Path) -> None:
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    write(path, playbook_text().replace("required: false", "required: no"))
    found = json.loads(lint("-f", "json").stdout)
    assert [f["rule"] for f in found] == ["BK103"]
    assert "(write true or false)" in found[0]["message"]
    assert (found[0]["line"], found[0]["column"]) == (49, 19)


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "big.yaml", "# padding\n" * 200_000)
    found = json.loads(lint("-f", "json", "big.yaml").stdout)
    assert found[0]["rule"] == "BK100" and "the limit is" in found[0]["message"]


def test_directory_where_a_file_is_expected(tmp_path: Path) -> None:
    result = lint_playbook(tmp_path)
    assert [f.rule for f in result.findings] == ["BK100"]
    assert "is a directory" in result.findings[0].message


def test_directory_named_like_a_playbook_is_walked(repo: Path) -> None:
    (repo / "playbooks" / "old.yaml").mkdir()
    assert lint().exit_code == 0


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_dangling_symlink_is_unreadable(repo: Path) -> None:
    (repo / "playbooks" / "gone.yaml").symlink_to(repo / "nowhere.yaml")
    found = json.loads(lint("-f", "json").stdout)
    assert [(f["rule"], f["path"]) for f in found] == [("BK100", "playbooks/gone.yaml")]


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_template_symlink_out_of_the_folder(repo: Path, tmp_path: Path) -> None:
    secret = write(tmp_path / "secret.txt", "hunter2\n")
    (repo / "templates" / "apology.j2").unlink()
    (repo / "templates" / "apology.j2").symlink_to(secret)
    result = lint("-f", "json")
    found = json.loads(result.stdout)
    # where the playbook names it, and where the folder holds it
    assert sorted((f["rule"], f["path"]) for f in found) == [
        ("BK305", "playbooks/customer-data-exposed.yaml"),
        ("BK305", "templates/apology.j2"),
    ]
    assert "hunter2" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x00\x01binary", "binary file"), (b"caf\xe9 {{ summary }}", "invalid UTF-8")],
)
def test_bad_template_file(repo: Path, content: bytes, message: str) -> None:
    write(repo / "templates" / "apology.j2", content)
    found = json.loads(lint("-f", "json").stdout)
    assert [(f["rule"], f["path"]) for f in found] == [("BK100", "templates/apology.j2")]
    assert message in found[0]["message"]


def test_unclosed_front_matter(repo: Path) -> None:
    write(repo / "templates" / "apology.j2", "---\nchannel: email\nDear {{ recipient.name }}\n")
    found = json.loads(lint("-f", "json").stdout)
    assert [f["rule"] for f in found] == ["BK304"]


def test_template_include_missing(repo: Path) -> None:
    path = repo / "templates" / "apology.j2"
    write(
        path, path.read_text(encoding="utf-8").replace("partials/signature.j2", "partials/sig.j2")
    )
    found = json.loads(lint("-f", "json").stdout)
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [
        ("BK301", "templates/apology.j2", 13)
    ]


def test_templates_alone_skip_fact_checks_when_a_playbook_is_unreadable(repo: Path) -> None:
    write(repo / "playbooks" / "customer-data-exposed.yaml", "id: [\n")
    assert codes(lint("-f", "json")) == ["BK101"]


def test_library_raises_usage_error_for_a_missing_path(tmp_path: Path) -> None:
    from breachkit.errors import BreachkitError, ExitCode

    with pytest.raises(BreachkitError) as info:
        lint_paths([tmp_path / "nope"])
    assert info.value.exit_code is ExitCode.USAGE
    assert info.value.location is None or isinstance(info.value.location, Location)


# ---- the real console script -----------------------------------------------------------


def _console_script() -> list[str]:
    exe = shutil.which("breachkit")
    return [exe] if exe else [sys.executable, "-m", "breachkit"]


def test_console_script_reports_and_exits_1() -> None:
    done = subprocess.run(
        [*_console_script(), "lint", "--format", "json"],
        cwd=RULE_DATA / "BK301-missing-template",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert [f["rule"] for f in json.loads(done.stdout)] == ["BK301"]
    assert "Traceback" not in done.stderr


def test_console_script_survives_bad_input(tmp_path: Path) -> None:
    write(tmp_path / "playbooks" / "deep.yaml", "[" * 40_000 + "]" * 40_000)
    write(tmp_path / "playbooks" / "bin.yaml", b"\x00" * 64)
    done = subprocess.run(
        [*_console_script(), "lint"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr  # not -11 (SIGSEGV)
    assert done.stdout.count("BK100") == 2
    assert "Traceback" not in done.stderr


def test_console_script_missing_path_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [*_console_script(), "lint", "missing/"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[0] == "error: missing: no such file or directory"
    assert "Traceback" not in done.stderr


def test_one_template_alone_knows_the_facts_of_the_playbooks_beside(repo: Path) -> None:
    # pre-commit passes only the changed template: its facts come from ../playbooks
    result = lint("-f", "json", "templates/apology.j2")
    assert result.exit_code == 0, result.stdout
    path = repo / "templates" / "apology.j2"
    write(path, path.read_text(encoding="utf-8") + "{{ ofer }}\n")
    found = json.loads(lint("-f", "json", "templates/apology.j2").stdout)
    assert [(f["rule"], f["line"]) for f in found] == [("BK303", 14)]
    assert "did you mean 'offer'?" in found[0]["message"]


def test_a_key_with_a_bracket_is_an_unknown_key(repo: Path) -> None:
    # pydantic marks unions with names like `function-after[...]` in its error locations;
    # a key written in the file must not be mistaken for one (found by fuzzing).
    path = repo / "playbooks" / "customer-data-exposed.yaml"
    write(path, playbook_text().replace("roles:", '"rol[s":'))
    found = json.loads(lint("-f", "json", "playbooks").stdout)
    assert [f["rule"] for f in found] == ["BK105", "BK104"]
    assert found[1]["message"] == "unknown key 'rol[s'; did you mean 'roles'?"

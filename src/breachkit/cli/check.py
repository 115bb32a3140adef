"""Commands: check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from breachkit.cli._app import (
    ConfigFile,
    Ignore,
    OutputFormat,
    Select,
    app,  # noqa: F401
    command,
    split_rules,
)

# Drafts are letters; a bigger file is a mistake (or an attack on the regexes). check_draft
# caps characters; this caps what we read (UTF-8 takes up to 4 bytes a character).
_MAX_BYTES = 800_000


@command("check")
def check(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Drafts to check (Markdown, text or HTML); '-' reads standard input.",
            show_default=False,
        ),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            "--channel",
            "-c",
            help="email, letter, social, sms, status, blog, regulator, press or internal. "
            "Default: the front matter, then the file name (x.social.md), then email.",
        ),
    ] = None,
    step: Annotated[
        str | None,
        typer.Option(
            "--step",
            "-s",
            help="identify, acknowledge, assure, resolve or compensate. Default: front matter.",
        ),
    ] = None,
    regime: Annotated[
        str | None,
        typer.Option(
            "--regime",
            "-r",
            help="The regime the notice answers to, e.g. us-ca-1798.82, gdpr-art33, "
            "gdpr-art34, hipaa-individuals. Default: front matter.",
        ),
    ] = None,
    audience: Annotated[
        str | None,
        typer.Option(help="Who reads it, e.g. customers, regulator, staff, press."),
    ] = None,
    output_format: OutputFormat = "text",
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigFile = None,
    list_rules: Annotated[
        bool,
        typer.Option("--list-rules", help="List every rule (code, name, severity, summary)."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")
    ] = False,
) -> None:
    """Check drafts for what a breach apology must and must not say.

    Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 bad usage or an
    unreadable file. Which rules apply depends on the channel, step, regime and audience,
    from the options or the draft's front matter; see docs/checks.md.

    Suppress a finding with a comment on its line: `<!-- breachkit: ignore[BC103] -->`.
    Choose rules for a project in pyproject.toml, section tool.breachkit.check.

    Examples:

      breachkit check drafts/INC-3/customer-notice.md

      breachkit check --channel social --step acknowledge tweet.txt

      breachkit check --regime us-ca-1798.82 --format json notice.html

      breachkit check --list-rules
    """
    # The library is imported here so `breachkit --help` and completion stay fast.
    from breachkit import console, report
    from breachkit.checks import RULES, check_draft, unknown_selectors
    from breachkit.config import load_config
    from breachkit.errors import BreachkitError, ExitCode
    from breachkit.findings import Finding, has_errors

    if output_format not in report.FORMATS:
        raise BreachkitError(
            f"unknown format {output_format!r}",
            hint=f"choose one of {', '.join(report.FORMATS)}",
        )
    if list_rules:
        console.write(_rules_listing(output_format))
        return
    if not files:
        raise BreachkitError(
            "no drafts to check", hint="give one or more files, e.g. breachkit check notice.md"
        )
    selected, ignored = split_rules(select), split_rules(ignore)
    unknown = unknown_selectors([*selected, *ignored])
    if unknown:
        raise BreachkitError(
            f"no rule matches {unknown[0]!r}",
            hint="give a code (BC101), a code prefix (BC2) or a name; see breachkit check "
            "--list-rules",
        )
    selection = load_config(explicit=config_file).check.extend(selected, ignored)

    findings: list[Finding] = []
    for path in files:
        text, name = _read(path)
        findings += check_draft(
            text,
            path=name,
            channel=channel,
            step=step,
            regime=regime,
            audience=audience,
            selection=selection,
        )
    console.write(report.render(findings, output_format, RULES, tool="breachkit check"))
    if not quiet:
        console.info(report.summary(findings, len(files)))
    if has_errors(findings):
        raise typer.Exit(int(ExitCode.FINDINGS))


def _read(path: Path) -> tuple[str, str]:
    """The text of a draft and the name to report it under."""
    from breachkit.errors import BreachkitError
    from breachkit.findings import Location

    if str(path) == "-":
        # check_draft refuses a text over its own limit, with a location: no need here
        return sys.stdin.read(_MAX_BYTES + 1), "<stdin>"
    where = Location(str(path))
    try:
        if path.is_dir():
            raise BreachkitError(
                f"{path} is a folder", where, hint="give the draft files, e.g. drafts/*.md"
            )
        with path.open("rb") as fh:
            data = fh.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise BreachkitError(f"no such file: {path}", where) from None
    except OSError as exc:
        raise BreachkitError(f"cannot read {path}: {exc.strerror or exc}", where) from None
    if len(data) > _MAX_BYTES:
        raise BreachkitError(
            f"{path} is larger than {_MAX_BYTES:,} bytes",
            where,
            hint="a draft is one notice; check each one on its own",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BreachkitError(
            f"{path} is not UTF-8 text (byte {exc.start})",
            where,
            hint="save the draft as UTF-8",
        ) from None
    if "\x00" in text:
        raise BreachkitError(f"{path} is a binary file, not a draft", where)
    return text, str(path)


def _rules_listing(fmt: str) -> str:
    import json

    from breachkit.checks import CHECKS

    if fmt == "json":
        rows = [
            {
                "code": c.rule.code,
                "name": c.rule.name,
                "severity": str(c.rule.severity),
                "summary": c.rule.summary,
                "applies_to": c.scope,
                "source": c.rule.source,
            }
            for c in CHECKS.values()
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    width = max(len(c.rule.name) for c in CHECKS.values())
    return "".join(
        f"{c.rule.code}  {c.rule.name:<{width}}  {c.rule.severity!s:<7}  {c.rule.summary}\n"
        for c in CHECKS.values()
    )

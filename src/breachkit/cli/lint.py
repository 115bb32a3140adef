"""Commands: lint."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from breachkit.findings import Finding


@command("lint")
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Playbooks (.yaml, .yml), templates (.j2) or folders holding them. "
            "Default: playbooks/ and templates/.",
            show_default=False,
        ),
    ] = None,
    output_format: OutputFormat = "text",
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="The templates folder playbooks use. "
            "Default: templates/ beside each playbook's folder.",
            file_okay=False,
        ),
    ] = None,
    select: Select = None,
    ignore: Ignore = None,
    config_file: ConfigFile = None,
    list_rules: Annotated[
        bool, typer.Option("--list-rules", help="List every rule and exit.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No summary line on stderr.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Lint everything again instead of reusing the findings of an identical "
            "earlier run (BREACHKIT_NO_CACHE=1 does the same).",
        ),
    ] = False,
) -> None:
    """Check playbooks and the templates they use, before an incident needs them.

    Exit status: 0 clean (warnings allowed), 1 errors found, 2 usage or I/O error.

    Suppress a finding with a comment on its line:
    `# breachkit: ignore[BK104]` in YAML, `{# breachkit: ignore[BK303] #}` in templates.
    Choose rules for a project in pyproject.toml, section tool.breachkit.lint.

    Example:

        breachkit lint playbooks/ templates/ --format github --ignore BK108
    """
    # The library is imported here so `breachkit --help` and completion stay fast.
    from breachkit import report
    from breachkit.config import load_config
    from breachkit.console import write
    from breachkit.errors import BreachkitError, ExitCode
    from breachkit.findings import has_errors
    from breachkit.lint.rules import RULES, check_patterns

    if output_format not in report.FORMATS:
        raise BreachkitError(
            f"unknown format {output_format!r}",
            hint=f"choose one of {', '.join(report.FORMATS)}",
        )
    if list_rules:
        width = max(len(r.name) for r in RULES)
        write(
            "".join(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}\n" for r in RULES)
        )
        return
    selected, ignored = split_rules(select), split_rules(ignore)
    config = load_config(explicit=config_file)
    unknown = check_patterns([*selected, *ignored, *config.lint.select, *config.lint.ignore])
    if unknown:
        raise BreachkitError(
            f"unknown rule {unknown[0]!r}",
            hint="run `breachkit lint --list-rules` for the codes and names",
        )
    selection = config.lint.extend(selected, ignored)
    if templates is not None and not templates.is_dir():
        raise BreachkitError(
            f"{templates}: no such folder", hint="--templates names the templates folder"
        )
    if not paths:
        # By default lint what exists of playbooks/ and templates/, so a repository with
        # playbooks only (templates elsewhere) needs no arguments.
        paths = [p for p in (Path("playbooks"), Path("templates")) if p.exists()]
        if not paths:
            raise BreachkitError(
                "no playbooks/ or templates/ folder here",
                hint="run from the repository root, or name the files: breachkit lint PATH",
            )
    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise BreachkitError(
                f"{path}: no such file or directory",
                hint="name playbooks (.yaml) or templates (.j2), or folders holding them",
            )
    from breachkit.lint import cache

    key = None if no_cache else cache.run_key(paths, templates)
    hit = cache.load(key) if key else None
    if hit is None:
        findings, files = _lint(paths, templates)
        if key:
            cache.save(key, findings, files)
    else:
        findings, files = hit
    findings = [f for f in findings if selection.enabled(f.rule, f.name)]
    write(report.render(findings, output_format, RULES, tool="breachkit-lint"))
    if not quiet and output_format in ("text", "github"):
        typer.echo(report.summary(findings, files), err=True)
    if has_errors(findings):
        raise typer.Exit(int(ExitCode.FINDINGS))


def _lint(paths: list[Path], templates: Path | None) -> tuple[list[Finding], int]:
    """Every finding, before the rule selection (the cache keeps them all)."""
    # Only now the rules themselves (pydantic models, the renderer): --list-rules skips them.
    # pydantic looks for plugins in the entry points of every installed distribution when
    # it builds the playbook models (tens of milliseconds on a full environment); typer
    # switches the scan off for its own adapters, and lint does the same for the import.
    import os

    previous = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "1"
    try:
        from breachkit.lint.runner import lint_paths
    finally:
        if previous is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = previous

    result = lint_paths(paths, templates=templates)
    return result.findings, result.files

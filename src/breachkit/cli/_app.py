"""The typer application and the one place that turns exceptions into exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from breachkit import __version__

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="breachkit",
    help=(
        "Walk a data-breach response through identify, acknowledge, assure, resolve and "
        "compensate, and write the drafts a good apology needs."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"breachkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Print the version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """Walk a data-breach response through five steps and write the drafts it needs.

    Colour follows NO_COLOR; shell completion: breachkit --install-completion.
    """


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Map errors to exit codes: BreachkitError 2 (or its own code), Ctrl-C 130.

    No traceback ever reaches the user: an unexpected exception is reported as a bug with
    its type and message, exit 2, and the traceback only with BREACHKIT_DEBUG=1.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        import os

        from breachkit.console import error
        from breachkit.errors import BreachkitError, ExitCode

        try:
            return fn(*args, **kwargs)
        except BreachkitError as exc:
            error(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            error("interrupted; everything recorded so far is saved")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if os.environ.get("BREACHKIT_DEBUG"):
                raise
            error(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  hint: this is a bug in breachkit; rerun with BREACHKIT_DEBUG=1 for details"
            )
            raise typer.Exit(int(ExitCode.USAGE)) from None

    return wrapper


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`@app.command` with `guarded` applied: every command handles errors the same way."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        app.command(*args, **kwargs)(guarded(fn))
        return fn

    return decorate


# Options shared by the commands that run rules (lint, check).
Select = Annotated[
    list[str] | None,
    typer.Option(help="Only these rules (codes, code prefixes or names; repeatable)."),
]
Ignore = Annotated[
    list[str] | None,
    typer.Option(help="Skip these rules (codes, code prefixes or names; repeatable)."),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="Configuration file. Default: breachkit.toml or pyproject.toml, searched upwards.",
        dir_okay=False,
    ),
]
OutputFormat = Annotated[
    str, typer.Option("--format", "-f", help="Output format: text, json, sarif or github.")
]


def split_rules(values: list[str] | None) -> list[str]:
    """`--select BK1,BK2 --select BK301` gives BK1, BK2, BK301."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]

"""Command-line shell: each module registers its commands on one typer app.

Command modules import only typer at module level; the library is imported inside each
command, so `breachkit --help` and shell completion stay fast.
"""

from __future__ import annotations

from breachkit.cli import (  # noqa: F401  (imported to register their commands)
    check,
    drafts,
    incident,
    lint,
    notify,
    schema,
)
from breachkit.cli._app import app


def main() -> None:
    app(prog_name="breachkit")

"""Command-line shell: each module registers its commands on one typer app.

Command modules import only typer at module level; the library is imported inside each
command, so `breachkit --help` and shell completion stay fast.
"""

# ruff: noqa: I001  (import order is the order of `breachkit --help`)

from __future__ import annotations

from breachkit.cli import incident, drafts, notify, check, lint, schema  # noqa: F401
from breachkit.cli._app import app


def main() -> None:
    import os

    # pydantic scans every installed distribution's entry points for plugins when it first
    # builds a model (~12 ms on a full environment); breachkit uses none, and typer already
    # switches the scan off for its own adapters.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    app(prog_name="breachkit")

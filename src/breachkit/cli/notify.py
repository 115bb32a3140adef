"""Commands: notify."""

from __future__ import annotations

from breachkit.cli._app import app, command  # noqa: F401

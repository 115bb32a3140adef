"""Commands: schema."""

from __future__ import annotations

import typer  # noqa: F401  (command modules import only typer at module level)

from breachkit.cli._app import app, command  # noqa: F401


@command("schema")
def schema() -> None:
    """Print the playbook format as a JSON Schema (Draft 2020-12).

    Point your editor's YAML support at it for completion and inline errors; the same
    schema is committed as docs/playbook.schema.json.

    Example:

        breachkit schema > playbook.schema.json
    """
    import json

    from breachkit.console import write
    from breachkit.playbook import json_schema

    write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")

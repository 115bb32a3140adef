"""Commands: render, approve."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from breachkit.cli._app import command
from breachkit.cli.incident import Actor, Home, Now, Tz, opened

if TYPE_CHECKING:
    from datetime import tzinfo

    from breachkit.incidents import WrittenDraft
    from breachkit.render import Renderer


@command("render")
def render(
    incident: Annotated[
        str | None,
        typer.Argument(help="Incident id (omit with --facts).", show_default=False),
    ] = None,
    templates_names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[TEMPLATE]...",
            help="Templates or draft ids to render (default: the drafts of completed steps).",
            show_default=False,
        ),
    ] = None,
    facts: Annotated[
        Path | None,
        typer.Option("--facts", help="Render from a facts file instead of an incident."),
    ] = None,
    playbook: Annotated[
        Path | None,
        typer.Option("--playbook", help="With --facts: validate and type the facts by it."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write drafts here (default: drafts/ID).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, html or txt.")] = "md",
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite drafts that were edited by hand.")
    ] = False,
    all_steps: Annotated[
        bool, typer.Option("--all", help="Render every step's drafts, not only completed ones.")
    ] = False,
    org: Annotated[Path | None, typer.Option("--org", help="Organisation profile (YAML).")] = None,
    templates: Annotated[Path | None, typer.Option("--templates", help="Template folder.")] = None,
    tz: Tz = None,
    now: Now = None,
    home: Home = None,
    actor: Actor = "",
) -> None:
    """Render apology and disclosure drafts from an incident's facts, and check each one.

    Rendering is sandboxed; a missing fact is an error naming the fact, the template and
    the line. Drafts are written only inside --out; one edited by hand is kept unless
    --force. Each render is recorded on the incident with the draft's sha256.

    Examples:

      breachkit render INC-3

      breachkit render INC-3 customer-notice --format html --out outbox/

      breachkit render --facts examples/session-mixup.answers.yaml --out /tmp/drafts \\
        --playbook playbooks/session-mixup.yaml
    """
    from breachkit import STEPS, console, incidents
    from breachkit.errors import BreachkitError, ExitCode
    from breachkit.findings import has_errors

    zone = incidents.zone(tz)
    org_data = incidents.load_org(org)
    names = templates_names or []
    if facts is not None:
        if incident is not None:
            names = [incident, *names]
        results: list[WrittenDraft] = _render_facts(
            facts, playbook, names, out or Path("drafts"), fmt, force, org_data, templates,
            zone, now,
        )  # fmt: skip
    else:
        if incident is None:
            raise BreachkitError(
                "name an incident, or give --facts FILE",
                hint="breachkit render INC-3, or breachkit render --facts answers.yaml",
            )
        with opened(incident, home, now, actor) as session:
            results = incidents.render_incident(
                session,
                org_data,
                out or Path("drafts") / session.id,
                names=names,
                steps=list(STEPS) if all_steps else None,
                fmt=fmt,
                force=force,
                templates=templates,
                tz=zone,
            )
    if not results:
        console.info("Nothing to render: no step is complete yet (use --all or name a template).")
    findings: list[Any] = []
    for r in results:
        errors = sum(1 for f in r.findings if f.severity == "error")
        state = r.skipped or f"{errors} errors, {len(r.findings) - errors} warnings"
        console.write(f"{r.path}  ({state})\n")
        for f in r.findings:
            console.write(f"  {f}\n")
        findings += r.findings
    if has_errors(findings):
        raise typer.Exit(int(ExitCode.FINDINGS))


def _render_facts(
    path: Path,
    playbook: Path | None,
    names: list[str],
    out: Path,
    fmt: str,
    force: bool,
    org: dict[str, Any],
    templates: Path | None,
    zone: tzinfo,
    now: str | None,
) -> list[WrittenDraft]:
    from breachkit import incidents
    from breachkit.errors import BreachkitError
    from breachkit.playbook import DraftSpec

    facts = incidents.facts_from_file(path, playbook, zone)
    renderer = incidents.renderer_for(None, templates, zone)
    ctx = incidents.context(facts, org, incidents.clock(now)())
    if playbook is not None and not names:
        # The playbook's own drafts, each checked for its step.
        from breachkit import engine
        from breachkit.playbook import load_playbook

        steps = engine.draft_specs(load_playbook(playbook)[0])
        return list(incidents.write_drafts(renderer, steps, ctx, out, fmt, force))
    chosen = names or renderer.names()
    chosen = [n for n in chosen if not Path(n).name.startswith("_")]
    if not chosen:
        raise BreachkitError("no templates to render", hint="name one, or pass --templates DIR")
    specs = []
    for name in chosen:
        template = name if name in renderer.names() else _by_id(renderer, name)
        specs.append((None, DraftSpec(template=template)))
    return list(incidents.write_drafts(renderer, specs, ctx, out, fmt, force))


def _by_id(renderer: Renderer, name: str) -> str:
    for candidate in renderer.names():
        if Path(candidate).name.split(".")[0] == name:
            return str(candidate)
    return name


@command("approve")
def approve(
    incident: Annotated[str, typer.Argument(help="Incident id.", show_default=False)],
    draft: Annotated[
        str, typer.Argument(help="Draft id, e.g. customer-notice.", show_default=False)
    ],
    by: Annotated[str, typer.Option("--by", help="Who signs off.", show_default=False)],
    role: Annotated[
        str, typer.Option("--role", help="legal, dpo, signatory, comms...", show_default=False)
    ],
    now: Now = None,
    home: Home = None,
    actor: Actor = "",
) -> None:
    """Sign off a draft as it is on disk now; the approval binds its sha256.

    If the draft changes afterwards (edited or rendered again), status shows it as stale.

    Example: breachkit approve INC-3 customer-notice --by "Ana Ruiz" --role legal
    """
    from breachkit import console, incidents

    with opened(incident, home, now, actor) as session:
        _, digest = incidents.approve(session, draft, by, role)
    console.info(f"{session.id}: {draft} approved by {by} ({role}), sha256 {digest[:12]}.")

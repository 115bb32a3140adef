"""Commands: run, incidents, status, note, decide, notice, timeline, verify."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from breachkit.cli._app import command

if TYPE_CHECKING:
    from datetime import tzinfo

    from breachkit.incidents import Session

Home = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar="BREACHKIT_HOME",
        show_envvar=True,
        help="Where incidents are stored (default: the per-user data directory).",
    ),
]
Tz = Annotated[
    str | None,
    typer.Option("--tz", help="Show times in this zone, e.g. Europe/Paris (default: local)."),
]
Now = Annotated[
    str | None,
    typer.Option(
        "--now",
        envvar="BREACHKIT_NOW",
        help="Pretend it is this time (ISO 8601; end with + to let the clock run): "
        "tabletop drills and exact tests.",
    ),
]
Actor = Annotated[
    str,
    typer.Option(
        "--actor", envvar="BREACHKIT_ACTOR", help="Who is acting (default: your user name)."
    ),
]
IncidentArg = Annotated[
    str, typer.Argument(help="Incident id, e.g. INC-3 or 3.", show_default=False)
]
OptIncidentArg = Annotated[
    str | None, typer.Argument(help="Incident id (default: the most recent).", show_default=False)
]


def _open(home: Path | None, now: str | None, readonly: bool = False) -> tuple[Any, Any]:
    from breachkit import incidents
    from breachkit.store import Store

    clock = incidents.clock(now)
    return Store.open(home, now=clock, readonly=readonly), clock


@contextmanager
def opened(
    incident: str | None,
    home: Path | None,
    now: str | None,
    actor: str = "",
    readonly: bool = False,
) -> Iterator[Session]:
    """The incident (None: the most recent), loaded from its store, closed afterwards."""
    from breachkit import incidents

    store, clock = _open(home, now, readonly)
    with store:
        yield incidents.load(store, incident, clock, actor)


@command("run")
def run(
    playbook: Annotated[
        Path | None,
        typer.Argument(
            help="The playbook YAML file (not needed with --incident).", show_default=False
        ),
    ] = None,
    incident: Annotated[
        str | None, typer.Option("--incident", "-i", help="Resume this incident.")
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option("--answers", "-a", help="Facts and tasks from a YAML or JSON file."),
    ] = None,
    sets: Annotated[
        list[str] | None, typer.Option("--set", "-s", help="A fact as NAME=VALUE (repeatable).")
    ] = None,
    non_interactive: Annotated[
        bool,
        typer.Option("--non-interactive", "-n", help="Never prompt (implied without a terminal)."),
    ] = False,
    new: Annotated[
        bool,
        typer.Option("--new", help="Open a new incident even if one of this playbook is open."),
    ] = False,
    title: Annotated[str | None, typer.Option("--title", help="The incident's title.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Folder for drafts (default: drafts/ID).")
    ] = None,
    org: Annotated[Path | None, typer.Option("--org", help="Organisation profile (YAML).")] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Template folder (default: beside playbooks/)."),
    ] = None,
    tz: Tz = None,
    now: Now = None,
    home: Home = None,
    actor: Actor = "",
) -> None:
    """Open an incident from a playbook, or resume one, and walk it through the five steps.

    Interactive on a terminal: asks for each step's facts, ticks off its tasks, renders its
    drafts. Ctrl-C at any point loses nothing already answered; run again to resume.

    Examples:

      breachkit run playbooks/session-mixup.yaml

      breachkit run playbooks/session-mixup.yaml --non-interactive \
        --answers examples/session-mixup.answers.yaml

      breachkit run --incident INC-3 --set affected_count=1843
    """
    import sys

    from breachkit import console, incidents
    from breachkit.errors import BreachkitError

    zone = incidents.zone(tz)
    # Read every input before anything is recorded: a missing or broken answers file must
    # not leave an empty incident behind.
    answered = incidents.read_answers(answers) if answers else None
    given = incidents.parse_sets(sets) if sets else None
    if answered and answered.title is not None and not isinstance(answered.title, str):
        raise BreachkitError("the answers file's title must be text", hint='title: "..."')
    store, clock = _open(home, now)
    with store:
        if incident:
            session = incidents.load(store, incident, clock, actor)
            created = False
        elif playbook is not None:
            session, created = incidents.start(
                store,
                playbook,
                now=clock,
                title=title or (answered.title if answered else None),
                templates=templates,
                tz=str(zone),
                actor=actor,
                new=new,
            )
        else:
            raise BreachkitError(
                "name a playbook or an incident",
                hint="breachkit run playbooks/NAME.yaml, or breachkit run --incident INC-1",
            )
        verb = "Opened" if created else "Resuming"
        console.info(f"{verb} {session.id}: {session.incident.title}", style="bold")
        if answered:
            incidents.record_answers(session, answered, zone)
        if given:
            incidents.record_answers(session, given, zone)
        out_dir = out or Path("drafts") / session.id
        org_data = _org_or_none(org)
        interactive = not non_interactive and sys.stdin.isatty()
        if interactive:
            _interactive(session, zone, out_dir, org_data, templates)
        else:
            before = {s for s, st in session.incident.steps.items() if st.state == "complete"}
            done = incidents.advance(session)
            unrendered = [s for s in before if not _rendered(session, s)]
            _render_steps(session, [*unrendered, *done], zone, out_dir, org_data, templates)
        _summary(session)
        if not session.incident.complete:
            raise incidents.exit_for_missing(session)


def _org_or_none(path: Path | None) -> dict[str, Any] | None:
    from breachkit import console, incidents
    from breachkit.errors import BreachkitError

    try:
        return incidents.load_org(path)
    except BreachkitError as exc:
        if path is not None:
            raise
        console.warn(f"drafts will not be rendered: {exc}")
        return None


def _rendered(session: Session, step: str) -> bool:
    specs = [d.id for s, d in _specs(session) if s == step]
    return all(d in session.incident.drafts for d in specs)


def _specs(session: Session) -> list[tuple[str, Any]]:
    from breachkit import engine

    return engine.draft_specs(session.playbook)


def _render_steps(
    session: Session,
    steps: list[str],
    zone: tzinfo,
    out: Path,
    org: dict[str, Any] | None,
    templates: Path | None,
) -> None:
    from breachkit import console, incidents

    if not steps or org is None:
        return
    if not any(s in steps for s, _ in _specs(session)):
        return
    results = incidents.render_incident(
        session, org, out, steps=steps, templates=templates, tz=zone
    )
    for r in results:
        errors = sum(1 for f in r.findings if f.severity == "error")
        state = r.skipped or f"{errors} errors, {len(r.findings) - errors} warnings"
        console.info(f"  draft {r.id}: {r.path}  ({state})")
        for f in r.findings:
            console.info(f"    {f}", style="red" if f.severity == "error" else "yellow")


def _interactive(
    session: Session,
    zone: tzinfo,
    out: Path,
    org: dict[str, Any] | None,
    templates: Path | None,
) -> None:
    from breachkit import console, incidents
    from breachkit.durations import humanize

    for name, step in session.playbook.steps.items():
        if session.incident.steps[name].state == "complete":
            continue
        incidents.start_step(session, name)
        console.heading(f"{name.upper()}: {step.goal}")
        now = session.now()
        for c in incidents.deadlines(session, now):
            if c.kind in ("step", "update") and c.ref == name and c.due is not None:
                left = c.due - now
                when = incidents.show_time(c.due, zone)
                if left.total_seconds() < 0:
                    console.info(
                        f"  OVERDUE: {c.name} was due {when} ({humanize(left)} ago)",
                        style="bold white on red",
                    )
                else:
                    console.info(f"  {c.name}: due {when}, {humanize(left)} left", style="yellow")
        if step.guidance:
            console.info(f"  {step.guidance.strip()}", style="dim")
        for fact in step.facts:
            session.refresh()  # another terminal may have answered it meanwhile
            if fact.name in session.incident.facts or fact.name in session.incident.skipped_facts:
                continue
            _ask_fact(session, name, fact, zone)
        for task in step.tasks:
            session.refresh()
            if task.id in session.incident.tasks:
                continue
            answer = console.choose(
                f"  [ ] {task.title} ({task.owner}) - done, skip, or later?",
                ["done", "skip", "later"],
                "done",
            )
            if answer == "done":
                incidents.record_task(session, task.id)
            elif answer == "skip":
                reason = ""
                while not reason.strip():
                    reason = console.ask("    Why is it skipped?")
                incidents.record_task(session, task.id, reason)
        incidents.complete_step(session, name)
        console.info(f"Step {name} complete.", style="bold green")
        _render_steps(session, [name], zone, out, org, templates)


def _ask_fact(session: Session, step: str, fact: Any, zone: tzinfo) -> None:
    from breachkit import console, incidents
    from breachkit.engine import FactError

    label = fact.prompt + ("" if fact.required else " (optional, Enter to skip)")
    if fact.choices:
        label += f" [{', '.join(fact.choices)}]"
    hint = fact.help or ""
    if fact.example is not None:
        hint = (hint + "  " if hint else "") + f"e.g. {fact.example}"
    while True:
        raw = console.ask(label, help_text=hint)
        hint = ""
        if not raw.strip() and not fact.required:
            incidents.skip_fact(session, fact.name)
            return
        try:
            incidents.record_fact(session, fact.name, raw, zone)
            return
        except FactError as exc:
            console.error(f"{exc}; try again")


def _summary(session: Session) -> None:
    from breachkit import console

    inc = session.incident
    done = sum(1 for s in inc.steps.values() if s.state == "complete")
    if inc.complete:
        console.info(f"{inc.id}: all five steps complete.", style="bold green")
    else:
        console.info(f"{inc.id}: {done} of 5 steps complete; waiting at {inc.current_step}.")
    console.info(f"Status: breachkit status {inc.id}    Timeline: breachkit timeline {inc.id}")


@command("incidents")
def list_incidents(
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    tz: Tz = None,
    home: Home = None,
) -> None:
    """List incidents, most recent first.

    Example: breachkit incidents --format json
    """
    import json

    from breachkit import console, incidents
    from breachkit.store import DB_NAME, Store, default_home

    zone = incidents.zone(tz)
    rows = []
    if ((home or default_home()) / DB_NAME).exists():  # no database yet: no incidents
        with Store.open(home, readonly=True) as store:
            rows = store.incidents()
    if fmt == "json":
        console.write(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "playbook": r.playbook,
                        "title": r.title,
                        "opened_at": r.opened_at.isoformat(),
                        "updated_at": r.updated_at.isoformat(),
                        "events": r.events,
                    }
                    for r in rows
                ],
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
        return
    _check_format(fmt, ("text", "json"))
    if not rows:
        console.info("No incidents yet. Open one with: breachkit run playbooks/NAME.yaml")
        return
    for r in rows:
        console.write(
            f"{r.id:<8} {incidents.show_time(r.updated_at, zone):<22} {r.playbook:<34} {r.title}\n"
        )


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    from breachkit.errors import BreachkitError

    if fmt not in allowed:
        raise BreachkitError(f"unknown format {fmt!r}", hint=f"choose {' or '.join(allowed)}")


@command("status")
def status(
    incident: OptIncidentArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    tz: Tz = None,
    now: Now = None,
    home: Home = None,
) -> None:
    """Show an incident: its steps, deadlines, regulators' clocks, facts, tasks and drafts.

    Overdue deadlines are shown loudly. Without an id: the most recent incident.

    Examples:

      breachkit status

      breachkit status INC-3 --format json --tz Europe/Paris
    """
    import json

    from breachkit import console, incidents
    from breachkit.durations import humanize

    _check_format(fmt, ("text", "json"))
    zone = incidents.zone(tz)
    with opened(incident, home, now, readonly=True) as session:
        moment = session.now()
        data = incidents.status(session, moment, zone)
    if fmt == "json":
        console.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
        return
    from datetime import datetime, timedelta

    for s in data["steps"]:
        at = s["completed_at"]
        s["completed_local"] = incidents.show_time(datetime.fromisoformat(at), zone) if at else ""
    for d in data["deadlines"]:
        if d.get("due"):
            d["due_local"] = incidents.show_time(datetime.fromisoformat(d["due"]), zone)
        secs = d.get("time_left_seconds")
        if secs is not None and d["state"] in ("open", "overdue"):
            left = humanize(timedelta(seconds=secs))
            d["left"] = f"{left} ago" if secs < 0 else left
    console.show_status(data, str(zone))


@command("note")
def note(
    incident: IncidentArg,
    text: Annotated[str, typer.Argument(help="What happened or was learned.", show_default=False)],
    update: Annotated[
        bool,
        typer.Option("--update", help="A public update was posted (restarts the update clock)."),
    ] = False,
    now: Now = None,
    home: Home = None,
    actor: Actor = "",
) -> None:
    """Add a note to the incident's timeline.

    Examples:

      breachkit note INC-3 "Support macro updated with the holding statement"

      breachkit note INC-3 "Status page updated: fix deployed to 50%" --update
    """
    from breachkit import console, incidents

    with opened(incident, home, now, actor) as session:
        event = incidents.add_note(session, text, update)
    console.info(f"{session.id}: note recorded (#{event.seq}).")


@command("decide")
def decide(
    incident: IncidentArg,
    text: Annotated[str, typer.Argument(help="What was decided.", show_default=False)],
    because: Annotated[str, typer.Option("--because", help="Why (required).", show_default=False)],
    now: Now = None,
    home: Home = None,
    actor: Actor = "",
) -> None:
    """Record a decision and its reason, as regulators expect to see (GDPR Art. 33(5)).

    Example:

      breachkit decide INC-3 "not notifying the regulator" --because "the data was encrypted"
    """
    from breachkit import console, incidents

    with opened(incident, home, now, actor) as session:
        event = incidents.add_decision(session, text, because)
    console.info(f"{session.id}: decision recorded (#{event.seq}).")


@command("notice")
def notice(
    incident: IncidentArg,
    regime: Annotated[str, typer.Argument(help="Regime id, e.g. gdpr-art33.", show_default=False)],
    at: Annotated[str | None, typer.Option("--at", help="When it was sent (default: now).")] = None,
    delay_reason: Annotated[
        str | None, typer.Option("--delay-reason", help="Required when the notice is late.")
    ] = None,
    tz: Tz = None,
    now: Now = None,
    home: Home = None,
    actor: Actor = "",
) -> None:
    """Record that a regulator (or other party a regime names) was notified.

    A notice after its deadline must give the reasons for the delay (GDPR Art. 33(1)).

    Example: breachkit notice INC-3 gdpr-art33 --at 2026-03-16T10:00Z
    """
    from breachkit import console, engine, incidents
    from breachkit.errors import BreachkitError

    with opened(incident, home, now, actor) as session:
        try:
            when = engine.parse_time(at, incidents.zone(tz)) if at else None
        except engine.FactError as exc:
            raise BreachkitError(f"--at: {exc}") from None
        _, late = incidents.record_notice(session, regime, when, delay_reason)
    console.info(f"{session.id}: notice for {regime} recorded" + (" (late)." if late else "."))


@command("timeline")
def timeline(
    incident: OptIncidentArg = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or json.")] = "md",
    tz: Tz = None,
    home: Home = None,
) -> None:
    """Print the incident's whole history: every event with its time and actor.

    Ready for a post-incident review and the record of the breach that GDPR Art. 33(5)
    asks controllers to keep.

    Example: breachkit timeline INC-3 --format md > INC-3-timeline.md
    """
    import json

    from breachkit import console, incidents

    _check_format(fmt, ("md", "json"))
    zone = incidents.zone(tz)
    with opened(incident, home, None, readonly=True) as session:
        if fmt == "json":
            data = {
                "id": session.id,
                "title": session.incident.title,
                "playbook": session.incident.playbook_id,
                "events": incidents.timeline(session),
            }
            console.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        else:
            console.write(incidents.timeline_markdown(session, zone))


@command("verify")
def verify(incident: IncidentArg, home: Home = None) -> None:
    """Check that the incident's log was not altered: every event's hash chains to the last.

    Exit 0 when intact, 1 when altered. Example: breachkit verify INC-3
    """
    from breachkit import console
    from breachkit.errors import BreachkitError, ExitCode
    from breachkit.store import Store

    with Store.open(home, readonly=True) as store:
        ident = store.resolve_id(incident)
        result = store.verify(ident)
    if result.ok:
        console.info(
            f"{ident}: intact, {result.events} events, hash chain verified.", style="green"
        )
        return
    raise BreachkitError(
        f"{ident}: the log was altered at event {result.seq}: {result.problem}",
        exit_code=ExitCode.FINDINGS,
    )

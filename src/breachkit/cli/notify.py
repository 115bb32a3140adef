"""Commands: notify."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from collections.abc import Callable

    from breachkit.findings import Finding

from breachkit.cli._app import app, command  # noqa: F401
from breachkit.cli.incident import Home, Now, Tz


@command(
    "notify",
    epilog=(
        "Example: breachkit notify INC-3 --template apology-email.md.j2 "
        "--recipients affected.csv --out outbox/ --org org.yaml\n\n"
        "Without an incident: breachkit notify --facts examples/x.answers.yaml "
        "--playbook playbooks/x.yaml -t apology-email.md.j2 -r affected.csv -o outbox/"
    ),
)
def notify(
    template: Annotated[
        str,
        typer.Option("--template", "-t", help="Template name in the template folder, or its path."),
    ],
    recipients: Annotated[
        Path,
        typer.Option(
            "--recipients",
            "-r",
            help="CSV (with a header) or JSON Lines; an email column is required, "
            "name and any other columns are optional (recipient.<column>).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (created if needed).")],
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="jsonl (one message a line, for a bulk API) or eml."),
    ] = "jsonl",
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes (0: one per CPU).")
    ] = 0,
    shard: Annotated[
        str | None,
        typer.Option("--shard", help="K/N: only this share of the recipients (K counts from 1)."),
    ] = None,
    org: Annotated[Path | None, typer.Option("--org", help="Organisation profile (YAML).")] = None,
    templates: Annotated[
        Path | None, typer.Option("--templates", help="Template folder (default: the incident's).")
    ] = None,
    facts: Annotated[
        Path | None,
        typer.Option("--facts", help="Answers file with `facts:` (instead of an incident)."),
    ] = None,
    playbook: Annotated[
        Path | None,
        typer.Option("--playbook", help="With --facts: type the facts as this playbook declares."),
    ] = None,
    force_checks: Annotated[
        bool,
        typer.Option("--force-checks", help="Write the messages even if the draft checks fail."),
    ] = False,
    restart: Annotated[
        bool, typer.Option("--restart", help="Discard an earlier run in --out and start over.")
    ] = False,
    progress: Annotated[
        str,
        typer.Option("--progress", help="auto (a live line on a terminal, else JSON), json, none."),
    ] = "auto",
    incident: Annotated[
        str | None,
        typer.Argument(help="The incident (INC-3); or give --facts instead.", show_default=False),
    ] = None,
    tz: Tz = None,
    now: Now = None,
    home: Home = None,
) -> None:
    """Write one message per recipient, never with anyone else's address in it.

    Bad rows go to OUT/rejects.csv with their line and reason; OUT/manifest.json records
    the counts and hashes. Interrupted, the same command continues where it stopped.
    Exit codes: 0 done, 1 the draft checks failed (or a message was blocked), 2 bad input.
    """
    import sys
    from datetime import datetime
    from typing import Any

    from breachkit import incidents, notify, report
    from breachkit.console import write
    from breachkit.errors import BreachkitError, ExitCode

    if progress not in ("auto", "json", "none"):
        raise BreachkitError(f"--progress {progress!r}: choose auto, json or none")
    if jobs < 0:
        raise BreachkitError("--jobs must be 0 (one per CPU) or more")
    if incident and facts:
        raise BreachkitError("give an incident or --facts, not both")
    if not incident and not facts:
        raise BreachkitError(
            "which incident? give its id, or --facts FILE for a run without one",
            hint="breachkit notify INC-3 --template ... (list incidents: breachkit incidents)",
        )
    now_fn = incidents.clock(now)
    options = notify.Options(
        template=template,
        recipients=recipients,
        out=out,
        fmt=fmt,
        jobs=jobs,
        shard=notify.parse_shard(shard),
        force_checks=force_checks,
        restart=restart,
    )
    if not recipients.is_file():
        raise BreachkitError(f"no recipients file {recipients}", hint="--recipients FILE")
    tpl_path = Path(template)
    if templates is None and tpl_path.is_file():
        templates, options.template = tpl_path.parent, tpl_path.name
    org_data = incidents.load_org(org)
    session = None
    store = None
    if incident:
        from breachkit.store import Store

        store = Store.open(home, now=now_fn)
        session = incidents.load(store, incident, now_fn)
        zone = incidents.zone(tz or session.incident.tz or None)
        sess0 = session

        def context(now: datetime) -> dict[str, Any]:
            return incidents.session_context(sess0, org_data, now)
    else:
        assert facts is not None
        zone = incidents.zone(tz)
        values = incidents.facts_from_file(facts, playbook, zone)

        def context(now: datetime) -> dict[str, Any]:
            return incidents.context(values, org_data, now)

    renderer = incidents.renderer_for(session, templates, zone)

    def show_findings(found: list[Finding]) -> None:
        if found:
            sys.stderr.write(report.render(found, "text"))

    record = recorded = None
    if session is not None:
        sess = session

        def record(data: dict[str, object]) -> None:
            sess.append(("notify.run", dict(data)))

        def recorded(run_id: str) -> bool:
            return any(e.kind == "notify.run" and e.data.get("run") == run_id for e in sess.events)

    on_progress, close_progress = _progress(progress)
    try:
        result = notify.run(
            options,
            renderer=renderer,
            context=context,
            org=org_data,
            now=now_fn,
            on_progress=on_progress,
            on_findings=show_findings,
            record=record,
            recorded=recorded,
        )
    finally:
        close_progress()
        if store is not None:
            store.close()
    c = result.counts
    where = result.out / (notify.OUTBOX if fmt == "jsonl" else notify.EML_DIR)
    head = "already complete" if result.already_complete else "done"
    lines = [
        f"{head}: {c.written:,} sent to the outbox ({where})",
        f"  rejected:   {c.rejected:,}"
        + (f" ({c.blocked:,} blocked by the safety check)" if c.blocked else ""),
        f"  duplicates: {c.duplicates:,}",
    ]
    if c.rejected or c.duplicates:
        lines.append(f"  see {result.out / notify.REJECTS}")
    if options.shard.count > 1:
        lines.append(f"  shard {options.shard}: {c.other_shards:,} rows left to other shards")
    write("\n".join(lines) + "\n")
    if result.exit_code != ExitCode.OK:
        raise typer.Exit(int(result.exit_code))


def _progress(mode: str) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """Progress on stderr: a bar with rate and time left on a terminal, else JSON lines
    (every 10% or 5 seconds) that a CI log or a batch scheduler can keep.

    Returns the callback and a function that closes the bar.
    """
    import json
    import sys
    import time

    if mode == "none":
        return None, lambda: None
    if mode == "auto" and sys.stderr.isatty():
        from breachkit.console import ProgressBar

        bar = ProgressBar("notify")
        return bar.update, bar.close
    start = time.monotonic()
    last: dict[str, float] = {"t": start, "pct": -1}

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        elapsed = max(now - start, 1e-6)
        rate = done / elapsed
        left = (total - done) / rate if rate > 0 else 0.0
        pct = int(done * 10 / total) if total else 10
        if pct > last["pct"] or now - last["t"] >= 5 or done >= total:
            if done >= total and last["pct"] == 10:
                return
            last["t"], last["pct"] = now, pct
            sys.stderr.write(
                json.dumps(
                    {"done": done, "total": total, "rate": round(rate, 1), "eta": round(left, 1)}
                )
                + "\n"
            )

    return show, lambda: None

"""Incidents as the commands see them: the store, the engine, the clocks and the drafts.

This is the library behind `run`, `status`, `note`, `decide`, `notice`, `timeline`,
`verify`, `render` and `approve`. It knows nothing of the terminal: the CLI asks the
questions and prints; this module records events, one transaction per change, so that a
crash, a kill or a closed terminal loses nothing already answered.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit import STEPS, engine
from breachkit.engine import FactError, Incident
from breachkit.errors import BreachkitError, ExitCode
from breachkit.findings import Finding, Location
from breachkit.playbook import DraftSpec, Playbook, load_playbook, parse_playbook
from breachkit.store import Event, NewEvent, Store

if TYPE_CHECKING:
    from breachkit.render import Draft, Renderer

DRAFT_FORMATS = ("md", "html", "txt")
MANIFEST = ".breachkit-drafts.json"

# ---- clock and zone ------------------------------------------------------------------------


def clock(now: str | None = None) -> Callable[[], datetime]:
    """The time source: `--now`, else $BREACHKIT_NOW (tabletop drills, exact tests), else real.

    A fixed time may be followed by `+`, meaning "start the clock there and let it run":
    a drill can begin at 21:29 on the night of a simulated breach.
    """
    text = now or os.environ.get("BREACHKIT_NOW") or ""
    if not text:
        return lambda: datetime.now(UTC)
    running = text.endswith("+")
    try:
        start = engine.parse_time(text.rstrip("+"))
    except FactError as exc:
        raise BreachkitError(
            f"invalid clock override: {exc}", hint="BREACHKIT_NOW / --now"
        ) from None
    if not running:
        return lambda: start
    offset = start - datetime.now(UTC)
    return lambda: datetime.now(UTC) + offset


def zone(name: str | None = None) -> tzinfo:
    """`--tz`, else $BREACHKIT_TZ, else $TZ, else the system's local zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    local = datetime.now().astimezone().tzinfo or UTC
    explicit = name or os.environ.get("BREACHKIT_TZ")
    text = explicit or os.environ.get("TZ") or ""
    if not text:
        return local
    if text.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(text.lstrip(":"))
    except (ZoneInfoNotFoundError, ValueError):
        if not explicit:
            return local  # $TZ may be a POSIX rule or a file path the C library reads
        raise BreachkitError(
            f"unknown time zone {text!r}", hint="use an IANA name such as Europe/Paris or UTC"
        ) from None


def show_time(when: datetime | None, tz: tzinfo) -> str:
    if when is None:
        return "-"
    local = when.astimezone(tz)
    return local.strftime("%Y-%m-%d %H:%M ") + (local.tzname() or "")


# ---- sessions ----------------------------------------------------------------------------


@dataclass
class Session:
    """One incident, loaded: its playbook, state and the store it lives in."""

    store: Store
    incident: Incident
    playbook: Playbook
    now: Callable[[], datetime]
    actor: str = ""
    events: list[Event] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.incident.id

    def append(self, *items: tuple[str, dict[str, Any]]) -> list[Event]:
        """Record events in one transaction, then refresh the state with them and with
        whatever another terminal recorded on the same incident in the meantime."""
        stored = self.store.append(
            self.id, [NewEvent(kind, data, self.actor, self.now()) for kind, data in items]
        )
        self.refresh()
        return stored

    def refresh(self) -> None:
        """Read events other processes appended since this session last looked."""
        since = self.events[-1].seq if self.events else 0
        newer = self.store.events(self.id, since_seq=since)
        if newer:
            self.events.extend(newer)
            self.incident = engine.fold(self.id, self.events)

    def facts_typed(self) -> dict[str, Any]:
        return engine.typed_facts(self.playbook, self.incident.facts)


def load(
    store: Store, incident_id: str | None, now: Callable[[], datetime], actor: str = ""
) -> Session:
    """Load an incident by id (None: the most recently updated one)."""
    if incident_id is None:
        incident_id = store.latest()
        if incident_id is None:
            raise BreachkitError(
                "no incidents yet", hint="open one with: breachkit run playbooks/NAME.yaml"
            )
    ident = store.resolve_id(incident_id)
    events = store.events(ident)
    incident = engine.fold(ident, events)
    try:
        playbook = parse_playbook(_yaml_data(incident.playbook_text, incident.playbook_path))
    except Exception as exc:  # the stored copy was valid when the incident opened
        raise BreachkitError(f"stored playbook of {ident} cannot be read: {exc}") from None
    return Session(store, incident, playbook, now, actor, events)


def _yaml_data(text: str, path: str) -> Any:
    from breachkit.source import load_yaml

    return load_yaml(Path(path or "playbook.yaml"), text).data


def start(
    store: Store,
    playbook_path: Path,
    *,
    now: Callable[[], datetime],
    title: str | None = None,
    templates: Path | None = None,
    tz: str = "",
    actor: str = "",
    new: bool = False,
) -> tuple[Session, bool]:
    """Resume the open incident of this playbook, or open a new one. Returns (session, new?)."""
    from breachkit.source import read_text

    text = read_text(playbook_path)
    playbook, _ = load_playbook(playbook_path, text)
    if not new:
        # The most recent incident of this playbook that is not finished; a finished one
        # is not resumed (notes, renders and notices still go to it by its id).
        for row in store.incidents():
            if row.playbook == playbook.id:
                session = load(store, row.id, now, actor)
                if not session.incident.complete:
                    return session, False
    folder = templates or default_templates(playbook_path)
    first = NewEvent(
        "incident.opened",
        {
            "playbook_id": playbook.id,
            "playbook_name": playbook.name,
            "playbook_version": playbook.version,
            "playbook_path": str(playbook_path.resolve()),
            # A copy of the playbook: the incident follows the version it opened with,
            # even if the file changes before it is resumed days later.
            "playbook_text": text,
            "title": title or playbook.name,
            "templates": str(folder.resolve()),
            "tz": tz,
        },
        actor,
        now(),
    )
    ident, event = store.create_incident(playbook.id, title or playbook.name, first)
    session = Session(store, engine.fold(ident, [event]), playbook, now, actor, [event])
    return session, True


def default_templates(playbook_path: Path) -> Path:
    """templates/ beside the playbooks' folder, else ./templates."""
    beside = playbook_path.resolve().parent.parent / "templates"
    return beside if beside.is_dir() else Path("templates")


# ---- answers -----------------------------------------------------------------------------


@dataclass
class Answers:
    facts: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, str | None] = field(default_factory=dict)  # id -> None (done) | reason
    title: str | None = None
    where: dict[str, Location] = field(default_factory=dict)  # "fact:x"/"task:y" -> location


def read_answers(path: Path) -> Answers:
    """Facts and tasks from a YAML or JSON answers file (see examples/*.answers.yaml)."""
    from breachkit.source import load_yaml, read_text

    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise BreachkitError(
                f"invalid JSON: {exc.msg}", Location(str(path), exc.lineno, exc.colno)
            ) from None
        smap = None
    else:
        doc = load_yaml(path, text)
        data, smap = doc.data, doc.source_map

    def at(*loc: str | int) -> Location:
        return smap.value(loc) if smap else Location(str(path))

    if not isinstance(data, dict):
        raise BreachkitError(
            "an answers file is a mapping with `facts:` and `tasks:`",
            at(),
            hint="see examples/*.answers.yaml",
        )
    unknown = set(data) - {"facts", "tasks", "title"}
    if unknown:
        key = sorted(unknown)[0]
        raise BreachkitError(
            f"unknown key {key!r} in the answers file",
            smap.key((key,)) if smap else at(),
            hint="the keys are title, facts and tasks",
        )
    answers = Answers(title=data.get("title"))
    facts = data.get("facts") or {}
    if not isinstance(facts, dict):
        raise BreachkitError("`facts` must be a mapping of fact names to values", at("facts"))
    for name, value in facts.items():
        answers.facts[str(name)] = value
        answers.where[f"fact:{name}"] = at("facts", name)
    tasks = data.get("tasks") or {}
    if isinstance(tasks, list):  # a plain list of done task ids
        tasks = {str(t): "done" for t in tasks}
    if not isinstance(tasks, dict):
        raise BreachkitError("`tasks` must map task ids to done or {skipped: reason}", at("tasks"))
    for task_id, value in tasks.items():
        answers.where[f"task:{task_id}"] = at("tasks", task_id)
        if value in ("done", True):
            answers.tasks[str(task_id)] = None
        elif isinstance(value, dict) and isinstance(value.get("skipped"), str):
            answers.tasks[str(task_id)] = value["skipped"]
        else:
            raise BreachkitError(
                f'task {task_id!r}: write `done` or `{{skipped: "reason"}}`',
                at("tasks", task_id),
            )
    return answers


def facts_from_file(path: Path, playbook: Path | None, tz: tzinfo | None) -> dict[str, Any]:
    """Facts from an answers file, as templates see them, for drafts without an incident.

    With a playbook, each fact is validated and typed by its declaration; without one,
    text that reads as an ISO 8601 time becomes a time (in `tz` when it has no zone).
    """
    answers = read_answers(path)
    if playbook is None:
        return {name: _guess_time(value, tz) for name, value in answers.facts.items()}
    from breachkit.source import read_text

    pb, _ = load_playbook(playbook, read_text(playbook))
    known = pb.facts()
    stored: dict[str, Any] = {}
    problems = []
    for name, raw in answers.facts.items():
        if name not in known:
            stored[name] = raw
            continue
        if raw is None and not known[name][1].required:
            continue  # an optional fact that does not apply
        try:
            stored[name] = engine.coerce_fact(known[name][1], raw, tz)
        except FactError as exc:
            where = answers.where.get(f"fact:{name}", Location(str(path)))
            problems.append(f"{where}: fact {name!r}: {exc}")
    if problems:
        raise BreachkitError("invalid facts:\n  " + "\n  ".join(problems))
    return engine.typed_facts(pb, stored)


def _guess_time(value: Any, tz: tzinfo | None) -> Any:
    if isinstance(value, str) and len(value) >= 16 and value[4:5] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(engine.coerce_fact_time(value, tz))
        except FactError:
            return value
    return value


def parse_sets(items: Sequence[str]) -> Answers:
    """`--set NAME=VALUE` options."""
    answers = Answers()
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise BreachkitError(
                f"--set {item!r}: write NAME=VALUE", hint="--set affected_count=1843"
            )
        answers.facts[name.strip()] = value
        answers.where[f"fact:{name.strip()}"] = Location("--set")
    return answers


def record_answers(session: Session, answers: Answers, tz: tzinfo | None = None) -> int:
    """Validate every answer first, then record them all in one transaction.

    Returns the number of events recorded. A bad value names its fact, where it came from,
    and what would fit; nothing is recorded until every answer is valid.
    """
    from breachkit.errors import suggestion

    known = session.playbook.facts()
    problems: list[str] = []
    events: list[tuple[str, dict[str, Any]]] = []
    for name, raw in answers.facts.items():
        where = answers.where.get(f"fact:{name}", Location("answers"))
        if name not in known:
            problems.append(f"{where}: unknown fact {name!r}" + suggestion(name, known))
            continue
        step, fact = known[name]
        if not fact.required and (raw is None or raw == ""):
            # An optional fact answered with nothing: not applicable, and not asked again.
            inc = session.incident
            if name not in inc.skipped_facts or name in inc.facts:
                events.append(("fact.skipped", {"name": name, "step": step}))
            continue
        try:
            value = engine.coerce_fact(fact, raw, tz)
        except FactError as exc:
            problems.append(f"{where}: fact {name!r} ({fact.type}): {exc}")
            continue
        if session.incident.facts.get(name) != value:
            events.append(("fact.recorded", {"name": name, "value": value, "step": step}))
    task_ids = {t.id for _, st in session.playbook.steps.items() for t in st.tasks}
    for task_id, reason in answers.tasks.items():
        where = answers.where.get(f"task:{task_id}", Location("answers"))
        if task_id not in task_ids:
            problems.append(f"{where}: unknown task {task_id!r}" + suggestion(task_id, task_ids))
            continue
        step = engine.step_of_task(session.playbook, task_id) or ""
        current = session.incident.tasks.get(task_id)
        if reason is None and (current is None or current.state != "done"):
            events.append(("task.done", {"id": task_id, "step": step}))
        elif reason is not None and (current is None or current.reason != reason):
            events.append(("task.skipped", {"id": task_id, "step": step, "reason": reason}))
    if problems:
        raise BreachkitError(
            "invalid answers; nothing was recorded:\n  " + "\n  ".join(problems),
            hint="fix the values and run again; facts recorded earlier are kept",
        )
    if events:
        session.append(*events)
    return len(events)


def record_fact(session: Session, name: str, raw: Any, tz: tzinfo | None = None) -> Any:
    """One answer from a prompt: validated, recorded at once (raises FactError)."""
    step, fact = session.playbook.facts()[name]
    value = engine.coerce_fact(fact, raw, tz)
    session.append(("fact.recorded", {"name": name, "value": value, "step": step}))
    return value


def skip_fact(session: Session, name: str) -> None:
    """An optional fact left unanswered: not applicable, and not asked again."""
    step, _ = session.playbook.facts()[name]
    session.append(("fact.skipped", {"name": name, "step": step}))


def record_task(session: Session, task_id: str, skipped_reason: str | None = None) -> None:
    step = engine.step_of_task(session.playbook, task_id) or ""
    if skipped_reason is None:
        session.append(("task.done", {"id": task_id, "step": step}))
    else:
        session.append(("task.skipped", {"id": task_id, "step": step, "reason": skipped_reason}))


def advance(session: Session) -> list[str]:
    """Start and complete steps as far as the facts allow; returns the steps completed."""
    items = engine.advance(session.playbook, session.incident)
    if items:
        session.append(*items)
    return [d["step"] for kind, d in items if kind == "step.completed"]


def start_step(session: Session, step: str) -> None:
    if session.incident.steps[step].state == "pending":
        session.append(("step.started", {"step": step}))


def complete_step(session: Session, step: str) -> None:
    if session.incident.steps[step].state != "complete":
        if engine.missing_facts(session.playbook, session.incident, step):
            raise BreachkitError(f"step {step} still waits for facts")
        session.append(("step.completed", {"step": step}))


def add_note(session: Session, text: str, update: bool = False) -> Event:
    if not text.strip():
        raise BreachkitError("a note needs some text")
    return session.append(("note", {"text": text.strip(), "update": update}))[0]


def add_decision(session: Session, text: str, because: str) -> Event:
    if not text.strip() or not because.strip():
        raise BreachkitError(
            "a decision needs what was decided and --because REASON",
            hint='breachkit decide INC-1 "not notifying the regulator" --because "data encrypted"',
        )
    return session.append(("decision", {"text": text.strip(), "because": because.strip()}))[0]


def record_notice(
    session: Session, regime_id: str, at: datetime | None, delay_reason: str | None
) -> tuple[Event, bool]:
    """Record that a regulator or other party was notified; returns (event, was it late?).

    GDPR Art. 33(1): a notification made after 72 hours must give the reasons for the delay.
    """
    from breachkit import clocks

    regime = clocks.get_regime(regime_id)
    when = at or session.now()
    due = _regime_due(session, regime.id)
    late = due is not None and when > due
    if late and clocks.delay_requires_reason(regime, due, when) and not delay_reason:
        raise BreachkitError(
            f"{regime.name} was due {due}; a notice recorded after its deadline "
            "must give the reasons for the delay",
            hint=f'add --delay-reason "..." ({regime.citation})',
        )
    event = session.append(
        (
            "notice.recorded",
            {
                "regime": regime.id,
                "at": when.astimezone(UTC).isoformat(),
                "delay_reason": delay_reason or "",
                "late": late,
            },
        )
    )[0]
    return event, late


def _regime_due(session: Session, regime_id: str) -> datetime | None:
    for c in deadlines(session, session.now()):
        if c.kind == "regime" and c.ref == regime_id:
            due: datetime | None = c.due
            return due
    return None


# ---- deadlines and status ----------------------------------------------------------------


def deadlines(session: Session, now: datetime) -> list[Any]:
    from breachkit import clocks

    inc, pb = session.incident, session.playbook
    anchors = engine.anchors(pb, inc)
    last_update = inc.updates[-1] if inc.updates else None
    out = list(clocks.playbook_clocks(pb, anchors, engine.done_times(inc), now, last_update))
    applicable = clocks.applicable_regimes(session.facts_typed(), pb.regimes)
    notified = {r: datetime.fromisoformat(d["at"]) for r, d in inc.notices.items()}
    # Only regimes that do apply get a clock; those that may apply are listed by status with
    # the facts needed to decide, so an unknown sector does not raise a false alarm.
    out += clocks.regime_clocks([a for a in applicable if a.applies], anchors, notified, now)
    return out


def next_update(session: Session, now: datetime, clocks: Sequence[Any] | None = None) -> datetime:
    """When the next public update is due: the cadence of the step that sets one."""
    for c in deadlines(session, now) if clocks is None else clocks:
        if c.kind == "update" and c.due is not None:
            due: datetime = c.due
            return due
    cadence = next((st.updates for _, st in session.playbook.steps.items() if st.updates), None)
    base = session.incident.updates[-1] if session.incident.updates else now
    return cadence.duration.after(base) if cadence else now + timedelta(hours=4)


def draft_state(draft: engine.DraftState) -> str:
    """draft | approved | stale: an approval binds the exact text that was approved."""
    if not draft.approvals:
        return "draft"
    current = file_hash(Path(draft.path)) or draft.hash
    return "approved" if draft.approvals[-1].hash == current else "stale"


def status(session: Session, now: datetime, tz: tzinfo) -> dict[str, Any]:
    from breachkit import clocks

    inc, pb = session.incident, session.playbook
    known = pb.facts()
    clocks_now = deadlines(session, now)
    applicable = clocks.applicable_regimes(session.facts_typed(), pb.regimes)
    tasks = []
    for step, st in pb.steps.items():
        for t in st.tasks:
            ts = inc.tasks.get(t.id)
            tasks.append(
                {
                    "id": t.id,
                    "title": t.title,
                    "owner": t.owner,
                    "step": step,
                    "state": ts.state if ts else "open",
                    "reason": ts.reason if ts else "",
                }
            )
    return {
        "id": inc.id,
        "title": inc.title,
        "playbook": inc.playbook_id,
        "playbook_name": inc.playbook_name,
        "opened_at": _iso(inc.opened_at),
        "updated_at": _iso(inc.updated_at),
        "now": _iso(now),
        "timezone": str(tz),
        "current_step": inc.current_step,
        "complete": inc.complete,
        "steps": [
            {
                "name": s.name,
                "state": s.state,
                "started_at": _iso(s.started_at),
                "completed_at": _iso(s.completed_at),
                "goal": pb.steps.items()[i][1].goal,
            }
            for i, s in enumerate(inc.steps[name] for name in STEPS)
        ],
        "facts": {
            name: {
                "value": inc.facts.get(name),
                "step": step,
                "required": f.required,
                "prompt": f.prompt,
            }
            for name, (step, f) in known.items()
        },
        "missing": [
            {"step": m.step, "fact": m.fact.name, "prompt": m.fact.prompt}
            for m in engine.missing_facts(pb, inc)
        ],
        "tasks": tasks,
        "drafts": [
            {
                "id": d.id,
                "template": d.template,
                "path": d.path,
                "hash": d.hash,
                "rendered_at": _iso(d.rendered_at),
                "state": draft_state(d),
                "errors": d.errors,
                "warnings": d.warnings,
                "approvals": [
                    {"by": a.by, "role": a.role, "at": _iso(a.at), "hash": a.hash}
                    for a in d.approvals
                ],
            }
            for d in inc.drafts.values()
        ],
        "deadlines": [c.to_dict(now) for c in clocks_now],
        "regimes": [
            {
                "id": a.regime.id,
                "name": a.regime.name,
                "notify": a.regime.notify,
                "applies": a.applies,
                "why": a.why,
                "missing": list(a.missing),
                "citation": a.regime.citation,
                "last_verified": a.regime.last_verified.isoformat(),
                "notified_at": inc.notices.get(a.regime.id, {}).get("at"),
            }
            for a in applicable
            if a.applies is not False
        ],
        "notes": inc.notes,
        "decisions": inc.decisions,
        "disclaimer": clocks.DISCLAIMER,
    }


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when else None


def timeline(session: Session) -> list[dict[str, Any]]:
    """Every event, oldest first, without the stored playbook copy."""
    out = []
    for e in session.events:
        data = dict(e.data)
        data.pop("playbook_text", None)
        out.append(
            {
                "seq": e.seq,
                "at": _iso(e.at),
                "actor": e.actor,
                "kind": e.kind,
                "data": data,
                "hash": e.hash,
            }
        )
    return out


def describe(kind: str, data: Mapping[str, Any]) -> str:
    """One line a regulator or a post-incident review can read."""
    match kind:
        case "incident.opened":
            return f"Incident opened with playbook {data.get('playbook_id')}: {data.get('title')}"
        case "fact.recorded":
            value = data.get("value")
            shown = ", ".join(map(str, value)) if isinstance(value, list) else value
            return f"Fact {data.get('name')} = {shown}"
        case "task.done":
            return f"Task {data.get('id')} done"
        case "task.skipped":
            return f"Task {data.get('id')} skipped: {data.get('reason')}"
        case "step.started":
            return f"Step {data.get('step')} started"
        case "step.completed":
            return f"Step {data.get('step')} completed"
        case "draft.rendered":
            return (
                f"Draft {data.get('draft')} rendered to {data.get('path')} "
                f"(sha256 {str(data.get('hash'))[:12]}, {data.get('errors', 0)} errors)"
            )
        case "draft.approved":
            return (
                f"Draft {data.get('draft')} approved by {data.get('by')} "
                f"({data.get('role')}), sha256 {str(data.get('hash'))[:12]}"
            )
        case "note":
            return ("Update posted: " if data.get("update") else "Note: ") + str(data.get("text"))
        case "decision":
            return f"Decision: {data.get('text')} (because {data.get('because')})"
        case "notice.recorded":
            late = f"; late, reason: {data.get('delay_reason')}" if data.get("late") else ""
            return f"Notice recorded for {data.get('regime')} at {data.get('at')}{late}"
        case "notify.run":
            return (
                f"Notices written with {data.get('template')}: {data.get('written')} "
                f"messages, {data.get('rejected')} rejected, {data.get('duplicates')} duplicates"
            )
    return f"{kind} {json.dumps(dict(data), ensure_ascii=False, sort_keys=True)}"


def timeline_markdown(session: Session, tz: tzinfo) -> str:
    inc = session.incident
    lines = [
        f"# Incident {inc.id}: {inc.title}",
        "",
        f"- Playbook: {inc.playbook_name} ({inc.playbook_id})",
        f"- Opened: {show_time(inc.opened_at, tz)}",
        f"- Events: {len(session.events)}; times in {tz}",
        "",
        "| # | time | actor | event |",
        "|---|------|-------|-------|",
    ]
    for e in session.events:
        text = describe(e.kind, e.data).replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {e.seq} | {show_time(e.at, tz)} | {e.actor} | {text} |")
    return "\n".join(lines) + "\n"


# ---- organisation profile and template context -------------------------------------------


def load_org(path: Path | None) -> dict[str, Any]:
    """The organisation profile: `--org`, else the config's `org`, else ./org.yaml."""
    from breachkit.config import load_config
    from breachkit.errors import suggestion
    from breachkit.render import ORG_FIELDS
    from breachkit.source import load_yaml

    if path is None:
        path = load_config().org
    if path is None:
        candidate = Path("org.yaml")
        path = candidate if candidate.is_file() else None
    if path is None:
        raise BreachkitError(
            "no organisation profile",
            hint='pass --org FILE, set org = "org.yaml" under [tool.breachkit] in '
            "pyproject.toml, or copy examples/org.yaml to ./org.yaml",
        )
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise BreachkitError("the organisation profile is a mapping of fields", Location(str(path)))
    for key in doc.data:
        if key not in ORG_FIELDS:
            raise BreachkitError(
                f"unknown organisation field {key!r}" + suggestion(str(key), ORG_FIELDS),
                doc.source_map.key((key,)),
                hint=f"fields: {', '.join(sorted(ORG_FIELDS))}",
            )
    return dict(doc.data)


PLACEHOLDER_RECIPIENT = {
    "name": "[name]",
    "first_name": "[first name]",
    "email": "[email address]",
    "greeting": "Dear [first name]",
}


def context(
    facts: Mapping[str, Any],
    org: Mapping[str, Any],
    now: datetime,
    *,
    incident: Mapping[str, Any] | None = None,
    next_update: datetime | None = None,
    deadlines: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """What a template sees: the facts by name, org, incident, now, next_update, exposure."""
    started, ended = facts.get("started_at"), facts.get("ended_at")
    exposure = (
        ended - started if isinstance(started, datetime) and isinstance(ended, datetime) else None
    )
    ctx: dict[str, Any] = dict(facts)
    ctx.update(
        facts=dict(facts),
        org=dict(org),
        incident=dict(incident or {"id": "DRAFT", "title": "", "opened_at": now}),
        now=now,
        next_update=next_update or now + timedelta(hours=4),
        exposure=exposure,
        deadlines=list(deadlines),
        recipient=dict(PLACEHOLDER_RECIPIENT),
    )
    return ctx


def session_context(session: Session, org: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    inc = session.incident
    clocks = deadlines(session, now)
    return context(
        session.facts_typed(),
        org,
        now,
        incident={
            "id": inc.id,
            "title": inc.title,
            "opened_at": inc.opened_at,
            "playbook": inc.playbook_name,
        },
        next_update=next_update(session, now, clocks),
        deadlines=[c.to_dict(now) for c in clocks],
    )


# ---- drafts on disk ----------------------------------------------------------------------


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def atomic_write(path: Path, text: str) -> None:
    """Temp file, fsync, rename: a kill mid-write never leaves half a draft."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


@dataclass
class WrittenDraft:
    id: str
    template: str
    step: str | None
    path: Path
    hash: str
    findings: list[Finding]
    skipped: str = ""  # why it was not written (hand-edited), if so


def safe_out_dir(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BreachkitError(f"cannot create {out}: {exc.strerror}", Location(str(out))) from None
    if not out.is_dir():
        raise BreachkitError(f"{out} is not a directory", Location(str(out)))
    return out


def write_drafts(
    renderer: Renderer,
    specs: Sequence[tuple[str | None, DraftSpec]],
    ctx: Mapping[str, Any],
    out: Path,
    fmt: str = "md",
    force: bool = False,
) -> list[WrittenDraft]:
    """Render, check and write drafts into `out` (never outside it).

    A draft edited by hand since breachkit wrote it is kept, not overwritten, unless `force`:
    the manifest in `out` remembers the hash of what was written.
    """
    from breachkit.checks import check_draft
    from breachkit.render import to_html, to_text

    if fmt not in DRAFT_FORMATS:
        raise BreachkitError(f"unknown format {fmt!r}", hint=f"choose {', '.join(DRAFT_FORMATS)}")
    out = safe_out_dir(out)
    root = out.resolve()
    manifest_path = out / MANIFEST
    try:
        manifest: dict[str, str] = json.loads(manifest_path.read_text("utf-8"))
    except (OSError, ValueError):
        manifest = {}
    # Every draft is rendered and checked before the first is written: a template that
    # fails half-way leaves no drafts behind that the manifest and the timeline never saw.
    ready: list[tuple[str | None, DraftSpec, Path, str, list[Finding]]] = []
    for step, spec in specs:
        draft = renderer.render(spec.template, ctx)
        channel = spec.channel or draft.channel
        audience = spec.audience or draft.meta.audience
        marked = with_front_matter(draft, channel, step or draft.meta.step, audience)
        # Findings point into the Markdown draft; for html and txt that is its source.
        target = out / f"{spec.id}.{fmt}"
        findings = check_draft(marked, path=str(target.with_suffix(".md")))
        if fmt == "html":
            text = to_html(draft.body, draft.subject or draft.meta.title)
        elif fmt == "txt":
            text = (f"Subject: {draft.subject}\n\n" if draft.subject else "") + to_text(draft.body)
        else:
            text = marked
        if not target.resolve().is_relative_to(root):
            raise BreachkitError(f"refusing to write outside {out}: {target}")
        ready.append((step, spec, target, text, findings))
    results: list[WrittenDraft] = []
    for step, spec, target, text, findings in ready:
        current = file_hash(target)
        new_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        edited = (
            current is not None and current != manifest.get(target.name) and current != new_hash
        )
        if edited and not force:
            results.append(
                WrittenDraft(
                    spec.id,
                    spec.template,
                    step,
                    target,
                    current or "",
                    findings,
                    "edited by hand since it was written; kept (use --force to overwrite)",
                )
            )
            continue
        if current != new_hash:
            atomic_write(target, text)
        manifest[target.name] = new_hash
        results.append(WrittenDraft(spec.id, spec.template, step, target, new_hash, findings))
    atomic_write(manifest_path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return results


def with_front_matter(draft: Draft, channel: str, step: str | None, audience: str) -> str:
    """The Markdown draft as written: front matter saying what it is, so that
    `breachkit check` on the file later judges it for its channel, step and regime."""
    lines = ["---", f"channel: {channel}"]
    if step:
        lines.append(f"step: {step}")
    if draft.meta.regime:
        lines.append(f"regime: {draft.meta.regime}")
    if audience:
        lines.append(f"audience: {json.dumps(audience, ensure_ascii=False)}")
    if draft.subject:
        lines.append(f"subject: {json.dumps(draft.subject, ensure_ascii=False)}")
    return "\n".join([*lines, "---", draft.body])


def renderer_for(session: Session | None, templates: Path | None, tz: tzinfo) -> Renderer:
    from breachkit.render import Renderer

    folder = templates or (Path(session.incident.templates) if session else Path("templates"))
    if not folder.is_dir():
        raise BreachkitError(
            f"template folder {folder} does not exist",
            Location(str(folder)),
            hint="pass --templates DIR",
        )
    from breachkit.config import cache_dir

    return Renderer(folder, tz=tz, cache=cache_dir())


def render_incident(
    session: Session,
    org: Mapping[str, Any],
    out: Path,
    *,
    names: Sequence[str] = (),
    steps: Sequence[str] | None = None,
    fmt: str = "md",
    force: bool = False,
    templates: Path | None = None,
    tz: tzinfo = UTC,
) -> list[WrittenDraft]:
    """Render an incident's drafts (by template or draft name, or those of `steps`) and record
    each on the timeline with its content hash."""
    now = session.now()
    renderer = renderer_for(session, templates, tz)
    all_specs: list[tuple[str | None, DraftSpec]] = list(engine.draft_specs(session.playbook))
    if names:
        chosen: list[tuple[str | None, DraftSpec]] = []
        for name in names:
            match = [(s, d) for s, d in all_specs if name in (d.id, d.template)]
            chosen += match or [(None, DraftSpec(template=name))]
    else:
        wanted = (
            steps
            if steps is not None
            else [s for s in STEPS if session.incident.steps[s].state == "complete"]
        )
        chosen = [(s, d) for s, d in all_specs if s in wanted]
    results = write_drafts(renderer, chosen, session_context(session, org, now), out, fmt, force)
    events = []
    for r in results:
        if r.skipped:
            continue
        errors = sum(1 for f in r.findings if f.severity == "error")
        events.append(
            (
                "draft.rendered",
                {
                    "draft": r.id,
                    "template": r.template,
                    "path": str(r.path.resolve()),
                    "format": fmt,
                    "hash": r.hash,
                    "errors": errors,
                    "warnings": len(r.findings) - errors,
                    "template_hash": file_hash(renderer.resolve(r.template)) or "",
                },
            )
        )
    if events:
        session.append(*events)
    return results


def approve(session: Session, draft_id: str, by: str, role: str) -> tuple[Event, str]:
    """Sign off the draft as it is on disk now; the approval binds its sha256."""
    draft = session.incident.drafts.get(draft_id)
    if draft is None:
        from breachkit.errors import did_you_mean

        hint = did_you_mean(draft_id, session.incident.drafts)
        raise BreachkitError(
            f"no rendered draft {draft_id!r} on {session.id}",
            hint=(f"did you mean {hint!r}? " if hint else "")
            + f"rendered: {', '.join(session.incident.drafts) or 'none yet'}",
        )
    if not by.strip() or not role.strip():
        raise BreachkitError("an approval needs --by NAME and --role ROLE")
    digest = file_hash(Path(draft.path))
    if digest is None:
        raise BreachkitError(
            f"the draft file {draft.path} is gone",
            hint=f"render it again: breachkit render {session.id}",
        )
    event = session.append(
        ("draft.approved", {"draft": draft_id, "hash": digest, "by": by, "role": role})
    )
    return event[0], digest


def exit_for_missing(session: Session) -> BreachkitError:
    missing = engine.missing_facts(session.playbook, session.incident)
    lines = [f"{m.step}: {m.fact.name} ({m.fact.type}) - {m.fact.prompt}" for m in missing]
    return BreachkitError(
        f"incident {session.id} waits for {len(missing)} "
        f"fact{'s' if len(missing) != 1 else ''}:\n  " + "\n  ".join(lines),
        hint="give them with --set NAME=VALUE or --answers FILE, then: "
        f"breachkit run --incident {session.id}",
        exit_code=ExitCode.FINDINGS,
    )

"""The five-step state machine: pure functions from events to state and from input to events.

No I/O here: the workflow module reads and writes the store; the CLI talks to people.
An incident's state is the fold of its events; every change is a new event.

Event kinds and their data:
    incident.opened   {playbook_id, playbook_name, playbook_path, playbook_text, title,
                       templates, tz}
    fact.recorded     {name, value, step}          value as JSON (datetimes ISO 8601 UTC)
    fact.skipped      {name, step}                 an optional fact left unanswered
    task.done         {id, step}
    task.skipped      {id, step, reason}
    step.started      {step}
    step.completed    {step}
    draft.rendered    {draft, template, path, format, hash, template_hash, errors, warnings}
    draft.approved    {draft, hash, by, role}
    note              {text, update}               update: a public update was posted
    decision          {text, because}
    notice.recorded   {regime, at, delay_reason}
    notify.run        {template, template_hash, input_hash, written, rejected, duplicates}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from breachkit import STEPS
from breachkit.durations import DurationError, parse_duration
from breachkit.playbook import Fact, Playbook

TRUE_WORDS = {"true", "yes", "y", "1", "on"}
FALSE_WORDS = {"false", "no", "n", "0", "off"}
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{5,}$")


class EventLike(Protocol):
    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> datetime: ...
    @property
    def actor(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def data(self) -> dict[str, Any]: ...


class FactError(ValueError):
    """A value that does not fit its fact; the message says what would."""


@dataclass
class StepState:
    name: str
    state: str = "pending"  # pending | active | complete
    started_at: datetime | None = None
    completed_at: datetime | None = None


@dataclass
class TaskState:
    id: str
    step: str
    state: str = "open"  # open | done | skipped
    reason: str = ""
    at: datetime | None = None


@dataclass
class Approval:
    hash: str
    by: str
    role: str
    at: datetime


@dataclass
class DraftState:
    id: str
    template: str
    path: str
    hash: str
    format: str
    rendered_at: datetime
    errors: int = 0
    warnings: int = 0
    approvals: list[Approval] = field(default_factory=list)


@dataclass
class Incident:
    id: str
    playbook_id: str
    playbook_name: str
    playbook_path: str
    playbook_text: str
    title: str
    templates: str
    opened_at: datetime
    tz: str = ""
    facts: dict[str, Any] = field(default_factory=dict)  # JSON values
    fact_steps: dict[str, str] = field(default_factory=dict)
    skipped_facts: set[str] = field(default_factory=set)  # optional facts passed over
    steps: dict[str, StepState] = field(default_factory=dict)
    tasks: dict[str, TaskState] = field(default_factory=dict)
    drafts: dict[str, DraftState] = field(default_factory=dict)
    notices: dict[str, dict[str, Any]] = field(default_factory=dict)
    updates: list[datetime] = field(default_factory=list)
    notes: int = 0
    decisions: int = 0
    updated_at: datetime | None = None
    events: int = 0

    @property
    def current_step(self) -> str | None:
        for name in STEPS:
            if self.steps[name].state != "complete":
                return name
        return None

    @property
    def complete(self) -> bool:
        return self.current_step is None


def fold(incident_id: str, events: Iterable[EventLike]) -> Incident:
    """The incident's state from its events, in order."""
    inc: Incident | None = None
    for e in events:
        d = e.data
        if e.kind == "incident.opened":
            inc = Incident(
                id=incident_id,
                playbook_id=d["playbook_id"],
                playbook_name=d.get("playbook_name", d["playbook_id"]),
                playbook_path=d.get("playbook_path", ""),
                playbook_text=d["playbook_text"],
                title=d.get("title", ""),
                templates=d.get("templates", ""),
                opened_at=e.at,
                tz=d.get("tz", ""),
                steps={s: StepState(s) for s in STEPS},
            )
        if inc is None:
            raise ValueError(f"incident {incident_id} has no opening event")
        inc.events += 1
        inc.updated_at = e.at
        match e.kind:
            case "fact.recorded":
                inc.facts[d["name"]] = d["value"]
                inc.fact_steps[d["name"]] = d.get("step", "")
                inc.skipped_facts.discard(d["name"])
            case "fact.skipped":
                inc.skipped_facts.add(d["name"])
                inc.facts.pop(d["name"], None)  # an answer taken back: no longer applies
                inc.fact_steps.pop(d["name"], None)
            case "task.done" | "task.skipped":
                inc.tasks[d["id"]] = TaskState(
                    d["id"], d.get("step", ""), e.kind.split(".")[1], d.get("reason", ""), e.at
                )
            case "step.started":
                st = inc.steps[d["step"]]
                st.state, st.started_at = "active", e.at
            case "step.completed":
                st = inc.steps[d["step"]]
                st.state, st.completed_at = "complete", e.at
                st.started_at = st.started_at or e.at
            case "draft.rendered":
                old = inc.drafts.get(d["draft"])
                inc.drafts[d["draft"]] = DraftState(
                    d["draft"],
                    d["template"],
                    d["path"],
                    d["hash"],
                    d.get("format", "md"),
                    e.at,
                    d.get("errors", 0),
                    d.get("warnings", 0),
                    old.approvals if old else [],
                )
            case "draft.approved":
                draft = inc.drafts.get(d["draft"])
                if draft is not None:
                    draft.approvals.append(Approval(d["hash"], d["by"], d["role"], e.at))
            case "note":
                inc.notes += 1
                if d.get("update"):
                    inc.updates.append(e.at)
            case "decision":
                inc.decisions += 1
            case "notice.recorded":
                inc.notices[d["regime"]] = d
    if inc is None:
        raise ValueError(f"incident {incident_id} has no events")
    return inc


# ---- facts -------------------------------------------------------------------------------


def parse_time(text: str, tz: Any = None) -> datetime:
    """ISO 8601 (a trailing Z is UTC); a time without a zone is in `tz` (default UTC)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value.replace(" ", "T", 1) if " " in value else value)
    except ValueError:
        raise FactError(
            f"cannot read {text!r} as a date and time; write it as 2026-03-14T21:29 "
            "or 2026-03-14T21:29:00+01:00"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz or UTC)
    return when


def coerce_fact_time(raw: str, tz: Any = None) -> str:
    """An ISO 8601 time as stored: UTC, with its offset; no zone means `tz` (else UTC)."""
    return parse_time(raw, tz).astimezone(UTC).isoformat()


def coerce_fact(fact: Fact, raw: Any, tz: Any = None) -> Any:
    """Validate and normalise a value for `fact`; return its JSON form or raise FactError.

    Answers come typed from YAML/JSON files or as text from prompts and --set; both go
    through here so a fact given any way is validated the same way.
    """
    t = fact.type
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise FactError("a value is required")
    if t == "text":
        if isinstance(raw, bool | list | dict):
            raise FactError("expected text")
        return str(raw).strip()
    if t == "integer":
        if isinstance(raw, bool):
            raise FactError("expected a whole number")
        if isinstance(raw, int):
            number = raw
        else:
            text = str(raw).strip().replace(",", "").replace("_", "")
            if not re.fullmatch(r"[-+]?\d+", text):
                raise FactError(f"expected a whole number, such as 1843, not {raw!r}")
            number = int(text)
        if number < 0:
            raise FactError("expected a number of zero or more")
        return number
    if t == "number":
        if isinstance(raw, bool):
            raise FactError("expected a number")
        try:
            return float(str(raw).replace(",", ""))
        except ValueError:
            raise FactError(f"expected a number, such as 2.5, not {raw!r}") from None
    if t == "boolean":
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise FactError("expected yes or no")
    if t == "datetime":
        when = raw if isinstance(raw, datetime) else parse_time(str(raw), tz)
        if when.tzinfo is None:
            when = when.replace(tzinfo=tz or UTC)
        return when.astimezone(UTC).isoformat()
    if t == "date":
        if isinstance(raw, date):
            return raw.isoformat()
        try:
            return date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise FactError(f"expected a date such as 2026-03-14, not {raw!r}") from None
    if t == "duration":
        try:
            parse_duration(str(raw))
        except DurationError as exc:
            raise FactError(str(exc)) from None
        return str(raw).strip()
    if t == "choice":
        choices = fact.choices or ()
        value = str(raw).strip()
        match = next((c for c in choices if c.lower() == value.lower()), None)
        if match is None:
            raise FactError(f"choose one of: {', '.join(choices)}")
        return match
    if t == "list":
        # Free-text items ("Change your password, then sign out") may hold commas: only
        # lists of choices split on them; every list splits on new lines and semicolons.
        separators = r"[,\n;]" if fact.choices else r"[\n;]"
        items = raw if isinstance(raw, list) else re.split(separators, str(raw))
        values = [str(i).strip() for i in items if str(i).strip()]
        if not values:
            raise FactError("expected at least one item (separate items with commas)")
        if fact.choices:
            lowered = {c.lower(): c for c in fact.choices}
            bad = [v for v in values if v.lower() not in lowered]
            if bad:
                raise FactError(f"unknown item {bad[0]!r}; choose from: {', '.join(fact.choices)}")
            values = [lowered[v.lower()] for v in values]
        return values
    if t == "email":
        value = str(raw).strip()
        if not _EMAIL.match(value):
            raise FactError(f"expected an email address such as dpo@example.com, not {raw!r}")
        return value
    if t == "url":
        value = str(raw).strip()
        if not _URL.match(value):
            raise FactError(f"expected a web address starting with https://, not {raw!r}")
        return value
    if t == "phone":
        value = str(raw).strip()
        if not _PHONE.match(value):
            raise FactError(f"expected a phone number such as +44 20 7946 0000, not {raw!r}")
        return value
    raise FactError(f"unknown fact type {t!r}")  # pragma: no cover - the schema forbids it


def typed_value(fact: Fact | None, value: Any) -> Any:
    """A stored JSON value as templates and clocks want it (datetimes as datetime...)."""
    if fact is None:
        return value
    if fact.type == "datetime" and isinstance(value, str):
        return datetime.fromisoformat(value)
    if fact.type == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if fact.type == "duration" and isinstance(value, str):
        return timedelta(minutes=parse_duration(value).approx_minutes())
    return value


def typed_facts(playbook: Playbook, facts: Mapping[str, Any]) -> dict[str, Any]:
    known = {name: f for name, (_, f) in playbook.facts().items()}
    return {name: typed_value(known.get(name), value) for name, value in facts.items()}


# ---- progress ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    step: str
    fact: Fact


def missing_facts(playbook: Playbook, incident: Incident, step: str | None = None) -> list[Missing]:
    """Required facts not yet recorded, step by step (only `step`'s if given)."""
    out: list[Missing] = []
    for name, st in playbook.steps.items():
        if step and name != step:
            continue
        for fact in st.facts:
            if fact.required and fact.name not in incident.facts:
                out.append(Missing(name, fact))
    return out


def advance(
    playbook: Playbook, incident: Incident, *, tasks_gate: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """Events that move the incident forward as far as its facts allow.

    A step completes when its required facts are recorded (and, with `tasks_gate`, when
    every task is done or skipped); the next step then starts. Returns (kind, data) pairs.
    """
    out: list[tuple[str, dict[str, Any]]] = []
    for name, _st in playbook.steps.items():
        state = incident.steps[name].state
        if state == "complete":
            continue
        if state == "pending":
            out.append(("step.started", {"step": name}))
        if missing_facts(playbook, incident, name):
            break
        if tasks_gate and open_tasks(playbook, incident, name):
            break
        out.append(("step.completed", {"step": name}))
    return out


def open_tasks(playbook: Playbook, incident: Incident, step: str | None = None) -> list[str]:
    return [
        t.id
        for name, st in playbook.steps.items()
        if step is None or name == step
        for t in st.tasks
        if t.id not in incident.tasks
    ]


def step_of_task(playbook: Playbook, task_id: str) -> str | None:
    for name, st in playbook.steps.items():
        if any(t.id == task_id for t in st.tasks):
            return name
    return None


def anchors(playbook: Playbook, incident: Incident) -> dict[str, datetime]:
    """Times of the anchor events known so far: opened, STEP.started/completed, bound facts."""
    out: dict[str, datetime] = {"opened": incident.opened_at}
    for name, st in incident.steps.items():
        if st.started_at:
            out[f"{name}.started"] = st.started_at
        if st.completed_at:
            out[f"{name}.completed"] = st.completed_at
    for anchor, fact_name in playbook.anchors.items():
        value = incident.facts.get(fact_name)
        if isinstance(value, str):
            try:
                out[anchor] = datetime.fromisoformat(value)
            except ValueError:
                continue
    return out


def done_times(incident: Incident) -> dict[str, datetime]:
    out: dict[str, datetime] = {}
    for name, st in incident.steps.items():
        if st.completed_at:
            out[f"step:{name}"] = st.completed_at
    for task in incident.tasks.values():
        if task.at:
            out[f"task:{task.id}"] = task.at
    return out


def draft_specs(playbook: Playbook, steps: Sequence[str] = STEPS) -> list[tuple[str, Any]]:
    return [(name, d) for name, st in playbook.steps.items() if name in steps for d in st.drafts]

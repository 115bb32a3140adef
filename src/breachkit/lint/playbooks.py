"""Playbook rules: structure (BK1xx, from the loader and the schema) and meaning (BK2xx).

Meaning rules run on a validated `Playbook`: a file with schema problems reports those
first, because ids, owners and deadlines of a half-valid file cannot be trusted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breachkit import STEPS
from breachkit.durations import Duration, parse_duration
from breachkit.errors import did_you_mean, suggestion
from breachkit.findings import Finding, Location
from breachkit.lint import rules
from breachkit.playbook import (
    REGULATORY_ANCHORS,
    Deadline,
    DraftSpec,
    Playbook,
    ValidationError,
    parse_playbook,
    schema_problems,
)
from breachkit.source import Document, PathKey, SourceError, SourceMap, load_yaml


@dataclass
class PlaybookResult:
    path: Path
    findings: list[Finding]
    text: str = ""
    playbook: Playbook | None = None
    source_map: SourceMap | None = None
    # Fact names, read leniently when the schema fails: templates are checked against the
    # facts of every playbook, and one typo must not make every template variable unknown.
    facts: set[str] = field(default_factory=set)
    parsed: bool = False  # False when not even YAML: its facts are unknown


def lint_playbook(path: Path) -> PlaybookResult:
    """Load, validate and check one playbook; never raises for bad input."""
    try:
        doc: Document = load_yaml(path)
    except SourceError as exc:
        where = exc.location or Location(str(path))
        joint = " " if exc.message.endswith("?") else "; "
        message = exc.message + (f"{joint}{exc.hint}" if exc.hint else "")
        return PlaybookResult(path, [rules.rule(exc.rule).finding(where, message)])
    smap = doc.source_map
    findings = list(_step_order(doc))
    try:
        playbook = parse_playbook(doc.data)
    except ValidationError as exc:
        findings += [
            rules.rule(p.rule).finding(p.location, p.message) for p in schema_problems(exc, smap)
        ]
        return PlaybookResult(path, findings, doc.text, facts=fact_names(doc.data), parsed=True)
    findings += meaning(playbook, smap)
    return PlaybookResult(path, findings, doc.text, playbook, smap, set(playbook.facts()), True)


def fact_names(data: Any) -> set[str]:
    """`steps.*.facts[*].name` from data that failed validation, skipping what is malformed."""
    steps = data.get("steps") if isinstance(data, dict) else None
    if not isinstance(steps, dict):
        return set()
    names: set[str] = set()
    for step in steps.values():
        facts = step.get("facts") if isinstance(step, dict) else None
        for fact in facts if isinstance(facts, list) else ():
            if isinstance(fact, dict) and isinstance(fact.get("name"), str):
                names.add(fact["name"])
    return names


def _step_order(doc: Document) -> Iterator[Finding]:
    """BK108 from the source map: pydantic forgets the order keys were written in."""
    steps = doc.data.get("steps") if isinstance(doc.data, dict) else None
    if not isinstance(steps, dict):
        return
    written = sorted(
        (doc.source_map.keys[("steps", s)], s) for s in STEPS if ("steps", s) in doc.source_map.keys
    )
    expected = [s for s in STEPS if ("steps", s) in doc.source_map.keys]
    for (pos, name), want in zip(written, expected, strict=True):
        if name != want:
            yield rules.MISORDERED_STEPS.finding(
                Location(doc.path, *pos),
                f"step {name!r} is written where {want!r} belongs; "
                f"write the steps in the order they run: {', '.join(STEPS)}",
            )
            return


def meaning(pb: Playbook, smap: SourceMap) -> list[Finding]:
    out: list[Finding] = []
    out += _duplicates(pb, smap)
    out += _owners(pb, smap)
    out += _anchors(pb, smap)
    out += _deadlines(pb, smap)
    return out


def _duplicates(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    # First occurrences keep their source-map path; a line is looked up only for a finding.
    facts: dict[str, tuple[str, PathKey]] = {}
    tasks: dict[str, tuple[str, PathKey]] = {}
    drafts: dict[str, tuple[str, PathKey]] = {}
    for step_name, step in pb.steps.items():
        base: PathKey = ("steps", step_name)
        for i, fact in enumerate(step.facts):
            loc: PathKey = (*base, "facts", i, "name")
            if fact.name not in facts:
                facts[fact.name] = (step_name, loc)
                continue
            first_step, first = facts[fact.name]
            yield rules.DUPLICATE_FACT.finding(
                smap.value(loc),
                f"fact {fact.name!r} is already collected at step {first_step} "
                f"(line {smap.value(first).line}); give each fact one name",
            )
        for i, task in enumerate(step.tasks):
            loc = (*base, "tasks", i, "id")
            if task.id not in tasks:
                tasks[task.id] = (step_name, loc)
                continue
            first_step, first = tasks[task.id]
            yield rules.DUPLICATE_TASK_ID.finding(
                smap.value(loc),
                f"task id {task.id!r} is already used at step {first_step} "
                f"(line {smap.value(first).line})",
            )
        for i, draft in enumerate(step.drafts):
            loc = (*base, "drafts", i, "name" if draft.name else "template")
            draft_id = _draft_id(draft)
            if draft_id not in drafts:
                drafts[draft_id] = (step_name, loc)
                continue
            first_step, first = drafts[draft_id]
            hint = "" if draft.name else "; give one of them a `name:`"
            yield rules.DUPLICATE_DRAFT.finding(
                smap.value(loc),
                f"draft {draft_id!r} is already produced at step {first_step} "
                f"(line {smap.value(first).line}){hint}",
            )


_DRAFT_IDS: dict[tuple[str | None, str], str] = {}


def _draft_id(draft: DraftSpec) -> str:
    """`draft.id`, memoised: it builds a Path, and 1,000 playbooks repeat the same few."""
    key = (draft.name, draft.template)
    found = _DRAFT_IDS.get(key)
    if found is None:
        found = _DRAFT_IDS[key] = draft.id
    return found


def _owners(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    for step_name, step in pb.steps.items():
        for i, task in enumerate(step.tasks):
            if task.owner in pb.roles:
                continue
            hint = did_you_mean(task.owner, pb.roles)
            yield rules.UNKNOWN_OWNER.finding(
                smap.value(("steps", step_name, "tasks", i, "owner")),
                f"task {task.id!r} is owned by {task.owner!r}, which is not a role"
                + (f"; did you mean {hint!r}?" if hint else f"; roles: {', '.join(pb.roles)}"),
            )


def _all_deadlines(pb: Playbook) -> Iterator[tuple[PathKey, Deadline]]:
    for step_name, step in pb.steps.items():
        if step.deadline:
            yield ("steps", step_name, "deadline"), step.deadline
        for i, task in enumerate(step.tasks):
            if task.due:
                yield ("steps", step_name, "tasks", i, "due"), task.due


def _anchors(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    known = pb.anchor_names()
    for loc, deadline in _all_deadlines(pb):
        if deadline.after in known:
            continue
        hint = did_you_mean(deadline.after, known)
        if deadline.after in REGULATORY_ANCHORS:
            advice = (
                f"; bind it to the datetime fact that records it, e.g. "
                f"`anchors: {{{deadline.after}: {deadline.after}_at}}`"
            )
        elif hint:
            advice = f"; did you mean {hint!r}?"
        else:
            advice = "; use opened, STEP.started, STEP.completed or a key of `anchors`"
        yield rules.UNKNOWN_ANCHOR.finding(
            smap.value((*loc, "after")), f"unknown anchor {deadline.after!r}{advice}"
        )
    facts = pb.facts()
    for anchor, fact_name in pb.anchors.items():
        where = smap.value(("anchors", anchor))
        if fact_name not in facts:
            yield rules.INVALID_ANCHOR_FACT.finding(
                where,
                f"anchor {anchor!r} is bound to fact {fact_name!r}, which no step collects"
                + suggestion(fact_name, facts),
            )
        elif facts[fact_name][1].type != "datetime":
            yield rules.INVALID_ANCHOR_FACT.finding(
                where,
                f"anchor {anchor!r} is bound to fact {fact_name!r} of type "
                f"{facts[fact_name][1].type}; an anchor needs a datetime fact",
            )


# ---- deadlines ---------------------------------------------------------------------------

_DAY = 24 * 60


def bounds(d: Duration) -> tuple[int, int]:
    """The shortest and longest a duration can last, in minutes, whatever the start.

    Business days and months vary with the calendar, so two deadlines are compared only
    when one is surely later than the other (no false alarms for 5bd against 7d).
    """
    bd_weeks = -(-d.business_days // 5)
    lo = d.minutes + d.business_days * _DAY + d.months * 28 * _DAY
    # A start on Saturday counts from Monday: up to two extra weekend days, and two per week.
    hi = d.minutes + (d.business_days + 2 * bd_weeks + 2 * bool(d.business_days)) * _DAY
    hi += d.months * 31 * _DAY
    return lo, hi


@functools.lru_cache(maxsize=512)
def _duration(text: str) -> Duration:
    # Deadline.duration parses its text on every access; playbooks repeat a few durations.
    return parse_duration(text)


def _step_index(anchor: str) -> tuple[int, str] | None:
    name, _, event = anchor.partition(".")
    if event and name in STEPS:
        return STEPS.index(name), event
    return None


def _deadlines(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    for loc, deadline in _all_deadlines(pb):
        if _duration(deadline.within).is_zero:
            yield rules.IMPOSSIBLE_DEADLINE.finding(
                smap.value((*loc, "within")),
                f"`within: {deadline.within}` is due the moment {deadline.after} happens; "
                "give it time",
            )
    for step_name, step in pb.steps.items():
        if step.updates and _duration(step.updates.every).is_zero:
            yield rules.IMPOSSIBLE_DEADLINE.finding(
                smap.value(("steps", step_name, "updates", "every")),
                f"`updates: every {step.updates.every}` asks for updates without pause; "
                "use a cadence such as 4h",
            )
    yield from _circular(pb, smap)
    yield from _task_after_step(pb, smap)
    yield from _step_before_earlier(pb, smap)


def _circular(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    for index, (step_name, step) in enumerate(pb.steps.items()):
        owned: list[tuple[PathKey, Deadline, str]] = []
        if step.deadline:
            owned.append((("steps", step_name, "deadline"), step.deadline, f"step {step_name}"))
        for i, task in enumerate(step.tasks):
            if task.due:
                owned.append(
                    (("steps", step_name, "tasks", i, "due"), task.due, f"task {task.id!r}")
                )
        for loc, deadline, what in owned:
            found = _step_index(deadline.after)
            if found is None:
                continue
            other, event = found
            # The step (and its tasks) must be done before the step completes, and later
            # steps start only once it has: those clocks start after the deadline passed.
            if (event == "completed" and other >= index) or (event == "started" and other > index):
                why = (
                    f"which happens only once {what} is done"
                    if other == index
                    else f"and step {STEPS[other]} starts only after step {step_name} completes"
                )
                yield rules.IMPOSSIBLE_DEADLINE.finding(
                    smap.value((*loc, "after")),
                    f"{what} is due {deadline.within} after {deadline.after}, {why}; "
                    "count from an earlier event",
                )


def _task_after_step(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    for step_name, step in pb.steps.items():
        if not step.deadline:
            continue
        _, step_hi = bounds(_duration(step.deadline.within))
        for i, task in enumerate(step.tasks):
            if not task.due or task.due.after != step.deadline.after:
                continue
            task_lo, _ = bounds(_duration(task.due.within))
            if task_lo > step_hi:
                yield rules.TASK_DUE_AFTER_STEP.finding(
                    smap.value(("steps", step_name, "tasks", i, "due", "within")),
                    f"task {task.id!r} is due {task.due.within} after {task.due.after}, later "
                    f"than its step {step_name} ({step.deadline.within} after "
                    f"{step.deadline.after})",
                )


def _step_before_earlier(pb: Playbook, smap: SourceMap) -> Iterator[Finding]:
    seen: dict[str, tuple[str, Deadline]] = {}  # anchor -> the latest earlier deadline
    for step_name, step in pb.steps.items():
        deadline = step.deadline
        if not deadline:
            continue
        earlier = seen.get(deadline.after)
        if earlier is not None:
            earlier_step, earlier_deadline = earlier
            lo, _ = bounds(_duration(earlier_deadline.within))
            _, hi = bounds(_duration(deadline.within))
            if hi < lo:
                yield rules.STEP_DUE_BEFORE_EARLIER_STEP.finding(
                    smap.value(("steps", step_name, "deadline", "within")),
                    f"step {step_name} is due {deadline.within} after {deadline.after}, "
                    f"before the earlier step {earlier_step} ({earlier_deadline.within} "
                    f"after {earlier_deadline.after})",
                )
                continue
        if (
            earlier is None
            or bounds(_duration(deadline.within))[0] >= bounds(_duration(earlier[1].within))[0]
        ):
            seen[deadline.after] = (step_name, deadline)

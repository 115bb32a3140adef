"""The engine's pure parts: typed facts, the fold of events, and how far an incident advances."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from breachkit import engine
from breachkit.engine import FactError
from breachkit.playbook import Fact, Playbook

T0 = datetime(2026, 3, 14, 21, 29, tzinfo=UTC)


def fact(type_: str, **kw: Any) -> Fact:
    return Fact.model_validate({"name": "x", "type": type_, "prompt": "?", **kw})


@pytest.mark.parametrize(
    ("spec", "raw", "value"),
    [
        ({"type_": "text"}, "  hello ", "hello"),
        ({"type_": "integer"}, "1,843", 1843),
        ({"type_": "integer"}, 7, 7),
        ({"type_": "number"}, "2.5", 2.5),
        ({"type_": "boolean"}, "Yes", True),
        ({"type_": "boolean"}, False, False),
        ({"type_": "datetime"}, "2026-03-14T22:29+01:00", "2026-03-14T21:29:00+00:00"),
        ({"type_": "datetime"}, "2026-03-14 21:29Z", "2026-03-14T21:29:00+00:00"),
        ({"type_": "date"}, "2026-03-14", "2026-03-14"),
        ({"type_": "duration"}, "4h30m", "4h30m"),
        ({"type_": "choice", "choices": ["Credit", "Upgrade"]}, "credit", "Credit"),
        (
            {"type_": "list"},
            "Change your password; sign out everywhere",
            ["Change your password", "sign out everywhere"],
        ),
        ({"type_": "list"}, "Check orders, then cards", ["Check orders, then cards"]),
        ({"type_": "list", "choices": ["email", "name"]}, "Email, name", ["email", "name"]),
        ({"type_": "email"}, "dpo@example.com", "dpo@example.com"),
        ({"type_": "url"}, "https://status.example.com/x", "https://status.example.com/x"),
        ({"type_": "phone"}, "+44 20 7946 0000", "+44 20 7946 0000"),
    ],
)
def test_values_are_normalised(spec: dict[str, Any], raw: Any, value: Any):
    kind = spec.pop("type_")
    assert engine.coerce_fact(fact(kind, **spec), raw) == value


@pytest.mark.parametrize(
    ("kind", "raw", "message"),
    [
        ("integer", "12 people", "whole number"),
        ("integer", True, "whole number"),
        ("integer", "-3", "zero or more"),
        ("boolean", "perhaps", "yes or no"),
        ("datetime", "tuesday", "cannot read"),
        ("date", "14/03/2026", "expected a date"),
        ("duration", "a while", "cannot read"),
        ("email", "dpo at example", "email address"),
        ("url", "ftp://x", "https://"),
        ("phone", "call me", "phone number"),
        ("text", "", "required"),
        ("list", " ; ", "at least one item"),
    ],
)
def test_bad_values_say_what_would_fit(kind: str, raw: Any, message: str):
    with pytest.raises(FactError, match=message):
        engine.coerce_fact(fact(kind), raw)


def test_times_without_a_zone_are_read_in_the_given_zone():
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    assert engine.coerce_fact(fact("datetime"), "2026-03-14T22:29", paris) == (
        "2026-03-14T21:29:00+00:00"
    )


@dataclass
class Ev:
    seq: int
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    actor: str = "t"
    at: datetime = T0


PLAYBOOK = Playbook.model_validate(
    {
        "id": "p",
        "name": "P",
        "version": "1",
        "applies_when": ["x"],
        "roles": {"ic": {"title": "IC"}},
        "anchors": {"discovered": "found"},
        "steps": {
            "identify": {
                "goal": "g",
                "facts": [{"name": "found", "type": "datetime", "prompt": "?"}],
                "tasks": [{"id": "t1", "title": "T", "owner": "ic"}],
            },
            "acknowledge": {
                "goal": "g",
                "facts": [
                    {"name": "ok", "type": "boolean", "prompt": "?"},
                    {"name": "opt", "prompt": "?", "required": False},
                ],
            },
            "assure": {"goal": "g"},
            "resolve": {"goal": "g", "facts": [{"name": "fix", "prompt": "?"}]},
            "compensate": {"goal": "g"},
        },
    }
)


def opened() -> Ev:
    return Ev(1, "incident.opened", {"playbook_id": "p", "playbook_text": "", "title": "T"})


def test_fold_and_advance_as_far_as_the_facts_allow():
    events: list[Ev] = [opened()]
    inc = engine.fold("INC-1", events)
    assert inc.current_step == "identify"
    steps = engine.advance(PLAYBOOK, inc)
    assert steps == [("step.started", {"step": "identify"})]
    events += [
        Ev(2, "step.started", {"step": "identify"}),
        Ev(3, "fact.recorded", {"name": "found", "value": T0.isoformat()}),
        Ev(4, "fact.recorded", {"name": "ok", "value": True}),
    ]
    inc = engine.fold("INC-1", events)
    kinds = [(k, d["step"]) for k, d in engine.advance(PLAYBOOK, inc)]
    assert kinds == [
        ("step.completed", "identify"),
        ("step.started", "acknowledge"),
        ("step.completed", "acknowledge"),
        ("step.started", "assure"),
        ("step.completed", "assure"),
        ("step.started", "resolve"),
    ]
    assert [m.fact.name for m in engine.missing_facts(PLAYBOOK, inc)] == ["fix"]
    assert engine.open_tasks(PLAYBOOK, inc) == ["t1"]
    assert engine.anchors(PLAYBOOK, inc)["discovered"] == T0


def test_tasks_gate_holds_a_step_until_its_tasks_are_settled():
    events = [opened(), Ev(2, "fact.recorded", {"name": "found", "value": T0.isoformat()})]
    inc = engine.fold("INC-1", events)
    assert engine.advance(PLAYBOOK, inc, tasks_gate=True) == [
        ("step.started", {"step": "identify"})
    ]
    events.append(Ev(3, "task.skipped", {"id": "t1", "step": "identify", "reason": "n/a"}))
    inc = engine.fold("INC-1", events)
    assert ("step.completed", {"step": "identify"}) in engine.advance(
        PLAYBOOK, inc, tasks_gate=True
    )
    assert inc.tasks["t1"].reason == "n/a"


def test_drafts_approvals_and_updates_fold():
    later = T0 + timedelta(hours=2)
    events = [
        opened(),
        Ev(
            2,
            "draft.rendered",
            {"draft": "d", "template": "d.md.j2", "path": "/x/d.md", "hash": "h1"},
        ),
        Ev(3, "draft.approved", {"draft": "d", "hash": "h1", "by": "Ana", "role": "legal"}),
        Ev(
            4,
            "draft.rendered",
            {"draft": "d", "template": "d.md.j2", "path": "/x/d.md", "hash": "h2"},
        ),
        Ev(5, "note", {"text": "posted", "update": True}, at=later),
        Ev(6, "fact.skipped", {"name": "opt"}),
    ]
    inc = engine.fold("INC-1", events)
    draft = inc.drafts["d"]
    assert draft.hash == "h2"
    assert [a.by for a in draft.approvals] == ["Ana"]  # kept across renders: status says stale
    assert inc.updates == [later]
    assert inc.skipped_facts == {"opt"}
    assert inc.notes == 1
    assert inc.events == 6


def test_typed_facts_for_templates():
    typed = engine.typed_facts(PLAYBOOK, {"found": T0.isoformat(), "ok": True, "stray": 1})
    assert typed == {"found": T0, "ok": True, "stray": 1}


def test_the_channel_literal_spells_the_channels():
    from breachkit import CHANNELS
    from breachkit.playbook import Channel

    assert Channel.__args__ == CHANNELS  # type: ignore[attr-defined]

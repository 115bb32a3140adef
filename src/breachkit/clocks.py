"""Deadlines: the playbook's own (step deadlines, task due times, update cadence) and the
regulators' (data/regimes.yaml).

Everything here is a pure function of its arguments: the engine passes in the anchor times,
what is done and `now`, and gets back `Clock` values to show or store. The only input read
from disk is the package's own regimes.yaml, once.

Times: every datetime is timezone-aware. Hours and minutes count in UTC, so "72h" is 72 real
hours across a daylight-saving change; calendar days, weeks, months and business days count
on the organisation's wall clock (`tz`), so "30d" after 09:00 ends at 09:00 and a business
day is a Monday-to-Friday in the organisation's zone. Without `tz` they count in UTC.

The regimes are guidance from public sources, never legal advice (DISCLAIMER), and the
conditions deciding whether one applies answer in three values: yes, no, or "cannot tell
yet", naming the facts still needed. Missing facts never make a regime silently disappear.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from breachkit.durations import Duration, DurationError, humanize, parse_duration
from breachkit.errors import BreachkitError, did_you_mean
from breachkit.playbook import REGULATORY_ANCHORS, Playbook
from breachkit.source import load_yaml

DISCLAIMER = (
    "These deadlines are guidance from public sources, not legal advice: confirm with counsel."
)

REGIMES_FILE = "regimes.yaml"

# Fact names the conditions may test, with the kind of value each holds. A closed list, so a
# typo in regimes.yaml fails loudly at load time instead of making a regime never apply.
FACTS: dict[str, str] = {
    "jurisdictions": "list",
    "affected_count": "integer",
    "data_categories": "list",
    "sector": "choice",
    "publicly_traded": "boolean",
    "high_risk": "boolean",
    "material": "boolean",
}
DATA_CATEGORIES = (
    "email",
    "name",
    "postal_address",
    "phone",
    "password_hash",
    "password_plaintext",
    "payment_card",
    "bank_account",
    "purchase_history",
    "date_of_birth",
    "ssn",
    "drivers_license",
    "government_id",
    "health",
    "biometric",
    "username",
    "ip_address",
    "location",
    "messages",
)
SECTORS = ("health", "financial", "essential_service", "other")

# EU member states and the EEA states that apply the GDPR. A condition on `EU` matches any of
# them, since incidents name the countries where the affected people live.
EU_EEA = (
    *("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE"),
    *("IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"),
    *("IS", "LI", "NO"),
)
# Spellings people type for the same place; GDPR's own documents say EL for Greece.
_ALIASES = {"GB": "UK", "EL": "GR", "EEA": "EU", "USA": "US"}
_JURISDICTION = r"^(EU|[A-Z]{2}(-[A-Z0-9]{1,3})?)$"

# --- the data model of regimes.yaml -----------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


Jurisdiction = Annotated[str, StringConstraints(pattern=_JURISDICTION)]


class JurisdictionsAny(_Model):
    """True when the incident's `jurisdictions` include one of these (EU: any EU/EEA state,
    US: any US state)."""

    jurisdictions_any: tuple[Jurisdiction, ...] = Field(min_length=1)


class FactTest(_Model):
    """One test on one fact: `{fact: affected_count, greater_than: 500}`."""

    model_config = ConfigDict(populate_by_name=True)

    fact: Literal[
        "affected_count", "data_categories", "sector", "publicly_traded", "high_risk", "material"
    ]
    is_: StrictBool | None = Field(default=None, alias="is")
    in_: tuple[str, ...] | None = Field(default=None, alias="in", min_length=1)
    greater_than: StrictInt | None = None
    at_least: StrictInt | None = None
    includes_any: tuple[str, ...] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_test(self) -> FactTest:
        tests = self.tests()
        if len(tests) != 1:
            raise ValueError(
                f"fact {self.fact!r}: give exactly one of is, in, greater_than, at_least, "
                f"includes_any (got {', '.join(tests) or 'none'})"
            )
        kind = FACTS[self.fact]
        allowed = {
            "boolean": {"is"},
            "integer": {"greater_than", "at_least"},
            "choice": {"in"},
            "list": {"includes_any"},
        }[kind]
        if tests[0] not in allowed:
            raise ValueError(
                f"fact {self.fact!r} is a {kind}; test it with {' or '.join(sorted(allowed))}"
            )
        known = {"sector": SECTORS, "data_categories": DATA_CATEGORIES}.get(self.fact)
        values = self.in_ or self.includes_any or ()
        unknown = [v for v in values if known is not None and v not in known]
        if unknown:
            listed = ", ".join(known or ())
            raise ValueError(f"unknown {self.fact} value(s) {', '.join(unknown)}; known: {listed}")
        return self

    def tests(self) -> list[str]:
        names = {
            "is": self.is_,
            "in": self.in_,
            "greater_than": self.greater_than,
            "at_least": self.at_least,
            "includes_any": self.includes_any,
        }
        return [name for name, value in names.items() if value is not None]


class AllOf(_Model):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(_Model):
    any: tuple[Condition, ...] = Field(min_length=1)


def _condition_kind(value: Any) -> str | None:
    # Pick the model by its key so that a mistake is reported against one model, not as a
    # wall of "did not match any of four" errors.
    if isinstance(value, BaseModel):
        return {
            AllOf: "all",
            AnyOf: "any",
            JurisdictionsAny: "jurisdictions_any",
            FactTest: "fact",
        }.get(type(value))
    if isinstance(value, Mapping):
        for key in ("all", "any", "jurisdictions_any", "fact"):
            if key in value:
                return key
    return None


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[JurisdictionsAny, Tag("jurisdictions_any")]
    | Annotated[FactTest, Tag("fact")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping with one of: all, any, "
        "jurisdictions_any, fact",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()


class RegimeEntry(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")]
    name: Annotated[str, StringConstraints(min_length=1)]
    notify: Annotated[str, StringConstraints(min_length=1)]
    deadline: str | None
    deadline_text: str = ""
    anchor: str
    applies_if: Condition | None = None
    must_contain: tuple[str, ...] = ()
    citation: Annotated[str, StringConstraints(min_length=1)]
    source_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")]
    last_verified: date
    late_notice_needs_reasons: StrictBool = False
    notes: str = ""

    @field_validator("deadline")
    @classmethod
    def _duration(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_duration(value)
            except DurationError as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("anchor")
    @classmethod
    def _anchor(cls, value: str) -> str:
        if value not in REGULATORY_ANCHORS:
            raise ValueError(
                f"unknown anchor {value!r}; use one of {', '.join(REGULATORY_ANCHORS)}"
            )
        return value

    @model_validator(mode="after")
    def _some_deadline(self) -> RegimeEntry:
        if self.deadline is None and not self.deadline_text.strip():
            raise ValueError(
                f"regime {self.id!r}: without a `deadline` duration, say the duty in "
                "`deadline_text` (e.g. 'without undue delay')"
            )
        return self


class RegimesFile(_Model):
    regimes: tuple[RegimeEntry, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> RegimesFile:
        seen: set[str] = set()
        for entry in self.regimes:
            if entry.id in seen:
                raise ValueError(f"regime id {entry.id!r} appears twice")
            seen.add(entry.id)
        return self


# --- regimes ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Regime:
    """One regulator's clock: who to tell, by when, after which event, and with what."""

    id: str
    name: str
    notify: str
    deadline: str | None
    deadline_text: str
    anchor: str
    must_contain: tuple[str, ...]
    citation: str
    source_url: str
    last_verified: date
    notes: str
    applies_if: Condition | None = None
    late_notice_needs_reasons: bool = False

    @property
    def duration(self) -> Duration | None:
        return parse_duration(self.deadline) if self.deadline else None

    @property
    def title(self) -> str:
        """`GDPR Art. 33: supervisory authority`, the clock's name."""
        return f"{self.name}: {self.notify}"

    def describe_deadline(self) -> str:
        """`within 72h after aware`, or the law's words where it sets no fixed period."""
        if self.deadline:
            return f"within {self.deadline} after {self.anchor}"
        return f"{self.deadline_text} after {self.anchor}"


def parse_regimes(text: str, name: str = REGIMES_FILE) -> tuple[Regime, ...]:
    """Validate a regimes file; raise BreachkitError pointing at the line of the problem."""
    doc = load_yaml(Path(name), text)
    try:
        parsed = RegimesFile.model_validate(doc.data)
    except ValidationError as exc:
        error = exc.errors(include_url=False, include_input=False)[0]
        loc = _data_path(doc.data, error["loc"])
        where = doc.source_map.value(loc)
        if error["type"] == "missing":  # name the absent key; its parent holds the place
            loc = (*loc, error["loc"][-1])
        dotted = ".".join(str(p) for p in loc) or "the top level"
        message = error["msg"].removeprefix("Value error, ")
        raise BreachkitError(
            f"invalid regimes data at {dotted}: {message}",
            where,
            hint="see the field list at the top of regimes.yaml and docs/regimes.md",
        ) from None
    return tuple(
        Regime(
            id=e.id,
            name=e.name,
            notify=e.notify,
            deadline=e.deadline,
            deadline_text=e.deadline_text,
            anchor=e.anchor,
            must_contain=e.must_contain,
            citation=e.citation,
            source_url=e.source_url,
            last_verified=e.last_verified,
            notes=e.notes,
            applies_if=e.applies_if,
            late_notice_needs_reasons=e.late_notice_needs_reasons,
        )
        for e in parsed.regimes
    )


def _data_path(data: Any, loc: Sequence[str | int]) -> tuple[str | int, ...]:
    """Pydantic's error location without the union tags it inserts (`applies_if.fact.fact`):
    keep only the parts that index into the loaded data, so the source map finds the line."""
    path: list[str | int] = []
    for part in loc:
        in_mapping = isinstance(data, Mapping) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_mapping or in_list:
            data = data[part]
            path.append(part)
    return tuple(path)


@cache
def load_regimes() -> tuple[Regime, ...]:
    """The regimes shipped with breachkit, parsed once per process."""
    text = resources.files("breachkit").joinpath("data", REGIMES_FILE).read_text("utf-8")
    return parse_regimes(text, f"breachkit/data/{REGIMES_FILE}")


def get_regime(regime_id: str) -> Regime:
    for regime in load_regimes():
        if regime.id == regime_id:
            return regime
    ids = [r.id for r in load_regimes()]
    guess = did_you_mean(regime_id, ids)
    hint = f"did you mean {guess!r}?" if guess else f"known regimes: {', '.join(ids)}"
    raise BreachkitError(f"unknown regime {regime_id!r}", hint=hint)


# --- applicability -------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicability:
    regime: Regime
    applies: bool | None  # None: cannot tell yet; `missing` names the facts needed
    why: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Verdict:
    value: bool | None
    why: str
    missing: tuple[str, ...] = ()


def applicable_regimes(facts: Mapping[str, Any], only: Sequence[str] = ()) -> list[Applicability]:
    """Decide, for every regime (or those in `only`, the playbook's `regimes`), whether it
    applies to an incident with these facts. Regimes that do not apply are returned too, with
    the reason, so a report can say why a clock is absent."""
    regimes = [get_regime(r) for r in dict.fromkeys(only)] if only else list(load_regimes())
    out: list[Applicability] = []
    for regime in regimes:
        if regime.applies_if is None:
            verdict = _Verdict(True, "applies to every incident")
        else:
            verdict = _evaluate(regime.applies_if, facts)
        out.append(Applicability(regime, verdict.value, verdict.why, verdict.missing))
    return out


def _evaluate(condition: Condition, facts: Mapping[str, Any]) -> _Verdict:
    if isinstance(condition, AllOf):
        parts = [_evaluate(c, facts) for c in condition.all]
        failed = [p for p in parts if p.value is False]
        if failed:
            return _Verdict(False, failed[0].why)
        unknown = [p for p in parts if p.value is None]
        if unknown:
            return _Verdict(None, "; ".join(p.why for p in unknown), _union(unknown))
        return _Verdict(True, "; ".join(p.why for p in parts))
    if isinstance(condition, AnyOf):
        parts = [_evaluate(c, facts) for c in condition.any]
        passed = [p for p in parts if p.value is True]
        if passed:
            return _Verdict(True, passed[0].why)
        unknown = [p for p in parts if p.value is None]
        if unknown:
            return _Verdict(None, "; ".join(p.why for p in unknown), _union(unknown))
        return _Verdict(False, " and ".join(p.why for p in parts))
    if isinstance(condition, JurisdictionsAny):
        return _jurisdictions(condition.jurisdictions_any, facts.get("jurisdictions"))
    return _fact(condition, facts.get(condition.fact))


def _union(parts: Iterable[_Verdict]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for p in parts for name in p.missing))


def _as_list(value: Any) -> list[str] | None:
    """A list fact as strings; None when not known. An empty list counts as not known: every
    breach affects someone somewhere, so "no jurisdictions" means nobody has said yet."""
    if value is None:
        return None
    if isinstance(value, str):
        items = [v for v in re.split(r"[,\s]+", value) if v]
    elif isinstance(value, Iterable):
        items = [str(v) for v in value]
    else:
        return None
    return items or None


def _norm_jurisdiction(code: str) -> str:
    code = code.strip().upper().replace("_", "-")
    return _ALIASES.get(code, code)


def _matches(wanted: str, have: str) -> bool:
    if wanted == have:
        return True
    if wanted == "EU":
        return have in EU_EEA
    if wanted == "US":
        return have.startswith("US-")
    return False


def _jurisdictions(wanted: Sequence[str], value: Any) -> _Verdict:
    have = _as_list(value)
    if have is None:
        return _Verdict(
            None,
            f"jurisdictions not known yet (needs one of {', '.join(wanted)})",
            ("jurisdictions",),
        )
    codes = [_norm_jurisdiction(c) for c in have]
    for code in codes:
        for w in wanted:
            if _matches(w, code):
                shown = code if code == w else f"{code} ({w})"
                return _Verdict(True, f"jurisdictions include {shown}")
    return _Verdict(False, f"jurisdictions {', '.join(codes)} include none of {', '.join(wanted)}")


def _fact(test: FactTest, value: Any) -> _Verdict:
    name = test.fact
    if value is None or value == "":
        return _Verdict(None, f"{name} not known yet", (name,))
    if test.is_ is not None:
        flag = _as_bool(value)
        if flag is None:
            return _Verdict(None, f"{name} {value!r} is not yes or no", (name,))
        word = "true" if flag else "false"
        if flag is test.is_:
            return _Verdict(True, f"{name} is {word}")
        return _Verdict(False, f"{name} is {word}")
    if test.greater_than is not None or test.at_least is not None:
        number = _as_int(value)
        if number is None:
            return _Verdict(None, f"{name} {value!r} is not a whole number", (name,))
        if test.greater_than is not None:
            limit, sign, ok = test.greater_than, ">", number > test.greater_than
        else:
            assert test.at_least is not None
            limit, sign, ok = test.at_least, "≥", number >= test.at_least
        if ok:
            return _Verdict(True, f"{name} {number:,} {sign} {limit:,}")
        return _Verdict(False, f"{name} {number:,} is not {sign} {limit:,}")
    if test.in_ is not None:
        text = str(value).strip().lower()
        if text in test.in_:
            return _Verdict(True, f"{name} is {text}")
        return _Verdict(False, f"{name} is {text}, not {' or '.join(test.in_)}")
    assert test.includes_any is not None
    items = _as_list(value)
    if items is None:
        return _Verdict(None, f"{name} not known yet", (name,))
    have = [i.strip().lower() for i in items]
    hits = [w for w in test.includes_any if w in have]
    if hits:
        return _Verdict(True, f"{name} include {', '.join(hits)}")
    return _Verdict(False, f"{name} include none of {', '.join(test.includes_any)}")


def _as_bool(value: Any) -> bool | None:
    # Facts typed at a prompt arrive as text; accept the words people use for yes and no.
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1"):
        return True
    if text in ("false", "no", "n", "0"):
        return False
    return None


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip().replace(",", "").replace("_", "")
    return int(text) if text.isdigit() else None


# --- clocks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    name: str  # "acknowledge step", "task freeze-release", "next update", "GDPR Art. 33: ..."
    kind: str  # "step" | "task" | "update" | "regime"
    due: datetime | None  # None: anchor not known yet, or no fixed deadline
    state: str  # "open" | "met" | "overdue" | "pending" | "late"
    anchor: str
    anchor_at: datetime | None
    met_at: datetime | None
    assumed_anchor: bool
    detail: str
    ref: str

    def time_left(self, now: datetime) -> timedelta | None:
        """Until due (negative when overdue); None without a due time or once met."""
        if self.due is None or self.met_at is not None:
            return None
        return self.due - _aware(now, "now")

    def to_dict(self, now: datetime) -> dict[str, Any]:
        left = self.time_left(now)
        return {
            "name": self.name,
            "kind": self.kind,
            "ref": self.ref,
            "due": _iso(self.due),
            "state": self.state,
            "time_left_seconds": int(left.total_seconds()) if left is not None else None,
            "time_left": (
                None
                if left is None
                else (humanize(left) + (" overdue" if left < timedelta(0) else ""))
            ),
            "anchor": self.anchor,
            "anchor_at": _iso(self.anchor_at),
            "met_at": _iso(self.met_at),
            "assumed_anchor": self.assumed_anchor,
            "detail": self.detail,
        }


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


def _aware(when: datetime, what: str) -> datetime:
    # A naive time would be read in the machine's zone, silently shifting a legal deadline.
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got {when.isoformat()}")
    return when


_PART = re.compile(r"(\d+)\s*(mo|bd|m|h|d|w)", re.IGNORECASE)


def due_after(duration: Duration, start: datetime, tz: tzinfo | None = None) -> datetime:
    """The moment `duration` after `start`, in UTC.

    Hours and minutes are real elapsed time (UTC); days, weeks, months and business days are
    counted on the organisation's calendar (`tz`, else UTC) so they end at the same wall-clock
    time and business days are that zone's Monday to Friday.
    """
    start = _aware(start, "anchor time")
    days = clock_minutes = 0
    for amount, unit in _PART.findall(duration.text):
        n, unit = int(amount), unit.lower()
        if unit in ("d", "w"):
            days += n * (7 if unit == "w" else 1)
        elif unit in ("h", "m"):
            clock_minutes += n * (60 if unit == "h" else 1)
    if not duration.text:  # built in code, not parsed: minutes are all we know
        clock_minutes = duration.minutes
    calendar = Duration(
        minutes=days * 24 * 60, business_days=duration.business_days, months=duration.months
    )
    when = start.astimezone(tz or UTC)
    if not calendar.is_zero:
        when = calendar.after(when)
    return when.astimezone(UTC) + timedelta(minutes=clock_minutes)


def _state(
    anchor_at: datetime | None, due: datetime | None, met_at: datetime | None, now: datetime
) -> str:
    if met_at is not None:
        return "late" if due is not None and met_at > due else "met"
    if anchor_at is None:
        return "pending"
    if due is not None and now > due:
        return "overdue"
    return "open"


def _get(mapping: Mapping[str, datetime], key: str) -> datetime | None:
    value = mapping.get(key)
    return _aware(value, key) if value is not None else None


def playbook_clocks(
    playbook: Playbook,
    anchors: Mapping[str, datetime],
    done: Mapping[str, datetime],
    now: datetime,
    last_update: datetime | None = None,
    tz: tzinfo | None = None,
) -> list[Clock]:
    """The playbook's own clocks, in step order: each step's deadline, each task with a `due`,
    and "next update" while a step with `updates` is started but not completed.

    anchors: anchor name → time ("opened", "STEP.started", "STEP.completed", bound anchors);
    done: "step:NAME" / "task:ID" → when it was completed.
    """
    now = _aware(now, "now")
    clocks: list[Clock] = []
    for step_name, step in playbook.steps.items():
        if step.deadline is not None:
            dl = step.deadline
            anchor_at = _get(anchors, dl.after)
            due = due_after(dl.duration, anchor_at, tz) if anchor_at else None
            met_at = _get(done, f"step:{step_name}")
            clocks.append(
                Clock(
                    name=f"{step_name} step",
                    kind="step",
                    due=due,
                    state=_state(anchor_at, due, met_at, now),
                    anchor=dl.after,
                    anchor_at=anchor_at,
                    met_at=met_at,
                    assumed_anchor=False,
                    detail=f"within {dl.within} after {dl.after}",
                    ref=step_name,
                )
            )
        for task in step.tasks:
            if task.due is None:
                continue  # a task without `due` is a to-do, not a clock
            anchor_at = _get(anchors, task.due.after)
            due = due_after(task.due.duration, anchor_at, tz) if anchor_at else None
            met_at = _get(done, f"task:{task.id}")
            clocks.append(
                Clock(
                    name=f"task {task.id}",
                    kind="task",
                    due=due,
                    state=_state(anchor_at, due, met_at, now),
                    anchor=task.due.after,
                    anchor_at=anchor_at,
                    met_at=met_at,
                    assumed_anchor=False,
                    detail=f"{task.title}: within {task.due.within} after {task.due.after}",
                    ref=task.id,
                )
            )
        if step.updates is not None:
            clock = _next_update(step_name, step.updates.every, anchors, done, now, last_update, tz)
            if clock is not None:
                clocks.append(clock)
    return clocks


def _next_update(
    step_name: str,
    every: str,
    anchors: Mapping[str, datetime],
    done: Mapping[str, datetime],
    now: datetime,
    last_update: datetime | None,
    tz: tzinfo | None,
) -> Clock | None:
    started = _get(anchors, f"{step_name}.started")
    if started is None or _get(anchors, f"{step_name}.completed") or f"step:{step_name}" in done:
        return None
    # An update sent before the step started (say, the acknowledgement) does not push the
    # step's first update earlier than one cadence after the step began.
    anchor, anchor_at = f"{step_name}.started", started
    if last_update is not None and _aware(last_update, "last_update") > started:
        anchor, anchor_at = "last update", last_update
    due = due_after(parse_duration(every), anchor_at, tz)
    return Clock(
        name="next update",
        kind="update",
        due=due,
        state=_state(anchor_at, due, None, now),
        anchor=anchor,
        anchor_at=anchor_at,
        met_at=None,
        assumed_anchor=False,
        detail=f"every {every} while {step_name} is open",
        ref=step_name,
    )


# Stand-ins for a regime's anchor when the playbook has not bound it. Discovery comes no later
# than awareness, determination or assessment, so counting from it gives an earlier due time,
# never a later one; `opened` is the last resort, always known.
_FALLBACK_ANCHORS = ("discovered", "opened")


def regime_clocks(
    applicable: Sequence[Applicability],
    anchors: Mapping[str, datetime],
    notified: Mapping[str, datetime],
    now: datetime,
    tz: tzinfo | None = None,
) -> list[Clock]:
    """One clock per regime that applies or may apply (applies is None); regimes that do not
    apply get none. notified: regime id → when its notice was recorded."""
    now = _aware(now, "now")
    clocks: list[Clock] = []
    for a in applicable:
        if a.applies is False:
            continue
        regime = a.regime
        anchor_at = _get(anchors, regime.anchor)
        anchor, assumed = regime.anchor, False
        if anchor_at is None:
            for fallback in _FALLBACK_ANCHORS:
                anchor_at = _get(anchors, fallback)
                if anchor_at is not None:
                    anchor, assumed = fallback, True
                    break
        duration = regime.duration
        due = due_after(duration, anchor_at, tz) if duration and anchor_at else None
        met_at = _get(notified, regime.id)
        parts = [f"{regime.citation}: {regime.describe_deadline()}"]
        if assumed:
            parts.append(f"{regime.anchor} not recorded, counted from {anchor}")
        if a.applies is None:
            parts.append(f"may apply: needs {', '.join(a.missing)}")
        parts.append(a.why)
        clocks.append(
            Clock(
                name=regime.title,
                kind="regime",
                due=due,
                state=_state(anchor_at, due, met_at, now),
                anchor=anchor,
                anchor_at=anchor_at,
                met_at=met_at,
                assumed_anchor=assumed,
                detail="; ".join(parts),
                ref=regime.id,
            )
        )
    return clocks


def delay_requires_reason(regime: Regime, due: datetime | None, at: datetime) -> bool:
    """True when a notice sent `at` is late under a regime that wants the delay explained
    (GDPR Art. 33(1): "accompanied by reasons for the delay")."""
    return regime.late_notice_needs_reasons and due is not None and _aware(at, "at") > due


__all__ = [
    "DISCLAIMER",
    "Applicability",
    "Clock",
    "Regime",
    "applicable_regimes",
    "delay_requires_reason",
    "due_after",
    "get_regime",
    "load_regimes",
    "parse_regimes",
    "playbook_clocks",
    "regime_clocks",
]

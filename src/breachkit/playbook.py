"""The playbook format: pydantic models, frozen, with `extra="forbid"`.

A playbook is YAML written by hand during calm weeks and read during a breach. It says
when it applies, who plays which role, and for each of the five steps (identify,
acknowledge, assure, resolve, compensate) the goal, the facts to collect, the tasks, the
step's deadline relative to a named anchor event, and the drafts to produce.
See docs/playbooks.md for the format with examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from breachkit import CHANNELS, STEPS
from breachkit.durations import Duration, DurationError, parse_duration
from breachkit.errors import BreachkitError, did_you_mean
from breachkit.findings import Location
from breachkit.source import Document, SourceMap, load_yaml

FactType = Literal[
    "text",
    "integer",
    "number",
    "boolean",
    "date",
    "datetime",
    "duration",
    "choice",
    "list",
    "email",
    "url",
    "phone",
]
FACT_TYPES: tuple[str, ...] = FactType.__args__  # type: ignore[attr-defined]
Channel = Literal[
    "email", "letter", "social", "sms", "status", "blog", "regulator", "press", "internal"
]

# Anchor events regulators start their clocks at (DOMAIN.md), bound to datetime facts by a
# playbook's `anchors:`; `opened` and `STEP.started` / `STEP.completed` are always known.
REGULATORY_ANCHORS = (
    "discovered",
    "aware",
    "suspected",
    "determined",
    "materiality_determined",
    "assessed",
    "classified",
)
BUILTIN_ANCHORS = (
    "opened",
    *(f"{s}.started" for s in STEPS),
    *(f"{s}.completed" for s in STEPS),
)

Identifier = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", min_length=1, max_length=64)
]
Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64)
]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
AnchorName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.(started|completed))?$")]


def _check_duration(value: str) -> str:
    try:
        parse_duration(value)
    except DurationError as exc:
        raise ValueError(str(exc)) from None
    return value


DurationText = Annotated[
    str,
    StringConstraints(pattern=r"^\s*(\d+\s*[a-zA-Z]+\s*)+$"),
    AfterValidator(_check_duration),
]
Scalar = StrictBool | StrictInt | StrictFloat | str
ExampleValue = Scalar | list[Scalar]


class Model(BaseModel):
    # hide_input_in_errors: str(ValidationError) of an alias bomb reprs the whole input.
    model_config = ConfigDict(
        frozen=True, extra="forbid", hide_input_in_errors=True, str_strip_whitespace=False
    )


class Role(Model):
    """A part someone plays in the response: incident commander, comms lead, DPO..."""

    title: Text
    description: str = ""
    senior: StrictBool = Field(
        default=False, description="True for a role that may sign customer apologies."
    )


class Fact(Model):
    """Something the response must know, asked for at a step and kept on the incident."""

    name: Identifier = Field(description="snake_case; templates use it as {{ name }}.")
    type: FactType = "text"
    prompt: Text = Field(description="The question asked of the incident commander.")
    help: str = Field(default="", description="Why it matters and how to find it out.")
    required: StrictBool = True
    example: ExampleValue | None = Field(default=None, description="A plausible value.")
    choices: tuple[str, ...] | None = Field(
        default=None, description="Allowed values for choice facts and for list items."
    )
    default: ExampleValue | None = None

    @model_validator(mode="after")
    def _choices(self) -> Fact:
        if self.type == "choice" and not self.choices:
            raise ValueError(f"fact {self.name!r} is a choice but lists no `choices`")
        if self.choices and self.type not in ("choice", "list"):
            raise ValueError(f"fact {self.name!r}: `choices` only applies to choice and list facts")
        return self


class Deadline(Model):
    """`within` a duration `after` an anchor event: {within: 1h, after: discovered}."""

    within: DurationText
    after: AnchorName = "opened"

    @property
    def duration(self) -> Duration:
        return parse_duration(self.within)


class Cadence(Model):
    """Regular updates while a step is open: {every: 4h}."""

    every: DurationText

    @property
    def duration(self) -> Duration:
        return parse_duration(self.every)


class Task(Model):
    id: Slug
    title: Text
    owner: Identifier = Field(description="A role id from the playbook's `roles`.")
    due: Deadline | None = Field(
        default=None, description="When the task must be done; defaults to the step's deadline."
    )
    help: str = ""


class DraftSpec(Model):
    """A message to produce at a step, rendered from a template in templates/."""

    template: Annotated[str, StringConstraints(min_length=1)]
    channel: Channel | None = Field(
        default=None, description="Overrides the template's own channel."
    )
    audience: str | None = None
    name: Slug | None = Field(
        default=None, description="The draft's id; defaults to the template's file stem."
    )

    @property
    def id(self) -> str:
        if self.name:
            return self.name
        stem = Path(self.template).name
        for suffix in (".j2", ".jinja", ".md", ".txt", ".html"):
            stem = stem.removesuffix(suffix)
        return stem


class Step(Model):
    goal: Text
    deadline: Deadline | None = None
    updates: Cadence | None = Field(
        default=None, description="While this step is open, an update is due this often."
    )
    facts: tuple[Fact, ...] = ()
    tasks: tuple[Task, ...] = ()
    drafts: tuple[DraftSpec, ...] = ()
    guidance: str = ""


class Steps(Model):
    """The five steps, all required, in this order."""

    identify: Step
    acknowledge: Step
    assure: Step
    resolve: Step
    compensate: Step

    def items(self) -> list[tuple[str, Step]]:
        return [(name, getattr(self, name)) for name in STEPS]


class Playbook(Model):
    id: Slug
    name: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}$")] = Field(
        description='Version of this playbook, such as 1.2.0 (quote it: "1.0").'
    )
    description: str = ""
    applies_when: tuple[Text, ...] = Field(
        min_length=1, description="The situations this playbook is for, one per item."
    )
    roles: dict[Identifier, Role] = Field(min_length=1)
    anchors: dict[Identifier, Identifier] = Field(
        default_factory=dict,
        description="Anchor events bound to the datetime facts that record them, "
        "e.g. discovered: discovered_at.",
    )
    regimes: tuple[str, ...] = Field(
        default=(),
        description="Regulators' regimes to consider (ids from `breachkit regimes`); "
        "empty: all, filtered by the facts.",
    )
    steps: Steps

    def facts(self) -> dict[str, tuple[str, Fact]]:
        """Every fact by name, with the step that collects it (the first, if several)."""
        out: dict[str, tuple[str, Fact]] = {}
        for step_name, step in self.steps.items():
            for fact in step.facts:
                out.setdefault(fact.name, (step_name, fact))
        return out

    def anchor_names(self) -> set[str]:
        return {*BUILTIN_ANCHORS, *self.anchors}


def parse_playbook(data: Any) -> Playbook:
    """Validate loaded YAML; raises pydantic's ValidationError."""
    return Playbook.model_validate(data)


def json_schema() -> dict[str, Any]:
    schema = Playbook.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://breachkit.dev/schema/playbook.json"
    schema["title"] = "breachkit playbook"
    return schema


def model_fields_at(loc: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at a pydantic error location, for 'did you mean' hints."""
    model: Any = Playbook
    skip_key = False
    for part in loc:
        if isinstance(part, int):
            continue
        if skip_key:  # a key of a dict such as `roles`, not a field name
            skip_key = False
            continue
        field = getattr(model, "model_fields", {}).get(part)
        if field is None:
            return []
        skip_key = getattr(field.annotation, "__origin__", None) is dict
        model = _model_of(field.annotation)
        if model is None:
            return []
    return list(getattr(model, "model_fields", {}))


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


__all__ = [
    "CHANNELS",
    "FACT_TYPES",
    "Cadence",
    "Deadline",
    "DraftSpec",
    "Fact",
    "Playbook",
    "Role",
    "Step",
    "Steps",
    "Task",
    "ValidationError",
    "json_schema",
    "parse_playbook",
]


@dataclass(frozen=True)
class Problem:
    """A schema problem placed in the file: the lint rule it belongs to, where, what."""

    rule: str
    location: Location
    message: str


_STRUCTURE = {"dict_type", "model_type", "list_type", "tuple_type", "model_attributes_type"}


def _data_loc(loc: tuple[str | int, ...], smap: SourceMap) -> tuple[str | int, ...]:
    """pydantic's loc without its own markers (`function-after[...]`, `str`, ...) for
    unions and validators; a key written in the file is kept even when it holds a `[`."""
    out: tuple[str | int, ...] = ()
    for part in loc:
        nxt = (*out, part)
        if isinstance(part, str) and "[" in part and nxt not in smap.keys:
            continue
        out = nxt
    return out


def schema_problems(exc: ValidationError, smap: SourceMap) -> list[Problem]:
    """Turn pydantic's errors into problems at the nearest line and column."""
    out: list[Problem] = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = _data_loc(error["loc"], smap)
        kind = error["type"]
        dotted = ".".join(str(p) for p in loc) or "the top level"
        if kind == "extra_forbidden":
            key = str(loc[-1])
            allowed = model_fields_at(loc[:-1])
            hint = did_you_mean(key, allowed)
            msg = f"unknown key {key!r}"
            msg += (
                f"; did you mean {hint!r}?"
                if hint
                else (f"; allowed here: {', '.join(allowed)}" if allowed else "")
            )
            out.append(Problem("BK104", smap.key(loc), msg))
        elif kind == "missing":
            parent, name = loc[:-1], str(loc[-1])
            if parent == ("steps",) and name in STEPS:
                out.append(
                    Problem(
                        "BK107",
                        smap.key(parent),
                        f"step {name!r} is missing; "
                        f"a playbook has all five steps: {', '.join(STEPS)}",
                    )
                )
            else:
                where = ".".join(str(p) for p in parent) or "the top level"
                out.append(
                    Problem(
                        "BK105", smap.value(parent), f"missing required key {name!r} in {where}"
                    )
                )
        elif kind in _STRUCTURE or (kind.endswith("_type") and not kind.startswith("literal")):
            label = {
                "dict_type": "a mapping",
                "model_type": "a mapping",
                "model_attributes_type": "a mapping",
                "list_type": "a list",
                "tuple_type": "a list",
            }.get(kind)
            msg = f"{dotted}: expected {label}" if label else f"{dotted}: {error['msg'].lower()}"
            if kind == "bool_type":
                msg += " (write true or false)"
            out.append(Problem("BK103", smap.value(loc), msg))
        else:
            msg = error["msg"].removeprefix("Value error, ")
            rule = "BK109" if "as a duration" in msg else "BK106"
            out.append(Problem(rule, smap.value(loc), f"{dotted}: {msg}"))
    return sorted(out, key=lambda p: (p.location, p.rule))


def load_playbook(path: Path, text: str | None = None) -> tuple[Playbook, Document]:
    """Load and validate a playbook; raise BreachkitError at the first problem."""
    doc = load_yaml(path, text)
    if not isinstance(doc.data, dict):
        raise BreachkitError(
            f"a playbook is a mapping of keys (id, name, steps...), not {_kind(doc.data)}",
            Location(str(path), 1, 1),
            hint="see docs/playbooks.md, or run `breachkit schema`",
        )
    try:
        return parse_playbook(doc.data), doc
    except ValidationError as exc:
        problems = schema_problems(exc, doc.source_map)
        first = problems[0]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise BreachkitError(
            f"invalid playbook: {first.message}{more}",
            first.location,
            hint=f"run `breachkit lint {path}` for every problem",
        ) from None


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return f"a single value ({type(value).__name__})"

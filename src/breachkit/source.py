"""The only module that imports yaml: safe loading with limits, and a source map.

PyYAML's own constructors are not used. We build Python values from the C parser's event
stream ourselves, which lets one pass:

- cap nesting depth before anything recurses (the C composer segfaults near 30,000 levels),
- count alias expansions (a 515-byte alias bomb is billions of nodes once walked),
- reject duplicate keys (PyYAML silently keeps the last),
- resolve plain scalars by YAML 1.2's core schema, so `no`, `on`, `1:30` and `0755` stay
  strings instead of becoming False, True, 90 and 493,
- record the line and column of every key and value for error messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from breachkit.errors import BreachkitError
from breachkit.findings import Location

# libyaml is ~10x faster; the pure parser is a correct fallback. PyYAML exports the C
# parser only inside its loaders (there is no `yaml.CParser`): CSafeLoader is the parser
# with a constructor we never call.
_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000

PathKey = tuple[str | int, ...]


class SourceError(BreachkitError):
    """Input that cannot be read as a breachkit YAML file; `rule` names the lint rule."""

    def __init__(self, message: str, location: Location, rule: str, hint: str | None = None):
        super().__init__(message, location, hint)
        self.rule = rule


@dataclass
class SourceMap:
    """1-based positions of values and keys by their path in the document."""

    path: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def value(self, loc: PathKey) -> Location:
        """The position of the value at `loc`, or of its nearest ancestor that exists."""
        return self._nearest(self.values, loc)

    def key(self, loc: PathKey) -> Location:
        """The position of the key at `loc` (falls back to its value, then an ancestor)."""
        if loc in self.keys:
            line, col = self.keys[loc]
            return Location(self.path, line, col)
        return self.value(loc)

    def _nearest(self, table: dict[PathKey, tuple[int, int]], loc: PathKey) -> Location:
        for end in range(len(loc), -1, -1):
            hit = table.get(loc[:end])
            if hit:
                return Location(self.path, *hit)
        return Location(self.path, 1, 1)


@dataclass
class Document:
    path: str
    text: str
    data: Any
    source_map: SourceMap


# YAML 1.2 core schema, minus octal/hex surprises: numbers with leading zeros stay strings.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(?:(?:0|[1-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9]+)$")


def _plain(value: str) -> Any:
    # Fast path for text: no null, boolean or number starts with a letter other than these.
    first = value[:1]
    if first.isalpha() and first not in "nNtTfF":
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        return float(value.replace("_", ""))
    return value


def read_text(path: Path, max_bytes: int = MAX_BYTES) -> str:
    """Read a text file as UTF-8, with one clear error for each way it can be unusable."""
    where = Location(str(path))
    try:
        if path.is_dir():
            raise SourceError(
                "is a directory, not a file", where, "BK100", hint="name a .yaml file"
            )
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(
                f"file is {size:,} bytes; the limit is {max_bytes:,}",
                where,
                "BK100",
                hint="a playbook is a few kilobytes; split it or check it is the right file",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError("no such file", where, "BK100", hint="check the path") from None
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", where, "BK100") from None
    if b"\x00" in raw[:8192]:
        raise SourceError("binary file, not text", where, "BK100", hint="name a text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SourceError(
            f"invalid UTF-8 (byte 0x{raw[exc.start]:02x})",
            Location(str(path), line, column),
            "BK100",
            hint="save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path, text: str | None = None) -> Document:
    """Load one YAML document safely; raise SourceError with a location on any problem."""
    name = str(path)
    if text is None:
        text = read_text(path)
    if not text.strip():
        raise SourceError(
            "file is empty", Location(name), "BK100", hint="a playbook starts with `id:`"
        )
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            raise SourceError(
                "tab used for indentation; YAML allows spaces only",
                Location(name, number, len(line) - len(stripped) + 1),
                "BK101",
                hint="replace the tab with spaces",
            )
    builder = _Builder(name)
    try:
        data = builder.build(_Parser(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(f"YAML syntax error: {problem}", at, "BK101") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"YAML error: {exc}", Location(name), "BK101") from None
    return Document(name, text, data, builder.source_map)


class _Builder:
    """Values from parser events, one call per event.

    This loop runs once per value of every file `breachkit lint` reads (a playbook is about
    700 events), so it avoids per-event overhead: no generator between it and the parser,
    no Location objects except for errors, and plain text skips the scalar regexes.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.source_map = SourceMap(path)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self._next: Any = None

    def _where(self, event: Any) -> Location:
        m = event.start_mark
        return Location(self.path, m.line + 1, m.column + 1)

    def build(self, parser: Any) -> Any:
        # The parser yields events one at a time: depth is checked before it can recurse.
        self._next = parser.get_event
        try:
            self._next()  # StreamStart
            event = self._next()
            if isinstance(event, yaml.StreamEndEvent):
                raise SourceError("file has no YAML document", Location(self.path), "BK100")
            value, _ = self._node(self._next(), (), 1)  # after DocumentStart
            self._next()  # DocumentEnd
            event = self._next()
            if not isinstance(event, yaml.StreamEndEvent):
                raise SourceError(
                    "more than one YAML document in the file",
                    self._where(event),
                    "BK101",
                    hint="remove the second `---`, or split the file",
                )
            return value
        finally:
            dispose = getattr(parser, "dispose", None)
            if dispose:
                dispose()

    def _node(self, event: Any, path: PathKey, depth: int) -> tuple[Any, int]:
        m = event.start_mark
        self.source_map.values.setdefault(path, (m.line + 1, m.column + 1))
        value: Any
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in self.anchors:
                raise SourceError(f"unknown alias *{event.anchor}", self._where(event), "BK101")
            value, size = self.anchors[event.anchor]
            self._count(size, event)
            return value, size
        if depth > MAX_DEPTH:
            raise SourceError(
                f"nesting deeper than {MAX_DEPTH} levels",
                self._where(event),
                "BK100",
                hint="a playbook needs about six levels; is this the right file?",
            )
        anchor = event.anchor
        if isinstance(event, yaml.ScalarEvent):
            self._count(1, event)
            value = event.value
            if event.tag not in (None, "!", "tag:yaml.org,2002:str") and not event.implicit[0]:
                raise SourceError(
                    f"tag {event.tag} is not allowed",
                    self._where(event),
                    "BK101",
                    hint="remove the tag; breachkit reads plain YAML only",
                )
            if not event.style and event.implicit[0]:
                value = _plain(event.value)
            size = 1
        elif isinstance(event, yaml.SequenceStartEvent):
            self._tag_check(event)
            items: list[Any] = []
            size = 1
            self._count(1, event)
            while True:
                child = self._next()
                if isinstance(child, yaml.SequenceEndEvent):
                    break
                item, n = self._node(child, (*path, len(items)), depth + 1)
                items.append(item)
                size += n
            value = items
        elif isinstance(event, yaml.MappingStartEvent):
            self._tag_check(event)
            mapping: dict[Any, Any] = {}
            keys = self.source_map.keys
            size = 1
            self._count(1, event)
            while True:
                key_event = self._next()
                if isinstance(key_event, yaml.MappingEndEvent):
                    break
                if not isinstance(key_event, yaml.ScalarEvent):
                    raise SourceError(
                        "a mapping key must be a plain value, not a list or mapping",
                        self._where(key_event),
                        "BK101",
                    )
                key = key_event.value if key_event.style else _plain(key_event.value)
                if not isinstance(key, str):
                    key = key_event.value
                km: Any = key_event.start_mark
                if key in mapping:
                    first = keys.get((*path, key), (0, 0))
                    raise SourceError(
                        f"duplicate key {key!r} (first defined on line {first[0]})",
                        self._where(key_event),
                        "BK102",
                        hint="YAML keeps only the last one; remove or rename one of them",
                    )
                keys[(*path, key)] = (km.line + 1, km.column + 1)
                child, n = self._node(self._next(), (*path, key), depth + 1)
                mapping[key] = child
                size += n
            value = mapping
        else:  # pragma: no cover - the parser yields nothing else here
            raise SourceError(f"unexpected YAML event {event}", self._where(event), "BK101")
        if anchor:
            self.anchors[anchor] = (value, size)
        return value, size

    def _tag_check(self, event: Any) -> None:
        if event.tag and not event.implicit:
            raise SourceError(
                f"tag {event.tag} is not allowed",
                self._where(event),
                "BK101",
                hint="remove the tag; breachkit reads plain YAML only",
            )

    def _count(self, n: int, event: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise SourceError(
                f"document expands to more than {MAX_NODES:,} values (alias bomb?)",
                self._where(event),
                "BK100",
                hint="remove the repeated aliases (*name); a playbook is a few hundred values",
            )

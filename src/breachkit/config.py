"""Project configuration: `[tool.breachkit]` in pyproject.toml, or breachkit.toml.

[tool.breachkit.lint]        # breachkit.toml: [lint]
select = ["BK1", "BK2"]      # codes or code prefixes or rule names; default: all
ignore = ["BK304", "template-undeclared-variable"]

[tool.breachkit.check]       # breachkit.toml: [check]
ignore = ["BC402"]            # e.g. hard-to-read, the readability ceiling

[tool.breachkit]
org = "org.yaml"             # the organisation profile
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from breachkit.errors import BreachkitError
from breachkit.findings import Finding, Location

CONFIG_FILES = ("breachkit.toml", ".breachkit.toml", "pyproject.toml")


def cache_dir() -> Path | None:
    """Where breachkit keeps what it can compute again: lint results, compiled templates.

    BREACHKIT_NO_CACHE=1 turns caching off; BREACHKIT_CACHE_DIR moves it (default:
    $XDG_CACHE_HOME/breachkit, else ~/.cache/breachkit).
    """
    import os

    if os.environ.get("BREACHKIT_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("BREACHKIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "breachkit"


@dataclass(frozen=True)
class RuleSelection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def enabled(self, code: str, name: str) -> bool:
        def matches(pattern: str) -> bool:
            return pattern == name or code.startswith(pattern)

        if self.select and not any(matches(p) for p in self.select):
            return False
        return not any(matches(p) for p in self.ignore)

    def extend(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSelection:
        return RuleSelection(tuple(select) or self.select, self.ignore + tuple(ignore))


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    lint: RuleSelection = field(default_factory=RuleSelection)
    check: RuleSelection = field(default_factory=RuleSelection)
    org: Path | None = None


def _selection(table: Any, where: Location, section: str) -> RuleSelection:
    if table is None:
        return RuleSelection()
    if not isinstance(table, dict):
        raise BreachkitError(f"[{section}] must be a table", where)
    out: dict[str, tuple[str, ...]] = {}
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BreachkitError(
                f"{section}.{key} must be a list of rule codes or names",
                where,
                hint='for example: ignore = ["BK304"]',
            )
        out[key] = tuple(value)
    unknown = set(table) - {"select", "ignore"}
    if unknown:
        raise BreachkitError(
            f"unknown key {sorted(unknown)[0]!r} in [{section}]",
            where,
            hint="the keys are select and ignore",
        )
    return RuleSelection(out["select"], out["ignore"])


def load_config(start: Path | None = None, explicit: Path | None = None) -> Config:
    """Find and read the configuration from `start` (default: the current directory) upwards."""
    path = explicit
    if path is None:
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            for name in CONFIG_FILES:
                candidate = folder / name
                if candidate.is_file() and (
                    name != "pyproject.toml" or "[tool.breachkit" in _read(candidate)
                ):
                    path = candidate
                    break
            if path is not None:
                break
    if path is None:
        return Config()
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        loc = Location(str(path), int(m[1]), int(m[2])) if m else Location(str(path))
        raise BreachkitError(f"invalid TOML: {exc}", loc) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("breachkit", {})
    where = Location(str(path))
    org = data.get("org")
    if org is not None and not isinstance(org, str):
        raise BreachkitError("org must be a path to the organisation profile", where)
    return Config(
        path=path,
        lint=_selection(data.get("lint"), where, "lint"),
        check=_selection(data.get("check"), where, "check"),
        org=(path.parent / org) if org else None,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BreachkitError(f"cannot read configuration: {exc}", Location(str(path))) from None


_SUPPRESS = re.compile(r"breachkit:\s*(ignore|ignore-file)\[([^\]]*)\]")


def suppressions(text: str) -> tuple[dict[int, set[str]], set[str]]:
    """Inline suppressions: `breachkit: ignore[CODE,...]` on a line, `ignore-file[...]` anywhere.

    The marker works inside any comment syntax: `# ...` in YAML, `{# ... #}` in Jinja,
    `<!-- ... -->` in Markdown and HTML. An empty list suppresses every rule.
    """
    by_line: dict[int, set[str]] = {}
    whole: set[str] = set()
    if "breachkit:" not in text:
        return by_line, whole
    for number, line in enumerate(text.splitlines(), start=1):
        for m in _SUPPRESS.finditer(line):
            codes = {c.strip() for c in m[2].split(",") if c.strip()} or {"*"}
            if m[1] == "ignore-file":
                whole |= codes
            else:
                by_line.setdefault(number, set()).update(codes)
    return by_line, whole


def apply_suppressions(findings: Iterable[Finding], text: str) -> list[Finding]:
    by_line, whole = suppressions(text)
    if not by_line and not whole:
        return list(findings)

    def hit(codes: set[str], f: Finding) -> bool:
        return "*" in codes or f.rule in codes or f.name in codes

    return [
        f for f in findings if not hit(whole, f) and not hit(by_line.get(f.location.line, set()), f)
    ]

"""Template rules (BK3xx), with one cache per template folder.

A folder's templates are parsed once however many playbooks use them: 1,000 playbooks
sharing five templates cost five parses, not 5,000.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from breachkit import STEPS
from breachkit.errors import BreachkitError, did_you_mean, suggestion
from breachkit.findings import Finding, Location
from breachkit.lint import rules
from breachkit.render import BUILTINS, ORG_FIELDS, Renderer, TemplateError
from breachkit.source import SourceError, read_text

# Problems with the reference itself: reported where a playbook or an include names it.
REFERENCE_RULES = frozenset({"BK301", "BK305"})


@dataclass
class TemplateInfo:
    """What lint knows about one template after parsing it once."""

    name: str
    shown: str  # the path as findings show it
    text: str = ""  # the raw file, for suppressions and columns
    broken: Finding | None = None  # why it cannot be used at all, if it cannot
    findings: list[Finding] = field(default_factory=list)
    variables: dict[str, int] = field(default_factory=dict)
    org_fields: dict[str, int] = field(default_factory=dict)
    includes: list[str] = field(default_factory=list)  # those that resolve

    def column(self, line: int, word: str) -> int:
        """The 1-based column of `word` on `line`, so editors jump to the name itself."""
        lines = self.text.splitlines()
        if 0 < line <= len(lines):
            m = re.search(rf"(?<![\w.]){re.escape(word)}\b", lines[line - 1])
            if m:
                return m.start() + 1
        return 1


def _error_finding(exc: BreachkitError, rule: str, at: Location | None = None) -> Finding:
    joint = " " if exc.message.endswith("?") else "; "
    message = exc.message + (f"{joint}{exc.hint}" if exc.hint else "")
    return rules.rule(rule).finding(at or exc.location or Location("?"), message)


class TemplateFolder:
    """The templates of one folder, each loaded and checked at most once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.renderer = Renderer(folder)
        self._infos: dict[str, TemplateInfo] = {}
        self._needs: dict[str, list[tuple[str, str, int]]] = {}

    def info(self, name: str) -> TemplateInfo:
        cached = self._infos.get(name)
        if cached is None:
            cached = self._infos[name] = self._load(name)
        return cached

    def _load(self, name: str) -> TemplateInfo:
        shown = str(self.folder / name)
        info = TemplateInfo(name, shown)
        r = self.renderer
        try:
            # resolve() first: a symlink out of the folder is refused before it is read.
            # read_text() caps the size and names binary and non-UTF-8 files (BK100).
            info.text = read_text(r.resolve(name))
            template = r.template(name)
            if template.meta.step is not None and template.meta.step not in STEPS:
                line = template.meta_lines.get("step", 1)
                info.findings.append(
                    rules.INVALID_FRONT_MATTER.finding(
                        Location(shown, line, 1),
                        f"unknown step {template.meta.step!r}; choose one of {', '.join(STEPS)}",
                    )
                )
            # variables() parses and runs Jinja's analysis, which finds syntax errors and
            # unknown filters; compile() would also generate Python code lint never runs.
            info.variables = r.variables(name)
            info.org_fields = r.attributes(name, "org")
            for target, line in r.includes(name):
                try:
                    r.resolve(target)
                except TemplateError as exc:
                    where = Location(shown, line, info.column(line, target))
                    info.findings.append(_error_finding(exc, exc.rule, where))
                else:
                    info.includes.append(target)
        except TemplateError as exc:
            info.broken = _error_finding(exc, exc.rule)
        except SourceError as exc:
            # read_text() names the resolved path; show the one the user knows.
            loc = exc.location or Location(shown)
            info.broken = _error_finding(exc, exc.rule, Location(shown, loc.line, loc.column))
        return info

    def closure(self, name: str) -> Iterator[TemplateInfo]:
        """`name` and every template it includes, directly or not, each once."""
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            info = self.info(current)
            yield info
            todo.extend(info.includes)

    def needs(self, name: str) -> list[tuple[str, str, int]]:
        """(name, template, line) for each name a template and its includes read that is
        not a built-in: the facts it needs. Sorted by name, and computed once per template.
        """
        cached = self._needs.get(name)
        if cached is None:
            out: dict[str, tuple[str, int]] = {}
            for info in self.closure(name):
                for var, line in info.variables.items():
                    if var not in BUILTINS:
                        out.setdefault(var, (info.name, line))
            cached = self._needs[name] = [(v, t, line) for v, (t, line) in sorted(out.items())]
        return cached


def template_findings(info: TemplateInfo, facts: Iterable[str] | None) -> list[Finding]:
    """Findings located in the template itself; names are checked against `facts`.

    `facts` None means some playbook could not be read, so the facts are not all known:
    reporting every variable as unknown would bury the real problem.
    """
    if info.broken is not None:
        return [info.broken]
    known = set(facts or ())
    out = list(info.findings)
    for var, line in info.variables.items():
        if facts is None or var in BUILTINS or var in known:
            continue
        out.append(
            rules.UNKNOWN_TEMPLATE_VARIABLE.finding(
                Location(info.shown, line, info.column(line, var)),
                f"{var!r} is not a fact of any linted playbook, nor a built-in name"
                + suggestion(var, known | BUILTINS),
            )
        )
    for attr, line in info.org_fields.items():
        if attr in ORG_FIELDS:
            continue
        hint = did_you_mean(attr, ORG_FIELDS)
        out.append(
            rules.UNKNOWN_TEMPLATE_VARIABLE.finding(
                Location(info.shown, line, info.column(line, f"org.{attr}")),
                f"org.{attr} is not an organisation field"
                + (f"; did you mean org.{hint}?" if hint else ""),
            )
        )
    return out

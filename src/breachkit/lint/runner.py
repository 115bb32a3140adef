"""Find the files, run the rules, apply suppressions and the rule selection."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from breachkit.config import RuleSelection, apply_suppressions
from breachkit.errors import BreachkitError
from breachkit.findings import Finding
from breachkit.lint import rules
from breachkit.lint.playbooks import PlaybookResult, fact_names, lint_playbook
from breachkit.lint.templates import (
    REFERENCE_RULES,
    TemplateFolder,
    TemplateInfo,
    template_findings,
)
from breachkit.render import TEMPLATE_SUFFIXES
from breachkit.source import SourceError, load_yaml

PLAYBOOK_SUFFIXES = (".yaml", ".yml")
DEFAULT_PATHS = (Path("playbooks"), Path("templates"))


@dataclass
class LintResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0


@dataclass
class _Found:
    playbooks: list[Path] = field(default_factory=list)
    templates: list[tuple[Path, str]] = field(default_factory=list)  # (folder, name)


def _absolute(path: Path | str) -> Path:
    # Not Path.resolve(): a symlinked template must keep its own name, so that the renderer
    # can see it points out of the folder (BK305). abspath only normalises the text.
    return Path(os.path.abspath(path))  # noqa: PTH100


def _shown(path: Path) -> Path:
    """A path as short as it can be shown: relative to the current directory when inside."""
    absolute = _absolute(path)
    try:
        return absolute.relative_to(Path.cwd())
    except ValueError:
        return absolute


def _template_folder(file: Path, root: Path, templates: Path | None) -> Path:
    """The folder a template's includes resolve from, and that it must stay inside."""
    absolute = _absolute(file)
    if templates is not None and absolute.is_relative_to(_absolute(templates)):
        return _shown(templates)
    cwd = Path.cwd()
    for parent in absolute.parents:
        if parent.name == "templates":
            return _shown(parent)
        if parent == cwd:  # a `templates` folder above the project is none of ours
            break
    return _shown(root)


def discover(paths: Sequence[Path], templates: Path | None = None) -> _Found:
    """Playbooks and templates under `paths`; a path that does not exist is a usage error."""
    found = _Found()
    seen: set[str] = set()
    cwd = Path.cwd()
    inside = True

    def add(file: str, root: Path, explicit: bool) -> None:
        # Strings, not Paths, until a file is kept: a folder of 1,000 playbooks is walked
        # on every run, and Path objects cost more than the check.
        key = os.path.abspath(file)  # noqa: PTH100  (keeps symlinked names, see _absolute)
        if key in seen:
            return
        suffix = os.path.splitext(file)[1]  # noqa: PTH122
        if suffix in TEMPLATE_SUFFIXES:
            seen.add(key)
            folder = _template_folder(Path(file), root, templates)
            name = Path(key).relative_to(_absolute(folder)).as_posix()
            found.templates.append((folder, name))
        elif suffix in PLAYBOOK_SUFFIXES or explicit:
            # A file named on the command line is read as a playbook whatever its suffix:
            # pre-commit and editors pass exactly the files they mean.
            seen.add(key)
            found.playbooks.append(Path(os.path.relpath(key)) if inside else Path(key))

    for path in paths:
        if not path.exists() and not path.is_symlink():
            raise BreachkitError(
                f"{path}: no such file or directory",
                hint="name playbooks (.yaml) or templates (.j2), or folders holding them",
            )
        # Paths show relative to the current folder when they lie inside it.
        inside = _absolute(path).is_relative_to(cwd)
        if not path.is_dir():
            add(str(path), path.parent, explicit=True)
            continue
        # followlinks=False: a symlinked folder could loop, or lead out of the repository.
        for folder, dirs, files in os.walk(path, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(files):
                add(os.path.join(folder, name), path, explicit=False)  # noqa: PTH118
    return found


def _facts_beside(folders: set[Path], linted: set[str], facts: set[str]) -> set[str] | None:
    """Add the facts of the playbooks beside each template folder that were not linted.

    Linting one template (pre-commit passes only the changed files) would otherwise
    report every fact it uses as unknown. Only fact names are read, without validation.
    None when one of them cannot be read: the facts are then not all known.
    """
    out = set(facts)
    for folder in folders:
        beside = _absolute(folder).parent / "playbooks"
        if not beside.is_dir():
            continue
        for path in sorted(beside.rglob("*")):
            if path.suffix not in PLAYBOOK_SUFFIXES or str(path) in linted or not path.is_file():
                continue
            try:
                out |= fact_names(load_yaml(path).data)
            except SourceError:
                return None
    return out


class _Templates:
    """Template folders by real path, shared by every playbook and path that names them."""

    def __init__(self) -> None:
        self.folders: dict[str, TemplateFolder] = {}
        self.visited: dict[tuple[str, str], tuple[TemplateFolder, str]] = {}

    def folder(self, path: Path) -> TemplateFolder:
        key = os.path.realpath(path)
        if key not in self.folders:
            self.folders[key] = TemplateFolder(path)
        return self.folders[key]

    def visit(self, folder: TemplateFolder, name: str) -> None:
        """Report `name` (and what it includes) in the template's own findings."""
        if (str(folder.renderer.root), name) in self.visited:
            return  # and so were its includes: 1,000 playbooks share a few templates
        for info in folder.closure(name):
            self.visited.setdefault((str(folder.renderer.root), info.name), (folder, info.name))

    def infos(self) -> list[TemplateInfo]:
        return [folder.info(name) for folder, name in self.visited.values()]


def _drafts(result: PlaybookResult, folder: TemplateFolder, cache: _Templates) -> list[Finding]:
    """BK301/BK305 at the draft's `template:` line, and BK207 for facts nobody collects."""
    pb, smap = result.playbook, result.source_map
    if pb is None or smap is None:
        return []
    facts = pb.facts()
    out: list[Finding] = []
    for step_name, step in pb.steps.items():
        for i, draft in enumerate(step.drafts):
            where = smap.value(("steps", step_name, "drafts", i, "template"))
            info = folder.info(draft.template)
            if info.broken is not None and info.broken.rule in REFERENCE_RULES:
                out.append(rules.rule(info.broken.rule).finding(where, info.broken.message))
                continue
            cache.visit(folder, draft.template)
            if info.broken is not None:
                continue  # reported once, in the template
            for var, template, line in folder.needs(draft.template):
                if var in facts:
                    continue
                via = "" if template == draft.template else f" (through {template})"
                out.append(
                    rules.UNCOLLECTED_FACT.finding(
                        where,
                        f"template {draft.template!r}{via} uses {var!r} on line {line}, "
                        "but no step collects a fact of that name",
                    )
                )
    return out


def lint_paths(
    paths: Sequence[Path] = DEFAULT_PATHS,
    templates: Path | None = None,
    selection: RuleSelection | None = None,
) -> LintResult:
    """Lint the playbooks and templates under `paths`, and the templates playbooks use.

    Playbooks use templates from `templates`, or else the `templates/` folder beside
    their own folder. Raises BreachkitError only for usage errors (a missing path).
    """
    found = discover(paths, templates)
    cache = _Templates()
    findings: list[Finding] = []
    results = [lint_playbook(path) for path in found.playbooks]
    all_facts: set[str] | None = set()
    for result in results:
        if not result.parsed:
            all_facts = None
        elif all_facts is not None:
            all_facts.update(result.facts)
    for result in results:
        own = result.findings
        if result.playbook is not None and any(s.drafts for _, s in result.playbook.steps.items()):
            beside = _absolute(result.path).parent.parent / "templates"
            folder_path = templates or _shown(beside)
            own += _drafts(result, cache.folder(folder_path), cache)
        findings += apply_suppressions(own, result.text) if result.text else own
    for folder_path, name in found.templates:
        cache.visit(cache.folder(folder_path), name)
    if found.templates and all_facts is not None:
        linted = {os.path.abspath(r.path) for r in results}  # noqa: PTH100
        folders = {folder for folder, _ in found.templates}
        all_facts = _facts_beside(folders, linted, all_facts)
    infos = cache.infos()
    for info in infos:
        own = template_findings(info, all_facts)
        findings += apply_suppressions(own, info.text) if info.text else own
    selection = selection or RuleSelection()
    findings = [f for f in findings if selection.enabled(f.rule, f.name)]
    return LintResult(sorted(findings), len(results) + len(infos))

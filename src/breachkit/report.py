"""Findings to text, JSON, SARIF 2.1.0 and GitHub workflow commands."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from breachkit import __version__
from breachkit.findings import Finding, Rule, Severity

FORMATS = ("text", "json", "sarif", "github")

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(
    findings: Sequence[Finding], fmt: str, rules: Iterable[Rule] = (), tool: str = "breachkit"
) -> str:
    """Return the report of `findings` in `fmt`; `rules` documents them in SARIF."""
    if fmt == "text":
        return "".join(f"{f}\n" for f in findings)
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        # GitHub shows at most 10 annotations of a kind per step: the plain report follows.
        lines = [_github(f) for f in findings]
        lines += [str(f) for f in findings]
        return "".join(f"{line}\n" for line in lines)
    if fmt == "sarif":
        return json.dumps(sarif(findings, rules, tool), indent=2, ensure_ascii=False) + "\n"
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def summary(findings: Sequence[Finding], files: int) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if not findings:
        return f"All clear: {files} file{'s' if files != 1 else ''} checked, no findings."
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"{', '.join(parts)} in {files} file{'s' if files != 1 else ''}."


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(f: Finding) -> str:
    level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(f.severity, "notice")
    props = ",".join(
        [
            f"file={_escape_property(f.location.path)}",
            f"line={f.location.line}",
            f"col={f.location.column}",
            f"title={_escape_property(f'{f.rule} {f.name}')}",
        ]
    )
    return f"::{level} {props}::{_escape_data(f.message)}"


def _uri(path: str) -> str:
    # SARIF consumers resolve relative URIs against the checkout: keep them repo-relative.
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return p.as_posix()


def sarif(findings: Sequence[Finding], rules: Iterable[Rule], tool: str) -> dict[str, Any]:
    rule_list = sorted({r.code: r for r in rules}.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rule_list)}
    results: list[dict[str, Any]] = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(f.location.path)},
                        "region": {
                            "startLine": f.location.line,
                            "startColumn": f.location.column,
                        },
                    }
                }
            ],
        }
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        results.append(result)
    return {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": tool,
                        "version": __version__,
                        "informationUri": "https://github.com/breachkit/breachkit",
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.name,
                                "shortDescription": {"text": r.summary},
                                "fullDescription": {"text": r.why},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                                "help": {
                                    "text": f"{r.why}\n\nBad:\n{r.bad}\n\nGood:\n{r.good}",
                                },
                            }
                            for r in rule_list
                        ],
                    }
                },
                "results": results,
            }
        ],
    }

"""Problems as values: locations, findings and the rules that produce them.

Shared by `breachkit lint` (playbooks and templates) and `breachkit check` (drafts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file; line and column are 1-based."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Rule:
    """A documented check. `name` reads as 'allow NAME' (ruff's naming convention)."""

    code: str
    name: str
    severity: Severity
    summary: str
    why: str
    bad: str
    good: str
    source: str = ""  # where the rule comes from: a DOMAIN.md case, a regulation, a study

    def finding(
        self,
        location: Location,
        message: str,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(location, self.code, self.name, severity or self.severity, message)


@dataclass(frozen=True, order=True)
class Finding:
    location: Location
    rule: str
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=True)

    def __str__(self) -> str:
        return f"{self.location}: {self.rule} {self.message} ({self.name})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "rule": self.rule,
            "name": self.name,
            "severity": str(self.severity),
            "message": self.message,
        }


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)

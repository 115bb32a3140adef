"""`breachkit lint`: check playbooks and templates before an incident needs them.

    from breachkit.lint import lint_paths
    result = lint_paths([Path("playbooks"), Path("templates")])

The rules live in `breachkit.lint.rules` (an explicit registry); playbook rules in
`breachkit.lint.playbooks`, template rules in `breachkit.lint.templates`.

Names load on first use, so `breachkit lint --list-rules` (and anything else that needs
only the registry) does not pay for building the pydantic models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from breachkit.lint.rules import BY_CODE, RULES
    from breachkit.lint.runner import DEFAULT_PATHS, LintResult, discover, lint_paths

__all__ = ["BY_CODE", "DEFAULT_PATHS", "RULES", "LintResult", "discover", "lint_paths"]

_RULES = frozenset({"BY_CODE", "RULES"})


def __getattr__(name: str) -> Any:
    if name in _RULES:
        from breachkit.lint import rules

        return getattr(rules, name)
    if name in __all__:
        from breachkit.lint import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

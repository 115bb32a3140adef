"""`breachkit lint`: check playbooks and templates before an incident needs them.

    from breachkit.lint import lint_paths
    result = lint_paths([Path("playbooks"), Path("templates")])

The rules live in `breachkit.lint.rules` (an explicit registry); playbook rules in
`breachkit.lint.playbooks`, template rules in `breachkit.lint.templates`.
"""

from __future__ import annotations

from breachkit.lint.rules import BY_CODE, RULES
from breachkit.lint.runner import DEFAULT_PATHS, LintResult, discover, lint_paths

__all__ = ["BY_CODE", "DEFAULT_PATHS", "RULES", "LintResult", "discover", "lint_paths"]

"""docs/rules.md, generated from the registry so the two cannot disagree.

    python -m breachkit.lint.docs > docs/rules.md

A test compares the committed file with this output.
"""

from __future__ import annotations

import sys

from breachkit.lint.rules import RULES

_INTRO = """\
# Lint rules

`breachkit lint` checks playbooks and the templates they use. Every rule has a code, a
name that reads as "allow NAME", and a severity: errors (exit status 1) break a run;
warnings are reported but exit 0.

Choose rules with `--select` / `--ignore` or in `pyproject.toml`:

```toml
[tool.breachkit.lint]
select = ["BK1", "BK2", "BK3"]     # codes, code prefixes or names; default: all
ignore = ["misordered-steps"]
```

Suppress one finding with a comment on its line: `# breachkit: ignore[BK104]` in YAML,
`{# breachkit: ignore[BK303] #}` in a template; `ignore-file[CODE]` anywhere in a file
suppresses the rule for the whole file.

Codes: BK1xx YAML and structure, BK2xx playbook meaning, BK3xx templates. This page is
generated from `src/breachkit/lint/rules.py` (`python -m breachkit.lint.docs`).

| code | name | severity | summary |
|---|---|---|---|
"""


_JINJA_EXAMPLES = frozenset({"BK302", "BK303", "BK305"})


def rules_markdown() -> str:
    parts = [_INTRO]
    parts += [f"| {r.code} | `{r.name}` | {r.severity} | {r.summary} |\n" for r in RULES]
    for r in RULES:
        lang = "jinja" if r.code in _JINJA_EXAMPLES else "yaml"
        parts.append(
            f"\n## {r.code} {r.name}\n\n"
            f"**Severity:** {r.severity}\n\n"
            f"{r.summary}\n\n"
            f"**Why:** {r.why}\n\n"
            + (f"**Source:** {r.source}\n\n" if r.source else "")
            + f"Bad:\n\n```{lang}\n{r.bad}\n```\n\n"
            f"Good:\n\n```{lang}\n{r.good}\n```\n"
        )
    return "".join(parts)


if __name__ == "__main__":
    sys.stdout.write(rules_markdown())

"""Draft checks: what an apology must and must not say.

    from breachkit.checks import check_draft
    findings = check_draft(text, path="ack.md", channel="social", step="acknowledge")

Works on any draft, whoever wrote it: Markdown, plain text or HTML, with optional front
matter (`---` / `channel: social` / `step: acknowledge` / `regime: ...` / `audience:
...` / `---`). Which rules apply depends on the channel, step, regime and audience; see
docs/checks.md (generated from the registry by `python -m breachkit.checks.docs`).
"""

from __future__ import annotations

from breachkit import CHANNELS
from breachkit.checks.draft import (
    MAX_DRAFT_CHARS,
    Context,
    Draft,
    parse_front_matter,
    resolve_context,
)
from breachkit.checks.rules import CHECKS, RULES, Check
from breachkit.config import RuleSelection, apply_suppressions
from breachkit.errors import BreachkitError
from breachkit.findings import Finding, Location, Rule

__all__ = [
    "CHANNELS",
    "CHECKS",
    "RULES",
    "Check",
    "Context",
    "check_draft",
    "context_for",
    "rule",
    "unknown_selectors",
]


def check_draft(
    text: str,
    *,
    path: str = "<draft>",
    channel: str | None = None,
    step: str | None = None,
    regime: str | None = None,
    audience: str | None = None,
    selection: RuleSelection | None = None,
) -> list[Finding]:
    """Check one draft; return its findings, sorted by place.

    Options win over the draft's front matter; the channel falls back to the file name
    (`ack.social.md`, `notice.sms`) and then to email. `selection` turns rules on and off
    (the CLI passes `[check]` from the configuration); `breachkit: ignore[BC101]` in a
    comment suppresses a rule on its line, `ignore-file[...]` in the whole draft.

    Raises BreachkitError for an unknown channel or step, or a draft too large to be one.
    """
    if len(text) > MAX_DRAFT_CHARS:
        raise BreachkitError(
            f"draft is {len(text):,} characters; the limit is {MAX_DRAFT_CHARS:,}",
            Location(path),
            hint="check one notice per file",
        )
    # Windows line ends: one newline per line for the patterns; lines and columns agree.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    front = parse_front_matter(text, path)
    ctx = resolve_context(front, path, channel, step, regime, audience)
    draft = Draft(text, path, front.end, front.values)
    findings: list[Finding] = []
    for check in CHECKS.values():
        r = check.rule
        if selection is not None and not selection.enabled(r.code, r.name):
            continue
        if not check.applies(ctx):
            continue
        for hit in check.run(draft, ctx):
            findings.append(r.finding(draft.location(hit.offset), hit.message, hit.severity))
    return sorted(apply_suppressions(findings, text))


def context_for(
    text: str,
    *,
    path: str = "<draft>",
    channel: str | None = None,
    step: str | None = None,
    regime: str | None = None,
    audience: str | None = None,
) -> Context:
    """The context `check_draft` would check `text` in (for tools that explain scope)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return resolve_context(parse_front_matter(text, path), path, channel, step, regime, audience)


def rule(code_or_name: str) -> Rule:
    """The rule with this code or name; KeyError if there is none."""
    for r in RULES:
        if code_or_name in (r.code, r.name):
            return r
    raise KeyError(code_or_name)


def unknown_selectors(selectors: list[str] | tuple[str, ...]) -> list[str]:
    """The selectors that match no rule: a code, a code prefix or a name."""
    return [s for s in selectors if not any(s == r.name or r.code.startswith(s) for r in RULES)]

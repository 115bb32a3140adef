"""The only module that imports rich: output, colour, prompts.

rich honours NO_COLOR and non-terminals by itself; we create consoles lazily so that
commands which print plain text (lint, --help, completion) never pay for rich's import.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def color_enabled() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def write(text: str) -> None:
    """Plain text to stdout, no markup: reports, JSON and drafts go through here."""
    sys.stdout.write(text)
    sys.stdout.flush()


def error(message: str) -> None:
    """An error for a person: 'error:' in red where colour is on, then the message verbatim."""
    from rich.text import Text

    err().print(Text("error: ", style="bold red") + Text(message))


def warn(message: str) -> None:
    from rich.text import Text

    err().print(Text("warning: ", style="bold yellow") + Text(message))


def info(message: str, style: str = "") -> None:
    from rich.text import Text

    err().print(Text(message, style=style))


def ask(question: str, *, default: str | None = None, help_text: str = "") -> str:
    """A prompt on the terminal; EOF (a closed terminal) raises KeyboardInterrupt."""
    from rich.prompt import Prompt

    if help_text:
        err().print(f"  [dim]{_escape(help_text)}[/dim]")
    try:
        return Prompt.ask(_escape(question), default=default, console=err()) or ""
    except EOFError:
        raise KeyboardInterrupt from None


def choose(question: str, choices: list[str], default: str) -> str:
    from rich.prompt import Prompt

    try:
        return Prompt.ask(_escape(question), choices=choices, default=default, console=err())
    except EOFError:
        raise KeyboardInterrupt from None


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def heading(text: str) -> None:
    from rich.rule import Rule

    err().print(Rule(_escape(text), style="bold cyan"))


def show_status(data: dict[str, Any], tz_name: str) -> None:
    """The incident at a glance: steps, deadlines (overdue loudly), tasks, drafts, regimes."""
    from rich.table import Table
    from rich.text import Text

    c = out()
    c.print(Text(f"{data['id']}  {data['title']}", style="bold"))
    step = data["current_step"] or "all steps complete"
    c.print(
        f"Playbook {data['playbook']}  ·  current step: [bold]{step}[/bold]  ·  times in {tz_name}"
    )
    steps = Table(title="Steps", title_justify="left", expand=False)
    for col in ("step", "state", "completed"):
        steps.add_column(col)
    for s in data["steps"]:
        style = {"complete": "green", "active": "bold yellow"}.get(s["state"], "dim")
        steps.add_row(s["name"], Text(s["state"], style=style), s["completed_local"] or "-")
    c.print(steps)
    dl = Table(title="Deadlines", title_justify="left")
    for col in ("deadline", "due", "state", "time left"):
        dl.add_column(col)
    for d in data["deadlines"]:
        state = d["state"]
        style = {
            "overdue": "bold white on red",
            "late": "bold red",
            "met": "green",
            "open": "yellow",
            "pending": "dim",
        }.get(state, "")
        label = state.upper() if state in ("overdue", "late") else state
        dl.add_row(
            _escape(d["name"]),
            d.get("due_local") or "-",
            Text(label, style=style),
            d.get("left") or "-",
        )
    c.print(dl)
    if data.get("missing"):
        c.print(Text("Waiting for facts:", style="bold"))
        for m in data["missing"]:
            c.print(f"  {m['step']}: [bold]{m['fact']}[/bold] - {_escape(m['prompt'])}")
    open_tasks = [t for t in data["tasks"] if t["state"] == "open"]
    if open_tasks:
        c.print(Text(f"Open tasks ({len(open_tasks)}):", style="bold"))
        for t in open_tasks:
            c.print(
                f"  [ ] {t['id']}: {_escape(t['title'])} [dim]({t['owner']}, {t['step']})[/dim]"
            )
    if data["drafts"]:
        dr = Table(title="Drafts", title_justify="left")
        for col in ("draft", "state", "findings", "path"):
            dr.add_column(col)
        for d in data["drafts"]:
            style = {"approved": "green", "stale": "bold red", "draft": "yellow"}[d["state"]]
            dr.add_row(
                d["id"],
                Text(d["state"], style=style),
                f"{d['errors']} errors, {d['warnings']} warnings",
                d["path"],
            )
        c.print(dr)
    if data["regimes"]:
        c.print(Text("Regulators' clocks that may apply:", style="bold"))
        for r in data["regimes"]:
            mark = "applies" if r["applies"] else "may apply"
            c.print(f"  {r['name']} ({_escape(r['citation'])}): {mark}: {_escape(r['why'])}")
        c.print(Text(data["disclaimer"], style="italic"))


class ProgressBar:
    """A progress bar with count, rate and time left on stderr; started on first update."""

    def __init__(self, label: str, unit: str = "msg") -> None:
        self.label = label
        self.unit = unit
        self._progress: Any = None
        self._task: Any = None

    def update(self, done: int, total: int) -> None:
        if self._progress is None:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                ProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.text import Text

            unit = self.unit

            class Rate(ProgressColumn):
                def render(self, task: Any) -> Text:
                    speed = task.finished_speed or task.speed or 0
                    return Text(f"{speed:,.0f} {unit}/s", style="cyan")

            self._progress = Progress(
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                Rate(),
                TimeRemainingColumn(),
                console=err(),
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=total)
        self._progress.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

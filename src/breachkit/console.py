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
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def color_enabled() -> bool:
    """Colour on a terminal unless NO_COLOR is set (any value, per no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


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


_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "cyan": "36",
    "alarm": "1;97;41",
}


def _paint(text: str, style: str, color: bool) -> str:
    if not color or not style:
        return text
    codes = ";".join(_SGR[s] for s in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


def _table(title: str, header: list[str], rows: list[list[tuple[str, str]]], color: bool) -> str:
    """Aligned columns; each cell is (text, style). Plain text where colour is off."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, (text, _) in enumerate(row):
            widths[i] = max(widths[i], len(text))
    widths[-1] = 0  # no padding after the last column

    def line(cells: list[tuple[str, str]]) -> str:
        return "  ".join(
            _paint(t.ljust(w), st, color) for (t, st), w in zip(cells, widths, strict=True)
        )

    lines = [_paint(title, "bold", color), line([(h, "dim") for h in header])]
    lines += [line(row) for row in rows]
    return "\n".join(lines) + "\n\n"


def show_status(data: dict[str, Any], tz_name: str) -> None:
    """The incident at a glance: steps, deadlines (overdue loudly), tasks, drafts, regimes.

    Written without rich: `status` is run again and again during an incident, and plain
    aligned columns cost a fraction of rich's tables to import and lay out.
    """
    color = color_enabled()
    parts: list[str] = []
    step = data["current_step"] or "all steps complete"
    parts.append(_paint(f"{data['id']}  {data['title']}", "bold", color) + "\n")
    parts.append(
        f"Playbook {data['playbook']}  ·  current step: "
        f"{_paint(step, 'bold', color)}  ·  times in {tz_name}\n\n"
    )
    step_style = {"complete": "green", "active": "bold yellow"}
    parts.append(
        _table(
            "Steps",
            ["step", "state", "completed"],
            [
                [
                    (s["name"], ""),
                    (s["state"], step_style.get(s["state"], "dim")),
                    (s.get("completed_local") or "-", ""),
                ]
                for s in data["steps"]
            ],
            color,
        )
    )
    deadline_style = {
        "overdue": "alarm",
        "late": "bold red",
        "met": "green",
        "open": "yellow",
        "pending": "dim",
    }
    rows = []
    for d in data["deadlines"]:
        state = d["state"]
        label = state.upper() if state in ("overdue", "late") else state
        rows.append(
            [
                (d["name"], ""),
                (d.get("due_local") or "-", ""),
                (label, deadline_style.get(state, "")),
                (d.get("left") or "-", ""),
            ]
        )
    parts.append(_table("Deadlines", ["deadline", "due", "state", "time left"], rows, color))
    if data.get("missing"):
        parts.append(_paint("Waiting for facts:", "bold", color) + "\n")
        parts += [
            f"  {m['step']}: {_paint(m['fact'], 'bold', color)} - {m['prompt']}\n"
            for m in data["missing"]
        ]
        parts.append("\n")
    open_tasks = [t for t in data["tasks"] if t["state"] == "open"]
    if open_tasks:
        parts.append(_paint(f"Open tasks ({len(open_tasks)}):", "bold", color) + "\n")
        parts += [
            f"  [ ] {t['id']}: {t['title']} "
            + _paint(f"({t['owner']}, {t['step']})", "dim", color)
            + "\n"
            for t in open_tasks
        ]
        parts.append("\n")
    if data["drafts"]:
        draft_style = {"approved": "green", "stale": "bold red", "draft": "yellow"}
        parts.append(
            _table(
                "Drafts",
                ["draft", "state", "findings", "path"],
                [
                    [
                        (d["id"], ""),
                        (d["state"], draft_style[d["state"]]),
                        (f"{d['errors']} errors, {d['warnings']} warnings", ""),
                        (d["path"], ""),
                    ]
                    for d in data["drafts"]
                ],
                color,
            )
        )
    if data["regimes"]:
        parts.append(_paint("Regulators' clocks that apply or may apply:", "bold", color) + "\n")
        for r in data["regimes"]:
            mark = "applies" if r["applies"] else "may apply"
            parts.append(f"  {r['name']} ({r['citation']}): {mark}: {r['why']}\n")
        parts.append(_paint(data["disclaimer"], "italic", color) + "\n")
    write("".join(parts))


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

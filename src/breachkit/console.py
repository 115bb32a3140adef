"""The only module that imports rich: output, colour, prompts.

rich honours NO_COLOR and non-terminals by itself; we create consoles lazily so that
commands which print plain text (lint, --help, completion) never pay for rich's import.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@functools.cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


@functools.cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


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

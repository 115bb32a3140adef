"""The one error type users see, and the exit codes every command shares."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum

from breachkit.findings import Location


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # lint/check found an error, or a run could not finish (missing facts)
    USAGE = 2  # bad arguments, unreadable or invalid input, I/O errors
    INTERRUPTED = 130


class BreachkitError(Exception):
    """An error the user can act on: what went wrong, where, and what to do about it."""

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        hint: str | None = None,
        exit_code: ExitCode = ExitCode.USAGE,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """The closest of `options` to a mistyped `word`, for an error's hint."""
    import difflib

    hits = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return hits[0] if hits else None


def suggestion(word: str, options: Iterable[str]) -> str:
    """The end of a message: `; did you mean 'x'?`, or nothing when no option is close."""
    hint = did_you_mean(word, options)
    return f"; did you mean {hint!r}?" if hint else ""

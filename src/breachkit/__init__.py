"""breachkit: walk a data-breach response through five steps and write the drafts it needs."""

__version__ = "0.1.0"

STEPS: tuple[str, ...] = ("identify", "acknowledge", "assure", "resolve", "compensate")
"""The five steps of a breach response, in the only order they run."""

CHANNELS: tuple[str, ...] = (
    "email",
    "letter",
    "social",
    "sms",
    "status",
    "blog",
    "regulator",
    "press",
    "internal",
)
"""Where a draft goes; decides which checks apply (length limits, salutation, ...)."""

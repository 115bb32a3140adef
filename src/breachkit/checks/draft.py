"""A draft as the checks see it: front matter, visible text, and a map back to the file.

The checks match phrases in the *visible* text (HTML tags, comments and entities
removed, curly quotes straightened), but findings must point at the line and column of
the phrase in the file the user opened. `Draft` keeps both: `body` is the cleaned text
and `position()` maps an offset in it back to a 1-based line and column of `raw`.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
from dataclasses import dataclass
from pathlib import PurePath

from breachkit import CHANNELS, STEPS
from breachkit.errors import BreachkitError, did_you_mean
from breachkit.findings import Location

DEFAULT_CHANNEL = "email"

# File-name words that name a channel: `ack.social.md`, `notice-letter.html`, `x.tweet`.
_NAME_CHANNELS: dict[str, str] = {
    **{c: c for c in CHANNELS},
    "eml": "email",
    "mail": "email",
    "tweet": "social",
    "toot": "social",
    "statuspage": "status",
}

# Audiences: anything not listed is treated as people outside the company (customers).
_AUDIENCE_KINDS: dict[str, str] = {
    **dict.fromkeys(
        ("internal", "staff", "employees", "team", "board", "executives", "support"),
        "internal",
    ),
    **dict.fromkeys(
        (
            "regulator",
            "regulators",
            "authority",
            "supervisory-authority",
            "dpa",
            "ico",
            "attorney-general",
            "hhs",
            "sec",
            "csirt",
        ),
        "regulator",
    ),
    **dict.fromkeys(("press", "media", "journalists"), "press"),
    **dict.fromkeys(("investors", "shareholders"), "investors"),
}

# Drafts are letters, not books (a long notice is 5,000 characters). Every rule scans the
# whole text, so cap it: 200,000 characters check in about 3 s at worst.
MAX_DRAFT_CHARS = 200_000

_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")

# HTML elements we strip. Only real tag names: `<name>` or `<First Name>` in a plain-text
# draft is an unfilled placeholder that BC109 must still see, not markup.
_BLOCK_TAGS = (
    "address|article|aside|blockquote|body|br|caption|center|dd|div|dl|dt|figcaption|figure|"
    "footer|form|h[1-6]|head|header|hr|html|li|main|nav|ol|p|pre|section|table|tbody|td|"
    "tfoot|th|thead|title|tr|ul"
)
_INLINE_TAGS = (
    "a|abbr|b|big|button|cite|code|em|font|i|img|input|label|link|mark|meta|q|s|small|span|"
    "strong|sub|sup|time|tt|u"
)
_MARKUP = re.compile(
    r"(?P<comment><!--.*?(?:-->|\Z))"
    r"|(?P<hidden><(?P<hname>script|style)\b[^>]*>.*?(?:</(?P=hname)\s*>|\Z))"
    rf"|(?P<block></?(?:{_BLOCK_TAGS})\b[^<>]{{0,2000}}>)"
    rf"|(?P<inline></?(?:{_INLINE_TAGS})\b[^<>]{{0,2000}}>)"
    r"|(?P<entity>&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)",
    re.IGNORECASE | re.DOTALL,
)

# One character for one character, so offsets survive: the patterns only know ' and ".
_STRAIGHTEN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)

# A sentence ends at . ! ? followed by space, but not at an ellipsis ("... let me know"
# belongs to the sentence before it); blank lines, headings and list items end one too.
_SENTENCE_END = re.compile(r"(?<![.\u2026])[.!?]+(?=[\s\"')\]]|$)(?<!\.\.\.)|\n[ \t]*\n")
_SHORT_LINE_WORDS = 6
_LIST_OR_HEADING = re.compile(r"\n(?=[ \t]*(?:[-*+\u2022]\s|\d{1,2}[.)]\s|#{1,6}\s|>))")


@dataclass(frozen=True)
class Context:
    """Where a draft goes: decides which checks apply. Values are validated."""

    channel: str = DEFAULT_CHANNEL
    step: str | None = None
    regime: str | None = None
    audience: str | None = None

    @property
    def audience_kind(self) -> str:
        """customer | internal | regulator | press | investors."""
        if self.channel in ("internal", "regulator", "press"):
            return self.channel
        if self.audience is None:
            return "customer"
        return _AUDIENCE_KINDS.get(self.audience.strip().lower(), "customer")

    @property
    def regime_family(self) -> str | None:
        """california | gdpr-33 | gdpr-34 | hipaa, or None (no regime, or one we only know
        generically). Ids vary between playbooks (`gdpr-art33`, `uk-gdpr`, `ca-1798.82`),
        so match loosely on what they contain."""
        if not self.regime:
            return None
        r = self.regime.strip().lower()
        if "gdpr" in r:
            if "33" in r:
                return "gdpr-33"
            if "34" in r:
                return "gdpr-34"
            return "gdpr-33" if self.audience_kind == "regulator" else "gdpr-34"
        if "1798" in r or "california" in r or re.fullmatch(r"(?:us-)?ca(?:[-_.].*)?", r):
            return "california"
        if "hipaa" in r:
            return "hipaa"
        return None

    @property
    def external(self) -> bool:
        """Read by people outside the company (the wording rules apply)."""
        return self.audience_kind != "internal"

    @property
    def personal(self) -> bool:
        """A message addressed to one person: email or letter to a customer."""
        return self.channel in ("email", "letter") and self.audience_kind == "customer"

    @property
    def notice(self) -> bool:
        """A customer breach notice: the full spine of content applies.

        Email or letter to customers at the resolve or compensate step, or under a
        regime. An unknown step counts: a draft checked without context is most likely
        the notice, and the strict reading is the safe one (pass --step to relax it).
        """
        return self.personal and (
            self.step in (None, "resolve", "compensate") or self.regime is not None
        )

    @property
    def to_regulator(self) -> bool:
        return self.audience_kind == "regulator"


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, str]
    places: dict[str, Location]  # where each value starts, for error messages
    end: int  # offset in the text where the body starts


def parse_front_matter(text: str, path: str) -> FrontMatter:
    """`---` / `key: value` lines / `---` at the very start; otherwise no front matter.

    A tiny parser on purpose: drafts come from strangers, and a full YAML parser here
    would drag its load time and its surprises (`no` is False) into every check.
    """
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return FrontMatter({}, {}, 0)
    values: dict[str, str] = {}
    places: dict[str, Location] = {}
    offset = text.index("\n") + 1
    number = 1
    while offset < len(text):
        newline = text.find("\n", offset)
        end = len(text) if newline < 0 else newline + 1
        line = text[offset:end].rstrip("\r\n")
        number += 1
        if line.strip() in ("---", "..."):
            return FrontMatter(values, places, end)
        m = _FRONT_KEY.match(line)
        if m:
            value = m[2]
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            key = m[1].lower()
            values[key] = value
            places[key] = Location(path, number, m.start(2) + 1)
        elif line.strip() and not line.lstrip().startswith("#") and not line[0].isspace():
            # Not key: value and not a comment: this is no front matter (e.g. a
            # Markdown rule `---` followed by prose). Check the whole file as body.
            return FrontMatter({}, {}, 0)
        offset = end
    return FrontMatter({}, {}, 0)  # never closed: not front matter


def _choose(
    name: str,
    value: str | None,
    allowed: tuple[str, ...],
    where: Location | None,
    source: str,
) -> str:
    v = (value or "").strip().lower()
    if v in allowed:
        return v
    close = did_you_mean(v, allowed)
    hint = f"did you mean {close!r}? " if close else ""
    raise BreachkitError(
        f"unknown {name} {value!r} in {source}",
        where,
        hint=f"{hint}the {name}s are {', '.join(allowed)}",
    )


def channel_from_path(path: str) -> str | None:
    """The channel a file name names: its extension or a word in it, last one first."""
    name = PurePath(path).name.lower()
    for word in reversed(re.split(r"[-_.\s]+", name)):
        if word in _NAME_CHANNELS:
            return _NAME_CHANNELS[word]
    return None


def resolve_context(
    front: FrontMatter,
    path: str,
    channel: str | None,
    step: str | None,
    regime: str | None,
    audience: str | None,
) -> Context:
    """Options win over front matter, front matter over the file name; default: email."""
    opt = None  # an option has no place in the draft
    fm = front.values

    if channel is not None:
        chosen_channel = _choose("channel", channel, CHANNELS, opt, "options")
    elif fm.get("channel"):
        chosen_channel = _choose(
            "channel", fm["channel"], CHANNELS, front.places["channel"], "front matter"
        )
    else:
        chosen_channel = channel_from_path(path) or DEFAULT_CHANNEL

    chosen_step: str | None = None
    if step is not None:
        chosen_step = _choose("step", step, STEPS, opt, "options")
    elif fm.get("step"):
        chosen_step = _choose("step", fm["step"], STEPS, front.places["step"], "front matter")

    chosen_regime = regime if regime is not None else (fm.get("regime") or None)
    chosen_audience = audience if audience is not None else (fm.get("audience") or None)
    return Context(chosen_channel, chosen_step, chosen_regime or None, chosen_audience or None)


class Draft:
    """The text of a draft, cleaned for matching, with positions mapped back to the file."""

    def __init__(
        self,
        raw: str,
        path: str = "<draft>",
        start: int = 0,
        meta: dict[str, str] | None = None,
    ) -> None:
        self.raw = raw
        self.path = path
        self.meta = meta or {}  # the front matter: title/subject count as the notice title
        # raw offsets where each line starts, for offset -> (line, column)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", raw)]
        parts: list[str] = []
        # segments: (body offset, raw offset, advances); an inserted character (a newline
        # for a block tag, an unescaped entity) maps to where its markup starts
        self._seg_body: list[int] = []
        self._seg_raw: list[tuple[int, bool]] = []
        size = 0

        def add(piece: str, raw_at: int, advances: bool) -> None:
            nonlocal size
            if not piece:
                return
            self._seg_body.append(size)
            self._seg_raw.append((raw_at, advances))
            parts.append(piece)
            size += len(piece)

        at = start
        for m in _MARKUP.finditer(raw, start):
            add(raw[at : m.start()], at, True)
            if m["block"]:
                add("\n", m.start(), False)
            elif m["entity"]:
                add(html.unescape(m["entity"]), m.start(), False)
            elif m["comment"] or m["hidden"]:
                # keep the comment's line breaks: a sentence must not run across it
                add("\n" * min(m.group().count("\n"), 2), m.start(), False)
            at = m.end()
        add(raw[at:], at, True)
        self.body = "".join(parts).translate(_STRAIGHTEN)
        self.start = start

    def raw_offset(self, index: int) -> int:
        """The offset in `raw` of the character at `index` in `body`."""
        if not self._seg_body:
            return self.start
        i = max(0, bisect.bisect_right(self._seg_body, index) - 1)
        raw_at, advances = self._seg_raw[i]
        return raw_at + (index - self._seg_body[i] if advances else 0)

    def position(self, index: int) -> tuple[int, int]:
        """1-based line and column in the file of the body character at `index`."""
        offset = self.raw_offset(index)
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def location(self, index: int) -> Location:
        line, column = self.position(index)
        return Location(self.path, line, column)

    @functools.cached_property
    def first_text(self) -> int:
        """Body offset of the first visible character: where 'missing X' findings point."""
        m = re.search(r"\S", self.body)
        return m.start() if m else 0

    @functools.cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Spans of sentences (and headings, list items) in `body`."""
        cuts = {0, len(self.body)}
        for m in _SENTENCE_END.finditer(self.body):
            cuts.add(m.end())
        for m in _LIST_OR_HEADING.finditer(self.body):
            cuts.add(m.start())
        # A short line after a blank line or a finished one is a heading, salutation or
        # sign-off, not part of the next sentence ("Dear Maria," / "What Happened" /
        # "Sincerely," / "Maria Lopez"). A short line after an unfinished one is the
        # tail of a wrapped sentence ("... the next update by" / "01:00 UTC.").
        previous = ""
        for m in re.finditer(r"[^\n]*\n?", self.body):
            line = m.group().strip()
            if not m.group():
                break
            if (
                line
                and len(line.split()) <= _SHORT_LINE_WORDS
                and (not previous or previous[-1] in ".!?:,;")
            ):
                cuts.add(m.start())
                cuts.add(m.end())
            previous = line
        ordered = sorted(cuts)
        spans = []
        for a, b in itertools.pairwise(ordered):
            if self.body[a:b].strip():
                spans.append((a, b))
        return spans

    @functools.cached_property
    def _sentence_starts(self) -> list[int]:
        return [a for a, _ in self.sentences]

    def sentence_index(self, index: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, index) - 1)

    def sentence_at(self, index: int) -> tuple[int, int]:
        if not self.sentences:
            return 0, len(self.body)
        return self.sentences[self.sentence_index(index)]

    @functools.cached_property
    def lines(self) -> list[tuple[int, str]]:
        """Non-empty lines of `body` as (offset of first non-space character, text)."""
        out: list[tuple[int, str]] = []
        for m in re.finditer(r"[^\n]+", self.body):
            text = m.group()
            stripped = text.strip()
            if stripped:
                out.append((m.start() + len(text) - len(text.lstrip()), stripped))
        return out

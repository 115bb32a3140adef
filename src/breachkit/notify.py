"""Bulk notification: one message per recipient, never anyone else's address in it.

DOMAIN.md case 3: a sales rep mailed the whole customer list with every address visible,
then apologised the same way. `breachkit notify` renders a template once per recipient and
writes messages ready for an email service's bulk API (JSON Lines) or `.eml` files, with:

- **the safety property**: every message has exactly one recipient, and no message contains
  another recipient's address. The template is inspected (the names it reads) and rendered
  for two synthetic recipients before anything is written; then every message is scanned
  for address-like tokens, which are looked up in the set of all recipients' addresses
  (64-bit digests in a sorted array: 8 MB for a million, shared by forked workers);
- **nothing silently dropped**: malformed, empty, incomplete and duplicate rows go to
  `rejects.csv` with their line number and reason, and are counted;
- **resumable**: a checkpoint (atomic replace) records how many input records are done and
  the byte lengths of the outputs at that point; a rerun truncates to it and continues, so
  an interrupted run (Ctrl-C, kill -9) never yields a duplicate message;
- **streaming and parallel**: rows are read twice (a pre-pass for the digests and counts,
  then the run), never held in memory; batches go to worker processes that each build their
  own sandboxed renderer once, and the parent writes results in input order;
- **shardable**: `--shard K/N` keeps the recipients whose address digest is K-1 modulo N,
  so the same address always lands in the same shard.
"""

from __future__ import annotations

import binascii
import bisect
import csv
import hashlib
import io
import json
import os
import re
import shutil
import signal
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, tzinfo
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit.errors import BreachkitError, ExitCode
from breachkit.findings import Finding, Location, Severity
from breachkit.render import MAX_OUTPUT

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from breachkit.render import Renderer, Template

FORMATS = ("jsonl", "eml")
OUTBOX = "messages.jsonl"
EML_DIR = "messages"
REJECTS = "rejects.csv"
MANIFEST = "manifest.json"
CHECKPOINT = ".notify-checkpoint.json"
PARTS = ".notify-parts"  # workers' batch outputs, waiting to be appended in order
CHECKPOINT_VERSION = 1

BATCH = 1000  # rows per task: big enough that pickling and IPC are a small share of the work
CHECKPOINT_EVERY = 1.0  # seconds between checkpoints: at most this much work is redone
MAX_CHUNKS = 100_000  # template output pieces in one message; a letter has a few dozen
MAX_CELL = 4096  # characters in one recipient field; longer is not a name or a fact

# An address we send to: ASCII, one `@`, a dotted domain of valid labels (the HTML5 rule,
# plus a dot in the domain). Internationalised addresses need SMTPUTF8 end to end, which
# bulk-mail APIs do not all support, so they are rejected with a clear reason.
_LOCAL = "A-Za-z0-9.!#$%&'*+/=?^_`{|}~-"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL_RE = re.compile(rf"[{_LOCAL}]{{1,64}}@{_LABEL}(?:\.{_LABEL})+")
_LOCAL_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.!#$%&'*+/=?^_`{|}~-"
)
_DOMAIN_RUN = re.compile(r"[A-Za-z0-9.-]+")
_LOCAL_RUN = re.compile(rf"[{_LOCAL}]+\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
# Names that would hand a template the audience instead of the person: refused outright.
LEAKY_NAMES = frozenset(
    {"recipients", "all_recipients", "recipient_list", "mailing_list", "to", "cc", "bcc"}
)
# Honorifics that must not become a "first name" ("Dear Dr." is not a greeting).
_TITLES = frozenset(
    {"mr", "mrs", "ms", "mx", "miss", "dr", "prof", "sir", "dame", "rev", "herr", "frau", "mme"}
)
RESERVED = ("email", "name", "first_name", "greeting")

Progress = Callable[[int, int], None]


# ---- addresses ---------------------------------------------------------------------------


def digest(address: str) -> int:
    """A stable 64-bit digest of a lowercased address (shards and the recipient set).

    blake2b, not hash(): it must be the same in every process, Python version and machine,
    or shards run on different hosts would overlap.
    """
    raw = hashlib.blake2b(address.encode("utf-8"), digest_size=8, person=b"bk-notify").digest()
    return int.from_bytes(raw, "big")


class AddressSet:
    """Membership in the recipient list, in 8 bytes per address (a sorted array of digests).

    A Python set of a million strings takes over 100 MB; this takes 8 MB, and a forked
    worker shares it without copying since lookups never write to it.
    """

    def __init__(self, digests: array[int]) -> None:
        self._items = array("Q", sorted(digests))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, address: object) -> bool:
        if not isinstance(address, str):
            return False
        key = digest(address.lower())
        i = bisect.bisect_left(self._items, key)
        return i < len(self._items) and self._items[i] == key

    def duplicated(self) -> set[int]:
        """Digests that occur more than once: the only ones whose first sighting we track."""
        items, out = self._items, set()
        for i in range(1, len(items)):
            if items[i] == items[i - 1]:
                out.add(items[i])
        return out


def address_tokens(text: str) -> Iterator[tuple[str, str]]:
    """(local part, domain) around every `@` in `text`.

    Every `@` is expanded both ways instead of matching a pattern left to right, so two
    addresses glued together (`a@x.com.b@y.com`) still yield both.
    """
    find = text.find
    i = find("@")
    while i != -1:
        m = _LOCAL_RUN.search(text, max(0, i - 64), i)
        j = m.start() if m else i
        if j == max(0, i - 64) and j > 0:
            while j > 0 and text[j - 1] in _LOCAL_CHARS:  # longer than 64: rare, slow path
                j -= 1
        d = _DOMAIN_RUN.match(text, i + 1)
        if j < i and d:
            yield text[j:i], d.group().rstrip(".-")
        i = find("@", i + 1)


def _variants(local: str, domain: str) -> Iterator[str]:
    """Addresses a token could be read as: punctuation may glue text to either end."""
    locals_ = [local] + [local[k + 1 :] for k, c in enumerate(local) if not c.isalnum()]
    labels = domain.split(".")
    domains = [".".join(labels[:n]) for n in range(len(labels), 1, -1)]
    for lp in locals_:
        for dom in domains:
            if lp and dom:
                yield f"{lp}@{dom}".lower()


def foreign_addresses(
    texts: Sequence[str], own: str, allowed: frozenset[str], known: AddressSet
) -> list[str]:
    """Recipient addresses other than `own` that appear in `texts` (lowercased)."""
    found: list[str] = []
    for text in texts:
        if "@" not in text:
            continue
        for local, domain in address_tokens(text):
            full = f"{local}@{domain}".lower()
            # An exact token decides alone: bob@acme.com.au is not a mention of bob@acme.com.
            if full == own or full in allowed:
                continue
            if full in known:
                found.append(full)
                continue
            for candidate in _variants(local, domain):
                if candidate != own and candidate not in allowed and candidate in known:
                    found.append(candidate)
                    break
    return found


def org_addresses(org: Mapping[str, Any]) -> frozenset[str]:
    """The organisation's own addresses: they may appear in every message."""
    out: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.update(f"{lp}@{dom}".lower() for lp, dom in address_tokens(value))
        elif isinstance(value, Mapping):
            for v in value.values():
                walk(v)
        elif isinstance(value, list | tuple):
            for v in value:
                walk(v)

    walk(org)
    return frozenset(out)


# ---- input -------------------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    line: int  # 1-based line where the record starts
    values: dict[str, Any] | None
    source: list[str] | str  # CSV fields or the JSON line, for rejects.csv
    problem: str = ""

    def raw(self) -> str:
        if isinstance(self.source, str):
            return self.source
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(self.source)
        return buf.getvalue()


def input_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".txt", ".tsv"):
        return "csv"
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise BreachkitError(f"cannot read {path}: {exc.strerror}", Location(str(path))) from None
    return "jsonl" if head.startswith(b"{") else "csv"


def _canonical(column: str) -> str:
    key = column.strip()
    low = key.lower().replace("-", "_").replace(" ", "_")
    if low in ("email", "e_mail", "email_address"):
        return "email"
    if low in ("name", "full_name"):
        return "name"
    if low == "first_name":
        return "first_name"
    return key


def read_rows(path: Path) -> Iterator[Row]:
    """Records of a CSV (with a header) or JSON Lines file, with their line numbers.

    Structural problems (an empty row, too many fields, invalid JSON) are reported on the
    row rather than raised: they belong in rejects.csv, not in a traceback. A file with no
    `email` column at all is an error: every row would be rejected.
    """
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise BreachkitError(f"cannot read {path}: {exc.strerror}", Location(str(path))) from None
    try:
        with fh:
            if input_format(path) == "jsonl":
                yield from _jsonl_rows(fh)
            else:
                yield from _csv_rows(fh, path)
    except UnicodeDecodeError as exc:
        raise BreachkitError(
            f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})",
            Location(str(path)),
            hint="save the file as UTF-8 (CSV UTF-8 in spreadsheet programs)",
        ) from None
    except csv.Error as exc:
        raise BreachkitError(f"{path}: invalid CSV: {exc}", Location(str(path))) from None


def _csv_rows(fh: io.TextIOBase, path: Path) -> Iterator[Row]:
    reader = csv.reader(fh)
    header: list[str] | None = None
    last = 0
    for fields in reader:
        start, last = last + 1, reader.line_num
        if header is None:
            if not fields or not any(f.strip() for f in fields):
                continue  # blank lines before the header are not records
            header = [_canonical(f) for f in fields]
            seen: set[str] = set()
            for col in header:
                if col in seen:
                    raise BreachkitError(
                        f"column {col!r} appears twice in the header", Location(str(path), start)
                    )
                seen.add(col)
            if "email" not in header:
                raise BreachkitError(
                    "the recipients file has no `email` column",
                    Location(str(path), start),
                    hint=f"columns found: {', '.join(header) or 'none'}; "
                    "the first line must name the columns, one of them email",
                )
            if "greeting" in header:
                raise BreachkitError(
                    "`greeting` is computed by breachkit from the name; remove that column",
                    Location(str(path), start),
                    hint='"Dear <first name>" when a name is known, else "Hello"',
                )
            continue
        if not "".join(fields).strip():  # one C call: this runs for every row, twice
            yield Row(start, None, fields, "empty row")
        elif len(fields) > len(header):
            yield Row(
                start,
                None,
                fields,
                f"{len(fields)} fields, but the header has {len(header)} columns",
            )
        else:
            # A short row leaves its last columns out (not empty): a template that reads one
            # fails for this row alone, naming the column.
            yield Row(start, dict(zip(header, fields, strict=False)), fields)
    if header is None:
        raise BreachkitError(
            "the recipients file is empty", Location(str(path)), hint="expected a header line"
        )


def _jsonl_rows(fh: io.TextIOBase) -> Iterator[Row]:
    for line_no, line in enumerate(fh, 1):
        text = line.rstrip("\r\n")
        if not text.strip():
            yield Row(line_no, None, text, "empty row")
            continue
        try:
            data = json.loads(text)
        except ValueError as exc:
            yield Row(line_no, None, text, f"invalid JSON: {exc}")
            continue
        if not isinstance(data, dict):
            yield Row(line_no, None, text, "not a JSON object")
            continue
        values: dict[str, Any] = {}
        for key, value in data.items():
            col = _canonical(str(key))
            if col == "greeting":
                yield Row(line_no, None, text, "`greeting` is computed by breachkit; remove it")
                break
            values[col] = value
        else:
            yield Row(line_no, values, text)


def classify(row: Row) -> tuple[str, int] | str:
    """(address, digest) for a row we can send to, else the reason it is rejected."""
    if row.problem or row.values is None:
        return row.problem or "empty row"
    email = row.values.get("email")
    if email is None:
        return "missing required column email"
    if not isinstance(email, str) or not email.strip():
        return "missing email address" if not email else "malformed address"
    address = email.strip()
    if not EMAIL_RE.fullmatch(address):
        if not address.isascii():
            return "malformed address (internationalised addresses are not supported)"
        return "malformed address"
    return address, digest(address.lower())


# ---- recipients --------------------------------------------------------------------------


class RowError(Exception):
    """This row cannot become a message; the reason goes to rejects.csv."""


def first_name_of(name: str) -> str:
    if "," in name:  # "García, María"
        name = name.split(",", 1)[1]
    words = name.split()
    if not words:
        return ""
    if words[0].lower().rstrip(".") in _TITLES:
        return name.strip()  # "Dear Dr. Jane Smith", not "Dear Dr."
    return words[0]


def make_recipient(values: Mapping[str, Any], address: str) -> dict[str, Any]:
    """What a template sees as `recipient`: the row's columns plus email, names, greeting."""
    rec: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, str):
            if len(value) > MAX_CELL:
                raise RowError(f"column {key} is longer than {MAX_CELL} characters")
            value = value.strip()
        rec[key] = value
    name = rec.get("name")
    name = name if isinstance(name, str) else ("" if name is None else str(name))
    if _CONTROL.search(name):
        raise RowError("the name contains control characters (a line break?)")
    first = rec.get("first_name")
    first = first if isinstance(first, str) and first else first_name_of(name)
    if _CONTROL.search(first):
        raise RowError("the first name contains control characters")
    rec.update(
        email=address,
        name=name,
        first_name=first,
        # A human greeting either way: never "Dear customer" (DOMAIN.md case 1).
        greeting=f"Dear {first}" if first else "Hello",
    )
    return rec


# ---- HTML, cheaply -----------------------------------------------------------------------

_SAFE_VALUE = re.compile(r"[^\W_](?:[\w .@'+-]*[^\W_])?")
_PUA = re.compile("[\ue000-\uf8ff]")
_SHAPE = re.compile(r"[A-Za-z]+|[^\W\d_A-Za-z]+")
_DIGIT = re.compile(r"\d")
_ASCII_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "a" * 52 + "9" * 10
)
_ASCII_RUN = re.compile("a+")


def _shape(value: str) -> str:
    """Letters collapse ('a' ASCII, 'u' other); digits and punctuation are kept as they are.

    Markdown treats values of one shape alike: it cares whether a character is a letter, a
    digit or which punctuation mark, and how many digits begin a line (a list marker), not
    which letters or how many.
    """
    if value.isascii():
        return _ASCII_RUN.sub("a", value.translate(_ASCII_SHAPE))
    return _SHAPE.sub(_letters, _DIGIT.sub("9", value))


def _letters(m: re.Match[str]) -> str:
    return "a" if m.group()[0].isascii() else "u"


class HtmlMemo:
    """Markdown to HTML once per distinct *shape* of message, not once per recipient.

    Converting a letter with markdown-it costs ten times its rendering. Messages differ
    mostly by the recipient's values, so each value is masked with a private-use character,
    the masked text is converted once, and the values are put back. The first conversion of
    each masked text is verified against a full conversion; an entry that does not restore
    exactly is marked and always converted in full. Values that markdown could read as
    syntax (`*`, `<`, `&`, line breaks) are never masked.
    """

    LIMIT = 4096  # entries; a template whose text varies per row just stops hitting

    def __init__(self) -> None:
        from breachkit.render import to_html

        self.to_html = to_html
        self.cache: dict[tuple[str, str, tuple[str, ...]], str | None] = {}
        self.hits = self.misses = 0

    def html(self, body: str, title: str, values: Sequence[Any]) -> str:
        if _PUA.search(body) or _PUA.search(title):
            return self.to_html(body, title)
        masked = [
            v
            for v in values
            if type(v) is str
            and len(v) > 1
            and (v in body or v in title)
            and _SAFE_VALUE.fullmatch(v)
        ]
        if len(masked) > 1:
            # Longest first: the greeting "Dear Bob Smith" before the name inside it.
            masked = sorted(set(masked), key=lambda v: (-len(v), v))
        mbody, mtitle = body, title
        used: list[tuple[str, str]] = []
        for i, value in enumerate(masked):
            ph = chr(0xE000 + i)
            if value in mbody or value in mtitle:
                mbody, mtitle = mbody.replace(value, ph), mtitle.replace(value, ph)
                used.append((ph, value))
        key = (mbody, mtitle, tuple([_shape(v) for _, v in used]))
        cached = self.cache.get(key, "")
        if cached:
            self.hits += 1
            for ph, value in used:
                cached = cached.replace(ph, value)
            return cached
        real = self.to_html(body, title)
        if cached is None:
            return real
        self.misses += 1
        if len(self.cache) >= self.LIMIT:
            self.cache.clear()
        masked_html = self.to_html(mbody, mtitle)
        restored = masked_html
        for ph, value in used:
            restored = restored.replace(ph, value)
        self.cache[key] = masked_html if restored == real else None
        return real


# ---- messages ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """Everything a worker needs to build messages; picklable for spawn-based pools."""

    folder: Path
    template: str
    tz: tzinfo | None
    context: dict[str, Any]
    fmt: str
    out: Path
    sender: str  # the From header of .eml files ("" to leave it out)
    allowed: frozenset[str]
    known: AddressSet


@dataclass
class Message:
    to: str
    name: str
    subject: str
    text: str
    html: str


class Builder:
    """Renders and serialises messages; one per process, built once (the sandbox, the
    compiled template and subject, the HTML memo)."""

    def __init__(self, spec: Spec) -> None:
        from breachkit.render import Renderer

        self.spec = spec
        self.renderer = Renderer(spec.folder, tz=spec.tz)
        self.meta = self.renderer.template(spec.template).meta
        self.body_t = self.renderer.compile(spec.template)
        self.subject_t = self.renderer.env.from_string(self.meta.subject)
        self.subject_line = self.renderer.template(spec.template).meta_lines.get("subject", 1)
        self.context = dict(spec.context)
        # A subject that never mentions the recipient is the same in every message: render
        # it once (it costs as much as a short body).
        self._subject_fixed = "recipient" not in self.meta.subject
        self._subject: str | None = None
        self.memo = HtmlMemo()
        self._dirs: set[Path] = set()

    def render(self, recipient: dict[str, Any]) -> Message:
        """One message; TemplateError (with the template line) if the template fails."""
        ctx = self.context
        ctx["recipient"] = recipient
        body = self._generate(self.body_t, ctx).lstrip("\n")
        subject = self._subject
        if subject is None:
            # A line break in a subject would start a new header: it is one line.
            subject = " ".join(self._generate(self.subject_t, ctx, self.subject_line).split())
            if self._subject_fixed:
                self._subject = subject
        html = self.memo.html(body, subject, list(recipient.values()))
        return Message(recipient["email"], recipient["name"], subject, body, html)

    def _generate(self, template: Any, ctx: dict[str, Any], line: int | None = None) -> str:
        """Render with the output cap, without Renderer.collect's per-chunk bookkeeping; on any
        failure, render again through it for its error, which names the template line.

        The cap counts chunks in C (islice) and checks the size once: a runaway template
        makes many chunks, since the sandbox already caps what one expression may build.
        """
        try:
            chunks = list(islice(template.generate(ctx), MAX_CHUNKS))
            if len(chunks) < MAX_CHUNKS:
                text = "".join(chunks)
                if len(text) <= MAX_OUTPUT:
                    return text
        except Exception:  # rendered again below, for the error with its line
            pass
        result: str = self.renderer.collect(
            self.spec.template, lambda: template.generate(ctx), line=line
        )
        return result

    def leaks(self, msg: Message) -> list[str]:
        # The HTML is not scanned: it is a Markdown rendering of `text` (HtmlMemo puts back
        # only values found in `text`), so any address in it is in `text` too, and scanning
        # it again cost a fifth of the run.
        return foreign_addresses(
            (msg.subject, msg.name, msg.text),
            msg.to.lower(),
            self.spec.allowed,
            self.spec.known,
        )

    def jsonl(self, msg: Message) -> bytes:
        record = {
            "to": msg.to,
            "name": msg.name,
            "subject": msg.subject,
            "text": msg.text,
            "html": msg.html,
        }
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")

    def eml(self, msg: Message) -> bytes:
        return eml_bytes(msg, self.spec.sender)

    def process(self, items: Sequence[tuple[int, dict[str, Any], str]]) -> BatchResult:
        """Messages for a batch of (line, row values, address); rejects by line."""
        from breachkit.render import TemplateError

        chunks: list[bytes] = []
        rejects: list[tuple[int, str, str]] = []
        written = 0
        for line, values, address in items:
            try:
                msg = self.render(make_recipient(values, address))
            except RowError as exc:
                rejects.append((line, str(exc), "rejected"))
                continue
            except TemplateError as exc:
                rejects.append((line, f"template error: {exc.message}", "rejected"))
                continue
            if self.leaks(msg):
                # The message would reveal another recipient's address: it is not written.
                rejects.append(
                    (
                        line,
                        "blocked: the message would contain another recipient's address",
                        "blocked",
                    )
                )
                continue
            if self.spec.fmt == "eml":
                self._write_eml(line, self.eml(msg))
            else:
                chunks.append(self.jsonl(msg))
            written += 1
        return BatchResult(b"".join(chunks), rejects, written)

    def _write_eml(self, line: int, data: bytes) -> None:
        path = eml_path(self.spec.out, line)
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        # A file cut short by a kill lies past the checkpoint, so the rerun rewrites it.
        # os.open: a million files, and Python's buffered file object costs more than the
        # write; 0600, since each message holds one person's details.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


@dataclass
class BatchResult:
    data: bytes
    rejects: list[tuple[int, str, str]]  # (line, reason, kind)
    written: int
    part: str = ""  # a worker's output, in a file the parent appends and removes


def eml_path(out: Path, line: int) -> Path:
    """messages/000/000000123.eml: named by input line, so a rerun rewrites the same file,
    and a thousand to a folder, which file systems and file managers handle well."""
    return out / EML_DIR / f"{line // 1000:06d}" / f"{line:09d}.eml"


_BOUNDARY = "=_breachkit_alternative"  # "=_" never occurs in quoted-printable text


def eml_bytes(msg: Message, sender: str) -> bytes:
    """An RFC 5322 message: multipart/alternative, text and HTML, quoted-printable UTF-8.

    Headers go through the email package (formataddr and Header encode non-ASCII names as
    RFC 2047 words); the body parts are encoded with binascii, which the email package also
    uses, without building a message object: that costs a millisecond a message, too slow
    for a million. The boundary is fixed so the output is deterministic; it is safe because
    quoted-printable never produces "=_".
    """
    from email.header import Header
    from email.utils import formataddr

    to = formataddr((msg.name, msg.to), charset="utf-8") if msg.name else msg.to
    subject = Header(msg.subject, "utf-8" if not msg.subject.isascii() else "us-ascii").encode()
    head = []
    if sender:
        head.append(f"From: {sender}")
    head += [
        f"To: {to}",
        f"Subject: {subject}",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{_BOUNDARY}"',
    ]
    parts = []
    for subtype, text in (("plain", msg.text), ("html", msg.html)):
        encoded = binascii.b2a_qp(text.encode("utf-8"), istext=True).decode("ascii")
        parts.append(
            f"--{_BOUNDARY}\n"
            f'Content-Type: text/{subtype}; charset="utf-8"\n'
            "Content-Transfer-Encoding: quoted-printable\n\n"
            f"{encoded}{'' if encoded.endswith(chr(10)) else chr(10)}"
        )
    return ("\n".join(head) + "\n\n" + "".join(parts) + f"--{_BOUNDARY}--\n").encode("ascii")


def sender_header(org: Mapping[str, Any]) -> str:
    from email.utils import formataddr

    address = org.get("contact_email")
    if not isinstance(address, str) or not EMAIL_RE.fullmatch(address.strip()):
        return ""
    name = str(org.get("company") or "")
    return formataddr((name, address.strip()), charset="utf-8") if name else address.strip()


# ---- worker processes --------------------------------------------------------------------

_builder: Builder | None = None


def _init_worker(spec: Spec) -> None:
    global _builder
    # The parent handles Ctrl-C; a worker that also raised KeyboardInterrupt would print
    # a traceback per process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _builder = Builder(spec)


def _work(items: Sequence[tuple[int, dict[str, Any], str]], part: str) -> BatchResult:
    """A batch in a worker. Its output goes to a part file rather than back through the
    pool's pipe: pickling megabytes through a pipe cost more than rendering them, while the
    parent appends a file with one copy_file_range in the kernel."""
    assert _builder is not None
    result = _builder.process(items)
    if result.data:
        Path(part).write_bytes(result.data)
        result.data, result.part = b"", part
    return result


# ---- the run -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, key: int) -> bool:
        return self.count == 1 or key % self.count == self.index - 1


def parse_shard(text: str | None) -> Shard:
    if not text:
        return Shard(1, 1)
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not 1 <= int(m[1]) <= int(m[2]):
        raise BreachkitError(
            f"--shard {text!r}: write K/N with 1 <= K <= N",
            hint="shards count from 1: --shard 1/4 ... --shard 4/4 "
            "(in a Kubernetes indexed Job: $((JOB_COMPLETION_INDEX + 1))/4)",
        )
    return Shard(int(m[1]), int(m[2]))


@dataclass
class Counts:
    rows: int = 0  # records of this shard handled (written + rejected + duplicates)
    written: int = 0
    rejected: int = 0  # includes blocked
    duplicates: int = 0
    blocked: int = 0  # refused by the safety check
    other_shards: int = 0


@dataclass
class Options:
    template: str
    recipients: Path
    out: Path
    fmt: str = "jsonl"
    jobs: int = 0  # 0: one per CPU
    shard: Shard = field(default_factory=lambda: Shard(1, 1))
    force_checks: bool = False
    restart: bool = False


@dataclass
class Result:
    counts: Counts
    out: Path
    manifest: dict[str, Any]
    findings: list[Finding]
    resumed: bool = False
    already_complete: bool = False

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if self.counts.blocked else ExitCode.OK


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    except OSError as exc:
        raise BreachkitError(f"cannot read {path}: {exc.strerror}", Location(str(path))) from None
    return h.hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


@dataclass
class Plan:
    """What the pre-pass learned: nothing personal is kept but the digests."""

    known: AddressSet
    duplicated: set[int]
    shard_rows: int
    total_rows: int
    first: Row | None  # the first sendable row of the whole file (the probe renders it)
    first_named: Row | None  # the first with a name: the draft checks read its message
    # Each record's digest, 0 where it cannot be sent: the second pass need not run the
    # address pattern again (8 bytes a record).
    row_keys: array[int] = field(default_factory=lambda: array("Q"))


def survey(path: Path, shard: Shard) -> Plan:
    digests: array[int] = array("Q")
    row_keys: array[int] = array("Q")
    first: Row | None = None
    first_named: Row | None = None
    shard_rows = total = 0
    for row in read_rows(path):
        total += 1
        got = classify(row)
        row_keys.append(got[1] if isinstance(got, tuple) else 0)
        if isinstance(got, tuple):
            digests.append(got[1])
            if first is None:
                first = row
            if first_named is None and row.values and str(row.values.get("name") or "").strip():
                first_named = row
            owner = got[1]
        else:
            owner = row.line  # rows without an address: each shard reports its share
        if shard.owns(owner):
            shard_rows += 1
    known = AddressSet(digests)
    del digests
    return Plan(known, known.duplicated(), shard_rows, total, first, first_named or first, row_keys)


def template_names(renderer: Renderer, name: str, seen: set[str] | None = None) -> dict[str, int]:
    """Top-level names read by a template and everything it includes or imports."""
    seen = seen if seen is not None else set()
    if name in seen:
        return {}
    seen.add(name)
    names = dict(renderer.variables(name))
    for included, _ in renderer.includes(name):
        for var, line in template_names(renderer, included, seen).items():
            names.setdefault(var, line)
    return names


def refuse_leaky_template(renderer: Renderer, name: str) -> None:
    """Refuse, before anything is written, a template that reads the audience."""
    for var, line in sorted(template_names(renderer, name).items()):
        if var in LEAKY_NAMES or (var.startswith("recipient") and var != "recipient"):
            raise BreachkitError(
                f"the template reads `{var}`: a notice must never see the other recipients",
                Location(str(renderer.folder / name), line),
                hint="a message is rendered once per person; use `recipient.<column>` for "
                "the person it goes to (DOMAIN.md case 3: the list mailed with every "
                "address visible)",
            )


def _probe_values(first: Mapping[str, Any], tag: str) -> dict[str, Any]:
    values = {k: v for k, v in first.items() if k not in RESERVED}
    values["name"] = f"Probe{tag} Zqxv{tag}"
    return values


def probe(builder: Builder, first: Row, recipients: Path) -> None:
    """Render the first real recipient and two synthetic ones; refuse a template that
    fails, shows the synthetic recipients each other's details, or prints an address from
    the recipient list to someone else."""
    from breachkit.render import TemplateError

    assert first.values is not None
    address = str(first.values["email"]).strip()
    try:
        msg = builder.render(make_recipient(first.values, address))
    except TemplateError as exc:
        raise _row_error(builder, exc, recipients, first) from None
    except RowError as exc:
        raise BreachkitError(
            f"the first recipient cannot be used: {exc}", Location(str(recipients), first.line)
        ) from None
    others = builder.leaks(msg)
    if others:
        raise _leak_error(builder, others[0])
    tags = ("Alpha", "Bravo")
    probes = []
    for tag in tags:
        addr = f"probe.{tag.lower()}.{os.getpid()}@notify-probe.invalid"
        probes.append(
            (addr, builder.render(make_recipient(_probe_values(first.values, tag), addr)))
        )
    for (addr, msg), other_tag, (other_addr, _) in zip(
        probes, reversed(tags), reversed(probes), strict=True
    ):
        blob = "\n".join((msg.subject, msg.text, msg.html))
        if other_addr in blob or f"Zqxv{other_tag}" in blob:
            raise BreachkitError(
                "the template carries one recipient's details into another's message",
                Location(str(builder.renderer.folder / builder.spec.template)),
                hint="a template must not store values between messages "
                "(e.g. appending to a list in the context)",
            )
        others = builder.leaks(msg)
        if others:
            raise _leak_error(builder, others[0])
        del addr


def _leak_error(builder: Builder, address: str) -> BreachkitError:
    return BreachkitError(
        f"the template puts {address}, an address from the recipient list, into other "
        "recipients' messages; nothing was written",
        Location(str(builder.renderer.folder / builder.spec.template)),
        hint="remove it; if it is your organisation's own address, put it in the "
        "organisation profile (contact_email, dpo_email) so it is allowed",
    )


def _row_error(builder: Builder, exc: Any, recipients: Path, row: Row) -> BreachkitError:
    renderer, name = builder.renderer, builder.spec.template
    read: set[str] = set()
    for tpl in _all_templates(renderer, name):
        read.update(renderer.attributes(tpl, "recipient"))
    m = re.search(r"has no attribute '([^']+)'", str(exc.message))
    if m and m[1] in read and row.values is not None and m[1] not in row.values:
        columns = ", ".join(k for k in row.values if k not in RESERVED) or "none"
        return BreachkitError(
            f"the template reads recipient.{m[1]} ({exc.location}), but the recipient on "
            f"line {row.line} of {recipients} has no column {m[1]!r}; nothing was written",
            Location(str(recipients), row.line),
            hint=f"add a {m[1]} column; the extra columns found: {columns}",
        )
    # Not about this row (a missing fact, a bad filter): point at the template.
    return BreachkitError(
        f"the template cannot be rendered: {exc.message}; nothing was written",
        exc.location,
        hint=exc.hint or f"rendered for the recipient on line {row.line} of {recipients}",
    )


def run_checks(builder: Builder, msg_recipient: dict[str, Any]) -> list[Finding]:
    """The draft checks, once, on the message of the first recipient."""
    from breachkit.checks import check_draft

    msg = builder.render(msg_recipient)
    text = f"Subject: {msg.subject}\n\n{msg.text}" if msg.subject else msg.text
    meta = builder.meta
    return check_draft(
        text,
        path=str(builder.renderer.folder / builder.spec.template),
        channel=meta.channel,
        step=meta.step,
        regime=meta.regime,
        audience=meta.audience,
    )


class Checkpoint:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise BreachkitError(
                f"unreadable checkpoint {self.path}: {exc}",
                hint="rerun with --restart to start this output folder over",
            ) from None
        return data if isinstance(data, dict) else None

    def save(self, data: Mapping[str, Any]) -> None:
        from breachkit.incidents import atomic_write

        atomic_write(self.path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def run(
    options: Options,
    *,
    renderer: Renderer,
    context: Callable[[datetime], Mapping[str, Any]],
    org: Mapping[str, Any],
    now: Callable[[], datetime],
    on_progress: Progress | None = None,
    on_findings: Callable[[list[Finding]], None] | None = None,
    record: Callable[[dict[str, Any]], None] | None = None,
    recorded: Callable[[str], bool] | None = None,
) -> Result:
    """Write one message per recipient into `options.out`; see the module docstring.

    `context(now)` builds the template context (its `recipient` is replaced per person); a
    resumed run passes the time of the interrupted one, so both halves read alike. `record`
    receives the notify.run event data (without personal data) once the run completes.
    """
    from breachkit.incidents import safe_out_dir

    if options.fmt not in FORMATS:
        raise BreachkitError(f"unknown format {options.fmt!r}", hint="choose jsonl or eml")
    template = renderer.template(options.template)
    _check_template_meta(renderer, template)
    refuse_leaky_template(renderer, options.template)
    renderer.compile(options.template)

    out = safe_out_dir(options.out)
    checkpoint = Checkpoint(out / CHECKPOINT)
    if options.restart:
        _clear(out)
    state = checkpoint.load()
    if state is None:
        _refuse_foreign(out)

    input_sha = sha256_file(options.recipients)
    template_sha = sha256_file(template.path)
    # A resumed run takes the clock of the interrupted one, so both halves read alike.
    t0 = datetime.fromisoformat(state["now"]) if state else now()
    started = state["started"] if state else t0.astimezone(UTC).isoformat()
    ctx = dict(context(t0))
    ctx_hash = hashlib.sha256(
        json.dumps(ctx, default=_json_default, sort_keys=True).encode()
    ).hexdigest()
    sources = hashlib.sha256(
        "\0".join(
            sha256_file(renderer.resolve(n))
            for n in sorted(_all_templates(renderer, options.template))
        ).encode()
    ).hexdigest()
    key = hashlib.sha256(
        json.dumps(
            [input_sha, sources, ctx_hash, options.fmt, str(options.shard), CHECKPOINT_VERSION]
        ).encode()
    ).hexdigest()
    if state and state.get("key") != key:
        raise BreachkitError(
            f"{out} holds a run with other input, template, facts, format or shard",
            Location(str(out / CHECKPOINT)),
            hint="use another --out folder, or --restart to discard that run and start over",
        )
    if state and state.get("complete"):
        counts = Counts(**state["counts"])
        manifest = _read_manifest(out)
        return Result(counts, out, manifest, [], resumed=True, already_complete=True)

    plan = survey(options.recipients, options.shard)
    allowed = org_addresses(org)
    spec = Spec(
        folder=renderer.folder,
        template=options.template,
        tz=renderer.tz,
        context=ctx,
        fmt=options.fmt,
        out=out,
        sender=sender_header(org),
        allowed=allowed,
        known=plan.known,
    )
    builder = Builder(spec)
    findings: list[Finding] = []
    if plan.first is not None and plan.first.values is not None:
        probe(builder, plan.first, options.recipients)
        # The checks read the letter as a named person gets it: "Hello" for the nameless is
        # by design, and must not make a salutation check fail the whole run.
        chosen = plan.first_named or plan.first
        assert chosen.values is not None
        findings = run_checks(
            builder, make_recipient(chosen.values, str(chosen.values["email"]).strip())
        )
        if on_findings:
            on_findings(findings)
        if any(f.severity is Severity.ERROR for f in findings) and not options.force_checks:
            raise BreachkitError(
                "the draft checks found errors; nothing was sent to the outbox",
                Location(str(template.path)),
                hint="fix the template (breachkit check shows the same findings), "
                "or pass --force-checks to send it anyway",
                exit_code=ExitCode.FINDINGS,
            )

    jobs = options.jobs or os.cpu_count() or 1
    counts = Counts(**state["counts"]) if state else Counts()
    skip = int(state["scanned"]) if state else 0
    if state is None:
        state = {
            "version": CHECKPOINT_VERSION,
            "key": key,
            "started": started,
            "now": t0.isoformat(),
            "scanned": 0,
            "outbox_bytes": 0,
            "rejects_bytes": 0,
            "counts": asdict(counts),
            "resumes": 0,
            "complete": False,
        }
        # Written before any output exists: output without a checkpoint is someone else's.
        checkpoint.save(state)
    else:
        state["resumes"] = int(state.get("resumes", 0)) + 1
    resumed = skip > 0 or int(state["resumes"]) > 0

    writer = _Writers(out, options.fmt, state)
    try:
        _execute(
            options, spec, builder, plan, counts, skip, jobs, writer, checkpoint, state,
            on_progress,
        )  # fmt: skip
    finally:
        writer.close()

    finished = now().astimezone(UTC).isoformat()
    run_id = key[:16]
    manifest = {
        "tool": "breachkit notify",
        "template": options.template,
        "template_sha256": template_sha,
        "input": str(options.recipients),
        "input_sha256": input_sha,
        "format": options.fmt,
        "outbox": OUTBOX if options.fmt == "jsonl" else f"{EML_DIR}/",
        "rejects": REJECTS,
        "shard": str(options.shard),
        "jobs": jobs,
        "started": started,
        "finished": finished,
        "resumes": state["resumes"],
        "counts": asdict(counts),
        "input_rows": plan.total_rows,
        "checks": {
            "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
            "forced": options.force_checks,
        },
        "run": run_id,
    }
    from breachkit.incidents import atomic_write

    atomic_write(out / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    if record is not None and not (recorded and recorded(run_id)):
        record(
            {
                "run": run_id,
                "template": options.template,
                "template_sha256": template_sha,
                "input_sha256": input_sha,
                "format": options.fmt,
                "shard": str(options.shard),
                "out": str(out.resolve()),
                **asdict(counts),
            }
        )
    state["complete"] = True
    state["counts"] = asdict(counts)
    checkpoint.save(state)
    return Result(counts, out, manifest, findings, resumed=resumed)


def _check_template_meta(renderer: Renderer, template: Template) -> None:
    where = Location(str(renderer.folder / template.name))
    if template.meta.channel != "email":
        raise BreachkitError(
            f"the template is for the {template.meta.channel} channel; notify sends email",
            where,
            hint="use a template with `channel: email` in its front matter",
        )
    if not template.meta.subject.strip():
        raise BreachkitError(
            "the template has no subject", where, hint='add `subject: "..."` to its front matter'
        )


def _all_templates(renderer: Renderer, name: str, seen: set[str] | None = None) -> set[str]:
    seen = seen if seen is not None else set()
    if name not in seen:
        seen.add(name)
        for included, _ in renderer.includes(name):
            _all_templates(renderer, included, seen)
    return seen


def _read_manifest(out: Path) -> dict[str, Any]:
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _clear(out: Path) -> None:
    """--restart: remove this command's files from the folder, and nothing else."""
    for name in (OUTBOX, REJECTS, MANIFEST, CHECKPOINT):
        (out / name).unlink(missing_ok=True)
    if (out / EML_DIR).is_dir():
        shutil.rmtree(out / EML_DIR)


def _refuse_foreign(out: Path) -> None:
    for name in (OUTBOX, REJECTS, EML_DIR):
        if (out / name).exists():
            raise BreachkitError(
                f"{out / name} exists but no run of breachkit notify is recorded in {out}",
                Location(str(out / name)),
                hint="use an empty --out folder, or --restart to replace what is there",
            )


class _Writers:
    """The outbox and rejects files, truncated to the checkpoint on resume."""

    def __init__(self, out: Path, fmt: str, state: Mapping[str, Any]) -> None:
        self.fmt = fmt
        self.outbox = (
            self._open(out / OUTBOX, int(state["outbox_bytes"])) if fmt == "jsonl" else None
        )
        self.rejects = self._open(out / REJECTS, int(state["rejects_bytes"]))
        if int(state["rejects_bytes"]) == 0:
            self.rejects.write(b"line,reason,row\n")

    @staticmethod
    def _open(path: Path, length: int) -> io.BufferedWriter:
        # Unbuffered: flush() must reach the file before fsync and the checkpoint.
        # 0600: the outbox and the rejects hold every recipient's details.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        raw = open(fd, "r+b", buffering=0)  # noqa: PTH123, SIM115  (a descriptor; closed by close())
        size = raw.seek(0, io.SEEK_END)
        if size < length:
            raw.close()
            raise BreachkitError(
                f"{path} is shorter than its checkpoint says ({size} < {length} bytes)",
                Location(str(path)),
                hint="the folder was changed behind breachkit's back; rerun with --restart",
            )
        # Everything past the checkpoint came from a batch that was never confirmed; the
        # rerun writes it again, so it must go.
        raw.truncate(length)
        raw.seek(length)
        return io.BufferedWriter(raw, buffer_size=1 << 20)

    def write(self, data: bytes, rejects: bytes) -> None:
        if data and self.outbox is not None:
            self.outbox.write(data)
        if rejects:
            self.rejects.write(rejects)

    def append_part(self, part: str) -> None:
        """Append a worker's part file to the outbox, then remove it."""
        assert self.outbox is not None
        self.outbox.flush()
        with Path(part).open("rb") as src:
            size = os.fstat(src.fileno()).st_size
            copy = getattr(os, "copy_file_range", None)
            done = 0
            try:
                while copy is not None and done < size:
                    n = copy(src.fileno(), self.outbox.fileno(), size - done)
                    if n == 0:
                        break
                    done += n
            except OSError:
                pass  # not supported here (another file system): copy below
            if done < size:
                src.seek(done)
                self.outbox.raw.seek(0, io.SEEK_END)
                shutil.copyfileobj(src, self.outbox)
        Path(part).unlink()

    def sync(self) -> tuple[int, int]:
        """Flush and fsync both files; return their lengths (the checkpoint's)."""
        lengths = []
        for fh in (self.outbox, self.rejects):
            if fh is None:
                lengths.append(0)
                continue
            fh.flush()
            os.fsync(fh.fileno())
            lengths.append(fh.tell())
        if self.fmt == "eml" and hasattr(os, "sync"):
            os.sync()  # the .eml files written by workers, before the checkpoint claims them
        return lengths[0], lengths[1]

    def close(self) -> None:
        for fh in (self.outbox, self.rejects):
            if fh is not None:
                fh.close()


def _rejects_csv(rows: Sequence[tuple[int, str, str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for line, reason, raw in rows:
        w.writerow((line, reason, raw))
    return buf.getvalue().encode("utf-8")


def _classify_again(row: Row, key: int) -> tuple[str, int] | str:
    """classify(), reusing the survey's verdict for an address it accepted.

    The digest is computed again and compared, so a file changed between the two passes
    falls back to the full check rather than pairing a row with another row's verdict.
    """
    if key and row.values is not None:
        email = row.values.get("email")
        if isinstance(email, str):
            address = email.strip()
            if digest(address.lower()) == key:
                return address, key
    return classify(row)


Batch = tuple[
    list[tuple[int, dict[str, Any], str]], list[tuple[int, str, str]], dict[int, Row], int
]


def _batches(path: Path, shard: Shard, plan: Plan, counts: Counts, skip: int) -> Iterator[Batch]:
    """Batches of this shard's sendable rows, with the rows rejected on the way.

    The first `skip` records were done by an earlier run: they are read again only to
    restore which duplicated addresses were already seen, which is deterministic.
    """
    first_seen: dict[int, int] = {}
    items: list[tuple[int, dict[str, Any], str]] = []
    rejects: list[tuple[int, str, str]] = []
    rows: dict[int, Row] = {}
    scanned = 0
    keys = plan.row_keys
    for row in read_rows(path):
        scanned += 1
        got = _classify_again(row, keys[scanned - 1] if scanned <= len(keys) else 0)
        if isinstance(got, str):
            if not shard.owns(row.line):
                continue
            if scanned > skip:
                rejects.append((row.line, got, "rejected"))
                rows[row.line] = row
        else:
            address, key = got
            if not shard.owns(key):
                if scanned > skip:
                    counts.other_shards += 1
                continue
            dup_of = None
            if key in plan.duplicated:
                dup_of = first_seen.get(key)
                if dup_of is None:
                    first_seen[key] = row.line
            if scanned <= skip:
                continue
            rows[row.line] = row
            if dup_of is not None:
                rejects.append((row.line, f"duplicate of line {dup_of}", "duplicate"))
            else:
                assert row.values is not None
                items.append((row.line, row.values, address))
        if len(items) + len(rejects) >= BATCH:
            yield items, rejects, rows, scanned
            items, rejects, rows = [], [], {}
    yield items, rejects, rows, scanned


def _execute(
    options: Options,
    spec: Spec,
    builder: Builder,
    plan: Plan,
    counts: Counts,
    skip: int,
    jobs: int,
    writer: _Writers,
    checkpoint: Checkpoint,
    state: dict[str, Any],
    on_progress: Progress | None,
) -> None:
    last_save = time.monotonic()

    def commit(batch: Batch, result: BatchResult, final: bool) -> None:
        nonlocal last_save
        _items, parent_rejects, rows, scanned = batch
        merged = sorted(parent_rejects + result.rejects)
        out_rejects = []
        for line, reason, kind in merged:
            out_rejects.append((line, reason, rows[line].raw()))
            if kind == "duplicate":
                counts.duplicates += 1
            else:
                counts.rejected += 1
                counts.blocked += kind == "blocked"
        counts.written += result.written
        counts.rows += len(rows)
        writer.write(result.data, _rejects_csv(out_rejects))
        if result.part:
            writer.append_part(result.part)
        state["scanned"] = scanned
        if final or time.monotonic() - last_save >= CHECKPOINT_EVERY:
            save(final)
        if on_progress:
            on_progress(counts.rows, plan.shard_rows)

    def save(final: bool) -> None:
        nonlocal last_save
        state["outbox_bytes"], state["rejects_bytes"] = writer.sync()
        state["counts"] = asdict(counts)
        _save_checkpoint(checkpoint, state)
        last_save = time.monotonic()

    batches = _batches(options.recipients, options.shard, plan, counts, skip)
    if jobs <= 1 or plan.shard_rows <= BATCH:
        for batch in batches:
            commit(batch, builder.process(batch[0]), final=False)
        save(final=True)
        return

    parts = spec.out / PARTS
    shutil.rmtree(parts, ignore_errors=True)  # left by a killed run: never confirmed
    parts.mkdir()
    pool = _pool(jobs, spec)
    try:
        pending: deque[tuple[Batch, AsyncResult[BatchResult]]] = deque()
        # At most a few batches in flight: the pool would otherwise read the whole input
        # ahead into its queue, and memory would grow with the number of recipients.
        for n, batch in enumerate(batches):
            part = str(parts / f"{n}.part")
            pending.append((batch, pool.apply_async(_work, (batch[0], part))))
            while len(pending) > 2 * jobs:
                done, res = pending.popleft()
                commit(done, res.get(), final=False)
        while pending:
            done, res = pending.popleft()
            commit(done, res.get(), final=False)
        save(final=True)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
    shutil.rmtree(parts, ignore_errors=True)


def _save_checkpoint(checkpoint: Checkpoint, state: Mapping[str, Any]) -> None:
    checkpoint.save(state)


def _pool(jobs: int, spec: Spec) -> Pool:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    # fork shares the recipient digests and the imported modules with the workers at no
    # cost; where it is unavailable the spec is pickled to each worker once.
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ctx.Pool(jobs, initializer=_init_worker, initargs=(spec,))


# ---- --facts mode ------------------------------------------------------------------------


__all__ = [
    "FORMATS",
    "AddressSet",
    "Builder",
    "Counts",
    "HtmlMemo",
    "Options",
    "Result",
    "Shard",
    "address_tokens",
    "digest",
    "eml_bytes",
    "foreign_addresses",
    "make_recipient",
    "parse_shard",
    "read_rows",
    "run",
]

"""The incident store: an append-only, hash-chained event log in SQLite (WAL).

An incident is the ordered list of its events; its state is the fold of that list, which
`breachkit.engine` computes. This module only stores and reads events. It is the only
module that imports `sqlite3` (ruff's banned-api enforces it), and the SQL stays plain
(tables, primary and unique keys, MAX()+1 numbering inside a write transaction) so that a
PostgreSQL backend can serve the same interface later.

Durability and concurrency, in short:

- every write is ONE `BEGIN IMMEDIATE` transaction, so a crash loses at most the command in
  flight and two terminals never interleave half-written commands;
- ids (`INC-n`) and sequence numbers are assigned inside that transaction as MAX()+1 and
  guarded by UNIQUE keys, so two processes can never produce the same one;
- `synchronous=FULL`: a breach record that vanishes on power loss is worse than a slow
  command (see `benchmarks/bench_store.py` for what it costs);
- each event carries the hash of the one before, so `verify` can point at the first event
  that was edited or removed behind breachkit's back.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from breachkit.errors import BreachkitError
from breachkit.findings import Location

__all__ = [
    "DB_NAME",
    "SCHEMA_VERSION",
    "Event",
    "IncidentRow",
    "NewEvent",
    "Store",
    "Verification",
    "default_home",
]

DB_NAME = "incidents.db"
ID_PREFIX = "INC-"
GENESIS = ""  # prev_hash of an incident's first event
INCIDENTS_HINT = "list them with `breachkit incidents`"

Synchronous = Literal["FULL", "NORMAL"]


# --------------------------------------------------------------------------- location


def default_home() -> Path:
    """Where breachkit keeps its incidents: $BREACHKIT_HOME, else the per-user data folder.

    Linux and other Unixes follow XDG (`$XDG_DATA_HOME`, else `~/.local/share`), macOS uses
    `~/Library/Application Support`, Windows `%LOCALAPPDATA%`; breachkit adds `/breachkit`.
    Written out here rather than taken from platformdirs: four lines are not worth a
    dependency in a tool that must start fast.
    """
    env = os.environ.get("BREACHKIT_HOME")
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32":
        local = os.environ.get("LOCALAPPDATA")
        base = Path(local) if local else Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME")
        # The XDG spec says a relative value is invalid and must be ignored.
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "breachkit"


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class NewEvent:
    """An event to append; the store assigns its incident, seq, time (if None) and hashes."""

    kind: str
    data: dict[str, Any]
    actor: str = ""  # "" → the OS user name
    at: datetime | None = None  # timezone-aware; None → the store's clock


@dataclass(frozen=True)
class Event:
    """A stored event. `hash` = sha256(prev_hash + canonical JSON of the other fields)."""

    incident: str
    seq: int
    at: datetime  # aware, UTC
    actor: str
    kind: str
    data: dict[str, Any]
    prev_hash: str
    hash: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "incident": self.incident,
            "seq": self.seq,
            "at": _format_time(self.at),
            "actor": self.actor,
            "kind": self.kind,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def _fast_event(
    incident: str,
    seq: int,
    at: datetime,
    actor: str,
    kind: str,
    data: dict[str, Any],
    prev_hash: str,
    hash: str,
) -> Event:
    """Event(...) without the frozen __init__, which pays one object.__setattr__ per field:
    half the cost when `events()` builds 10,000 of them. Same object, same equality."""
    event: Event = object.__new__(Event)
    event.__dict__.update(
        incident=incident,
        seq=seq,
        at=at,
        actor=actor,
        kind=kind,
        data=data,
        prev_hash=prev_hash,
        hash=hash,
    )
    return event


@dataclass(frozen=True)
class IncidentRow:
    id: str
    playbook: str
    title: str
    opened_at: datetime
    updated_at: datetime
    events: int


@dataclass(frozen=True)
class Verification:
    """The result of re-computing an incident's hash chain; `seq` is the first bad event."""

    ok: bool
    events: int
    problem: str | None = None
    seq: int | None = None


# --------------------------------------------------------------------------- encoding


def _format_time(at: datetime) -> str:
    """ISO-8601 UTC with a fixed width, so text order is time order and hashes are stable."""
    # isoformat (not strftime) because it always pads the year to four digits.
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)  # 3.11 reads the trailing "Z" as UTC


def _canonical(value: Any) -> str:
    """The one JSON spelling of a value: sorted keys, no spaces, UTF-8 as is.

    allow_nan=False because NaN and Infinity are not JSON (PostgreSQL's jsonb refuses them).
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


# JSON for one string, UTF-8 kept as is: the C function behind json.dumps(ensure_ascii=False),
# called directly because verify calls it four times per event.
_dump_str: Callable[[str], str] = (
    getattr(json.encoder, "c_encode_basestring", None)
    or json.JSONEncoder(ensure_ascii=False).encode
)


def _event_hash(
    prev_hash: str, incident: str, seq: int, at: str, actor: str, kind: str, data_json: str
) -> str:
    """sha256(prev_hash + canonical JSON of {incident, seq, at, actor, kind, data}).

    `data_json` must already be canonical (`_canonical(data)`, which is how it is stored),
    so the envelope is spelled out by hand in sorted key order instead of re-encoding the
    data of every event: the result is byte for byte `_canonical({...})` (a test checks
    it), at a fraction of the cost when verifying thousands of events.
    """
    envelope = (
        f'{{"actor":{_dump_str(actor)},"at":{_dump_str(at)},"data":{data_json},'
        f'"incident":{_dump_str(incident)},"kind":{_dump_str(kind)},"seq":{seq}}}'
    )
    return hashlib.sha256((prev_hash + envelope).encode("utf-8")).hexdigest()


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name: containers with an arbitrary uid and no env vars
        return "unknown"


_ID_RE = re.compile(r"#?(?:INC-?)?0*(\d{1,18})", re.IGNORECASE)


def _parse_id(text: str) -> str | None:
    """'inc-7', 'INC7', '#7', '7', '007' → 'INC-7'; anything else → None."""
    m = _ID_RE.fullmatch(text.strip())
    return f"{ID_PREFIX}{int(m.group(1))}" if m else None


# --------------------------------------------------------------------------- schema

# One function per schema version; migration i takes the schema from version i to i+1.
# Never edit a released migration: append a new one. Plain SQL on purpose (see module doc).


def _migrate_1(db: sqlite3.Connection) -> None:
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    # `incidents` is a summary of the log, updated in the same transaction as each append,
    # so listing incidents and resuming one never scans events. `touch` orders incidents
    # by last write even when a tabletop drill's fixed clock gives every event one time.
    db.execute(
        """
        CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            num INTEGER NOT NULL UNIQUE,
            playbook TEXT NOT NULL,
            title TEXT NOT NULL,
            opened_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            events INTEGER NOT NULL,
            last_kind TEXT NOT NULL,
            last_hash TEXT NOT NULL,
            touch INTEGER NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX incidents_touch ON incidents (touch)")
    db.execute(
        """
        CREATE TABLE events (
            incident_id TEXT NOT NULL REFERENCES incidents (id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (incident_id, seq)
        ) WITHOUT ROWID
        """
    )
    # WITHOUT ROWID stores events in (incident_id, seq) order, so reading an incident is one
    # range scan instead of an index walk plus a lookup per row (10,000 events: 11 ms, not
    # 19). A storage clause only: PostgreSQL would simply omit it.
    db.execute("INSERT INTO meta (key, value) VALUES ('app', 'breachkit')")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_1,)
SCHEMA_VERSION = len(MIGRATIONS)


# --------------------------------------------------------------------------- the store


@contextlib.contextmanager
def _private_umask() -> Iterator[None]:
    """Create files and folders readable by their owner only (db, -wal, -shm, folders).

    The umask is process-wide; breachkit opens its store from one thread, at start-up.
    """
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


class Store:
    """The incident log in one SQLite file. Use as a context manager, or call `close()`."""

    def __init__(
        self,
        path: Path,
        *,
        now: Callable[[], datetime] | None = None,
        readonly: bool = False,
        timeout: float = 5.0,
        synchronous: Synchronous = "FULL",
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._now = now or (lambda: datetime.now(UTC))
        self._timeout = timeout
        self._actor: str | None = None
        self._db: sqlite3.Connection | None = None
        self._where = Location(str(self.path))
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError(f"synchronous must be FULL or NORMAL, not {synchronous!r}")
        db = self._connect(synchronous)
        try:
            self._db = db
            self._prepare_schema()
        except BaseException:
            self._db = None
            with contextlib.suppress(sqlite3.Error):
                db.close()
            raise

    @classmethod
    def open(cls, home: Path | None = None, **kw: Any) -> Store:
        """The store in `home` (default: `default_home()`), as `HOME/incidents.db`."""
        return cls((home if home is not None else default_home()) / DB_NAME, **kw)

    def close(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r}{', readonly' if self.readonly else ''})"

    # ------------------------------------------------------------------ errors

    def _error(self, message: str, hint: str | None = None) -> BreachkitError:
        return BreachkitError(message, self._where, hint=hint)

    def _translate(self, exc: sqlite3.Error) -> BreachkitError:
        """Turn a sqlite3 exception into an error a person at 2 a.m. can act on."""
        text = str(exc).lower()
        code = getattr(exc, "sqlite_errorname", "") or ""
        if "locked" in text or "busy" in text or code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return self._error(
                f"the incident database is busy: another breachkit is writing; try again "
                f"(waited {self._timeout:g} s)",
                hint="if no other breachkit is running, a crashed one may still hold the lock; "
                "wait for it to exit",
            )
        if (
            "not a database" in text
            or "malformed" in text
            or code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT"))
        ):
            return self._corrupt()
        if "readonly" in text or "read-only" in text:
            return self._error(
                "cannot write the incident database: it is read-only",
                hint="check the permissions of the file and its folder",
            )
        if "unable to open" in text or code.startswith("SQLITE_CANTOPEN"):
            return self._error(
                "cannot open the incident database",
                hint="check that the file and its folder exist and are readable and writable "
                "by you",
            )
        if "disk" in text or "full" in text or code.startswith(("SQLITE_IOERR", "SQLITE_FULL")):
            return self._error(f"cannot write the incident database: {exc}")
        return self._error(f"incident database error: {exc}")

    def _no_incidents_yet(self) -> BreachkitError:
        return self._error(
            "no incidents yet: the incident database does not exist or is empty",
            hint=f"open an incident first, or set BREACHKIT_HOME to the folder that holds "
            f"{DB_NAME}",
        )

    def _corrupt(self) -> BreachkitError:
        return self._error(
            "this file is not a breachkit incident database, or it is damaged; "
            "breachkit left it untouched",
            hint="move it aside to start afresh, or point BREACHKIT_HOME at another folder; "
            "keep the file: it may be evidence",
        )

    @contextlib.contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """The open connection, with every sqlite3 exception turned into a BreachkitError."""
        if self._db is None:
            raise self._error("the incident store is closed")
        try:
            yield self._db
        except sqlite3.Error as exc:
            raise self._translate(exc) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE takes the write lock up front (waiting up
        to the busy timeout), so the MAX()+1 reads inside it cannot race another writer."""
        if self.readonly:
            raise self._error("the incident store was opened read-only")
        with self._guard() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                # Also when COMMIT itself fails (disk full): never leave the connection
                # inside a transaction that the next call would trip over.
                if db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ opening

    def _connect(self, synchronous: Synchronous) -> sqlite3.Connection:
        path = self.path
        if path.is_dir():
            raise self._error(
                "a folder is in the place of the incident database",
                hint=f"move the folder aside, or set BREACHKIT_HOME to another folder "
                f"(breachkit keeps its incidents in HOME/{DB_NAME})",
            )
        if self.readonly:
            if not path.exists():
                raise self._no_incidents_yet()
        else:
            self._create_file()
        # A URI with mode=rw|ro: SQLite must never create the file itself (we did, 0600),
        # and a read-only store must not be able to write by accident.
        uri = f"{path.resolve().as_uri()}?mode={'ro' if self.readonly else 'rw'}"
        try:
            with _private_umask():
                db = sqlite3.connect(
                    uri,
                    uri=True,
                    timeout=self._timeout,
                    isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                    check_same_thread=True,
                )
        except sqlite3.Error as exc:
            raise self._translate(exc) from None
        try:
            db.execute(f"PRAGMA synchronous={synchronous}")
        except sqlite3.Error as exc:
            db.close()
            raise self._translate(exc) from None
        return db

    def _create_file(self) -> None:
        """Create the folder (0700) and an empty database file (0600) if they are missing.

        os.open with O_EXCL and mode 0600 means the file never exists, even for an
        instant, with wider permissions; an empty file is a valid empty SQLite database.
        """
        folder = self.path.parent
        try:
            with _private_umask():
                # exist_ok: another breachkit may be creating the same folder right now.
                folder.mkdir(parents=True, mode=0o700, exist_ok=True)
                # FileExistsError is the usual case: the database is already there.
                with contextlib.suppress(FileExistsError):
                    os.close(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as exc:
            raise self._error(
                f"cannot create the incident database: {exc.strerror or exc}",
                hint="check that the folder can be created and written by you, or set "
                "BREACHKIT_HOME to another folder",
            ) from None
        if not os.access(self.path, os.R_OK | os.W_OK):
            raise self._error(
                "cannot read and write the incident database",
                hint="check its permissions: it should belong to you, mode 0600",
            )

    def _schema_version(self, db: sqlite3.Connection) -> int:
        """0 for an empty database; raises if the file is not a breachkit database."""
        tables = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables:
            return 0
        if "meta" not in tables:
            raise self._corrupt()
        # The version row is written in the same transaction as the tables, so a meta
        # table without it (or with a non-number) was not made by breachkit.
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        try:
            return int(row[0])
        except (TypeError, ValueError):
            raise self._corrupt() from None

    def _check_not_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise self._error(
                f"this incident database was created by a newer breachkit (schema "
                f"{version}, this one knows {SCHEMA_VERSION}); upgrade breachkit",
                hint="breachkit left the database untouched; `pip install -U breachkit`",
            )

    def _ensure_wal(self, db: sqlite3.Connection) -> None:
        """WAL: readers never block the writer, and a crash never leaves a torn commit.

        It is a property of the file, so this writes only the first time. Switching needs
        the file to itself, and SQLite answers BUSY at once instead of calling the busy
        handler when another process has it open (two breachkits starting on a new
        database), so wait here, up to the same timeout.
        """
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
            return
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                db.execute("PRAGMA journal_mode=WAL").fetchone()
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY")
                if not busy or time.monotonic() >= deadline:
                    raise
            time.sleep(0.005)

    def _prepare_schema(self) -> None:
        with self._guard() as db:
            # Read before anything writes: a file that is not ours, or is newer, must be
            # left exactly as it was (the journal_mode switch below rewrites the header).
            version = self._schema_version(db)
            self._check_not_newer(version)
            if self.readonly:
                if version == 0:
                    raise self._no_incidents_yet()
                if version < SCHEMA_VERSION:
                    raise self._error(
                        f"the incident database needs an upgrade (schema {version} → "
                        f"{SCHEMA_VERSION}) and was opened read-only",
                        hint="run any breachkit command that records something to upgrade it",
                    )
                return
            self._ensure_wal(db)
            if version == SCHEMA_VERSION:
                return
        with self._write() as db:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            version = self._schema_version(db)
            self._check_not_newer(version)
            for migrate in MIGRATIONS[version:]:
                migrate(db)
            # All steps and the new version commit together, or none of them do.
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema', ?)"
                if version == 0
                else "UPDATE meta SET value = ? WHERE key = 'schema'",
                (str(SCHEMA_VERSION),),
            )

    # ------------------------------------------------------------------ writing

    def _stamp(self, new: NewEvent) -> tuple[str, str, str, str]:
        """(at, actor, kind, data_json) of a new event, validated and encoded."""
        at = new.at if new.at is not None else self._now()
        if at.tzinfo is None or at.utcoffset() is None:
            raise self._error(
                f"event {new.kind!r} has a time without a timezone ({at.isoformat()})",
                hint="breachkit stores times in UTC; give times with their offset",
            )
        if not new.kind:
            raise self._error("an event needs a kind")
        if not isinstance(new.data, dict):
            raise self._error(
                f"event {new.kind!r}: data must be a dict, not {type(new.data).__name__}"
            )
        actor = new.actor
        if not actor:
            if self._actor is None:
                self._actor = _default_actor()
            actor = self._actor
        try:
            data_json = _canonical(new.data)
            # SQLite (and the hash) need valid UTF-8: refuse lone surrogates here, with the
            # event named, instead of failing half-way through a transaction.
            for text in (data_json, actor, new.kind):
                text.encode("utf-8")
        except (TypeError, ValueError) as exc:
            raise self._error(f"event {new.kind!r} cannot be stored: {exc}") from None
        return _format_time(at), actor, new.kind, data_json

    def _insert(
        self,
        db: sqlite3.Connection,
        incident: str,
        seq: int,
        prev_hash: str,
        stamped: tuple[str, str, str, str],
    ) -> Event:
        at, actor, kind, data_json = stamped
        digest = _event_hash(prev_hash, incident, seq, at, actor, kind, data_json)
        db.execute(
            "INSERT INTO events (incident_id, seq, at, actor, kind, data, prev_hash, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (incident, seq, at, actor, kind, data_json, prev_hash, digest),
        )
        # Decode what was stored, so the caller sees exactly what `events()` will return
        # (tuples become lists, and so on).
        data = json.loads(data_json)
        return Event(incident, seq, _parse_time(at), actor, kind, data, prev_hash, digest)

    @staticmethod
    def _touch(db: sqlite3.Connection) -> int:
        row = db.execute("SELECT MAX(touch) FROM incidents").fetchone()
        return int(row[0] or 0) + 1

    def create_incident(self, playbook: str, title: str, first: NewEvent) -> tuple[str, Event]:
        """A new incident `INC-n` and its first event, in one transaction."""
        stamped = self._stamp(first)
        try:
            playbook.encode("utf-8"), title.encode("utf-8")
        except UnicodeEncodeError as exc:  # sqlite3 would raise it mid-transaction
            raise self._error(f"the incident's playbook or title cannot be stored: {exc}") from None
        with self._write() as db:
            row = db.execute("SELECT MAX(num) FROM incidents").fetchone()
            num = int(row[0] or 0) + 1
            incident = f"{ID_PREFIX}{num}"
            event = self._insert(db, incident, 1, GENESIS, stamped)
            db.execute(
                "INSERT INTO incidents (id, num, playbook, title, opened_at, updated_at, "
                "events, last_kind, last_hash, touch) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)",
                (
                    incident,
                    num,
                    playbook,
                    title,
                    stamped[0],
                    stamped[0],
                    event.kind,
                    event.hash,
                    self._touch(db),
                ),
            )
        return incident, event

    def append(self, incident: str, events: Sequence[NewEvent]) -> list[Event]:
        """Append events to an incident in ONE transaction; returns them as stored."""
        incident = self._normalize(incident)
        if not events:
            return []
        stamped = [self._stamp(e) for e in events]
        with self._write() as db:
            if db.execute("SELECT 1 FROM incidents WHERE id = ?", (incident,)).fetchone() is None:
                raise self._unknown(incident)
            # The log itself is the truth for seq and prev_hash, not the summary row.
            last = db.execute(
                "SELECT seq, hash FROM events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1",
                (incident,),
            ).fetchone()
            seq, prev_hash = (int(last[0]), str(last[1])) if last else (0, GENESIS)
            stored: list[Event] = []
            for item in stamped:
                seq += 1
                event = self._insert(db, incident, seq, prev_hash, item)
                prev_hash = event.hash
                stored.append(event)
            db.execute(
                "UPDATE incidents SET updated_at = ?, events = ?, last_kind = ?, "
                "last_hash = ?, touch = ? WHERE id = ?",
                (stamped[-1][0], seq, stored[-1].kind, prev_hash, self._touch(db), incident),
            )
        return stored

    # ------------------------------------------------------------------ reading

    def _normalize(self, incident: str) -> str:
        parsed = _parse_id(incident)
        if parsed is None:
            raise self._error(
                f"not an incident id: {incident!r}",
                hint=f"ids look like INC-7 (or just 7); {INCIDENTS_HINT}",
            )
        return parsed

    def _unknown(self, incident: str) -> BreachkitError:
        latest = self.latest()
        known = f"the most recent is {latest}; " if latest else "there are no incidents yet; "
        return self._error(f"no incident {incident}", hint=known + INCIDENTS_HINT)

    def _exists(self, db: sqlite3.Connection, incident: str) -> bool:
        return (
            db.execute("SELECT 1 FROM incidents WHERE id = ?", (incident,)).fetchone() is not None
        )

    def events(self, incident: str, *, since_seq: int = 0) -> list[Event]:
        """The incident's events after `since_seq`, in order: one query, one JSON parse."""
        incident = self._normalize(incident)
        with self._guard() as db:
            rows = db.execute(
                "SELECT seq, at, actor, kind, data, prev_hash, hash FROM events "
                "WHERE incident_id = ? AND seq > ? ORDER BY seq",
                (incident, since_seq),
            ).fetchall()
            if not rows and not self._exists(db, incident):
                raise self._unknown(incident)
        try:
            # One json.loads over all payloads is several times faster than one per row,
            # and `breachkit status` reads every event of an incident on each run.
            datas = json.loads("[" + ",".join([r[4] for r in rows]) + "]")
            if len(datas) != len(rows):
                raise ValueError("payload count")  # a payload such as '1,2' spans two
            return [
                _fast_event(incident, r[0], _parse_time(r[1]), r[2], r[3], d, r[5], r[6])
                for r, d in zip(rows, datas, strict=True)
            ]
        except (TypeError, ValueError):
            bad = self._first_bad_row(rows)
            raise self._error(
                f"event {bad} of {incident} is damaged and cannot be read",
                hint=f"`breachkit verify {incident}` shows what changed; keep the file: it may "
                "be evidence",
            ) from None

    @staticmethod
    def _first_bad_row(rows: list[Any]) -> object:
        for r in rows:
            try:
                if not isinstance(r[4], str) or not isinstance(json.loads(r[4]), dict):
                    return r[0]
                _parse_time(r[1])
            except (TypeError, ValueError):
                return r[0]
        return "?"

    def _row(self, r: Any) -> IncidentRow:
        try:
            return IncidentRow(r[0], r[1], r[2], _parse_time(r[3]), _parse_time(r[4]), int(r[5]))
        except (TypeError, ValueError):
            raise self._error(f"the summary of incident {r[0]} is damaged") from None

    def incidents(self) -> list[IncidentRow]:
        """All incidents, the most recently updated first."""
        with self._guard() as db:
            rows = db.execute(
                "SELECT id, playbook, title, opened_at, updated_at, events FROM incidents "
                "ORDER BY touch DESC, num DESC"
            ).fetchall()
        return [self._row(r) for r in rows]

    def latest(self) -> str | None:
        """The id of the most recently updated incident, or None if there are none."""
        with self._guard() as db:
            row = db.execute(
                "SELECT id FROM incidents ORDER BY touch DESC, num DESC LIMIT 1"
            ).fetchone()
        return str(row[0]) if row else None

    def resolve_id(self, text: str) -> str:
        """'inc-7', '7', '#7' → 'INC-7' if that incident exists; else a BreachkitError."""
        incident = self._normalize(text)
        with self._guard() as db:
            if not self._exists(db, incident):
                raise self._unknown(incident)
        return incident

    def find_open(self, playbook: str) -> str | None:
        """The most recently updated incident of `playbook` that is not closed (to resume)."""
        with self._guard() as db:
            row = db.execute(
                "SELECT id FROM incidents WHERE playbook = ? AND last_kind <> 'incident.closed' "
                "ORDER BY touch DESC, num DESC LIMIT 1",
                (playbook,),
            ).fetchone()
        return str(row[0]) if row else None

    def verify(self, incident: str) -> Verification:
        """Re-compute the hash chain; report the first event that was altered or removed."""
        incident = self._normalize(incident)
        with self._guard() as db:
            summary = db.execute(
                "SELECT events, last_hash FROM incidents WHERE id = ?", (incident,)
            ).fetchone()
            if summary is None:
                raise self._unknown(incident)
            rows = db.execute(
                "SELECT seq, at, actor, kind, data, prev_hash, hash FROM events "
                "WHERE incident_id = ? ORDER BY seq",
                (incident,),
            ).fetchall()
        count = len(rows)
        prev = GENESIS
        expected = 1
        for seq, at, actor, kind, data, prev_hash, digest in rows:
            if seq != expected:
                if isinstance(seq, int) and seq > expected:
                    problem = f"event {expected} is missing (the next one is {seq})"
                else:
                    problem = f"event {expected} was altered (its number was changed)"
                return Verification(False, count, problem, expected)
            if prev_hash != prev:
                problem = (
                    f"event {seq} does not follow event {seq - 1}: the link between them "
                    "was altered"
                    if seq > 1
                    else "event 1 was altered (its link to the start was changed)"
                )
                return Verification(False, count, problem, seq)
            try:
                intact = digest == _event_hash(prev, incident, seq, at, actor, kind, data)
            except (TypeError, ValueError):  # a column edited to a number, a blob, NULL
                intact = False
            if not intact:
                problem = f"event {seq} was altered (its content does not match its hash)"
                return Verification(False, count, problem, seq)
            prev = digest
            expected += 1
        recorded, last_hash = summary
        if count < recorded:
            return Verification(
                False,
                count,
                f"events {count + 1}..{recorded} are missing (the log ends at event {count})",
                count + 1,
            )
        if count > recorded or last_hash != prev:
            # The chain itself holds, but the summary written with the last append
            # disagrees with it: the summary row was edited, or the tail was replaced.
            return Verification(
                False,
                count,
                f"the incident's summary (of {recorded} events) does not match its log of {count}",
                count,
            )
        return Verification(True, count)

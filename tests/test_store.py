"""The incident store, on real SQLite files: round trips, ids, permissions, the hash chain,
refusing files it must not touch, locks, two writers at once, and a writer killed mid-way."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from breachkit.errors import BreachkitError, ExitCode
from breachkit.store import (
    DB_NAME,
    SCHEMA_VERSION,
    Event,
    NewEvent,
    Store,
    _canonical,
    _event_hash,
    default_home,
)

POSIX = os.name == "posix"
T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


class Clock:
    """A fixed clock that ticks one second per reading, like a tabletop drill."""

    def __init__(self, start: datetime = T0) -> None:
        self.t = start

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with Store.open(home, now=Clock()) as s:
        yield s


def opened(title: str = "Laptop stolen") -> NewEvent:
    return NewEvent("incident.opened", {"title": title})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, to do what breachkit never does (tamper, lock, bump)."""
    return sqlite3.connect(path, isolation_level=None)


# ------------------------------------------------------------------------ round trip


def test_create_append_read_round_trip(store: Store) -> None:
    incident, first = store.create_incident("lost-laptop", "Laptop stolen", opened())
    assert incident == "INC-1"
    assert (first.seq, first.kind, first.prev_hash) == (1, "incident.opened", "")
    stored = store.append(
        incident,
        [
            NewEvent("fact.recorded", {"name": "records", "value": 1200}, actor="ana"),
            NewEvent("note", {"text": "Polícia avisada ✓", "tags": ("a", "b")}, actor="ana"),
        ],
    )
    assert [e.seq for e in stored] == [2, 3]
    assert stored[0].prev_hash == first.hash and stored[1].prev_hash == stored[0].hash
    # What append returns is exactly what events() reads back (tuples come back as lists).
    assert store.events(incident) == [first, *stored]
    assert stored[1].data == {"text": "Polícia avisada ✓", "tags": ["a", "b"]}
    assert store.events(incident, since_seq=2) == [stored[1]]
    assert store.events(incident, since_seq=3) == []


def test_times_are_utc_and_the_clock_is_injectable(store: Store) -> None:
    incident, first = store.create_incident("p", "t", opened())
    assert first.at == T0 + timedelta(seconds=1)
    lisbon_summer = timezone(timedelta(hours=1))
    (e,) = store.append(
        incident, [NewEvent("note", {}, at=datetime(2024, 5, 2, 9, 30, tzinfo=lisbon_summer))]
    )
    assert e.at == datetime(2024, 5, 2, 8, 30, tzinfo=UTC)
    assert e.at.utcoffset() == timedelta(0)
    assert e.to_dict()["at"] == "2024-05-02T08:30:00.000000Z"
    assert json.loads(json.dumps(e.to_dict()))["seq"] == 2


def test_naive_time_is_refused(store: Store) -> None:
    incident, _ = store.create_incident("p", "t", opened())
    with pytest.raises(BreachkitError, match="without a timezone"):
        store.append(incident, [NewEvent("note", {}, at=datetime(2024, 5, 2, 9, 30))])
    assert len(store.events(incident)) == 1


def test_actor_defaults_to_the_os_user(store: Store) -> None:
    incident, first = store.create_incident("p", "t", opened())
    assert first.actor  # getpass.getuser(), or "unknown" where there is no login name
    (e,) = store.append(incident, [NewEvent("note", {}, actor="dpo@example.org")])
    assert e.actor == "dpo@example.org"


@pytest.mark.parametrize(
    "data", [{"when": datetime.now(UTC)}, {"x": float("nan")}, {"s": "\udcff"}]
)
def test_unstorable_data_is_a_clear_error_and_nothing_is_written(
    store: Store, data: dict[str, object]
) -> None:
    incident, _ = store.create_incident("p", "t", opened())
    with pytest.raises(BreachkitError, match="cannot be stored") as info:
        store.append(incident, [NewEvent("note", {"ok": 1}), NewEvent("note", data)])
    assert info.value.location is not None
    assert len(store.events(incident)) == 1  # the good first event was not written either


def test_unstorable_title_is_a_clear_error(store: Store) -> None:
    with pytest.raises(BreachkitError, match="cannot be stored"):
        store.create_incident("p", "bad \udcff bytes", opened())
    assert store.incidents() == []


def test_append_is_one_transaction(store: Store, home: Path) -> None:
    incident, _ = store.create_incident("p", "t", opened())
    # The second event fails inside the transaction (a trigger planted behind the
    # store's back refuses it); the first must go down with it.
    with raw(home / DB_NAME) as db:
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.data = '{\"n\":2}' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with pytest.raises(BreachkitError, match="refused"):
        store.append(incident, [NewEvent("note", {"n": 1}), NewEvent("note", {"n": 2})])
    assert [e.seq for e in store.events(incident)] == [1]
    assert store.incidents()[0].events == 1
    assert store.verify(incident).ok
    (e,) = store.append(incident, [NewEvent("note", {"n": 3})])
    assert e.seq == 2


def test_data_survives_a_reopen(home: Path) -> None:
    with Store.open(home) as s:
        incident, _ = s.create_incident("p", "t", opened())
        s.append(incident, [NewEvent("note", {"n": n}) for n in range(5)])
        before = s.events(incident)
    with Store.open(home, readonly=True) as s:
        assert s.events(incident) == before
        assert s.verify(incident).ok


def test_empty_append_writes_nothing(store: Store) -> None:
    incident, _ = store.create_incident("p", "t", opened())
    assert store.append(incident, []) == []
    assert len(store.events(incident)) == 1


# ------------------------------------------------------------------------ ids and lists


def test_ids_are_sequential_and_lookups_forgiving(store: Store) -> None:
    ids = [store.create_incident("p", f"t{n}", opened())[0] for n in range(3)]
    assert ids == ["INC-1", "INC-2", "INC-3"]
    for text in ("INC-2", "inc-2", "Inc-2", "2", " 2 ", "#2", "inc2", "002"):
        assert store.resolve_id(text) == "INC-2"
    assert [e.seq for e in store.events("inc-3")] == [1]


def test_unknown_id_hints_at_the_incident_list(store: Store, home: Path) -> None:
    with pytest.raises(BreachkitError) as info:
        store.resolve_id("7")
    assert "no incident INC-7" in info.value.message
    assert info.value.hint and "breachkit incidents" in info.value.hint
    assert info.value.location is not None and info.value.location.path == str(home / DB_NAME)
    store.create_incident("p", "t", opened())
    for call in (
        lambda: store.resolve_id("INC-7"),
        lambda: store.events("7"),
        lambda: store.append("7", [NewEvent("note", {})]),
        lambda: store.verify("7"),
    ):
        with pytest.raises(BreachkitError) as info:
            call()
        assert (
            info.value.hint
            and "INC-1" in info.value.hint
            and "breachkit incidents" in info.value.hint
        )
    with pytest.raises(BreachkitError, match="not an incident id") as info:
        store.resolve_id("laptop")
    assert info.value.exit_code is ExitCode.USAGE


def test_incidents_latest_and_find_open(store: Store) -> None:
    assert store.incidents() == [] and store.latest() is None and store.find_open("p") is None
    one, _ = store.create_incident("ransomware", "Files encrypted", opened())
    two, _ = store.create_incident("lost-laptop", "Laptop stolen", opened())
    assert [r.id for r in store.incidents()] == [two, one]
    store.append(one, [NewEvent("note", {})])
    rows = store.incidents()
    assert [r.id for r in rows] == [one, two] and store.latest() == one
    assert (rows[0].playbook, rows[0].title, rows[0].events) == ("ransomware", "Files encrypted", 2)
    assert rows[0].opened_at < rows[0].updated_at
    assert store.find_open("ransomware") == one
    store.append(one, [NewEvent("incident.closed", {})])
    assert store.find_open("ransomware") is None
    three, _ = store.create_incident("ransomware", "Again", opened())
    assert store.find_open("ransomware") == three
    assert store.find_open("lost-laptop") == two


def test_latest_follows_writes_even_with_a_frozen_clock(home: Path) -> None:
    with Store.open(home, now=lambda: T0) as s:
        one, _ = s.create_incident("p", "t", opened())
        two, _ = s.create_incident("p", "t", opened())
        assert s.latest() == two
        s.append(one, [NewEvent("note", {})])
        assert s.latest() == one


# ------------------------------------------------------------------------ location, permissions


def test_default_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BREACHKIT_HOME", str(tmp_path / "bk"))
    assert default_home() == tmp_path / "bk"
    monkeypatch.delenv("BREACHKIT_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_home() == tmp_path / "xdg" / "breachkit"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert default_home() == Path.home() / ".local" / "share" / "breachkit"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_home() == Path.home() / "Library" / "Application Support" / "breachkit"
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_home() == tmp_path / "local" / "breachkit"


def test_store_open_uses_breachkit_home(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("BREACHKIT_HOME", str(home))
    with Store.open() as s:
        assert s.path == home / DB_NAME
    assert (home / DB_NAME).is_file()


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_database_and_sidecars_are_private(store: Store, home: Path) -> None:
    store.create_incident("p", "t", opened())
    assert (home.stat().st_mode & 0o777) == 0o700
    files = [home / DB_NAME, home / f"{DB_NAME}-wal", home / f"{DB_NAME}-shm"]
    for f in files:
        assert f.exists(), f
        assert (f.stat().st_mode & 0o777) == 0o600, f


@pytest.mark.skipif(not POSIX, reason="POSIX umask")
def test_umask_is_restored(home: Path) -> None:
    old = os.umask(0o022)
    try:
        Store.open(home).close()
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(old)


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_an_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    Store.open(tmp_path).close()
    assert (tmp_path.stat().st_mode & 0o777) == 0o755
    assert ((tmp_path / DB_NAME).stat().st_mode & 0o777) == 0o600


# ------------------------------------------------------------------------ hash chain


def test_hash_is_sha256_of_prev_hash_and_canonical_json(store: Store) -> None:
    incident, first = store.create_incident("p", "t", opened())
    (e,) = store.append(
        incident, [NewEvent("note", {"z": [1, {"b": "é", "a": None}], "a": 0.5}, actor="ana")]
    )
    canonical = _canonical(
        {
            "incident": e.incident,
            "seq": e.seq,
            "at": e.to_dict()["at"],
            "actor": e.actor,
            "kind": e.kind,
            "data": e.data,
        }
    )
    assert '"é"' in canonical and ", " not in canonical
    assert e.hash == hashlib.sha256((first.hash + canonical).encode()).hexdigest()
    # The fast path used by verify spells the envelope by hand: same bytes, same hash.
    assert e.hash == _event_hash(
        first.hash, e.incident, e.seq, e.to_dict()["at"], e.actor, e.kind, _canonical(e.data)
    )


def chain(store: Store, n: int = 5) -> str:
    incident, _ = store.create_incident("p", "t", opened())
    store.append(incident, [NewEvent("note", {"n": i}) for i in range(2, n + 1)])
    return incident


def test_verify_ok(store: Store) -> None:
    incident = chain(store)
    result = store.verify(incident)
    assert result.ok and result.events == 5 and result.problem is None and result.seq is None


@pytest.mark.parametrize(
    ("sql", "seq", "words"),
    [
        ("UPDATE events SET data = '{\"n\":99}' WHERE seq = 3", 3, "altered"),
        ("UPDATE events SET actor = 'mallory' WHERE seq = 1", 1, "altered"),
        ("UPDATE events SET at = '2020-01-01T00:00:00.000000Z' WHERE seq = 4", 4, "altered"),
        ("UPDATE events SET kind = 'incident.closed' WHERE seq = 5", 5, "altered"),
        ("DELETE FROM events WHERE seq = 3", 3, "missing"),
        ("UPDATE events SET prev_hash = 'x' WHERE seq = 4", 4, "does not follow"),
        ("DELETE FROM events WHERE seq = 5", 5, "missing"),
        ("UPDATE events SET data = 'not json' WHERE seq = 2", 2, "altered"),
        ("UPDATE events SET data = x'00ff' WHERE seq = 2", 2, "altered"),
    ],
)
def test_verify_reports_the_first_tampered_event(
    store: Store, home: Path, sql: str, seq: int, words: str
) -> None:
    incident = chain(store)
    with raw(home / DB_NAME) as db:
        db.execute(sql)
    result = store.verify(incident)
    assert not result.ok
    assert result.seq == seq
    assert result.problem and words in result.problem and str(seq) in result.problem


def test_verify_catches_a_rewritten_hash_at_the_next_link(store: Store, home: Path) -> None:
    incident = chain(store)
    # A careful tamperer re-hashes the event they changed; the next event's link breaks.
    with raw(home / DB_NAME) as db:
        at, prev = db.execute("SELECT at, prev_hash FROM events WHERE seq = 2").fetchone()
        data = '{"n":42}'
        new = _event_hash(prev, incident, 2, at, "root", "note", data)
        db.execute(
            "UPDATE events SET data = ?, actor = 'root', hash = ? WHERE seq = 2", (data, new)
        )
    result = store.verify(incident)
    assert (result.ok, result.seq) == (False, 3)


def test_damaged_payload_is_an_error_not_a_traceback(store: Store, home: Path) -> None:
    incident = chain(store)
    with raw(home / DB_NAME) as db:
        db.execute("UPDATE events SET data = '1,2' WHERE seq = 4")
    with pytest.raises(BreachkitError, match="event 4 of INC-1 is damaged"):
        store.events(incident)


# ------------------------------------------------------------------------ files it must not touch


def test_newer_schema_is_refused_and_left_untouched(home: Path) -> None:
    path = home / DB_NAME
    with Store.open(home) as s:
        chain(s)
    with raw(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    before = digest(path)
    for readonly in (False, True):
        with pytest.raises(BreachkitError) as info:
            Store.open(home, readonly=readonly)
        assert (
            f"created by a newer breachkit (schema 99, this one knows {SCHEMA_VERSION}); "
            "upgrade breachkit"
        ) in info.value.message
        assert info.value.location is not None and info.value.location.path == str(path)
    assert digest(path) == before


@pytest.mark.parametrize(
    "content",
    [
        os.urandom(16384),
        b"incident notes\nINC-1: laptop stolen\n",
        b"SQLite format 3\x00" + os.urandom(4000),  # the right magic, then garbage
    ],
    ids=["random-bytes", "text-file", "damaged-header"],
)
def test_not_a_database_is_refused_and_left_untouched(home: Path, content: bytes) -> None:
    home.mkdir()
    path = home / DB_NAME
    path.write_bytes(content)
    for readonly in (False, True):
        with pytest.raises(BreachkitError) as info:
            Store.open(home, readonly=readonly)
        assert "not a breachkit incident database" in info.value.message
        assert info.value.location is not None and info.value.location.path == str(path)
    assert path.read_bytes() == content
    assert not (home / f"{DB_NAME}-wal").exists() or (home / f"{DB_NAME}-wal").stat().st_size == 0


def test_another_programs_database_is_refused_and_left_untouched(home: Path) -> None:
    home.mkdir()
    path = home / DB_NAME
    with raw(path) as db:
        db.execute("CREATE TABLE contacts (name TEXT)")
    before = digest(path)
    with pytest.raises(BreachkitError, match="not a breachkit incident database"):
        Store.open(home)
    assert digest(path) == before


def test_a_folder_in_place_of_the_database(home: Path) -> None:
    (home / DB_NAME).mkdir(parents=True)
    for readonly in (False, True):
        with pytest.raises(BreachkitError, match="folder is in the place") as info:
            Store.open(home, readonly=readonly)
        assert info.value.location is not None


def test_a_file_in_place_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("oops")
    with pytest.raises(BreachkitError, match="cannot create the incident database"):
        Store.open(tmp_path / "home")


@pytest.mark.skipif(not POSIX or os.geteuid() == 0, reason="POSIX permissions; root reads all")
def test_unreadable_database(home: Path) -> None:
    Store.open(home).close()
    (home / DB_NAME).chmod(0o000)
    try:
        with pytest.raises(BreachkitError, match="cannot read and write") as info:
            Store.open(home)
        assert info.value.location is not None
        with pytest.raises(BreachkitError, match="cannot open"):
            Store.open(home, readonly=True)
    finally:
        (home / DB_NAME).chmod(0o600)


def test_readonly_needs_an_existing_database_and_refuses_writes(home: Path) -> None:
    with pytest.raises(BreachkitError, match="no incidents yet") as info:
        Store.open(home, readonly=True)
    assert info.value.hint and "BREACHKIT_HOME" in info.value.hint
    assert not home.exists()  # read-only never creates anything
    with Store.open(home) as s:
        incident = chain(s)
    with Store.open(home, readonly=True) as s:
        with pytest.raises(BreachkitError, match="read-only"):
            s.append(incident, [NewEvent("note", {})])
        with pytest.raises(BreachkitError, match="read-only"):
            s.create_incident("p", "t", opened())
        assert len(s.events(incident)) == 5


def test_readonly_on_an_empty_file_says_there_are_no_incidents(home: Path) -> None:
    home.mkdir()
    (home / DB_NAME).touch()
    with pytest.raises(BreachkitError, match="no incidents yet"):
        Store.open(home, readonly=True)
    assert (home / DB_NAME).stat().st_size == 0


def test_a_meta_table_without_a_schema_version_is_not_ours(home: Path) -> None:
    home.mkdir()
    with raw(home / DB_NAME) as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    before = digest(home / DB_NAME)
    with pytest.raises(BreachkitError, match="not a breachkit incident database"):
        Store.open(home)
    assert digest(home / DB_NAME) == before


def test_a_closed_store_says_so(home: Path) -> None:
    s = Store.open(home)
    s.close()
    s.close()  # twice is fine
    with pytest.raises(BreachkitError, match="closed"):
        s.incidents()


# ------------------------------------------------------------------------ locks and processes


def test_locked_database_is_a_clear_error(home: Path) -> None:
    with Store.open(home) as s:
        incident = chain(s)
    holder = raw(home / DB_NAME)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(home, timeout=0.05) as s:
            # Reading still works under WAL while another process writes...
            assert len(s.events(incident)) == 5
            # ...but writing waits for the timeout, then says what is going on.
            for write in (
                lambda: s.append(incident, [NewEvent("note", {})]),
                lambda: s.create_incident("p", "t", opened()),
            ):
                with pytest.raises(BreachkitError) as info:
                    write()
                assert "another breachkit is writing; try again" in info.value.message
                assert info.value.location is not None
                assert info.value.__cause__ is None and info.value.__suppress_context__
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(home) as s:  # and once the lock is gone, all is well
        s.append(incident, [NewEvent("note", {})])
        assert s.verify(incident).ok


WORKER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from breachkit.store import NewEvent, Store

    home, incident, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    with Store.open(home, timeout=30) as store:
        print("ready", flush=True)
        while go and not Path(go).exists():
            time.sleep(0.001)
        for n in range(count):
            (event,) = store.append(incident, [NewEvent("note", {"pid": os.getpid(), "n": n})])
            print(event.seq, flush=True)
    """
)


def spawn(home: Path, incident: str, count: int, go: Path | str = "") -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(home), incident, str(count), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_appending_at_once(home: Path, tmp_path: Path) -> None:
    with Store.open(home) as s:
        incident, _ = s.create_incident("p", "t", opened())
    go = tmp_path / "go"
    workers = [spawn(home, incident, 200, go) for _ in range(2)]
    for w in workers:  # both are connected and waiting; then they start together
        assert w.stdout is not None and w.stdout.readline().strip() == "ready"
    go.touch()
    reported: list[int] = []
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        reported += [int(line) for line in out.split()]
    assert sorted(reported) == list(range(2, 402))
    with Store.open(home, readonly=True) as s:
        events = s.events(incident)
        assert [e.seq for e in events] == list(range(1, 402))
        pids = [e.data["pid"] for e in events[1:]]
        assert len(set(pids)) == 2
        switches = sum(a != b for a, b in itertools.pairwise(pids))
        print(f"writers took turns {switches} times")  # with -s: did they overlap?
        result = s.verify(incident)
        assert result.ok and result.events == 401
        assert s.incidents()[0].events == 401


CREATOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from breachkit.store import NewEvent, Store

    with Store.open(Path(sys.argv[1]), timeout=30) as store:
        for _ in range(25):
            print(store.create_incident("p", "t", NewEvent("incident.opened", {}))[0], flush=True)
    """
)


def test_two_processes_creating_incidents_get_distinct_ids(home: Path) -> None:
    # Both start on a database that does not exist yet: creating and migrating race too.
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CREATOR, str(home)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    ids: list[str] = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        ids += out.split()
    assert sorted(ids, key=lambda i: int(i[4:])) == [f"INC-{n}" for n in range(1, 51)]


@pytest.mark.skipif(not POSIX, reason="SIGKILL")
def test_a_writer_killed_mid_way_loses_nothing_it_committed(home: Path) -> None:
    with Store.open(home) as s:
        incident, _ = s.create_incident("p", "t", opened())
    committed: set[int] = {1}
    for _round in range(3):
        child = spawn(home, incident, 1_000_000)
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        seen = 0
        while seen < 150:  # kill it mid-stream, wherever it happens to be
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else ""
            committed.add(int(line))
            seen += 1
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)
        committed.update(int(line) for line in rest.split())  # printed before it died
        assert child.returncode == -signal.SIGKILL
        with Store.open(home) as s:
            result = s.verify(incident)
            assert result.ok, result.problem
            seqs = {e.seq for e in s.events(incident)}
            assert committed <= seqs
            assert seqs == set(range(1, len(seqs) + 1))


def test_event_is_immutable(store: Store) -> None:
    _, first = store.create_incident("p", "t", opened())
    assert isinstance(first, Event)
    with pytest.raises(AttributeError):
        first.seq = 9  # type: ignore[misc]

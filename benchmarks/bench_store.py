"""How fast the incident store writes and reads, on a real file in a temporary folder.

    python benchmarks/bench_store.py [--events 10000] [--appends 500]

Prints medians (and the spread) of:
- one event appended in its own transaction, with synchronous=FULL (what breachkit uses)
  and NORMAL (what it would cost to trade power-loss safety for speed);
- opening the store (what every command pays), and `import breachkit.store`;
- reading 10,000 events of one incident, and re-computing their hash chain, both warm
  (repeated in one process) and as `breachkit status` pays it: a fresh process, one read.

No assertion: figures to compare before and after a change, on the same machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from breachkit.store import NewEvent, Store, Synchronous


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds per call, one entry per call."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def show(label: str, seconds: list[float], unit: str = "ms") -> None:
    scale = {"ms": 1e3, "µs": 1e6}[unit]
    q = statistics.quantiles(seconds, n=10) if len(seconds) >= 10 else [min(seconds), max(seconds)]
    print(
        f"{label:<52} median {statistics.median(seconds) * scale:8.2f} {unit}"
        f"   (p10 {q[0] * scale:.2f}, p90 {q[-1] * scale:.2f}; n={len(seconds)})"
    )


def bench_append(folder: Path, sync: Synchronous, appends: int) -> None:
    with Store(folder / f"append-{sync}.db", synchronous=sync) as store:
        incident, _ = store.create_incident("bench", "append", NewEvent("incident.opened", {}))
        payload = {"name": "records_affected", "value": 1200, "source": "HR export"}
        counter = iter(range(appends))

        def one() -> None:
            store.append(incident, [NewEvent("fact.recorded", {**payload, "n": next(counter)})])

        times = timed(one, appends)
    show(f"append 1 event, 1 transaction, synchronous={sync}", times)
    print(f"{'':<52} = {1 / statistics.median(times):,.0f} transactions/s")


def bench_reads(folder: Path, count: int) -> None:
    path = folder / "read.db"
    with Store(path, synchronous="NORMAL") as store:
        incident, _ = store.create_incident("bench", "read", NewEvent("incident.opened", {}))
        batch = [
            NewEvent("fact.recorded", {"name": f"fact_{i}", "value": i, "note": "Polícia avisada"})
            for i in range(count - 1)
        ]
        store.append(incident, batch)  # one transaction: building the fixture is not timed

    show("open the store (existing database)", timed(lambda: Store(path).close(), 50))
    with Store(path, readonly=True) as store:
        assert len(store.events(incident)) == count
        show(
            f"read {count:,} events (warm, same process)", timed(lambda: store.events(incident), 20)
        )
        show(
            f"verify hash chain of {count:,} events (warm)",
            timed(lambda: store.verify(incident), 20),
        )

    # What `breachkit status` pays: a new process, a cold connection, one read.
    fresh = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from breachkit.store import Store
        t0 = time.perf_counter()
        with Store(Path({str(path)!r}), readonly=True) as store:
            events = store.events({incident!r})
        t1 = time.perf_counter()
        with Store(Path({str(path)!r}), readonly=True) as store:
            assert store.verify({incident!r}).ok
        t2 = time.perf_counter()
        print(t1 - t0, t2 - t1)
        """
    )
    runs = [subprocess.check_output([sys.executable, "-c", fresh]).split() for _ in range(10)]
    show(f"open + read {count:,} events (fresh process)", [float(r[0]) for r in runs])
    show(f"open + verify {count:,} events (fresh process)", [float(r[1]) for r in runs])


def bench_import() -> None:
    code = (
        "import time; t = time.perf_counter(); import breachkit.store; "
        "print(time.perf_counter() - t)"
    )
    # Like a normal install: bytecode cached (PYTHONDONTWRITEBYTECODE would recompile
    # store.py on every run), and a first run to write the cache.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    run = [sys.executable, "-c", code]
    subprocess.check_output(run, env=env)
    times = [float(subprocess.check_output(run, env=env)) for _ in range(10)]
    show("import breachkit.store (fresh interpreter)", times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--appends", type=int, default=500)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, SQLite {__import__('sqlite3').sqlite_version}")
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        print(f"folder: {tmp}")
        for sync in ("FULL", "NORMAL"):
            bench_append(Path(tmp), sync, args.appends)
        bench_reads(Path(tmp), args.events)
    bench_import()


if __name__ == "__main__":
    main()

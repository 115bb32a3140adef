"""`breachkit status` on an incident with many events, against `breachkit --help`.

    python benchmarks/bench_status.py [--events 10000] [--runs 7]

Target: status at 10,000 events within 1.5x the start-up of `breachkit --help`.
Prints medians of fresh processes (what a user pays); no assertion.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PLAYBOOK = REPO / "playbooks" / "release-bug-data-exposure.yaml"
ANSWERS = REPO / "examples" / "release-bug-data-exposure.answers.yaml"


def median_seconds(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("breachkit") or sys.exit("install breachkit first (pip install .)")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BREACHKIT_HOME": tmp, "NO_COLOR": "1"}
        subprocess.run(
            [
                exe,
                "run",
                str(PLAYBOOK),
                "--answers",
                str(ANSWERS),
                "--non-interactive",
                "--out",
                str(Path(tmp) / "drafts"),
            ],
            env=env,
            check=True,
            capture_output=True,
            cwd=REPO,
        )
        from breachkit.store import NewEvent, Store

        with Store(Path(tmp) / "incidents.db") as store:
            have = len(store.events("INC-1"))
            notes = [
                NewEvent("note", {"text": f"note {i}", "update": i % 50 == 0})
                for i in range(max(0, args.events - have))
            ]
            start = time.perf_counter()
            for i in range(0, len(notes), 1000):
                store.append("INC-1", notes[i : i + 1000])
            batch = time.perf_counter() - start
            single = []
            for i in range(50):
                t0 = time.perf_counter()
                store.append("INC-1", [NewEvent("note", {"text": f"single {i}"})])
                single.append(time.perf_counter() - t0)
            total = len(store.events("INC-1"))
        helptime = median_seconds([exe, "--help"], env, args.runs)
        text = median_seconds([exe, "status", "INC-1"], env, args.runs)
        js = median_seconds([exe, "status", "INC-1", "--format", "json"], env, args.runs)
    print(f"events on the incident                  {total:>10,}")
    per_event = batch / max(len(notes), 1) * 1e6
    print(f"append, batches of 1,000                {per_event:>10.1f} µs/event")
    print(f"append, one event per transaction       {statistics.median(single) * 1e3:>10.2f} ms")
    print(f"breachkit --help                        {helptime * 1e3:>10.1f} ms")
    print(
        f"breachkit status (text)                 {text * 1e3:>10.1f} ms   "
        f"{text / helptime:.2f}x --help (target <= 1.5x)"
    )
    print(
        f"breachkit status --format json          {js * 1e3:>10.1f} ms   "
        f"{js / helptime:.2f}x --help (target <= 1.5x)"
    )


if __name__ == "__main__":
    main()

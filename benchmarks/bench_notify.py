"""Benchmark `breachkit notify` against a bare loop, with a million recipients by default.

    python benchmarks/bench_notify.py            # 1,000,000 recipients
    python benchmarks/bench_notify.py --n 100000

Runs, each as a subprocess timed from start to exit (start-up, the pre-pass over the
input, the checks and the final fsync included), with its peak memory taken from
getrusage(RUSAGE_CHILDREN) in a wrapper process of its own:

- bare: the same template rendered with plain Jinja (no sandbox, no checks, no safety scan,
  no checkpoints), the same HTML conversion (breachkit.notify.HtmlMemo) and the same JSON
  Lines written on one core: what a careful one-off script would do;
- notify --jobs 1, notify --jobs 2 (JSON Lines), notify --format eml --jobs 1.

The safety check stays on in every notify run. Targets: jobs 1 >= 0.8x bare; jobs 2 >=
1.5x bare; eml >= a third of the JSON Lines rate (jobs 1); peak memory < 200 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "notify"
TEMPLATE = "apology.md.j2"

FIRST = ["Maria", "Bob", "Zoë", "Jean-Luc", "Ana", "Søren", "Aiko", "Kwame", "Olga", "Liam"]
LAST = ["García", "Smith", "O'Brien", "Dubois", "Müller", "Tanaka", "Mensah", "Ivanova"]


def make_input(path: Path, n: int) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["email", "name", "joined"])
        for i in range(n):
            # One in ten without a name: the neutral greeting path is exercised too.
            name = "" if i % 10 == 9 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            w.writerow([f"customer{i}.{rng.randrange(10**6)}@example.com", name, "2011-05-04"])


def bare(recipients: Path, out: Path) -> None:
    """The reference: plain Jinja, one core, no safety net."""
    import types

    import jinja2

    from breachkit import render
    from breachkit.incidents import context, read_answers
    from breachkit.notify import HtmlMemo

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(DATA / "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(render._filters(types.SimpleNamespace(tz=None)))  # type: ignore[arg-type]
    text = (DATA / "templates" / TEMPLATE).read_text("utf-8")
    meta, _, body = render.split_front_matter(text, TEMPLATE)
    body_t = env.from_string(body)
    subject_t = env.from_string(meta["subject"])
    from datetime import UTC, datetime

    from breachkit.incidents import load_org

    ctx = context(read_answers(DATA / "answers.yaml").facts, load_org(DATA / "org.yaml"),
                  datetime(2026, 3, 5, tzinfo=UTC))  # fmt: skip
    memo = HtmlMemo()
    with recipients.open(encoding="utf-8", newline="") as fh, out.open("wb") as sink:
        buf: list[bytes] = []
        for row in csv.DictReader(fh):
            name = row["name"]
            first = name.split()[0] if name else ""
            rec = dict(row, first_name=first, greeting=f"Dear {first}" if first else "Hello")
            ctx["recipient"] = rec
            text_body = body_t.render(ctx).lstrip("\n")
            subject = subject_t.render(ctx).strip()
            html = memo.html(text_body, subject, list(rec.values()))
            record = {"to": row["email"], "name": name, "subject": subject}
            record.update(text=text_body, html=html)
            buf.append((json.dumps(record, ensure_ascii=False) + "\n").encode())
            if len(buf) >= 1000:
                sink.write(b"".join(buf))
                buf.clear()
        sink.write(b"".join(buf))


def measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(seconds, peak MB, CPU seconds) of `cmd` and its workers, measured by a wrapper of
    its own. CPU time is printed too: on a shared machine wall time varies with the load."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "dt = time.perf_counter() - t\n"
        "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "peak = ru.ru_maxrss / (1024 if sys.platform != 'darwin' else 2**20)\n"
        "print(dt, peak, ru.ru_utime + ru.ru_stime, rc)\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], env=env, capture_output=True, text=True, check=True
    )
    seconds, peak, cpu, rc = res.stdout.split()
    if rc != "0":
        raise SystemExit(f"{' '.join(cmd)} exited {rc}:\n{res.stderr}")
    return float(seconds), float(peak), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="recipients")
    parser.add_argument("--bare-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--recipients", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_only:
        bare(args.recipients, args.out)
        return

    env = dict(os.environ, BREACHKIT_NOW="2026-03-05T10:00:00Z", BREACHKIT_TZ="UTC")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        recipients = tmp / "recipients.csv"
        t = time.perf_counter()
        make_input(recipients, args.n)
        print(f"{args.n:,} recipients generated in {time.perf_counter() - t:.1f} s")
        notify = [
            sys.executable,
            "-m",
            "breachkit",
            "notify",
            "--facts",
            str(DATA / "answers.yaml"),
        ]
        notify += ["--org", str(DATA / "org.yaml"), "--templates", str(DATA / "templates")]
        notify += ["-t", TEMPLATE, "-r", str(recipients), "--progress", "none"]
        runs = {
            "bare loop (plain Jinja, 1 core)": [
                sys.executable, __file__, "--bare-only",
                "--recipients", str(recipients), "--out", str(tmp / "bare.jsonl"),
            ],
            "notify --jobs 1": [*notify, "-o", str(tmp / "j1"), "--jobs", "1"],
            "notify --jobs 2": [*notify, "-o", str(tmp / "j2"), "--jobs", "2"],
            "notify --format eml --jobs 1": [
                *notify, "-o", str(tmp / "eml"), "--jobs", "1", "--format", "eml",
            ],
        }  # fmt: skip
        rates: dict[str, float] = {}
        print(f"{'run':34} {'seconds':>8} {'msg/s':>9} {'CPU s':>7} {'peak MB':>8}")
        for label, cmd in runs.items():
            seconds, peak, cpu = measured(cmd, env)
            rates[label] = args.n / seconds
            print(f"{label:34} {seconds:8.1f} {rates[label]:9,.0f} {cpu:7.1f} {peak:8.0f}")
        base = rates["bare loop (plain Jinja, 1 core)"]
        j1, j2 = rates["notify --jobs 1"], rates["notify --jobs 2"]
        eml = rates["notify --format eml --jobs 1"]
        print(f"jobs 1 / bare = {j1 / base:.2f} (target >= 0.8)")
        print(f"jobs 2 / bare = {j2 / base:.2f} (target >= 1.5)")
        print(f"eml / jsonl (jobs 1) = {eml / j1:.2f} (target >= 0.33)")
        same = (tmp / "j1" / "messages.jsonl").read_bytes() == (
            tmp / "j2" / "messages.jsonl"
        ).read_bytes()
        print(f"jobs 1 and jobs 2 outputs identical: {same}")
        print(f"load average after the runs: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()

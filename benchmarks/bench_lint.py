"""How fast `breachkit lint` is, against yamllint and against Python's own start-up.

    python benchmarks/bench_lint.py [--playbooks 1000] [--runs 5]

Generates N playbooks in a temporary folder (copies of the shipped ones in playbooks/, or
of the test fixture, each with its own id) with their templates beside them, then times,
as subprocesses (median of --runs, after one warm-up run that compiles .pyc files):

- `breachkit lint` over the N playbooks and the templates,
- yamllint over the same playbooks (if installed: `pip install yamllint`),
- `breachkit lint` on one playbook, against `python -c "import typer, pydantic, jinja2, yaml"`,
- `breachkit --help`, against a minimal typer app's `--help`.

Targets (the issue): lint of 1,000 at most 0.1x yamllint; one file at most 1.5x the
import line; --help at most 1.3x the minimal typer app. No assertion: figures to compare.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MINIMAL_TYPER = '''\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def bye() -> None:
    """Say bye."""


app()
'''


def sources() -> tuple[list[Path], Path]:
    shipped = sorted((REPO / "playbooks").glob("*.yaml"))
    if shipped and (REPO / "templates").is_dir():
        return shipped, REPO / "templates"
    good = REPO / "tests" / "data" / "lint" / "good"
    return sorted((good / "playbooks").glob("*.yaml")), good / "templates"


def generate(folder: Path, count: int) -> None:
    playbooks, templates = sources()
    (folder / "playbooks").mkdir(parents=True)
    shutil.copytree(templates, folder / "templates")
    texts = [p.read_text(encoding="utf-8") for p in playbooks]
    for i in range(count):
        text = texts[i % len(texts)]
        lines = text.splitlines(keepends=True)
        # A distinct id per copy, as a real collection of playbooks would have.
        for n, line in enumerate(lines):
            if line.startswith("id: "):
                lines[n] = f"{line.rstrip()}-{i:05d}\n"
                break
        (folder / "playbooks" / f"playbook-{i:05d}.yaml").write_text(
            "".join(lines), encoding="utf-8"
        )


def breachkit() -> list[str]:
    exe = shutil.which("breachkit")
    return [exe] if exe else [sys.executable, "-m", "breachkit"]


@dataclass
class Timing:
    wall: float  # median seconds
    cpu: float  # median user+sys seconds of the child: steadier on a busy machine


def timed(
    cmd: list[str], cwd: Path, runs: int, env: dict[str, str], warm: bool = True
) -> Timing | None:
    """Medians over `runs`, after one warm-up run; None if the command is missing."""
    try:
        if warm:
            subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    except FileNotFoundError:
        return None
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return Timing(statistics.median(walls), statistics.median(cpus))


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--playbooks", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # A normal install has its .pyc files; let the warm-up run write them.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"

    with tempfile.TemporaryDirectory(prefix="bench-lint-") as tmp:
        folder = Path(tmp)
        generate(folder, args.playbooks)
        (folder / "minimal_typer.py").write_text(MINIMAL_TYPER, encoding="utf-8")
        one = str(next(iter(sorted((folder / "playbooks").iterdir()))))
        playbooks = sorted(str(p) for p in (folder / "playbooks").iterdir())
        yamllint = shutil.which("yamllint")

        bk = breachkit()
        env["BREACHKIT_CACHE_DIR"] = str(folder / "cache")
        # Cold: --no-cache, every file read, validated and parsed (CI on a fresh clone).
        lint_all = timed([*bk, "lint", "-q", "--no-cache"], folder, args.runs, env)
        lint_one = timed([*bk, "lint", "-q", "--no-cache", one], folder, args.runs, env)
        # Warm: inputs unchanged since the warm-up run (pre-commit, an editor on save).
        warm_all = timed([*bk, "lint", "-q"], folder, args.runs, env)
        warm_one = timed([*bk, "lint", "-q", one], folder, args.runs, env)
        imports = timed(
            [sys.executable, "-c", "import typer, pydantic, jinja2, yaml"], folder, args.runs, env
        )
        # No lint work: what any `breachkit lint` pays for typer (its pydantic adapters,
        # building every command) before it reads a file. For context, no target.
        list_rules = timed([*bk, "lint", "--list-rules"], folder, args.runs, env)
        help_bk = timed([*bk, "--help"], folder, args.runs, env)
        help_min = timed(
            [sys.executable, str(folder / "minimal_typer.py"), "--help"], folder, args.runs, env
        )
        # yamllint takes a minute or more on 1,000 files: one run, no warm-up (pip compiled it).
        yl = (
            timed([yamllint, "-f", "parsable", *playbooks], folder, 1, env, warm=False)
            if yamllint
            else None
        )
        check = subprocess.run(
            [*bk, "lint", "-q"], cwd=folder, env=env, capture_output=True, text=True, check=False
        )

    n = args.playbooks
    print(
        f"breachkit lint benchmark: {n} playbooks (copies of {len(sources()[0])} "
        f"realistic ones) and their templates; medians of {args.runs} runs"
    )
    print(f"  (lint exit status {check.returncode}, {len(check.stdout.splitlines())} findings)")
    print()
    rows = [
        (f"breachkit lint ({n} playbooks)", lint_all, yl, "yamllint", 0.1),
        ("  same, cache warm", warm_all, yl, "yamllint", 0.1),
        ("breachkit lint (one playbook)", lint_one, imports, "import line", 1.5),
        ("  same, cache warm", warm_one, imports, "import line", 1.5),
        ("breachkit --help", help_bk, help_min, "minimal typer --help", 1.3),
        ("breachkit lint --list-rules", list_rules, imports, "import line", None),
    ]
    print(
        f"{'measure':<32}{'wall':>9}{'cpu':>9}   {'against':<22}{'wall':>9}{'cpu':>9}"
        f"   ratio wall/cpu   target"
    )
    for label, ours, theirs, name, target in rows:
        cells = []
        for attr in ("wall", "cpu"):
            a = getattr(ours, attr) if ours else None
            b = getattr(theirs, attr) if theirs else None
            cells.append(f"{a / b:.2f}x" if a is not None and b else "n/a")
        print(
            f"{label:<32}{fmt(ours.wall if ours else None):>9}{fmt(ours.cpu if ours else None):>9}"
            f"   {name:<22}{fmt(theirs.wall if theirs else None):>9}"
            f"{fmt(theirs.cpu if theirs else None):>9}   {cells[0]:>6} / {cells[1]:<6}  "
            + (f"<= {target:.1f}x" if target else "(context)")
        )
    if lint_all is not None:
        print(
            f"\nper playbook: {lint_all.wall / n * 1000:.2f} ms wall, "
            f"{lint_all.cpu / n * 1000:.2f} ms cpu (C-parse floor about 1.2 ms); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cpus"
        )


if __name__ == "__main__":
    main()

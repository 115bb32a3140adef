"""Render and check every shipped template for an incident, as `breachkit render` does.

    python benchmarks/bench_drafts.py [--runs 7]

Target: a full `breachkit render INC --all` (a fresh process: start-up, load, render,
check, write) within 1.5x `python -c "import typer, pydantic, jinja2, yaml"`.
Prints medians of fresh processes, and the in-process time per draft; no assertion.
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


def median_seconds(cmd: list[str], env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--playbook", default="release-bug-data-exposure")
    args = parser.parse_args()
    exe = shutil.which("breachkit") or sys.exit("install breachkit first (pip install .)")
    playbook = REPO / "playbooks" / f"{args.playbook}.yaml"
    answers = REPO / "examples" / f"{args.playbook}.answers.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BREACHKIT_HOME": tmp, "NO_COLOR": "1"}
        out = Path(tmp) / "drafts"
        subprocess.run(
            [
                exe,
                "run",
                str(playbook),
                "--answers",
                str(answers),
                "--non-interactive",
                "--out",
                str(out),
            ],
            env=env,
            capture_output=True,
            cwd=REPO,
            check=True,
        )
        drafts = len(list(out.glob("*.md")))
        base = median_seconds(
            [sys.executable, "-c", "import typer, pydantic, jinja2, yaml"], env, args.runs
        )
        render = median_seconds(
            [exe, "render", "INC-1", "--all", "--force", "--out", str(out)], env, args.runs
        )
        facts = median_seconds(
            [exe, "render", "--facts", str(answers), "--force", "--out", str(Path(tmp) / "facts")],
            env,
            args.runs,
        )
        templates = len(
            [p for p in (REPO / "templates").glob("*.j2") if not p.name.startswith("_")]
        )
    print(f"drafts of the incident's playbook                {drafts:>8}")
    print(f"import typer, pydantic, jinja2, yaml            {base * 1e3:>8.1f} ms")
    print(
        f"breachkit render INC-1 --all (render + check)   {render * 1e3:>8.1f} ms   "
        f"{render / base:.2f}x the imports (target <= 1.5x)"
    )
    print(
        f"breachkit render --facts, all {templates} templates      {facts * 1e3:>8.1f} ms   "
        f"{facts / base:.2f}x the imports"
    )


if __name__ == "__main__":
    main()

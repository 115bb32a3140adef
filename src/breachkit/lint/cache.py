"""A results cache for lint, keyed by the content of every file a run can read.

Lint runs on every commit (pre-commit) and on every save in an editor, mostly over files
that did not change. As with ruff's cache, a run whose inputs are byte for byte those of
an earlier run prints that run's findings without building the playbook models or parsing
a template. The key covers the paths named, the `playbooks/` and `templates/` folders
beside them (templates read facts from the playbooks beside them, and playbooks use the
templates beside them), the working folder (paths are shown relative to it) and
breachkit's own code, so a change to any of them is a miss.

Untrusted input cannot poison it: a key is a sha256 over content, and an entry holds only
what lint found in that content. `--no-cache` or BREACHKIT_NO_CACHE=1 turns it off;
BREACHKIT_CACHE_DIR moves it (default: $XDG_CACHE_HOME/breachkit, ~/.cache/breachkit).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from breachkit import __version__
from breachkit.config import cache_dir
from breachkit.findings import Finding, Location, Severity

MAX_ENTRIES = 256
_PACKAGE = Path(__file__).resolve().parents[1]


def _files(root: Path) -> Iterable[str]:
    if root.is_file():
        yield str(root)
        return
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            yield os.path.join(folder, name)  # noqa: PTH118  (strings: cheaper than Paths)


def _code_fingerprint(digest: hashlib._Hash) -> None:
    for file in _files(_PACKAGE):
        if file.endswith((".py", ".yaml")):
            st = os.stat(file)  # noqa: PTH116
            digest.update(f"{file}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


def run_key(paths: Sequence[Path], templates: Path | None, options: str = "") -> str:
    """sha256 over breachkit's code, the options and every file the run may read."""
    digest = hashlib.sha256()
    digest.update(f"{__version__}\0{sys.version}\0{Path.cwd()}\0{options}\n".encode())
    _code_fingerprint(digest)
    roots: set[Path] = set()
    for path in [*paths, *([templates] if templates else [])]:
        absolute = Path(os.path.abspath(path))  # noqa: PTH100  (keep symlinked names)
        roots.add(absolute)
        if absolute.is_file() and absolute.suffix in (".yaml", ".yml"):
            # A playbook reads only itself and the templates beside its folder.
            roots.add(absolute.parent.parent / "templates")
            continue
        for parent in (absolute.parent, absolute.parent.parent):
            roots.update((parent / "playbooks", parent / "templates"))
    seen: set[str] = set()
    for root in sorted(roots):
        for file in _files(root):
            if file in seen:
                continue
            seen.add(file)
            try:
                data = Path(file).read_bytes()  # through symlinks: their targets count
            except OSError as exc:
                data = f"<unreadable {exc.errno}>".encode()
            digest.update(f"{file}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def load(key: str) -> tuple[list[Finding], int] | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / "lint" / f"{key}.json").read_text("utf-8"))
        findings = [
            Finding(
                Location(f["path"], f["line"], f["column"]),
                f["rule"],
                f["name"],
                Severity(f["severity"]),
                f["message"],
            )
            for f in data["findings"]
        ]
        return findings, int(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: lint again


def save(key: str, findings: Sequence[Finding], files: int) -> None:
    folder = cache_dir()
    if folder is None:
        return
    target = folder / "lint"
    try:
        target.mkdir(parents=True, exist_ok=True)
        entries = sorted(target.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[: max(0, len(entries) - MAX_ENTRIES + 1)]:
            old.unlink(missing_ok=True)
        tmp = target / f".{key}.{os.getpid()}.tmp"
        payload = {"files": files, "findings": [f.to_dict() for f in findings]}
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(target / f"{key}.json")
    except OSError:
        return  # a read-only home or a full disk must never fail a lint run

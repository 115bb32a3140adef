"""Shared fixtures: an isolated incident store, a CLI runner, repository paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from the output"
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test its own lint cache: no test sees another's findings."""
    monkeypatch.setenv("BREACHKIT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private BREACHKIT_HOME, a fixed zone and no clock override leaking in."""
    folder = tmp_path / "home"
    monkeypatch.setenv("BREACHKIT_HOME", str(folder))
    monkeypatch.setenv("BREACHKIT_TZ", "UTC")
    monkeypatch.setenv("BREACHKIT_ACTOR", "tester")
    monkeypatch.delenv("BREACHKIT_NOW", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    yield folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()

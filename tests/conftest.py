from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import write_fixture


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test session gets its own DuckDB cache; tests never touch ~/.cache."""
    cache = tmp_path_factory.getbasetemp() / "harness-cache"
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    return write_fixture(tmp_path)

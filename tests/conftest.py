from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.gen.torch_env import prepare
from tests.helpers import write_fixture
from tests.pg_server import ServerUnavailable, start_server

prepare()  # hide torchvision & co. before anything imports transformers (see torch_env)

ENV_DSN = "HARNESS_PG_DSN"  # harness.engines.postgres reads it


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Each test session gets its own DuckDB cache; tests never touch ~/.cache."""
    cache = tmp_path_factory.getbasetemp() / "harness-cache"
    monkeypatch.setenv("HARNESS_CACHE_DIR", str(cache))
    return cache


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    return write_fixture(tmp_path)


@pytest.fixture(scope="session")
def pg_dsn() -> Iterator[str]:
    """A throwaway cluster for the session; its URL is also exported as HARNESS_PG_DSN."""
    try:
        server = start_server()
    except ServerUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(f"no PostgreSQL here: {exc}")
    previous = os.environ.get(ENV_DSN)
    os.environ[ENV_DSN] = server.dsn
    try:
        yield server.dsn
    finally:
        if previous is None:
            os.environ.pop(ENV_DSN, None)
        else:
            os.environ[ENV_DSN] = previous
        server.stop()

"""The engine protocol: load a fixture once, then run untrusted Oracle queries safely."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from harness.fixture import Fixture
from harness.records import ExecResult


class Engine(Protocol):
    """A database that runs Oracle SQL (natively or through the Oracle-semantics layer)."""

    name: str

    def execute(self, sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        """Run one untrusted query: checked, translated, time-limited, at most `max_rows` rows."""
        ...

    def fingerprint(self) -> str:
        """A digest of every table's content; equal before and after a run proves no change."""
        ...

    def close(self) -> None: ...


class EngineFactory(Protocol):
    def __call__(
        self, fixture: Fixture, *, as_of: dt.datetime, memory_limit: str = ...
    ) -> Engine: ...

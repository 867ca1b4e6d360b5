"""Every shipped suite passes `harness suites validate` on DuckDB: each gold runs, is
deterministic (run twice) and is non-empty unless tagged empty-answer. (Agreement with
PostgreSQL is checked by tests/test_fidelity.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.suite import discover_suites
from harness.validate import validate_suite

SUITES = discover_suites(Path(__file__).resolve().parents[1] / "benchmarks" / "suites")


def test_suites_are_shipped():
    assert {p.name for p in SUITES} >= {"ebs-mini", "ebs-smoke"}


@pytest.mark.parametrize("suite", SUITES, ids=[p.name for p in SUITES])
def test_suite_validates(suite: Path):
    problems, checked = validate_suite(suite, "duckdb")
    assert checked >= 30
    assert not problems, "\n".join(problems)

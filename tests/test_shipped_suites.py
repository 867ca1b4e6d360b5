"""The shipped suites exist. (Gold validity: benchmarks/test_integrity.py; agreement with
PostgreSQL: tests/test_fidelity.py.)"""

from __future__ import annotations

from pathlib import Path

from harness.suite import discover_suites

SUITES = discover_suites(Path(__file__).resolve().parents[1] / "benchmarks" / "suites")


def test_suites_are_shipped():
    assert {p.name for p in SUITES} >= {"ebs-mini", "ebs-smoke"}

# Gold validity of every shipped suite is checked by benchmarks/test_integrity.py.

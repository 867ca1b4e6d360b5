"""``harness fidelity``: every gold on every engine, differences fail the gate."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from harness.cli import app
from harness.engines.duckdb import DuckDBEngine
from harness.fidelity import compare_engines, default_suites
from harness.fixture import load_fixture
from harness.runner import open_engine
from harness.suite import Suite

ROOT = Path(__file__).resolve().parents[1]
SUITES = default_suites(ROOT / "benchmarks" / "suites")


def test_duckdb_and_postgres_agree_on_every_gold(pg_dsn):
    report = compare_engines(SUITES, ["duckdb", "postgres"])
    assert report.golds >= 30
    assert report.ok, "\n".join(report.differences)
    assert report.agreed + len(report.gaps) == report.golds


def test_cli_gate_passes_with_both_engines(pg_dsn):
    result = CliRunner().invoke(
        app, ["fidelity", "--engines", "duckdb,postgres", *map(str, SUITES)]
    )
    assert result.exit_code == 0, result.output
    assert "0 differ" in result.output


def test_a_difference_fails_the_gate(tmp_path):
    # The same engine over data that differs in one row must be caught, naming the question.
    altered = tmp_path / "altered"
    shutil.copytree(ROOT / "benchmarks" / "fixtures" / "ebs-mini", altered)
    csv = altered / "data" / "FND_USER.csv"
    lines = csv.read_text().splitlines()
    csv.write_text("\n".join(lines[:-1]) + "\n")  # drop one user

    def opener(suite: Suite, name: str) -> DuckDBEngine:
        if name == "duckdb-altered":
            return DuckDBEngine(load_fixture(altered), as_of=suite.config.as_of)
        return open_engine(suite, name)  # type: ignore[return-value]

    report = compare_engines(SUITES, ["duckdb", "duckdb-altered"], opener=opener)
    assert not report.ok
    assert any("fnd-" in d for d in report.differences), report.differences

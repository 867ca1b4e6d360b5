"""The command line on the shipped ebs-mini suite and on small broken inputs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from harness.cli import app
from tests.helpers import write_suite

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "benchmarks" / "suites" / "ebs-mini"
FIXTURE = ROOT / "benchmarks" / "fixtures" / "ebs-mini"
runner = CliRunner()


def test_exec_json_prints_the_result_set():
    result = runner.invoke(
        app,
        [
            "exec",
            "--fixture",
            str(FIXTURE),
            "--json",
            "SELECT COUNT(*) AS n, SYSDATE FROM apps.ap_suppliers",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["status"] == "ok"
    assert payload["columns"] == ["N", "SYSDATE"]
    assert payload["rows"][0][0] == 16
    assert payload["rows"][0][1] == "2024-06-30 00:00:00"
    assert "apps." not in payload["executed_sql"]


def test_exec_reports_refusals_with_exit_code():
    result = runner.invoke(app, ["exec", "--fixture", str(FIXTURE), "DROP TABLE ap_suppliers"])
    assert result.exit_code == 1
    assert "rejected" in result.output
    result = runner.invoke(
        app,
        [
            "exec",
            "--fixture",
            str(FIXTURE),
            "--json",
            "SELECT MAX(vendor_name) KEEP (DENSE_RANK FIRST ORDER BY vendor_id) FROM ap_suppliers",
        ],
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "unsupported"


def test_suites_list_and_validate_shipped_suite():
    listed = runner.invoke(app, ["suites", "list", str(ROOT / "benchmarks" / "suites")])
    assert listed.exit_code == 0 and "ebs-mini" in listed.output
    checked = runner.invoke(app, ["suites", "validate", str(SUITE)])
    assert checked.exit_code == 0, checked.output
    assert "0 problem(s)" in checked.output


def test_validate_flags_vacuous_failing_and_nondeterministic_golds(tmp_path):
    suite = write_suite(
        tmp_path,
        """\
        - id: empty
          question: Suppliers named Nobody.
          gold: SELECT vendor_id FROM ap_suppliers WHERE vendor_name = 'Nobody'
        - id: broken
          question: Broken.
          gold: SELECT nope FROM ap_suppliers
        - id: arbitrary
          question: Any two invoices.
          gold: SELECT invoice_id FROM ap_invoices_all FETCH FIRST 2 ROWS ONLY
        - id: fine
          question: All suppliers.
          gold: SELECT vendor_id FROM ap_suppliers
        """,
    )
    result = runner.invoke(app, ["suites", "validate", str(suite)])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "empty gold 1: vacuous" in out
    assert "broken gold 1: error" in out
    assert "arbitrary gold 1: not deterministic" in out
    assert "fine gold" not in out
    assert "3 problem(s)" in out


def test_score_quickstart_command(tmp_path):
    out = tmp_path / "run"
    result = runner.invoke(
        app,
        [
            "score",
            str(SUITE),
            "--predictions",
            str(SUITE / "predictions" / "gold.jsonl"),
            "--out",
            str(out),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["execution_accuracy"]["accuracy"] == 1.0
    assert summary["exact_match_rate"] == 1.0
    assert (out / "run.json").exists() and (out / "summary.json").exists()
    lines = (out / "samples.jsonl").read_text().splitlines()
    assert len(lines) == 30


def test_suites_stats_counts_the_shipped_suite():
    result = runner.invoke(app, ["suites", "stats", str(SUITE), "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["suites"] == {"ebs-mini": 30}
    assert sum(stats["modules"].values()) == 30
    assert sum(stats["difficulty"].values()) == 30
    assert stats["alternative_golds"] == 2 and stats["golds"] == 32


def test_benchmarks_readme_counts_are_current():
    """benchmarks/README.md's counts come from `harness suites stats --update-readme`."""
    from harness.suite import load_suite
    from harness.suite_stats import EBS_SUITES, stats_markdown, suite_stats, update_readme

    readme = ROOT / "benchmarks" / "README.md"
    suites = [load_suite(ROOT / "benchmarks" / "suites" / name) for name in EBS_SUITES]
    expected = update_readme(readme, stats_markdown(suite_stats(suites)))
    assert readme.read_text() == expected, (
        "run: harness suites stats --update-readme benchmarks/README.md"
    )


def test_suites_stats_check_holds_for_the_shipped_ebs_suites():
    """The issue's data requirements (300+ questions, modules, difficulty mix, 28 traps x 5)."""
    result = runner.invoke(app, ["suites", "stats", "--check", "--json"])
    assert result.exit_code == 0, result.output
    reqs = json.loads(result.stdout)["requirements"]
    assert len(reqs) == 7 and all(r["met"] for r in reqs), reqs

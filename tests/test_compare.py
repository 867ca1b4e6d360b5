"""`harness compare`, the reports (rendered in headless Chromium) and the regression gate."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from harness.cli import app

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "benchmarks" / "suites" / "ebs-mini"
SAMPLE = MINI / "predictions" / "sample.jsonl"
GOLD = MINI / "predictions" / "gold.jsonl"
runner = CliRunner()


def _score(preds: Path, out: Path) -> Path:
    result = runner.invoke(
        app, ["score", str(MINI), "--predictions", str(preds), "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    return out


def _regressed(tmp_path: Path) -> Path:
    """The sample predictions with gl-001 (a must-pass question) broken."""
    lines = [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]
    for row in lines:
        if row["id"] == "gl-001":
            row["sql"] = "SELECT 1 AS x FROM dual"
    path = tmp_path / "regressed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("runs")
    return {
        "sample": _score(SAMPLE, tmp / "sample"),
        "gold": _score(GOLD, tmp / "gold"),
        "regressed": _score(_regressed(tmp), tmp / "regressed"),
    }


def test_compare_reports_paired_statistics_and_won_lost(runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report"
    result = runner.invoke(
        app, ["compare", str(runs["sample"]), str(runs["gold"]), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text())
    sample = json.loads((runs["sample"] / "summary.json").read_text())
    o = report["overall"]
    assert o["n"] == 30 and o["acc_b"] == 1.0
    assert o["acc_a"] == pytest.approx(sample["execution_accuracy"]["accuracy"])
    assert o["a_only"] == 0 and o["b_only"] == 30 - sample["execution_accuracy"]["correct"]
    assert o["p_mcnemar"] == pytest.approx(2 * 0.5 ** o["b_only"])
    assert o["ci95"][0] > 0 and "B is better (significant)" in result.output
    assert len(report["won"]) == o["b_only"] and not report["lost"]
    won = report["won"][0]
    assert won["sql_b"] and won["question"] and won["preview_b"]
    assert sum(report["transitions"].values()) == o["b_only"]
    assert set(report["by_module"]) == {"AP", "FND", "GL", "HR", "PO"}
    md = (out / "report.md").read_text()
    assert "## Won by B" in md and "McNemar" in md
    page = (out / "report.html").read_text()
    assert page.count("<svg") == 3 and 'id="chart-module"' in page


def test_compare_refuses_runs_of_different_suites(runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other"
    shutil.copytree(runs["gold"], other)
    info = json.loads((other / "run.json").read_text())
    info["suite_hash"] = "0" * 64
    (other / "run.json").write_text(json.dumps(info))
    result = runner.invoke(app, ["compare", str(runs["sample"]), str(other)])
    assert result.exit_code == 2 and "different suites" in result.output


def test_compare_runs_configs_first(tmp_path: Path) -> None:
    for name, preds in (("base", SAMPLE), ("tuned", GOLD)):
        (tmp_path / f"{name}.yaml").write_text(
            yaml.safe_dump(
                {
                    "name": name,
                    "model": {"backend": "replay", "predictions": str(preds)},
                    "prompt": {"schema_mode": "full"},
                    "suite": str(MINI),
                    "out": str(tmp_path / "runs" / name),
                }
            )
        )
    result = runner.invoke(
        app,
        [
            "compare",
            str(tmp_path / "base.yaml"),
            str(tmp_path / "tuned.yaml"),
            "--out",
            str(tmp_path / "r"),
            "--no-previews",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "r" / "report.json").read_text())
    assert report["a"]["label"] == "base" and report["b"]["label"] == "tuned"
    assert "model.predictions" in report["config_diff"]


def _browser() -> str | None:
    """Chromium's path; CI must have it (.ci/run installs it), elsewhere it may be missing."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None and os.environ.get("CI"):
        pytest.fail("CI must render the report: apt-get install chromium")
    return browser


def _chromium(browser: str, *args: str) -> str:
    """Run headless Chromium; returns what it printed (the DOM for --dump-dom)."""
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def test_html_report_renders_in_headless_chromium(runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    browser = _browser()
    if browser is None:
        pytest.skip("no chromium here")
    from PIL import Image

    out = tmp_path / "report"
    runner.invoke(app, ["compare", str(runs["sample"]), str(runs["gold"]), "--out", str(out)])
    shot = tmp_path / "shot.png"
    page = (out / "report.html").as_uri()
    _chromium(browser, "--hide-scrollbars", f"--screenshot={shot}", "--window-size=1100,1400", page)
    image = Image.open(shot).convert("RGB")
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20) or []}
    blue, grey, green = (0x1F, 0x6F, 0xD1), (0x9E, 0x9E, 0x9E), (0x2E, 0x9D, 0x4A)
    assert blue in colours and grey in colours, "per-module bars not drawn"
    assert green in colours, "win/loss bar not drawn"
    dom = _chromium(browser, "--dump-dom", page)
    assert dom.count('class="bar-b"') >= 5


def _gate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "benchmarks" / "test_gates.py"),
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


def test_gate_fails_readably_on_a_must_pass_regression(runs) -> None:  # type: ignore[no-untyped-def]
    proc = _gate("--harness-run", str(runs["regressed"]), "--harness-baseline", str(runs["sample"]))
    assert proc.returncode == 1, proc.stdout[-2000:]
    assert "must-pass questions not correct" in proc.stdout
    assert "gl-001" in proc.stdout and "SELECT 1 AS x FROM dual" in proc.stdout
    assert "SQL baseline:" in proc.stdout


def test_gate_fails_on_a_drop_beyond_tolerance(runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    gates = tmp_path / "gates.yaml"
    gates.write_text(yaml.safe_dump({"suites": {"ebs-mini": {"max_drop": 0.2}}}))
    proc = _gate(
        "--harness-run",
        str(runs["sample"]),
        "--harness-baseline",
        str(runs["gold"]),
        "--harness-gates",
        str(gates),
    )
    assert proc.returncode == 1
    assert "accuracy dropped 100.0% ->" in proc.stdout and "regressed questions" in proc.stdout


def test_gate_passes_when_nothing_regressed(runs) -> None:  # type: ignore[no-untyped-def]
    proc = _gate("--harness-run", str(runs["gold"]), "--harness-baseline", str(runs["sample"]))
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "3 passed" in proc.stdout


def test_without_run_options_the_gate_tests_skip() -> None:
    proc = _gate()
    assert proc.returncode == 0 and "3 skipped" in proc.stdout


def test_review_ranks_candidates_with_holm_and_reports_the_winner_once_on_the_final_suite(
    runs,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    configs = {}
    for name, preds in (("base", SAMPLE), ("good", GOLD), ("worse", _regressed(tmp_path))):
        configs[name] = tmp_path / f"{name}.yaml"
        configs[name].write_text(
            yaml.safe_dump(
                {
                    "name": name,
                    "model": {"backend": "replay", "predictions": str(preds)},
                    "prompt": {"schema_mode": "full"},
                    "suite": str(MINI),
                }
            )
        )
    out = tmp_path / "review"
    result = runner.invoke(
        app,
        [
            "review",
            str(configs["base"]),
            str(configs["worse"]),
            str(configs["good"]),
            "--final-suite",
            str(MINI),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    review = json.loads((out / "review.json").read_text())
    assert [c["label"] for c in review["candidates"]] == ["good", "worse"]
    good, worse = review["candidates"]
    assert good["significant"] and not worse["significant"]
    assert good["p_holm"] == pytest.approx(min(1.0, 2 * good["p"]))  # two comparisons
    assert review["chosen"] == "good" and review["recommendation"].startswith("ship good")
    assert review["final"]["overall"]["acc_b"] == 1.0
    assert "Final report" in (out / "review.md").read_text()


@pytest.mark.slow
def test_compare_the_demo_with_its_lora_adapter_end_to_end(tmp_path: Path) -> None:
    """README: harness compare configs/demo.yaml configs/demo-lora.yaml (fresh machine)."""
    pytest.importorskip("vllm")
    cmd = [sys.executable, "-m", "harness.cli", "compare", str(ROOT / "configs" / "demo.yaml"),
           str(ROOT / "configs" / "demo-lora.yaml"), "--out", str(tmp_path / "report")]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, timeout=1500,
                          env={**os.environ, "COLUMNS": "200"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    for name in ("report.md", "report.html", "report.json"):
        assert (tmp_path / "report" / name).exists()
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["paired_questions"] == 30
    assert report["a"]["label"] == "demo" and report["b"]["label"] == "demo-lora"
    assert "model.adapter" in report["config_diff"]
    assert (tmp_path / "runs").is_dir()  # both runs were made first
    browser = _browser()
    if browser is None:
        return
    page = (tmp_path / "report" / "report.html").as_uri()
    dom = _chromium(browser, "--dump-dom", page)
    for chart in ("chart-module", "chart-difficulty", "winloss"):
        assert f'id="{chart}"' in dom, chart
    assert dom.count('class="bar-b"') == 13  # ten modules and three difficulties
    shot = tmp_path / "demo.png"
    _chromium(browser, f"--screenshot={shot}", "--window-size=1100,1400", page)
    from PIL import Image

    assert len(Image.open(shot).convert("L").getcolors(maxcolors=1 << 20) or []) > 10

"""Options of the regression gate: ``pytest benchmarks/ --harness-run DIR`` (or a config)."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("harness", "harness regression gate")
    group.addoption("--harness-run", help="Run folder to gate.")
    group.addoption("--harness-config", help="Run config to run (cached) and gate.")
    group.addoption("--harness-baseline", help="Baseline run folder or config.")
    group.addoption(
        "--harness-gates",
        default=str(Path(__file__).parent / "gates.yaml"),
        help="Gate thresholds (default benchmarks/gates.yaml).",
    )


@pytest.fixture(scope="session")
def gated_run(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from harness.compare import load_run

    target = request.config.getoption("--harness-run") or request.config.getoption(
        "--harness-config"
    )
    if not target:
        pytest.skip("no --harness-run/--harness-config: only the integrity tests run")
    return load_run(Path(target))


@pytest.fixture(scope="session")
def baseline_run(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from harness.compare import load_run

    target = request.config.getoption("--harness-baseline")
    if not target:
        pytest.skip("no --harness-baseline: drop checks need a baseline")
    return load_run(Path(target))


@pytest.fixture(scope="session")
def gates(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    from harness.gate import load_gates

    return load_gates(Path(request.config.getoption("--harness-gates")))

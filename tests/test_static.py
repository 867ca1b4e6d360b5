"""ruff (lint + format) and mypy run as part of the test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(
            [sys.executable, "-m", "ruff", "check", "harness", "tests", "benchmarks"],
            id="ruff-check",
        ),
        pytest.param(
            [sys.executable, "-m", "ruff", "format", "--check", "harness"], id="ruff-format"
        ),
        pytest.param([sys.executable, "-m", "mypy", "harness"], id="mypy"),
    ],
)
def test_static_checks(command):
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr

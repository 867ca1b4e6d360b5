"""Suite integrity (always runs): schema, gold validity and determinism, gates file."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.gate import load_gates
from harness.suite import discover_suites, load_suite
from harness.validate import validate_suite

ROOT = Path(__file__).parent
SUITES = discover_suites(ROOT / "suites")


@pytest.mark.parametrize("suite", SUITES, ids=[p.name for p in SUITES])
def test_suite_loads_and_golds_are_valid(suite: Path) -> None:
    loaded = load_suite(suite)
    assert loaded.questions
    problems, checked = validate_suite(suite)
    assert checked >= len(loaded.questions)
    assert not problems, "\n".join(problems)


def test_gates_name_real_suites_and_questions() -> None:
    gates = load_gates(ROOT / "gates.yaml")
    names = {p.name: p for p in SUITES}
    for suite, gate in gates.suites.items():
        assert suite in names, suite
        ids = {q.id for q in load_suite(names[suite]).questions}
        assert set(gate.must_pass) <= ids, set(gate.must_pass) - ids

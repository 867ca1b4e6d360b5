"""The regression gate: run with ``pytest benchmarks/ --harness-run DIR [--harness-baseline B]``.

Without a run option these tests skip and only the integrity tests run.
"""

from __future__ import annotations

from harness.gate import check_drops, check_minimums, check_must_pass, gate_for


def test_minimum_accuracy(gated_run, gates) -> None:  # type: ignore[no-untyped-def]
    problems = check_minimums(gated_run, gate_for(gates, gated_run))
    assert not problems, "\n".join(problems)


def test_must_pass_questions(gated_run, gates, request) -> None:  # type: ignore[no-untyped-def]
    base = None
    if request.config.getoption("--harness-baseline"):
        base = request.getfixturevalue("baseline_run")
    problems = check_must_pass(gated_run, gate_for(gates, gated_run), base)
    assert not problems, "\n".join(problems)


def test_no_drop_beyond_tolerance(gated_run, baseline_run, gates) -> None:  # type: ignore[no-untyped-def]
    problems = check_drops(gated_run, baseline_run, gate_for(gates, gated_run))
    assert not problems, "\n".join(problems)

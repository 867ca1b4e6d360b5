"""Metrics: Wilson intervals against known values, and the summary's counting rules."""

from __future__ import annotations

import pytest

from harness.metrics import summarize, wilson_interval
from harness.records import SampleRecord


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),  # standard textbook value (Wilson, z=1.96)
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (50, 100, 0.4038, 0.5962),
    ],
)
def test_wilson_known_values(k, n, low, high):
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(low, abs=5e-4) and hi == pytest.approx(high, abs=5e-4)


def rec(
    i,
    status,
    module="AP",
    difficulty="easy",
    tags=(),
    vacuous=False,
    exact=False,
    scored=True,
    gold_rows=3,
):
    return SampleRecord(
        scored=scored,
        gold_rows=gold_rows if scored else None,
        id=str(i),
        status=status,
        correct=status == "correct",
        module=module,
        difficulty=difficulty,
        tags=list(tags),
        vacuous=vacuous,
        exact_match=exact,
    )


def test_summary_counts():
    records = [
        rec(1, "correct", tags=["multi-org"], exact=True),
        rec(2, "correct", module="GL", vacuous=True, gold_rows=0),
        rec(3, "wrong_result", module="GL", difficulty="hard", tags=["multi-org"]),
        rec(4, "pred_error"),
        rec(5, "timeout"),
        rec(6, "no_sql"),
        rec(7, "gold_error", scored=False),
        rec(8, "unsupported", scored=False),  # the gold cannot be emulated: item not judged
        rec(9, "unsupported"),  # the prediction cannot be emulated: counted, not correct
        rec(10, "wrong_result", gold_rows=0),  # wrong on an empty-answer question
    ]
    s = summarize(records)
    assert s["execution_accuracy"]["n"] == 8 and s["execution_accuracy"]["correct"] == 2
    assert s["execution_accuracy"]["accuracy"] == pytest.approx(2 / 8)
    assert s["execution_accuracy"]["unscored"] == 2
    assert s["accuracy_over_all_items"] == pytest.approx(2 / 10)
    assert s["unverifiable_predictions"] == 1
    assert s["accuracy_if_unverifiable_were_correct"] == pytest.approx(3 / 8)
    # non-vacuous: questions whose gold is non-empty (rule 6), whatever the prediction did
    assert s["non_vacuous"]["n"] == 6 and s["non_vacuous"]["correct"] == 1
    assert s["vacuous_correct"] == 1
    assert s["valid_sql_rate"] == pytest.approx(4 / 8)
    assert s["exact_match_rate"] == pytest.approx(1 / 8)
    assert s["status_counts"]["gold_error"] == 1 and s["status_counts"]["rejected"] == 0
    assert s["by_module"]["GL"]["accuracy"] == pytest.approx(0.5)
    assert s["by_tag"]["multi-org"]["correct"] == 1 and s["by_tag"]["multi-org"]["n"] == 2
    assert s["by_difficulty"]["hard"]["accuracy"] == 0.0

"""Metrics over sample records: execution accuracy with confidence intervals, and the rest."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from harness.records import STATUSES, SampleRecord

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (sensible at 0% and 100%)."""
    if n == 0:
        return (0.0, 0.0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return (max(0.0, centre - half), min(1.0, centre + half))


def _accuracy(records: Sequence[SampleRecord]) -> dict[str, Any]:
    scored = [r for r in records if r.scored]
    correct = sum(r.correct for r in scored)
    low, high = wilson_interval(correct, len(scored))
    return {
        "n": len(scored),
        "correct": correct,
        "accuracy": correct / len(scored) if scored else None,
        "ci95": [low, high],
        "unscored": len(records) - len(scored),
    }


def _grouped(
    records: Iterable[SampleRecord], keys: Callable[[SampleRecord], Iterable[str]]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[SampleRecord]] = defaultdict(list)
    for record in records:
        for key in keys(record):
            groups[key].append(record)
    return {key: _accuracy(groups[key]) for key in sorted(groups)}


def summarize(records: Sequence[SampleRecord]) -> dict[str, Any]:
    """Everything a report needs, as plain JSON-able data."""
    scored = [r for r in records if r.scored]
    executed = [r for r in scored if r.status in ("correct", "wrong_result")]
    non_vacuous = [r for r in scored if r.gold_rows != 0]
    unverifiable = sum(1 for r in scored if r.status == "unsupported")
    counts = Counter(r.status for r in records)
    overall = _accuracy(records)
    lower = sum(r.correct for r in records) / len(records) if records else None
    return {
        "samples": len(records),
        "execution_accuracy": overall,
        "accuracy_over_all_items": lower,
        "unverifiable_predictions": unverifiable,
        "accuracy_if_unverifiable_were_correct": (
            (overall["correct"] + unverifiable) / len(scored) if scored else None
        ),
        "non_vacuous": _accuracy(non_vacuous),
        "vacuous_correct": sum(1 for r in scored if r.correct and r.vacuous),
        "valid_sql_rate": len(executed) / len(scored) if scored else None,
        "exact_match_rate": (sum(r.exact_match for r in scored) / len(scored)) if scored else None,
        "status_counts": {status: counts.get(status, 0) for status in STATUSES},
        "gold_unstable": sum(r.gold_unstable for r in records),
        "by_module": _grouped(records, lambda r: [r.module or "(none)"]),
        "by_difficulty": _grouped(records, lambda r: [r.difficulty or "(none)"]),
        "by_tag": _grouped(records, lambda r: r.tags),
        "timing_s": {
            "gold": sum(r.timing.gold_s for r in records),
            "pred": sum(r.timing.pred_s for r in records),
            "compare": sum(r.timing.compare_s for r in records),
        },
    }

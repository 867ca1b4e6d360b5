"""Counts over suites: questions per suite, module, difficulty and tag."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from harness.suite import Suite


def suite_stats(suites: Sequence[Suite]) -> dict[str, Any]:
    modules: Counter[str] = Counter()
    difficulty: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    per_suite: dict[str, int] = {}
    golds = alternatives = 0
    for suite in suites:
        per_suite[suite.name] = len(suite.questions)
        for question in suite.questions:
            modules[question.module or "(none)"] += 1
            difficulty[question.difficulty or "(none)"] += 1
            tags.update(question.tags)
            golds += len(question.gold)
            alternatives += len(question.gold) > 1
    return {
        "questions": sum(per_suite.values()),
        "golds": golds,
        "alternative_golds": alternatives,
        "suites": dict(sorted(per_suite.items())),
        "modules": dict(sorted(modules.items())),
        "difficulty": dict(sorted(difficulty.items())),
        "tags": dict(sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))),
    }

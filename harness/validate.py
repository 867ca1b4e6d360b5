"""``harness suites validate``: every gold runs, is deterministic and non-vacuous."""

from __future__ import annotations

from pathlib import Path

from harness.runner import open_engine
from harness.scoring import Scorer
from harness.suite import load_suite

EMPTY_ANSWER_TAG = "empty-answer"


def validate_suite(path: Path, engine_name: str = "duckdb") -> tuple[list[str], int]:
    """Problems found (one line each, naming the question) and the number of golds checked."""
    suite = load_suite(path)
    engine = open_engine(suite, engine_name)
    problems: list[str] = []
    checked = 0
    try:
        before = engine.fingerprint()
        scorer = Scorer(suite, engine, audit_golds=True)
        for question in suite.questions:
            for index, gold in enumerate(scorer.golds(question)):
                checked += 1
                label = f"{question.id} gold {index + 1}"
                if gold.status != "ok" or gold.answer is None:
                    problems.append(f"{label}: {gold.status}: {gold.reason}")
                    continue
                if gold.unstable:
                    problems.append(f"{label}: not deterministic: {gold.unstable}")
                empty = not gold.answer.rows
                if empty and EMPTY_ANSWER_TAG not in question.tags:
                    problems.append(
                        f"{label}: vacuous (empty result); fix it or tag it '{EMPTY_ANSWER_TAG}'"
                    )
                if not empty and EMPTY_ANSWER_TAG in question.tags:
                    problems.append(f"{label}: tagged '{EMPTY_ANSWER_TAG}' but returns rows")
        if engine.fingerprint() != before:
            problems.append("the fixture database changed while validating")
    finally:
        engine.close()
    return problems, checked

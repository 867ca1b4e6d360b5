"""``harness fidelity``: every gold of every suite on every available engine, compared.

A stand-in engine must give Oracle's answer or say it cannot: two engines that both answer must
answer the same. Differences fail the gate; ``unsupported`` on one engine is reported as a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from harness.engines.base import Engine
from harness.equivalence import compare
from harness.runner import open_engine
from harness.scoring import GoldOutcome, Scorer
from harness.suite import Suite, discover_suites, load_suite

EngineOpener = Callable[[Suite, str], Engine]


@dataclass
class FidelityReport:
    """Outcome of a fidelity run."""

    engines: list[str]
    golds: int = 0
    agreed: int = 0
    differences: list[str] = field(default_factory=list)
    """Both engines answered, differently; or one answered and the other failed."""
    gaps: list[str] = field(default_factory=list)
    """One engine said unsupported where another answered (honest, but less coverage)."""
    per_engine: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.differences


def _describe(outcome: GoldOutcome) -> str:
    if outcome.status == "ok" and outcome.answer is not None:
        return f"{len(outcome.answer.rows)} row(s)"
    return f"{outcome.status}: {outcome.reason[:160]}"


def compare_engines(
    suites: Iterable[Path], engine_names: list[str], opener: EngineOpener = open_engine
) -> FidelityReport:
    report = FidelityReport(engines=engine_names, per_engine={n: {} for n in engine_names})
    for suite_path in suites:
        suite = load_suite(suite_path)
        engines = {name: opener(suite, name) for name in engine_names}
        try:
            scorers = {
                name: Scorer(suite, engine, audit_golds=False) for name, engine in engines.items()
            }
            for question in suite.questions:
                outcomes = {name: scorer.golds(question) for name, scorer in scorers.items()}
                for index in range(len(question.gold)):
                    report.golds += 1
                    label = f"{suite.name}/{question.id} gold {index + 1}"
                    by_engine = {name: outcomes[name][index] for name in engine_names}
                    for name, outcome in by_engine.items():
                        counts = report.per_engine[name]
                        counts[outcome.status] = counts.get(outcome.status, 0) + 1
                    _judge(report, label, by_engine)
        finally:
            for engine in engines.values():
                engine.close()
    return report


def _judge(report: FidelityReport, label: str, by_engine: dict[str, GoldOutcome]) -> None:
    answered = {n: o for n, o in by_engine.items() if o.status == "ok" and o.answer is not None}
    unsupported = [n for n, o in by_engine.items() if o.status == "unsupported"]
    failed = {n: o for n, o in by_engine.items() if n not in answered and n not in unsupported}
    if unsupported and answered:
        report.gaps.append(
            f"{label}: unsupported on {', '.join(unsupported)}, answered by {', '.join(answered)}"
        )
    if failed and answered:
        report.differences.append(
            f"{label}: " + "; ".join(f"{n} {_describe(o)}" for n, o in by_engine.items())
        )
        return
    names = list(answered)
    if len(names) < 2:
        if not failed or not answered:
            report.agreed += 1 if not failed else 0
        return
    reference = answered[names[0]]
    assert reference.answer is not None
    for other in names[1:]:
        candidate = answered[other].answer
        assert candidate is not None
        outcome = compare(reference.answer, candidate.rows, len(candidate.columns))
        if not outcome.match:
            report.differences.append(
                f"{label}: {names[0]} and {other} differ: {outcome.reason}\n"
                f"    {names[0]} ran: {reference.executed_sql}\n"
                f"    {other} ran: {answered[other].executed_sql}"
            )
            return
    report.agreed += 1


def default_suites(root: Path = Path("benchmarks/suites")) -> list[Path]:
    return discover_suites(root)

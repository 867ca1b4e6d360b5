"""Regression gate checks (``benchmarks/gates.yaml``), used by ``pytest benchmarks/``.

Each check returns failure messages that name the regressed questions with both SQLs, so a
red gate says what to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harness.compare import RunView
from harness.yamlio import load_yaml, validate


class SuiteGate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_accuracy: float = Field(default=0.0, ge=0, le=1)
    min_module_accuracy: dict[str, float] = Field(default_factory=dict)
    max_drop: float = Field(default=0.05, ge=0, le=1)
    max_module_drop: float = Field(default=0.2, ge=0, le=1)
    must_pass: list[str] = Field(default_factory=list)


class Gates(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suites: dict[str, SuiteGate]


def load_gates(path: Path) -> Gates:
    doc = load_yaml(path)
    return validate(Gates, doc.data or {}, path=path, located=doc)


def gate_for(gates: Gates, run: RunView) -> SuiteGate:
    return gates.suites.get(run.info.suite, SuiteGate())


def _acc(records: list[Any]) -> float:
    scored = [r for r in records if r.scored]
    return sum(r.correct for r in scored) / len(scored) if scored else 0.0


def _by_module(run: RunView) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for r in run.records.values():
        out.setdefault(r.module or "(none)", []).append(r)
    return out


def _show(qid: str, run: RunView, base: RunView | None) -> str:
    r = run.records.get(qid)
    if r is None:
        return f"  {qid}: missing from the run"
    text = (
        f"  {qid} ({r.module}): {r.question}\n    now {r.status}: {r.reason[:200]}\n"
        f"    SQL now:      {r.pred_sql}"
    )
    if base is not None and qid in base.records:
        text += f"\n    SQL baseline: {base.records[qid].pred_sql} ({base.records[qid].status})"
    return text


def check_minimums(run: RunView, gate: SuiteGate) -> list[str]:
    problems = []
    acc = _acc(list(run.records.values()))
    if acc < gate.min_accuracy:
        problems.append(
            f"{run.info.suite}: accuracy {acc:.1%} below the minimum {gate.min_accuracy:.1%}"
        )
    for module, floor in gate.min_module_accuracy.items():
        got = _acc(_by_module(run).get(module, []))
        if got < floor:
            problems.append(f"{run.info.suite} module {module}: {got:.1%} below {floor:.1%}")
    return problems


def check_must_pass(run: RunView, gate: SuiteGate, base: RunView | None = None) -> list[str]:
    bad = [q for q in gate.must_pass if not (q in run.records and run.records[q].correct)]
    if not bad:
        return []
    return [
        f"{run.info.suite}: must-pass questions not correct:\n"
        + "\n".join(_show(q, run, base) for q in bad)
    ]


def check_drops(run: RunView, base: RunView, gate: SuiteGate) -> list[str]:
    if run.info.suite_hash != base.info.suite_hash:
        return [f"the baseline was scored on another suite version ({base.info.suite})"]
    shared = [
        q
        for q in run.records
        if q in base.records and run.records[q].scored and base.records[q].scored
    ]
    problems = []
    now = _acc([run.records[q] for q in shared])
    before = _acc([base.records[q] for q in shared])
    regressed = [q for q in shared if base.records[q].correct and not run.records[q].correct]
    if before - now > gate.max_drop:
        problems.append(
            f"{run.info.suite}: accuracy dropped {before:.1%} -> {now:.1%} "
            f"(more than {gate.max_drop:.1%}); regressed questions:\n"
            + "\n".join(_show(q, run, base) for q in regressed)
        )
    modules = {run.records[q].module or "(none)" for q in shared}
    for module in sorted(modules):
        ids = [q for q in shared if (run.records[q].module or "(none)") == module]
        m_now = _acc([run.records[q] for q in ids])
        m_before = _acc([base.records[q] for q in ids])
        if m_before - m_now > gate.max_module_drop:
            lost = [q for q in ids if q in regressed]
            problems.append(
                f"{run.info.suite} module {module}: {m_before:.1%} -> {m_now:.1%} (more than "
                f"{gate.max_module_drop:.1%}):\n" + "\n".join(_show(q, run, base) for q in lost)
            )
    return problems

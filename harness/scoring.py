"""Score one question: run the golds (once, audited), run the prediction, compare."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any

import sqlglot
from sqlglot.errors import SqlglotError

from harness.engines.base import Engine
from harness.engines.oracle_dialect import NAME as ORACLE
from harness.equivalence import GoldAnswer, compare
from harness.gold import GoldPlan, plan_gold
from harness.records import ExecResult, SampleRecord, Status, Timing
from harness.suite import Question, Suite

PRED_STATUS: dict[str, Status] = {
    "rejected": "rejected",
    "syntax_error": "pred_error",
    "error": "pred_error",
    "timeout": "timeout",
    "unsupported": "unsupported",
}


@dataclass
class GoldOutcome:
    """One gold alternative after execution (and audit)."""

    sql: str
    status: str  # ok | error | timeout | unsupported | ...
    reason: str = ""
    answer: GoldAnswer | None = None
    executed_sql: str | None = None
    elapsed_s: float = 0.0
    unstable: str | None = None
    note: str | None = None


@functools.lru_cache(maxsize=8192)
def normalize_sql(sql: str) -> str | None:
    """Canonical text for the secondary exact-match metric (None when unparsable)."""
    try:
        tree = sqlglot.parse_one(sql, read=ORACLE)
        if tree is None:
            return None
        return tree.sql(ORACLE, normalize=True, pretty=False).upper()
    except (SqlglotError, RecursionError):
        return None


def _split(
    plan: GoldPlan, rows: list[tuple[object, ...]]
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    keys = [tuple(row[i] for i in plan.key_columns) for row in rows]
    visible = [row[: len(row) - plan.hidden] if plan.hidden else row for row in rows]
    return visible, keys


class Scorer:
    """Scores predictions for one suite on one engine; gold results are computed once."""

    def __init__(self, suite: Suite, engine: Engine, *, audit_golds: bool = True) -> None:
        self.suite = suite
        self.engine = engine
        self.audit_golds = audit_golds
        self._golds: dict[str, list[GoldOutcome]] = {}

    @property
    def timeout_s(self) -> float:
        return self.suite.config.timeout_s

    def _run_gold(self, sql: str) -> GoldOutcome:
        plan = plan_gold(sql)
        cap = self.suite.config.max_rows
        first = self.engine.execute(plan.sql, timeout_s=self.timeout_s, max_rows=cap)
        outcome = GoldOutcome(
            sql,
            first.status,
            first.reason,
            note=plan.note,
            executed_sql=first.executed_sql,
            elapsed_s=first.elapsed_s,
        )
        if first.status != "ok" or first.result is None:
            return outcome
        if first.result.truncated:
            outcome.status = "error"
            outcome.reason = f"gold returns more than max_rows={cap} rows"
            return outcome
        rows, keys = _split(plan, first.result.rows)
        columns = first.result.columns[: len(first.result.columns) - plan.hidden]
        answer = GoldAnswer(
            rows,
            ordered=plan.ordered,
            keys=keys if plan.ordered and plan.key_columns else None,
            columns=columns,
        )
        if plan.ordered and plan.key_columns and plan.unlimited_sql and rows:
            full = self.engine.execute(plan.unlimited_sql, timeout_s=self.timeout_s, max_rows=cap)
            if full.status == "ok" and full.result is not None and not full.result.truncated:
                all_rows, all_keys = _split(plan, full.result.rows)
                tied = [r for r, k in zip(all_rows, all_keys, strict=True) if k == keys[-1]]
                last_block = sum(1 for k in keys if k == keys[-1])
                if len(tied) > last_block:
                    answer.boundary_candidates = tied
            else:
                outcome.unstable = "could not list the rows tied at the FETCH FIRST cut-off"
        outcome.answer = answer
        if plan.nondeterministic:
            outcome.unstable = plan.nondeterministic
        elif self.audit_golds:
            again = self.engine.execute(plan.sql, timeout_s=self.timeout_s, max_rows=cap)
            if again.status != "ok" or again.result is None:
                outcome.unstable = f"second run ended {again.status}: {again.reason}"
            else:
                rerun, _ = _split(plan, again.result.rows)
                same = compare(answer, rerun, len(columns))
                if not same.match:
                    outcome.unstable = f"second run differs: {same.reason}"
        return outcome

    def golds(self, question: Question) -> list[GoldOutcome]:
        if question.id not in self._golds:
            self._golds[question.id] = [self._run_gold(sql) for sql in question.gold]
        return self._golds[question.id]

    def _record(
        self,
        question: Question,
        pred_sql: str | None,
        status: Status,
        reason: str,
        **fields: Any,
    ) -> SampleRecord:
        return SampleRecord(
            id=question.id,
            status=status,
            correct=status == "correct",
            reason=reason,
            question=question.question,
            module=question.module,
            difficulty=question.difficulty,
            tags=question.tags,
            pred_sql=pred_sql,
            gold_sql=question.gold,
            engine=self.engine.name,
            **fields,
        )

    def score(self, question: Question, pred_sql: str | None) -> SampleRecord:
        golds = self.golds(question)
        timing = Timing(gold_s=sum(g.elapsed_s for g in golds))
        valid = [(i, g) for i, g in enumerate(golds) if g.status == "ok" and g.answer is not None]
        common: dict[str, Any] = {
            "gold_executed_sql": [g.executed_sql for g in golds],
            "gold_unstable": any(g.unstable for g in golds),
            "timing": timing,
        }
        normalized = normalize_sql(pred_sql) if pred_sql else None
        common["exact_match"] = normalized is not None and any(
            normalize_sql(g) == normalized for g in question.gold
        )
        if not valid:
            if all(g.status == "unsupported" for g in golds):
                return self._record(
                    question,
                    pred_sql,
                    "unsupported",
                    "gold: " + golds[0].reason,
                    scored=False,
                    **common,
                )
            return self._record(
                question,
                pred_sql,
                "gold_error",
                "; ".join(f"gold {i + 1} {g.status}: {g.reason}" for i, g in enumerate(golds)),
                scored=False,
                **common,
            )
        first_answer = valid[0][1].answer
        assert first_answer is not None
        common["gold_rows"] = len(first_answer.rows)
        unstable = "; ".join(
            [f"gold {i + 1} unstable: {g.unstable}" for i, g in valid if g.unstable]
            + [
                f"gold {i + 1} ignored ({g.status}: {g.reason})"
                for i, g in enumerate(golds)
                if g.status != "ok"
            ]
            + [f"gold {i + 1}: {g.note}" for i, g in valid if g.note]
        )
        if pred_sql is None or not pred_sql.strip():
            return self._record(question, pred_sql, "no_sql", "no SQL was predicted", **common)
        cap = min(
            max(len(g.answer.rows) for _, g in valid if g.answer is not None),
            self.suite.config.max_rows,
        )
        pred: ExecResult = self.engine.execute(pred_sql, timeout_s=self.timeout_s, max_rows=cap)
        timing.pred_s = pred.elapsed_s
        common["executed_sql"] = pred.executed_sql
        if pred.status != "ok" or pred.result is None:
            return self._record(
                question,
                pred_sql,
                PRED_STATUS.get(pred.status, "pred_error"),
                pred.reason,
                **common,
            )
        result = pred.result
        common["pred_rows"] = len(result.rows) + (1 if result.truncated else 0)
        compare_start = time.perf_counter()
        reasons = []
        for index, gold in valid:
            assert gold.answer is not None
            outcome = compare(
                gold.answer,
                result.rows,
                len(result.columns),
                pred_truncated=result.truncated,
                decimals=self.suite.decimals_for(question),
                extra_columns=self.suite.extra_columns_for(question),
            )
            if outcome.match:
                timing.compare_s = time.perf_counter() - compare_start
                reason = outcome.reason + (f" (gold {index + 1})" if len(golds) > 1 else "")
                if unstable:
                    reason += f"; {unstable}"
                return self._record(
                    question,
                    pred_sql,
                    "correct",
                    reason,
                    vacuous=outcome.vacuous,
                    matched_gold=index,
                    **common,
                )
            reasons.append(
                f"gold {index + 1}: {outcome.reason}" if len(valid) > 1 else outcome.reason
            )
        timing.compare_s = time.perf_counter() - compare_start
        reason = "; ".join(reasons) + (f"; {unstable}" if unstable else "")
        return self._record(question, pred_sql, "wrong_result", reason, **common)

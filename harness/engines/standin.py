"""What every stand-in engine shares: the safety check, the Oracle-semantics translation (cached:
golds are translated several times) and ``execute`` = translate, then run natively."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from sqlglot import exp

from harness.engines.oracle_semantics import EngineProfile, analysis_schema, translate
from harness.fixture import Fixture
from harness.records import ExecResult
from harness.safety import check_sql

TRANSLATION_CACHE = 4096


class StandInEngine:
    """Base of the DuckDB and PostgreSQL engines; subclasses set ``profile`` and ``run_native``."""

    name = "stand-in"
    profile: EngineProfile

    def __init__(self, fixture: Fixture, as_of: dt.datetime) -> None:
        self.fixture = fixture
        self.as_of = as_of
        self._schema = analysis_schema(fixture.tables)
        self._prepared: OrderedDict[tuple[str, int | None], ExecResult] = OrderedDict()

    # Hooks for engine-specific tree and text adjustments (none by default).
    def refusal(self, tree: exp.Expr) -> str | None:
        """A construct this engine cannot run with Oracle's meaning, found on the Oracle tree."""
        return None

    def prepare(self, tree: exp.Expr) -> exp.Expr:
        return tree

    def finish(self, engine_sql: str) -> str:
        return engine_sql

    def translate(self, sql: str, *, max_rows: int | None = None) -> ExecResult:
        """Safety check + Oracle-semantics translation, without running anything."""
        key = (sql, max_rows)
        cached = self._prepared.get(key)
        if cached is not None:
            self._prepared.move_to_end(key)
            return cached
        prepared = self._translate(sql, max_rows)
        self._prepared[key] = prepared
        if len(self._prepared) > TRANSLATION_CACHE:
            self._prepared.popitem(last=False)
        return prepared

    def _translate(self, sql: str, max_rows: int | None) -> ExecResult:
        verdict = check_sql(sql)
        if verdict.tree is None:
            status = (
                verdict.status if verdict.status in ("rejected", "unsupported") else "syntax_error"
            )
            return ExecResult(status, reason=verdict.reason)  # type: ignore[arg-type]
        refused = self.refusal(verdict.tree)
        if refused:
            return ExecResult("unsupported", reason=f"not emulated on {self.name}: {refused}")
        tr = translate(
            self.prepare(verdict.tree),
            profile=self.profile,
            tables=self.fixture.tables,
            as_of=self.as_of,
            row_limit=max_rows,
            schema=self._schema,
        )
        if tr.sql is None:
            status = "unsupported" if tr.status == "unsupported" else "error"
            return ExecResult(status, reason=tr.reason)  # type: ignore[arg-type]
        return ExecResult("ok", executed_sql=self.finish(tr.sql))

    def execute(self, sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        prepared = self.translate(sql, max_rows=max_rows + 1)
        if prepared.status != "ok" or prepared.executed_sql is None:
            return prepared
        return self.run_native(prepared.executed_sql, timeout_s=timeout_s, max_rows=max_rows)

    def run_native(self, engine_sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        raise NotImplementedError

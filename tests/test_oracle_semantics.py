"""The Oracle semantics corpus: Oracle SQL with the answer Oracle gives, run on every stand-in.

``tests/oracle_semantics/cases.yaml`` holds the queries and Oracle's answers on the fixture in
``tests/oracle_semantics/fixture`` (SYSDATE frozen at 2024-06-30 08:00:00). A stand-in engine
must give exactly that answer or report ``unsupported``:

- ``ok`` with Oracle's answer (compared with harness's own rules, no extra tolerance): pass;
- ``unsupported``: pass, counted as honestly unsupported;
- ``ok`` with another answer: FAIL, a silently different answer;
- ``error``/``timeout``/``syntax_error``/``rejected``: FAIL, a valid Oracle query must run.

Cases with ``expected: unsupported`` must come back ``unsupported`` and nothing else.
Engines: ``duckdb`` and ``postgres`` (on a throwaway server started by tests/conftest.py).
A tally per engine is printed at the end of the module and written to ``tally.json`` in the
test's temporary folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.engines import ENGINES
from harness.equivalence import GoldAnswer, compare
from harness.fixture import load_fixture

CORPUS_DIR = Path(__file__).parent / "oracle_semantics"
CASES_PATH = CORPUS_DIR / "cases.yaml"
FIXTURE_DIR = CORPUS_DIR / "fixture"
AS_OF = dt.datetime(2024, 6, 30, 8, 0)
TIMEOUT_S = 10
MAX_ROWS = 1000
MIN_CASES = 110

CASE_KEYS = {"id", "sql", "expected", "ordered", "cites", "construct", "text_columns", "width"}
REQUIRED_KEYS = {"id", "sql", "expected", "ordered", "cites", "construct"}
DATETIME_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?")
NUMERIC_TEXT = re.compile(r"-?\d+(\.\d+)?")
OUTCOMES = ("oracle_answer", "unsupported", "wrong", "error", "refused_as_required", "not_refused")


@dataclass(frozen=True)
class Case:
    id: str
    sql: str
    expected: list[list[Any]] | None
    """Oracle's rows; None when a stand-in must report ``unsupported``."""
    ordered: bool
    construct: str
    text_columns: frozenset[int]
    width: int | None


def load_cases() -> list[Case]:
    raw = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
    assert isinstance(raw, list), "cases.yaml must be a list"
    cases = []
    for item in raw:
        assert isinstance(item, dict), f"case is not a mapping: {item!r}"
        unknown = set(item) - CASE_KEYS
        missing = REQUIRED_KEYS - set(item)
        assert not unknown and not missing, (
            f"{item.get('id')}: unknown {unknown}, missing {missing}"
        )
        expected = item["expected"]
        if expected == "unsupported":
            rows = None
        else:
            assert isinstance(expected, list), f"{item['id']}: expected must be rows or unsupported"
            assert all(isinstance(r, list) for r in expected), f"{item['id']}: rows are lists"
            rows = expected
        cases.append(
            Case(
                id=str(item["id"]),
                sql=str(item["sql"]).strip(),
                expected=rows,
                ordered=bool(item["ordered"]),
                construct=str(item["construct"]),
                text_columns=frozenset(item.get("text_columns") or ()),
                width=item.get("width"),
            )
        )
    return cases


CASES = load_cases()


def engine_names() -> list[str]:
    return ["duckdb", "postgres"]


def expected_cell(value: Any, text: bool) -> Any:
    """A YAML cell as the value Oracle returns: numeric strings -> Decimal, dates -> datetime."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"booleans are not Oracle values: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and not text:
        if DATETIME_TEXT.fullmatch(value):
            return dt.datetime.fromisoformat(value)
        if NUMERIC_TEXT.fullmatch(value):
            return Decimal(value)
    return value


def gold_answer(case: Case) -> GoldAnswer:
    assert case.expected is not None
    rows = [
        tuple(expected_cell(v, i in case.text_columns) for i, v in enumerate(row))
        for row in case.expected
    ]
    width = len(rows[0]) if rows else case.width
    assert width, f"{case.id}: an empty expected result needs `width`"
    assert all(len(r) == width for r in rows), f"{case.id}: rows of different widths"
    return GoldAnswer(
        rows=rows,
        ordered=case.ordered,
        keys=[(i,) for i in range(len(rows))] if case.ordered else None,
        columns=[f"C{i + 1}" for i in range(width)],
    )


@pytest.fixture(scope="module")
def engines(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], Any]]:
    """One engine per name for the whole module (built eagerly, in a private cache)."""
    workdir = tmp_path_factory.mktemp("oracle-semantics")
    patch = pytest.MonkeyPatch()
    patch.setenv("HARNESS_CACHE_DIR", str(workdir / "cache"))
    fixture = load_fixture(FIXTURE_DIR)
    pool = {}
    try:
        for name in engine_names():
            if name == "postgres":
                request.getfixturevalue("pg_dsn")  # a throwaway server (skips cleanly if none)
            factory: Any = ENGINES.get(name)
            pool[name] = factory(fixture, as_of=AS_OF)
    finally:
        patch.undo()
    tally: dict[str, dict[str, list[str]]] = {n: {o: [] for o in OUTCOMES} for n in pool}

    def get(name: str) -> Any:
        return pool[name], tally[name]

    yield get
    for engine in pool.values():
        engine.close()
    (workdir / "tally.json").write_text(json.dumps(tally, indent=2), encoding="utf-8")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    lines = [f"Oracle semantics corpus ({len(CASES)} cases), tally in {workdir / 'tally.json'}"]
    for name, outcomes in tally.items():
        counts = ", ".join(f"{o}={len(ids)}" for o, ids in outcomes.items())
        lines.append(f"  {name}: {counts}")
        for bad in ("wrong", "error", "not_refused"):
            if outcomes[bad]:
                lines.append(f"    {bad}: {' '.join(outcomes[bad])}")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        if reporter is not None:
            reporter.ensure_newline()
        for line in lines:
            if reporter is not None:
                reporter.write_line(line)
            else:
                print(line)


def _describe(case: Case, result: Any) -> str:
    rows = result.result.rows[:20] if result.result is not None else None
    return (
        f"\n  case:     {case.id} ({case.construct})"
        f"\n  oracle:   {case.sql}"
        f"\n  engine:   {result.executed_sql}"
        f"\n  status:   {result.status} {result.reason}"
        f"\n  expected: {case.expected}"
        f"\n  got:      {rows}"
    )


@pytest.mark.parametrize("engine_name", engine_names())
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, engine_name: str, engines: Callable[[str], Any]) -> None:
    engine, tally = engines(engine_name)
    result = engine.execute(case.sql, timeout_s=TIMEOUT_S, max_rows=MAX_ROWS)
    if case.expected is None:
        # A database link is refused as unsafe (it would reach another database): also honest.
        refused_unsafe = result.status == "rejected" and "database link" in result.reason
        if result.status == "unsupported" or refused_unsafe:
            tally["refused_as_required"].append(case.id)
            return
        tally["not_refused"].append(case.id)
        pytest.fail(
            f"must be reported unsupported, came back {result.status}{_describe(case, result)}"
        )
    if result.status == "unsupported":
        tally["unsupported"].append(case.id)  # honest: the engine does not emulate it
        return
    if result.status != "ok" or result.result is None:
        tally["error"].append(case.id)
        pytest.fail(f"a valid Oracle query did not run{_describe(case, result)}")
    verdict = compare(
        gold_answer(case),
        result.result.rows,
        len(result.result.columns),
        pred_truncated=result.result.truncated,
    )
    if not verdict.match:
        tally["wrong"].append(case.id)
        pytest.fail(f"silently different answer: {verdict.reason}{_describe(case, result)}")
    tally["oracle_answer"].append(case.id)


def test_corpus_shape() -> None:
    """Enough cases, unique ids, every expected result well-formed, ORDER BY where ordered."""
    assert len(CASES) >= MIN_CASES
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert sum(c.expected is None for c in CASES) >= 10, "too few must-be-unsupported cases"
    for case in CASES:
        if case.expected is not None:
            gold_answer(case)
        if case.ordered:
            assert "ORDER " in case.sql.upper(), f"{case.id}: ordered without ORDER BY"

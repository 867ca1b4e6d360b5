"""DuckDB, the embedded default engine: fixtures loaded once into a cached read-only file."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import re
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from harness.engines.oracle_semantics import (
    NOW_NODES,
    EngineProfile,
    _column_type,
    _rewrite,
    analysis_schema,
    translate,
)
from harness.errors import FixtureError
from harness.fixture import Fixture, cache_dir
from harness.records import ExecResult, ResultSet
from harness.safety import check_sql
from harness.sqlfile import split_statements

PROFILE = EngineProfile(
    dialect="duckdb",
    type_names={
        "NUMBER": "DECIMAL(38,10)",
        "VARCHAR2": "VARCHAR",
        "CHAR": "VARCHAR",
        "DATE": "TIMESTAMP",
        "TIMESTAMP": "TIMESTAMP",
        "CLOB": "VARCHAR",
        "FLOAT": "DOUBLE",
    },
    # Oracle functions whose meaning DuckDB (through sqlglot) does not reproduce yet.
    unemulated_functions={
        "TO_CHAR": "TO_CHAR (Oracle format models)",
        "TO_NUMBER": "TO_NUMBER",
        "ADD_MONTHS": "ADD_MONTHS",
        "LAST_DAY": "LAST_DAY",
        "MONTHS_BETWEEN": "MONTHS_BETWEEN",
        "NEXT_DAY": "NEXT_DAY",
        "REGEXP_SUBSTR": "REGEXP_SUBSTR",
        "REGEXP_INSTR": "REGEXP_INSTR",
        "REGEXP_COUNT": "REGEXP_COUNT",
        "REGEXP_REPLACE": "REGEXP_REPLACE",
        "TIME_TO_STR": "TO_CHAR (Oracle format models)",
        "INITCAP": "INITCAP",
        "TO_TIMESTAMP": "TO_TIMESTAMP",
        "NUMTODSINTERVAL": "NUMTODSINTERVAL",
        "NUMTOYMINTERVAL": "NUMTOYMINTERVAL",
    },
)
# Settings that make a connection unable to reach outside the fixture or change itself.
SANDBOX_CONFIG: dict[str, Any] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "max_temp_directory_size": "512MiB",
}
TRANSLATION_CACHE = 4096
UNCONSTRAINED_NUMBER = "DECIMAL(38,10): at most 28 integer digits and 10 decimals"
TOO_PRECISE = r"^\s*[-+]?([0-9]{29,}|[0-9]*\.[0-9]{11,})"


def _fits_unconstrained_number(text: str) -> bool:
    return re.match(TOO_PRECISE, text) is None


DEFAULT_MEMORY_LIMIT = "2GB"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table_sql(table: Any) -> str:
    cols = [
        f"{_quote(c.name)} {_column_type(c, PROFILE)}" + ("" if c.nullable else " NOT NULL")
        for c in table.columns
    ]
    if table.primary_key:
        cols.append("PRIMARY KEY (" + ", ".join(_quote(k) for k in table.primary_key) + ")")
    return f"CREATE TABLE {_quote(table.name)} ({', '.join(cols)})"


def _load_insert_file(conn: duckdb.DuckDBPyConnection, fixture: Fixture, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    try:
        statements = split_statements(text)
    except ValueError as exc:
        raise FixtureError(f"{path}: cannot tokenize: {exc}") from None
    for stmt in statements:
        where = f"{path}:{stmt.line}"
        try:
            tree = sqlglot.parse_one(stmt.text, read="oracle")
        except SqlglotError as exc:
            raise FixtureError(f"{where}: cannot parse: {str(exc).splitlines()[0]}") from None
        if not isinstance(tree, exp.Insert):
            raise FixtureError(f"{where}: data files may hold only INSERT statements")
        target = tree.find(exp.Table)
        if target is None or target.name.upper() not in fixture.tables:
            raise FixtureError(
                f"{where}: INSERT into a table not in schema.sql "
                f"({target.name if target is not None else '?'})"
            )
        target.set("db", None)
        if any(True for _ in tree.find_all(*NOW_NODES)):
            raise FixtureError(
                f"{where}: SYSDATE in fixture data is not reproducible; write the date as a literal"
            )
        for literal in tree.find_all(exp.Literal):
            if not literal.is_string and not _fits_unconstrained_number(literal.this):
                raise FixtureError(
                    f"{where}: {literal.this} does not fit unconstrained NUMBER "
                    f"on DuckDB ({UNCONSTRAINED_NUMBER})"
                )
        rewritten = _rewrite(tree, PROFILE, dt.datetime(2000, 1, 1))
        try:
            conn.execute(rewritten.sql("duckdb", unsupported_level=ErrorLevel.RAISE))
        except (duckdb.Error, SqlglotError) as exc:
            raise FixtureError(f"{where}: {str(exc).splitlines()[0]}") from None


def _load_csv_file(conn: duckdb.DuckDBPyConnection, fixture: Fixture, path: Path) -> None:
    table = fixture.tables[path.stem.upper()]
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise FixtureError(f"{path}:1: CSV needs a header row naming columns")
    columns = []
    for name in header:
        column = table.column(name.strip())
        if column is None:
            raise FixtureError(f"{path}:1: column {name!r} is not in table {table.name}")
        columns.append(column)
    # Read as text first, so values that would be rounded on the way in are refused, not changed.
    text_types = "{" + ", ".join(f"'{c.name}': 'VARCHAR'" for c in columns) + "}"
    names = ", ".join(_quote(c.name) for c in columns)
    casts = ", ".join(f"CAST({_quote(c.name)} AS {_column_type(c, PROFILE)})" for c in columns)
    try:
        conn.execute(
            "CREATE OR REPLACE TEMP TABLE harness_csv AS SELECT * FROM read_csv(?, header=true, "
            f"columns={text_types}, nullstr='', delim=',', quote='\"', escape='\"')",
            [str(path)],
        )
        for column in columns:
            if column.kind == "NUMBER" and column.precision is None:
                bad = conn.execute(
                    f"SELECT {_quote(column.name)} FROM harness_csv WHERE "
                    f"regexp_matches({_quote(column.name)}, ?) LIMIT 1",
                    [TOO_PRECISE],
                ).fetchone()
                if bad is not None:
                    raise FixtureError(
                        f"{path}: {column.name} value {bad[0]} does not fit unconstrained "
                        f"NUMBER on DuckDB ({UNCONSTRAINED_NUMBER})"
                    )
        conn.execute(f"INSERT INTO {_quote(table.name)} ({names}) SELECT {casts} FROM harness_csv")
        conn.execute("DROP TABLE harness_csv")
    except duckdb.Error as exc:
        raise FixtureError(f"{path}: {str(exc).splitlines()[0]}") from None


def build_database(fixture: Fixture) -> Path:
    """Load the fixture into a DuckDB file keyed by its content hash (built once, then reused)."""
    target = cache_dir("duckdb") / f"{fixture.content_hash[:40]}.duckdb"
    if target.exists():
        return target
    tmp = target.with_name(f"{target.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = duckdb.connect(str(tmp))
    try:
        for table in fixture.tables.values():
            try:
                conn.execute(_create_table_sql(table))
            except duckdb.Error as exc:
                raise FixtureError(
                    f"{fixture.schema_sql}: table {table.name}: {str(exc).splitlines()[0]}"
                ) from None
        conn.execute('CREATE TABLE "DUAL" ("DUMMY" VARCHAR(1))')
        conn.execute("INSERT INTO \"DUAL\" VALUES ('X')")
        for path in fixture.data_files:
            if path.suffix == ".csv":
                _load_csv_file(conn, fixture, path)
            else:
                _load_insert_file(conn, fixture, path)
        # Oracle CHAR(n) values are stored blank-padded to n; so are ours.
        for table in fixture.tables.values():
            for column in table.columns:
                if column.kind == "CHAR" and column.precision:
                    conn.execute(
                        f"UPDATE {_quote(table.name)} SET {_quote(column.name)} = "
                        f"rpad({_quote(column.name)}, {column.precision}, ' ') "
                        f"WHERE {_quote(column.name)} IS NOT NULL"
                    )
        conn.execute("CHECKPOINT")
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    conn.close()
    os.replace(tmp, target)
    return target


class DuckDBEngine:
    """Runs Oracle SQL on a read-only, sandboxed DuckDB copy of the fixture."""

    name = "duckdb"
    profile = PROFILE

    def __init__(
        self,
        fixture: Fixture,
        *,
        as_of: dt.datetime,
        memory_limit: str = DEFAULT_MEMORY_LIMIT,
        threads: int | None = None,
    ) -> None:
        self.fixture = fixture
        self.as_of = as_of
        self.path = build_database(fixture)
        config = dict(SANDBOX_CONFIG, memory_limit=memory_limit)
        if threads:
            config["threads"] = threads
        self._conn = duckdb.connect(str(self.path), read_only=True, config=config)
        self._conn.execute("SET lock_configuration = true")
        self._lock = threading.Lock()
        self._schema = analysis_schema(fixture.tables)
        # Golds are translated several times (run, audit, tie lookup): keep recent translations.
        self._prepared: OrderedDict[tuple[str, int | None], ExecResult] = OrderedDict()

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
            status = "rejected" if verdict.status == "rejected" else "syntax_error"
            return ExecResult(status, reason=verdict.reason)  # type: ignore[arg-type]
        tr = translate(
            verdict.tree,
            profile=PROFILE,
            tables=self.fixture.tables,
            as_of=self.as_of,
            row_limit=max_rows,
            schema=self._schema,
        )
        if tr.sql is None:
            status = "unsupported" if tr.status == "unsupported" else "error"
            return ExecResult(status, reason=tr.reason)  # type: ignore[arg-type]
        return ExecResult("ok", executed_sql=tr.sql)

    def execute(self, sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        prepared = self.translate(sql, max_rows=max_rows + 1)
        if prepared.status != "ok" or prepared.executed_sql is None:
            return prepared
        return self.run_native(prepared.executed_sql, timeout_s=timeout_s, max_rows=max_rows)

    def run_native(self, engine_sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        """Run already-translated engine SQL under the watchdog and row cap."""
        with self._lock:
            timer = threading.Timer(timeout_s, self._conn.interrupt)
            start = time.perf_counter()
            timer.start()
            try:
                cursor = self._conn.execute(engine_sql)
                rows = cursor.fetchmany(max_rows + 1)
                description = cursor.description or []
            except duckdb.InterruptException:
                elapsed = time.perf_counter() - start
                return ExecResult(
                    "timeout",
                    executed_sql=engine_sql,
                    elapsed_s=elapsed,
                    reason=f"interrupted after {timeout_s:g} s",
                )
            except duckdb.Error as exc:
                elapsed = time.perf_counter() - start
                if timer.finished.is_set() and elapsed >= timeout_s:
                    return ExecResult(
                        "timeout",
                        executed_sql=engine_sql,
                        elapsed_s=elapsed,
                        reason=f"interrupted after {timeout_s:g} s",
                    )
                message = str(exc).splitlines()[0]
                kind = type(exc).__name__
                return ExecResult(
                    "error", executed_sql=engine_sql, elapsed_s=elapsed, reason=f"{kind}: {message}"
                )
            finally:
                timer.cancel()
            elapsed = time.perf_counter() - start
        truncated = len(rows) > max_rows
        columns = [str(d[0]).upper() for d in description]
        return ExecResult(
            "ok",
            ResultSet(columns, [tuple(r) for r in rows[:max_rows]], truncated),
            executed_sql=engine_sql,
            elapsed_s=elapsed,
        )

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        with self._lock:
            for name in sorted([*self.fixture.tables, "DUAL"]):
                row = self._conn.execute(
                    f"SELECT count(*), bit_xor(hash(t)) FROM {_quote(name)} AS t"
                ).fetchone()
                digest.update(f"{name}:{row}\n".encode())
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def close(self) -> None:
        self._conn.close()

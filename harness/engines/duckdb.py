"""DuckDB, the embedded default engine: fixtures loaded once into a cached read-only file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from harness.engines.duckdb_udfs import DUCKDB_FUNCTIONS, register_oracle_functions
from harness.engines.duckdb_worker import WorkerClient
from harness.engines.oracle_semantics import (
    EngineProfile,
    _column_type,
    rewrite_statement,
)
from harness.engines.standin import StandInEngine
from harness.errors import FixtureError
from harness.fixture import Fixture, cache_dir
from harness.fixture_data import csv_columns, insert_statements
from harness.records import ExecResult, ResultSet

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
    # Oracle operations run as Python UDFs holding Oracle's rules (harness.oracle).
    functions=DUCKDB_FUNCTIONS,
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
# TO_DATE in fixture data without a year or month takes them from this fixed date.
LOAD_DATE = dt.datetime(2000, 1, 1)
KILL_GRACE_S = 0.5  # after the timeout, the child has this long to stop before it is killed
FINGERPRINT_DEADLINE_S = 600.0


def _memory_cap(memory_limit: str) -> int:
    """Kill the worker past DuckDB's own limit plus 1 GiB (string functions ignore the limit)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B\s*", memory_limit, re.IGNORECASE)
    if not match:
        raise ValueError(f"memory limit {memory_limit!r} is not like '2GB'")
    scale = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    return int(float(match.group(1)) * scale[match.group(2).upper()]) + (1 << 30)


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
    for statement in insert_statements(fixture, path):
        where, tree = statement.where, statement.local_tree()
        for literal in tree.find_all(exp.Literal):
            if not literal.is_string and not _fits_unconstrained_number(literal.this):
                raise FixtureError(
                    f"{where}: {literal.this} does not fit unconstrained NUMBER "
                    f"on DuckDB ({UNCONSTRAINED_NUMBER})"
                )
        rewritten = rewrite_statement(tree, PROFILE, LOAD_DATE)
        try:
            conn.execute(rewritten.sql("duckdb", unsupported_level=ErrorLevel.RAISE))
        except (duckdb.Error, SqlglotError) as exc:
            raise FixtureError(f"{where}: {str(exc).splitlines()[0]}") from None


def _load_csv_file(conn: duckdb.DuckDBPyConnection, fixture: Fixture, path: Path) -> None:
    table, columns = csv_columns(fixture, path)
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


def _check_lengths(conn: duckdb.DuckDBPyConnection, fixture: Fixture) -> None:
    """Oracle refuses a VARCHAR2(n)/CHAR(n) value longer than n (ORA-12899); DuckDB does not
    enforce lengths, so the loader checks them."""
    for table in fixture.tables.values():
        for column in table.columns:
            if column.kind in ("VARCHAR2", "CHAR") and column.precision:
                found = conn.execute(
                    f"SELECT {_quote(column.name)} FROM {_quote(table.name)} "
                    f"WHERE length({_quote(column.name)}) > {column.precision} LIMIT 1"
                ).fetchone()
                if found is not None:
                    raise FixtureError(
                        f"{table.name}.{column.name}: value {found[0]!r} is longer than "
                        f"{column.oracle_type} (Oracle: ORA-12899)"
                    )


def build_database(fixture: Fixture) -> Path:
    """Load the fixture into a DuckDB file keyed by its content hash (built once, then reused)."""
    target = cache_dir("duckdb") / f"{fixture.content_hash[:40]}.duckdb"
    if target.exists():
        return target
    tmp = target.with_name(f"{target.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = duckdb.connect(str(tmp))
    register_oracle_functions(conn, LOAD_DATE)
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
        _check_lengths(conn, fixture)
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


class DuckDBEngine(StandInEngine):
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
        super().__init__(fixture, as_of)
        self.path = build_database(fixture)
        config = dict(SANDBOX_CONFIG, memory_limit=memory_limit)
        if threads:
            config["threads"] = threads
        self._worker = WorkerClient(self.path, config, as_of, _memory_cap(memory_limit))
        self._lock = threading.Lock()

    def run_native(self, engine_sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        """Run already-translated engine SQL in the worker, under its watchdog and row cap."""
        with self._lock:
            start = time.perf_counter()
            answer = self._worker.call(
                ("run", engine_sql, timeout_s, max_rows), timeout_s + KILL_GRACE_S
            )
        elapsed = time.perf_counter() - start
        kind = answer[0]
        if kind == "ok":
            _, columns, rows, truncated, _ = answer
            return ExecResult(
                "ok",
                ResultSet(columns, rows, truncated),
                executed_sql=engine_sql,
                elapsed_s=elapsed,
            )
        if kind == "timeout":
            return ExecResult(
                "timeout",
                executed_sql=engine_sql,
                elapsed_s=elapsed,
                reason=f"interrupted after {timeout_s:g} s",
            )
        if kind in ("memory", "killed"):
            # Resource exhaustion ends like a timeout: the query was stopped, not judged.
            return ExecResult(
                "timeout",
                executed_sql=engine_sql,
                elapsed_s=elapsed,
                reason=f"stopped: {answer[1]}",
            )
        return ExecResult(
            "error", executed_sql=engine_sql, elapsed_s=elapsed, reason=f"{answer[1]}: {answer[2]}"
        )

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        with self._lock:
            answer = self._worker.call(
                ("fingerprint", sorted([*self.fixture.tables, "DUAL"])), FINGERPRINT_DEADLINE_S
            )
        if answer[0] != "ok":
            raise FixtureError(f"could not fingerprint {self.path}: {answer[1:]}")
        for name, row in answer[1]:
            digest.update(f"{name}:{row}\n".encode())
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def close(self) -> None:
        self._worker.close()

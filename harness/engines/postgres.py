"""PostgreSQL 15 (+ orafce) over a real server: one database per fixture, queries as a
SELECT-only role inside READ ONLY transactions that are always rolled back.

The server is named by a libpq URL (``HARNESS_PG_DSN``) of an admin role that may create
databases and roles and run ``CREATE EXTENSION orafce``. Each fixture is loaded once into
``harness_<hash>`` (built under a temporary name, then renamed, so a half-built database is
never used) with its own login role that can only read that fixture's tables.

Choices that matter for Oracle fidelity:

- Oracle operations the shared layer routes through the engine's function table (TO_DATE,
  TO_CHAR, DATE +/- n, ADD_MONTHS, REGEXP_* ...) are SQL functions in the schema
  ``harness_ora`` (:mod:`.postgres_functions`, :mod:`.postgres_sql`), ports of the reference
  rules in :mod:`harness.oracle`, checked against them by the tests. What a function cannot
  give Oracle's answer for fails with SQLSTATE HX000 and is reported ``unsupported``.
- ``search_path = pg_catalog, public``: PostgreSQL built-ins keep their documented meaning,
  which is what sqlglot's PostgreSQL output assumes. orafce's ``oracle`` schema is left out:
  first in the path it silently re-binds functions the generator emits (``regexp_replace``
  replaces every match in orafce, the first in PostgreSQL; ``round(float8, int)``, ``lpad``,
  ``to_date``...), and even last it would answer Oracle-only names the layer has not verified
  (orafce's MONTHS_BETWEEN ignores the time of day). orafce is installed, but its schemas are
  closed to the reader.
- DATE is ``timestamp(0)`` (keeps the time of day); NUMBER is ``numeric`` (exact, unbounded);
  FLOAT is ``numeric`` too (Oracle's FLOAT is a decimal NUMBER subtype; float8 would ROUND
  half-even). CHAR(n) is ``varchar(n)`` holding the blank-padded value, as on DuckDB:
  PostgreSQL's ``char(n)`` drops the padding in LENGTH and when compared with VARCHAR2.
- Collation "C" (byte order) is Oracle's default NLS_SORT=BINARY; the session time zone is UTC.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql as pgsql
from psycopg.conninfo import make_conninfo
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from harness.engines.postgres_functions import (
    FUNCTION_SQL,
    LOAD_DATE,
    PROFILE,
    fold_quoted_identifiers,
    insert_statements,
    prepare,
    refusal,
)
from harness.engines.postgres_functions import first_line as _first_line
from harness.engines.standin import StandInEngine
from harness.errors import EngineUnavailable, FixtureError
from harness.fixture import Column, Fixture, Table
from harness.fixture_data import csv_columns
from harness.records import ExecResult, ResultSet

ENV_DSN = "HARNESS_PG_DSN"
# Bump when the way fixtures are loaded here changes (FUNCTION_SQL is hashed in as well).
ENGINE_VERSION = "3"
SEARCH_PATH = "pg_catalog, public"
SESSION_SETTINGS = {
    "search_path": SEARCH_PATH,
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "standard_conforming_strings": "on",
    "jit": "off",
}
# Defaults of the reader role: a second line if a session setting is ever lost.
ROLE_SETTINGS = {
    **SESSION_SETTINGS,
    "default_transaction_read_only": "on",
    "statement_timeout": "300s",
    "idle_in_transaction_session_timeout": "300s",
}
AS_OF_SETTING = "harness.as_of"  # SYSDATE's value, for TO_DATE's defaults (missing year/month)
CONNECT_TIMEOUT_S = 10
CANCEL_GRACE_S = 0.25  # the client-side cancel fires this long after the server-side timeout
TIMESTAMPTZ_OID = 1184
CURSOR_NAME = "harness_query"
NOT_EMULATED = "HX000"  # a harness_ora function refusing an input it cannot emulate


def database_name(fixture: Fixture) -> str:
    key = f"{fixture.content_hash}:{ENGINE_VERSION}:{FUNCTION_SQL}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"harness_{digest[:12]}"


def _ident(name: str) -> pgsql.Identifier:
    return pgsql.Identifier(name.lower())


def _table(name: str) -> pgsql.Composed:
    return pgsql.SQL("public.{}").format(_ident(name))


def _column_type(column: Column) -> str:
    if column.kind in ("NUMBER", "FLOAT"):
        if column.kind == "NUMBER" and column.precision is not None:
            return f"numeric({column.precision},{column.scale or 0})"
        return "numeric"
    if column.kind in ("VARCHAR2", "CHAR"):
        length = column.precision or (1 if column.kind == "CHAR" else None)
        return f"varchar({length})" if length else "text"
    if column.kind == "DATE":
        return "timestamp(0)"
    if column.kind == "TIMESTAMP":
        return f"timestamp({min(column.precision, 6) if column.precision is not None else 6})"
    return "text"  # CLOB


def _create_table(conn: psycopg.Connection[Any], fixture: Fixture, table: Table) -> None:
    parts = [
        pgsql.SQL("{} {}{}").format(
            _ident(c.name),
            pgsql.SQL(_column_type(c)),
            pgsql.SQL("" if c.nullable else " NOT NULL"),
        )
        for c in table.columns
    ]
    if table.primary_key:
        keys = pgsql.SQL(", ").join(_ident(k) for k in table.primary_key)
        parts.append(pgsql.SQL("PRIMARY KEY ({})").format(keys))
    try:
        conn.execute(
            pgsql.SQL("CREATE TABLE {} ({})").format(
                _table(table.name), pgsql.SQL(", ").join(parts)
            )
        )
    except psycopg.Error as exc:
        raise FixtureError(
            f"{fixture.schema_sql}: table {table.name}: {_first_line(exc)}"
        ) from None


def _load_insert_file(conn: psycopg.Connection[Any], fixture: Fixture, path: Path) -> None:
    for where, tree in insert_statements(fixture, path):
        try:
            statement = fold_quoted_identifiers(
                tree.sql("postgres", unsupported_level=ErrorLevel.RAISE)
            )
            conn.execute(statement.encode())
        except (psycopg.Error, SqlglotError) as exc:
            raise FixtureError(f"{where}: {_first_line(exc)}") from None


def _load_csv_file(conn: psycopg.Connection[Any], fixture: Fixture, path: Path) -> None:
    table, found = csv_columns(fixture, path)
    columns = [_ident(column.name) for column in found]
    names = pgsql.SQL(", ").join(columns)
    # FORCE_NULL: a quoted "" is NULL too (Oracle has no empty string).
    copy = pgsql.SQL(
        "COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true, FORCE_NULL ({}))"
    ).format(_table(table.name), names, names)
    try:
        with conn.cursor() as cur, cur.copy(copy) as sink, path.open("rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                sink.write(block)
    except psycopg.Error as exc:
        context = (exc.diag.context or "").strip().splitlines()
        detail = f" ({context[-1]})" if context else ""
        raise FixtureError(f"{path}: {_first_line(exc)}{detail}") from None


def _secure(conn: psycopg.Connection[Any], fixture: Fixture, dbname: str, reader: str) -> str:
    """Create the reader role (SELECT on the fixture tables only) and lock the database down."""
    password = secrets.token_urlsafe(24)
    role = pgsql.Identifier(reader)
    conn.execute(
        pgsql.SQL(
            "CREATE ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT "
            "NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 32"
        ).format(role, pgsql.Literal(password))
    )
    for name, value in ROLE_SETTINGS.items():
        literal = pgsql.SQL(value) if name == "search_path" else pgsql.Literal(value)
        conn.execute(pgsql.SQL("ALTER ROLE {} SET {} TO {}").format(role, pgsql.SQL(name), literal))
    with contextlib.suppress(psycopg.errors.InsufficientPrivilege), conn.transaction():
        # Only a superuser may cap temporary files (sorts and hashes spilling to disk).
        conn.execute(pgsql.SQL("ALTER ROLE {} SET temp_file_limit = '2GB'").format(role))
    db = pgsql.Identifier(dbname)
    conn.execute(pgsql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))  # CONNECT, TEMP
    conn.execute(pgsql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, role))
    conn.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC")
    conn.execute(pgsql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    tables = pgsql.SQL(", ").join(_table(t) for t in [*fixture.tables, "DUAL"])
    conn.execute(pgsql.SQL("GRANT SELECT ON {} TO {}").format(tables, role))
    conn.execute(pgsql.SQL("GRANT USAGE ON SCHEMA harness_ora TO {}").format(role))
    # orafce's schemas (oracle, UTL_FILE, DBMS_PIPE ...) are closed: see the module docstring.
    schemas = conn.execute(
        "SELECT n.nspname FROM pg_namespace n JOIN pg_depend d ON d.objid = n.oid "
        "AND d.classid = 'pg_namespace'::regclass JOIN pg_extension e ON e.oid = d.refobjid "
        "WHERE e.extname = 'orafce'"
    ).fetchall()
    for (schema,) in schemas:
        conn.execute(
            pgsql.SQL("REVOKE ALL ON SCHEMA {} FROM PUBLIC").format(pgsql.Identifier(schema))
        )
    return password


def _build(admin_dsn: str, fixture: Fixture, dbname: str) -> None:
    token = secrets.token_hex(3)
    tmp, reader = f"{dbname}_b{token}", f"{dbname}_ro_{token}"
    with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S) as admin:
        try:
            admin.execute(
                pgsql.SQL(
                    "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                    "LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
                ).format(pgsql.Identifier(tmp))
            )
        except psycopg.errors.InvalidParameterValue:  # no C.UTF-8 locale: ASCII-only UPPER
            admin.execute(
                pgsql.SQL(
                    "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' "
                    "LC_CTYPE 'C'"
                ).format(pgsql.Identifier(tmp))
            )
        try:
            with psycopg.connect(
                make_conninfo(admin_dsn, dbname=tmp), connect_timeout=CONNECT_TIMEOUT_S
            ) as conn:
                for name, value in {**SESSION_SETTINGS, AS_OF_SETTING: str(LOAD_DATE)}.items():
                    conn.execute("SELECT set_config(%s, %s, false)", [name, value])
                conn.execute("CREATE EXTENSION IF NOT EXISTS orafce")
                conn.execute("CREATE SCHEMA harness_ora")
                conn.execute(FUNCTION_SQL.encode())
                for table in fixture.tables.values():
                    _create_table(conn, fixture, table)
                conn.execute("CREATE TABLE public.dual (dummy varchar(1))")
                conn.execute("INSERT INTO public.dual VALUES ('X')")
                for path in fixture.data_files:
                    if path.suffix == ".csv":
                        _load_csv_file(conn, fixture, path)
                    else:
                        _load_insert_file(conn, fixture, path)
                for table in fixture.tables.values():
                    for column in table.columns:
                        if column.kind == "CHAR":  # stored blank-padded, as in Oracle
                            conn.execute(
                                pgsql.SQL(
                                    "UPDATE {} SET {c} = rpad({c}, {n}, ' ') WHERE {c} IS NOT NULL"
                                ).format(
                                    _table(table.name),
                                    c=_ident(column.name),
                                    n=pgsql.Literal(column.precision or 1),
                                )
                            )
                password = _secure(conn, fixture, tmp, reader)
                conn.execute("CREATE SCHEMA harness_meta")  # admin only: holds the password
                conn.execute(
                    "CREATE TABLE harness_meta.fixture (content_hash text NOT NULL, "
                    "reader text NOT NULL, password text NOT NULL)"
                )
                conn.execute(
                    "INSERT INTO harness_meta.fixture VALUES (%s, %s, %s)",
                    [fixture.content_hash, reader, password],
                )
                conn.execute("ANALYZE")
            admin.execute(
                pgsql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    pgsql.Identifier(tmp), pgsql.Identifier(dbname)
                )
            )
        except BaseException as exc:
            admin.execute(
                pgsql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(pgsql.Identifier(tmp))
            )
            admin.execute(pgsql.SQL("DROP ROLE IF EXISTS {}").format(pgsql.Identifier(reader)))
            if not isinstance(exc, psycopg.errors.DuplicateDatabase):  # another builder won
                raise


def ensure_database(admin_dsn: str, fixture: Fixture) -> tuple[str, str, str]:
    """Load the fixture once per content hash; returns (database, reader role, its password)."""
    dbname = database_name(fixture)
    try:
        with psycopg.connect(
            admin_dsn, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
        ) as admin:
            found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname])
            exists = found.fetchone() is not None
        if not exists:
            _build(admin_dsn, fixture, dbname)
        with psycopg.connect(
            make_conninfo(admin_dsn, dbname=dbname), connect_timeout=CONNECT_TIMEOUT_S
        ) as conn:
            row = conn.execute(
                "SELECT content_hash, reader, password FROM harness_meta.fixture"
            ).fetchone()
    except FixtureError:
        raise
    except psycopg.OperationalError as exc:
        raise EngineUnavailable(f"cannot reach PostgreSQL: {_first_line(exc)}") from None
    except psycopg.Error as exc:
        raise FixtureError(f"PostgreSQL database {dbname}: {_first_line(exc)}") from None
    if row is None or row[0] != fixture.content_hash:
        raise FixtureError(f"database {dbname} holds another fixture; drop it to rebuild")
    return dbname, row[1], row[2]


class PostgresEngine(StandInEngine):
    """Runs Oracle SQL on PostgreSQL + orafce as a SELECT-only role, read-only and rolled back."""

    name = "postgres"
    profile = PROFILE

    def __init__(
        self,
        fixture: Fixture,
        *,
        as_of: dt.datetime,
        dsn: str | None = None,
        memory_limit: str | None = None,
    ) -> None:
        """``memory_limit`` is accepted for the engine protocol; PostgreSQL has no per-query
        memory cap (work_mem is per operation), so the server's own limits apply."""
        admin_dsn = dsn or os.environ.get(ENV_DSN)
        if not admin_dsn:
            raise EngineUnavailable(
                f"the postgres engine needs a server: set {ENV_DSN} to a libpq URL of a role "
                "that may create databases and roles, e.g. postgresql://user@127.0.0.1:5432/postgres"
            )
        super().__init__(fixture, as_of)
        self.database, reader, password = ensure_database(admin_dsn, fixture)
        self._conninfo = make_conninfo(
            admin_dsn, dbname=self.database, user=reader, password=password
        )
        self._lock = threading.Lock()
        self._server_timeout = True  # tests turn it off to prove the client-side cancel alone
        self._conn: psycopg.Connection[Any] | None = None
        self._connection()

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is not None and not self._conn.closed and not self._conn.broken:
            return self._conn
        try:
            conn = psycopg.connect(
                self._conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S
            )
            settings = {**SESSION_SETTINGS, AS_OF_SETTING: self.as_of.isoformat(sep=" ")}
            for name, value in settings.items():
                conn.execute("SELECT set_config(%s, %s, false)", [name, value])
        except psycopg.Error as exc:
            raise EngineUnavailable(
                f"cannot connect as the reader role: {_first_line(exc)}"
            ) from None
        conn.autocommit = False
        conn.read_only = True  # every transaction starts BEGIN READ ONLY
        self._conn = conn
        return conn

    def refusal(self, tree: exp.Expr) -> str | None:
        return refusal(tree)

    def prepare(self, tree: exp.Expr) -> exp.Expr:
        return prepare(tree)

    def finish(self, engine_sql: str) -> str:
        return fold_quoted_identifiers(engine_sql)

    def run_native(self, engine_sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        """Run translated SQL as the reader: server-side statement_timeout, a client-side cancel
        as the second line, one SELECT through a server-side cursor, at most max_rows + 1 rows."""
        with self._lock:
            limit_ms = max(1, round(timeout_s * 1000)) if self._server_timeout else 0
            conn = self._begin(limit_ms)
            timer = threading.Timer(timeout_s + CANCEL_GRACE_S, self._cancel, args=(conn,))
            start = time.perf_counter()
            try:
                timer.start()
                # DECLARE ... CURSOR accepts exactly one SELECT (no second statement, no DML).
                with conn.cursor(name=CURSOR_NAME) as cur:
                    cur.execute(engine_sql.encode())
                    rows = cur.fetchmany(max_rows + 1)
                    description = cur.description or []
            except psycopg.errors.QueryCanceled:
                return ExecResult(
                    "timeout",
                    executed_sql=engine_sql,
                    elapsed_s=time.perf_counter() - start,
                    reason=f"cancelled after {timeout_s:g} s",
                )
            except psycopg.Error as exc:
                kind = exc.sqlstate or type(exc).__name__
                if kind == NOT_EMULATED:  # e.g. a regular expression PostgreSQL reads otherwise
                    return ExecResult(
                        "unsupported",
                        executed_sql=engine_sql,
                        elapsed_s=time.perf_counter() - start,
                        reason=_first_line(exc),
                    )
                return ExecResult(
                    "error",
                    executed_sql=engine_sql,
                    elapsed_s=time.perf_counter() - start,
                    reason=f"{type(exc).__name__} ({kind}): {_first_line(exc)}",
                )
            finally:
                timer.cancel()
                if timer.is_alive():  # a cancel in flight must not hit the next statement
                    timer.join()
                self._rollback(conn)
            elapsed = time.perf_counter() - start
        aware = [i for i, d in enumerate(description) if d.type_code == TIMESTAMPTZ_OID]
        out = [_naive(tuple(r), aware) if aware else tuple(r) for r in rows[:max_rows]]
        return ExecResult(
            "ok",
            ResultSet([str(d.name).upper() for d in description], out, len(rows) > max_rows),
            executed_sql=engine_sql,
            elapsed_s=elapsed,
        )

    def _begin(self, statement_timeout_ms: int) -> psycopg.Connection[Any]:
        """Open the READ ONLY transaction with its statement_timeout (0: none); a connection
        the server dropped while idle is replaced once."""
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [f"{statement_timeout_ms}ms"],
                )
                return conn
            except psycopg.OperationalError as exc:
                conn.close()
                if attempt == 2:
                    raise EngineUnavailable(f"PostgreSQL went away: {_first_line(exc)}") from None
        raise AssertionError("unreachable")

    @staticmethod
    def _cancel(conn: psycopg.Connection[Any]) -> None:
        with contextlib.suppress(psycopg.Error, OSError):
            conn.cancel_safe(timeout=5)

    @staticmethod
    def _rollback(conn: psycopg.Connection[Any]) -> None:
        if conn.closed or conn.broken:
            return
        try:
            conn.rollback()
        except psycopg.Error:
            conn.close()  # reconnects on the next query

    def fingerprint(self) -> str:
        """count + sum of a 64-bit hash of every row, per table (order-independent)."""
        digest = hashlib.sha256(self.database.encode())
        with self._lock:
            conn = self._connection()
            try:
                for name in sorted([*self.fixture.tables, "DUAL"]):
                    row = conn.execute(
                        pgsql.SQL(
                            "SELECT count(*), sum(hashtextextended(t::text, 0)::numeric) FROM {} t"
                        ).format(_table(name))
                    ).fetchone()
                    digest.update(f"{name}:{row}\n".encode())
            finally:
                self._rollback(conn)
        return digest.hexdigest()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _naive(row: tuple[Any, ...], indices: list[int]) -> tuple[Any, ...]:
    """A timestamptz (from a PostgreSQL function passed through) as Oracle's naive value, in
    the session's time zone (UTC)."""
    values = list(row)
    for i in indices:
        value = values[i]
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            values[i] = value.astimezone(dt.UTC).replace(tzinfo=None)
    return tuple(values)

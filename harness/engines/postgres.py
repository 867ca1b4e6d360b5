"""PostgreSQL 15 (+ orafce) over a real server: one database per fixture, queries as a
SELECT-only role inside READ ONLY transactions that are always rolled back.

The server is named by a libpq URL (``HARNESS_PG_DSN``) of an admin role that may create
databases and roles and run ``CREATE EXTENSION orafce``. Each fixture is loaded once into
``harness_<hash>`` (built under a temporary name, then renamed, so a half-built database is
never used) with its own login role that can only read that fixture's tables.

Choices that matter for Oracle fidelity:

- Oracle operations the shared layer routes through the engine's function table (TO_DATE,
  DATE +/- n, ADD_MONTHS, TRUNC(date) ...) are SQL functions in the schema ``harness_ora``
  (:data:`FUNCTION_SQL`), ports of the reference rules in :mod:`harness.oracle`, checked
  against them by the tests. Operations not ported are refused (``unsupported``).
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
import csv
import datetime as dt
import hashlib
import os
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import psycopg
import sqlglot
from psycopg import sql as pgsql
from psycopg.conninfo import make_conninfo
from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.errors import ErrorLevel, SqlglotError
from sqlglot.tokens import TokenType

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.engines.oracle_semantics import (
    NOW_NODES,
    EngineProfile,
    analysis_schema,
    rewrite_statement,
    translate,
)
from harness.errors import EngineUnavailable, FixtureError
from harness.fixture import Column, Fixture, Table
from harness.records import ExecResult, ResultSet
from harness.safety import check_sql
from harness.sqlfile import split_statements

FUNCTION_SCHEMA = "harness_ora"
# Semantics-layer operation -> SQL function (see FUNCTION_SQL). Not here, so refused:
# TO_CHAR_DATE, TO_CHAR_NUMBER, NUMBER_TEXT, TO_NUMBER(_FMT) (format models not ported yet)
# and REGEXP_* (PostgreSQL's ARE syntax is not Oracle's POSIX ERE).
PG_FUNCTIONS = {
    "TO_DATE": "harness_ora.ora_to_date",
    "DATE_ADD": "harness_ora.ora_date_add",
    "DATE_DIFF": "harness_ora.ora_date_diff",
    "ADD_MONTHS": "harness_ora.ora_add_months",
    "LAST_DAY": "harness_ora.ora_last_day",
    "MONTHS_BETWEEN": "harness_ora.ora_months_between",
    "NEXT_DAY": "harness_ora.ora_next_day",
    "TRUNC_DATE": "harness_ora.ora_trunc_date",
    "ROUND_DATE": "harness_ora.ora_round_date",
    "INSTR": "harness_ora.ora_instr",
    "SUBSTR": "harness_ora.ora_substr",
    "SUBSTR_FROM": "harness_ora.ora_substr_from",
    "INITCAP": "pg_catalog.initcap",
}
PROFILE = EngineProfile(
    dialect="postgres",
    type_names={
        "NUMBER": "NUMERIC",
        "VARCHAR2": "VARCHAR",
        "CHAR": "VARCHAR",
        "DATE": "TIMESTAMP",
        "TIMESTAMP": "TIMESTAMP",
        "CLOB": "TEXT",
        "FLOAT": "NUMERIC",
    },
    functions=PG_FUNCTIONS,
    # Functions sqlglot passes to PostgreSQL whose answer there is not Oracle's.
    unemulated_functions={
        "MEDIAN": "MEDIAN (PERCENTILE_CONT is float8 on PostgreSQL, ROUND half-even)",
        "PERCENTILE_CONT": "PERCENTILE_CONT (float8 on PostgreSQL)",
        "PERCENTILE_DISC": "PERCENTILE_DISC",
        "PERCENT_RANK": "PERCENT_RANK (float8 on PostgreSQL)",
        "CUME_DIST": "CUME_DIST (float8 on PostgreSQL)",
        "CORR": "CORR (float8 on PostgreSQL)",
        "COVAR_POP": "COVAR_POP (float8 on PostgreSQL)",
        "COVAR_SAMP": "COVAR_SAMP (float8 on PostgreSQL)",
    },
)
ENV_DSN = "HARNESS_PG_DSN"
# Bump when the way fixtures are loaded here changes (FUNCTION_SQL is hashed in as well).
ENGINE_VERSION = "2"
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
LOAD_DATE = dt.datetime(2000, 1, 1)  # the same fixed date the DuckDB loader uses
CONNECT_TIMEOUT_S = 10
CANCEL_GRACE_S = 0.25  # the client-side cancel fires this long after the server-side timeout
TRANSLATION_CACHE = 4096
TIMESTAMPTZ_OID = 1184
CURSOR_NAME = "harness_query"

# --- Oracle tree -> PostgreSQL: what this engine adds around the shared layer ---------------

FLOAT_TYPES = {exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE}


def refusal(tree: exp.Expr) -> str | None:
    """Constructs that PostgreSQL would answer differently from Oracle without an error."""
    for node in tree.walk():
        if isinstance(node, (exp.Like, exp.ILike)) and not isinstance(node.parent, exp.Escape):
            pattern = node.expression
            if any(True for _ in pattern.find_all(exp.Column, exp.Query)) or any(
                lit.is_string and "\\" in lit.this for lit in pattern.find_all(exp.Literal)
            ):
                return "LIKE without ESCAPE on a pattern that may hold a backslash"
        elif isinstance(node, exp.GroupConcat) and node.args.get("separator") is None:
            return "LISTAGG without a delimiter (sqlglot adds ',')"
        elif isinstance(node, exp.Cast) and node.to.this in FLOAT_TYPES:
            return f"CAST to {node.to.sql(ORACLE)} (binary floating point)"
    return None


def _name_output_columns(tree: exp.Expr) -> None:
    """The output names Oracle (and the shared layer) would give, fixed before this engine's
    own rewrites change the expressions' text."""
    first = tree
    while isinstance(first, exp.SetOperation):
        first = first.this
    if not isinstance(first, exp.Select):
        return
    for item in first.expressions:
        if not isinstance(item, (exp.Alias, exp.Column, exp.Star)):
            name = item.sql("oracle").upper()[:128]
            item.replace(exp.alias_(item.copy(), exp.to_identifier(name, quoted=True)))


def prepare(tree: exp.Expr) -> exp.Expr:
    """PostgreSQL-only adjustments to the Oracle tree before the shared translation:
    an alias on every FROM subquery (PostgreSQL 15 requires one), and exact NUMBER division
    (sqlglot casts the dividend to float8, which is inexact and ROUNDs half-even)."""
    tree = tree.copy()
    _name_output_columns(tree)
    count = 0
    for node in list(tree.find_all(exp.Subquery)):
        if isinstance(node.parent, (exp.From, exp.Join)) and not node.alias:
            count += 1
            node.set("alias", exp.TableAlias(this=exp.to_identifier(f"harness_sq{count}")))
    for div in list(tree.find_all(exp.Div)):
        dividend = div.this
        if not (isinstance(dividend, exp.Cast) and dividend.to.this == exp.DataType.Type.DECIMAL):
            div.set("this", exp.Cast(this=dividend, to=exp.DataType.build("DECIMAL")))
        div.set("typed", True)
    return tree


def fold_quoted_identifiers(sql: str) -> str:
    """Oracle's quoted upper-case names ("VENDOR_NAME") are its unquoted names; fixture objects
    live here under PostgreSQL's folded (lower-case) names, so fold them the same way."""
    out = sql
    for token in reversed(Postgres().tokenize(sql)):
        text = token.text
        if token.token_type == TokenType.IDENTIFIER and text == text.upper() != text.lower():
            quoted = '"' + text.lower().replace('"', '""') + '"'
            out = out[: token.start] + quoted + out[token.end + 1 :]
    return out


def insert_statements(fixture: Fixture, path: Path) -> list[tuple[str, exp.Expr]]:
    """The data file's INSERTs, checked and rewritten with Oracle semantics ('' is NULL)."""
    try:
        statements = split_statements(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise FixtureError(f"{path}: cannot tokenize: {exc}") from None
    out = []
    for stmt in statements:
        where = f"{path}:{stmt.line}"
        try:
            tree = sqlglot.parse_one(stmt.text, read=ORACLE)
        except SqlglotError as exc:
            raise FixtureError(f"{where}: cannot parse: {_first_line(exc)}") from None
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
        reason = refusal(tree)
        if reason:
            raise FixtureError(f"{where}: not emulated on postgres: {reason}")
        out.append((where, rewrite_statement(prepare(tree), PROFILE, LOAD_DATE)))
    return out


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


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


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
        columns.append(_ident(column.name))
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


class PostgresEngine:
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
        self.fixture = fixture
        self.as_of = as_of
        self.database, reader, password = ensure_database(admin_dsn, fixture)
        self._conninfo = make_conninfo(
            admin_dsn, dbname=self.database, user=reader, password=password
        )
        self._lock = threading.Lock()
        self._schema = analysis_schema(fixture.tables)
        self._prepared: OrderedDict[tuple[str, int | None], ExecResult] = OrderedDict()
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
        refused = refusal(verdict.tree)
        if refused:
            return ExecResult("unsupported", reason=f"not emulated on postgres: {refused}")
        tr = translate(
            prepare(verdict.tree),
            profile=PROFILE,
            tables=self.fixture.tables,
            as_of=self.as_of,
            row_limit=max_rows,
            schema=self._schema,
        )
        if tr.sql is None:
            status = "unsupported" if tr.status == "unsupported" else "error"
            return ExecResult(status, reason=tr.reason)  # type: ignore[arg-type]
        return ExecResult("ok", executed_sql=fold_quoted_identifiers(tr.sql))

    def execute(self, sql: str, *, timeout_s: float, max_rows: int) -> ExecResult:
        prepared = self.translate(sql, max_rows=max_rows + 1)
        if prepared.status != "ok" or prepared.executed_sql is None:
            return prepared
        return self.run_native(prepared.executed_sql, timeout_s=timeout_s, max_rows=max_rows)

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


# Ports of harness.oracle's reference rules, created in every fixture database (schema
# harness_ora, owned by the admin role, executable by the reader). tests/test_engine_postgres.py
# checks them against the reference on grids of inputs.
FUNCTION_SQL = r"""
CREATE FUNCTION harness_ora.ora_to_date(txt text, fmt text) RETURNS timestamp
LANGUAGE plpgsql STABLE STRICT AS $fn$
DECLARE
  now_ts timestamp := coalesce(
    nullif(current_setting('harness.as_of', true), '')::timestamp, localtimestamp(0));
  tokens text[] := ARRAY['SYYYY','SSSSS','MONTH','HH24','HH12','YYYY','RRRR','IYYY','A.M.',
    'P.M.','YYY','MON','DDD','DAY','FF1','FF2','FF3','FF4','FF5','FF6','FF7','FF8','FF9','YY',
    'RR','MM','DD','DY','HH','MI','SS','AM','PM','IW','WW','FF','FM','FX','Y','Q','D','W','J'];
  months text[] := ARRAY['JANUARY','FEBRUARY','MARCH','APRIL','MAY','JUNE','JULY','AUGUST',
    'SEPTEMBER','OCTOBER','NOVEMBER','DECEMBER'];
  days text[] := ARRAY['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY'];
  names text[];
  yr int := extract(year FROM now_ts);
  mon int := extract(month FROM now_ts);
  dy int := 1;
  hr int := 0;
  mi int := 0;
  sc int := 0;
  micro int := 0;
  pm boolean;
  pos int := 1;
  i int := 1;
  tok text;
  cand text;
  m text;
  rest text;
  val int;
  lim int;
  k int;
  cur int;
  base date;
BEGIN
  WHILE i <= length(fmt) LOOP
    tok := NULL;
    IF substr(fmt, i, 1) = '"' THEN
      k := strpos(substr(fmt, i + 1), '"');
      IF k = 0 THEN
        RAISE EXCEPTION 'unterminated quoted text in format' USING ERRCODE = '22007';
      END IF;
      i := i + k + 1;
    ELSIF strpos(' -/,.;:', substr(fmt, i, 1)) > 0 THEN
      i := i + 1;
    ELSE
      FOREACH cand IN ARRAY tokens LOOP
        IF upper(substr(fmt, i, length(cand))) = cand THEN
          tok := cand;
          i := i + length(cand);
          EXIT;
        END IF;
      END LOOP;
      IF tok IS NULL THEN
        RAISE EXCEPTION 'format element % is not supported', substr(fmt, i)
          USING ERRCODE = '22007';
      END IF;
    END IF;
    WHILE pos <= length(txt) AND substr(txt, pos, 1) = ' ' LOOP
      pos := pos + 1;
    END LOOP;
    IF tok IS NULL THEN  -- literal: any punctuation stands for any punctuation
      IF pos <= length(txt) AND substr(txt, pos, 1) !~ '^[[:alnum:]]$' THEN
        pos := pos + 1;
      END IF;
      CONTINUE;
    END IF;
    rest := upper(substr(txt, pos));
    IF tok IN ('FM', 'FX') THEN
      CONTINUE;
    ELSIF tok IN ('MON', 'MONTH', 'DY', 'DAY') THEN
      names := CASE WHEN tok IN ('MON', 'MONTH') THEN months ELSE days END;
      val := NULL;
      FOR k IN 1 .. array_length(names, 1) LOOP
        IF left(rest, length(names[k])) = names[k] THEN
          val := k;
          pos := pos + length(names[k]);
          EXIT;
        END IF;
      END LOOP;
      IF val IS NULL THEN
        FOR k IN 1 .. array_length(names, 1) LOOP
          IF left(rest, 3) = left(names[k], 3) THEN
            val := k;
            pos := pos + 3;
            EXIT;
          END IF;
        END LOOP;
      END IF;
      IF val IS NULL THEN
        RAISE EXCEPTION 'ORA-01843: not a valid month (%)', txt USING ERRCODE = '22007';
      END IF;
      IF tok IN ('MON', 'MONTH') THEN
        mon := val;
      END IF;
    ELSIF tok IN ('AM', 'PM', 'A.M.', 'P.M.') THEN
      val := NULL;
      FOREACH cand IN ARRAY ARRAY['A.M.', 'P.M.', 'AM', 'PM'] LOOP
        IF left(rest, length(cand)) = cand THEN
          pm := left(cand, 1) = 'P';
          pos := pos + length(cand);
          val := 1;
          EXIT;
        END IF;
      END LOOP;
      IF val IS NULL THEN
        RAISE EXCEPTION 'ORA-01855: AM/A.M. or PM/P.M. required (%)', txt
          USING ERRCODE = '22007';
      END IF;
    ELSIF tok LIKE 'FF%' THEN
      m := substring(rest FROM '^[0-9]{1,9}');
      IF m IS NULL THEN
        RAISE EXCEPTION 'ORA-01858: fractional seconds expected (%)', txt
          USING ERRCODE = '22007';
      END IF;
      pos := pos + length(m);
      micro := rpad(left(m, 6), 6, '0')::int;
    ELSE
      lim := CASE tok WHEN 'YYYY' THEN 4 WHEN 'SYYYY' THEN 4 WHEN 'RRRR' THEN 4 WHEN 'RR' THEN 4
        WHEN 'YYY' THEN 3 WHEN 'YY' THEN 2 WHEN 'Y' THEN 1 WHEN 'MM' THEN 2 WHEN 'DD' THEN 2
        WHEN 'DDD' THEN 3 WHEN 'HH24' THEN 2 WHEN 'HH' THEN 2 WHEN 'HH12' THEN 2
        WHEN 'MI' THEN 2 WHEN 'SS' THEN 2 WHEN 'SSSSS' THEN 5 WHEN 'J' THEN 7 END;
      IF lim IS NULL THEN
        RAISE EXCEPTION 'format element % is not supported in TO_DATE', tok
          USING ERRCODE = '22007';
      END IF;
      m := substring(rest FROM '^[+-]?[0-9]{1,' || lim || '}');
      IF m IS NULL THEN
        RAISE EXCEPTION 'ORA-01858: a non-numeric character was hit where a numeric was '
          'expected (% with format %)', txt, fmt USING ERRCODE = '22007';
      END IF;
      pos := pos + length(m);
      val := m::int;
      cur := extract(year FROM now_ts)::int % 100;
      IF tok IN ('YYYY', 'SYYYY') OR (tok IN ('RRRR', 'RR') AND length(m) > 2) THEN
        yr := val;
      ELSIF tok IN ('RRRR', 'RR') THEN  -- Oracle's RR rule around the current year
        yr := extract(year FROM now_ts)::int - cur + val + CASE
          WHEN val < 50 AND cur >= 50 THEN 100 WHEN val >= 50 AND cur < 50 THEN -100 ELSE 0 END;
      ELSIF tok = 'YYY' THEN
        yr := extract(year FROM now_ts)::int / 1000 * 1000 + val;
      ELSIF tok = 'YY' THEN
        yr := extract(year FROM now_ts)::int / 100 * 100 + val;
      ELSIF tok = 'Y' THEN
        yr := extract(year FROM now_ts)::int / 10 * 10 + val;
      ELSIF tok = 'MM' THEN
        mon := val;
      ELSIF tok = 'DD' THEN
        dy := val;
      ELSIF tok = 'DDD' THEN
        base := make_date(yr, 1, 1) + (val - 1);
        mon := extract(month FROM base);
        dy := extract(day FROM base);
      ELSIF tok = 'HH24' THEN
        hr := val;
      ELSIF tok IN ('HH', 'HH12') THEN
        hr := val;
        pm := coalesce(pm, false);
      ELSIF tok = 'MI' THEN
        mi := val;
      ELSIF tok = 'SS' THEN
        sc := val;
      ELSIF tok = 'SSSSS' THEN
        hr := val / 3600;
        mi := val % 3600 / 60;
        sc := val % 60;
      ELSIF tok = 'J' THEN
        base := make_date(1, 1, 1) + (val - 1721426);
        yr := extract(year FROM base);
        mon := extract(month FROM base);
        dy := extract(day FROM base);
      END IF;
    END IF;
  END LOOP;
  IF substr(txt, pos) !~ '^\s*$' THEN
    RAISE EXCEPTION 'ORA-01830: date format picture ends before converting entire input '
      'string (% with format %)', txt, fmt USING ERRCODE = '22007';
  END IF;
  IF pm IS NOT NULL AND hr <= 12 THEN
    hr := hr % 12 + CASE WHEN pm THEN 12 ELSE 0 END;
  END IF;
  IF yr < 1 OR yr > 9999 OR hr > 23 OR mi > 59 OR sc > 59 THEN
    RAISE EXCEPTION 'ORA-01847/01839: invalid date (%)', txt USING ERRCODE = '22008';
  END IF;
  RETURN make_timestamp(yr, mon, dy, hr, mi, sc + micro / 1000000.0);
END
$fn$;

CREATE FUNCTION harness_ora.ora_date_add(d timestamp, days text) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- DATE + n days, kept to whole seconds; half a second rounds to even, as the reference does
  SELECT date_trunc('second', d) + make_interval(secs => (
    SELECT CASE WHEN abs(s - trunc(s)) = 0.5 THEN 2 * round(s / 2) ELSE round(s) END
    FROM (SELECT days::numeric * 86400 AS s) AS x)::double precision)
$fn$;

CREATE FUNCTION harness_ora.ora_date_diff(a timestamp, b timestamp) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT extract(epoch FROM (a - b))::double precision / 86400
$fn$;

CREATE FUNCTION harness_ora.ora_last_day(d timestamp) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT date_trunc('month', d) + interval '1 month' - interval '1 day'
    + (d - date_trunc('day', d))
$fn$;

CREATE FUNCTION harness_ora.ora_add_months(d timestamp, n text) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- From a month's last day the result is the target month's last day; else the day is
  -- clamped to the target month's end (PostgreSQL's own month arithmetic). Time is kept.
  SELECT CASE
    WHEN date_trunc('day', d) = date_trunc('month', d) + interval '1 month' - interval '1 day'
    THEN harness_ora.ora_last_day(d + make_interval(months => trunc(n::numeric)::int))
    ELSE d + make_interval(months => trunc(n::numeric)::int)
  END
$fn$;

CREATE FUNCTION harness_ora.ora_months_between(a timestamp, b timestamp) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE
    WHEN extract(day FROM a) = extract(day FROM b)
      OR (harness_ora.ora_last_day(a)::date = a::date
        AND harness_ora.ora_last_day(b)::date = b::date)
    THEN months
    ELSE months + (extract(day FROM a) - extract(day FROM b)
      + (extract(epoch FROM a::time) - extract(epoch FROM b::time)) / 86400) / 31
  END
  FROM (SELECT ((extract(year FROM a) - extract(year FROM b)) * 12
    + extract(month FROM a) - extract(month FROM b))::numeric AS months) AS x
$fn$;

CREATE FUNCTION harness_ora.ora_next_day(d timestamp, day_name text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  names text[] := ARRAY['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY'];
  wanted text := upper(btrim(day_name));
  k int;
BEGIN
  FOR k IN 1 .. 7 LOOP
    IF names[k] = wanted OR left(names[k], 3) = wanted THEN
      RETURN d + make_interval(days => ((k - extract(isodow FROM d)::int - 1) % 7 + 7) % 7 + 1);
    END IF;
  END LOOP;
  RAISE EXCEPTION 'ORA-01846: not a valid day of the week (%)', day_name USING ERRCODE = '22023';
END
$fn$;

CREATE FUNCTION harness_ora.ora_date_unit(fmt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  unit text := CASE upper(btrim(coalesce(fmt, 'DD')))
    WHEN 'CC' THEN 'century' WHEN 'SCC' THEN 'century'
    WHEN 'SYYYY' THEN 'year' WHEN 'YYYY' THEN 'year' WHEN 'YEAR' THEN 'year'
    WHEN 'SYEAR' THEN 'year' WHEN 'YYY' THEN 'year' WHEN 'YY' THEN 'year' WHEN 'Y' THEN 'year'
    WHEN 'RRRR' THEN 'year' WHEN 'RR' THEN 'year'
    WHEN 'IYYY' THEN 'isoyear' WHEN 'IY' THEN 'isoyear' WHEN 'I' THEN 'isoyear'
    WHEN 'Q' THEN 'quarter'
    WHEN 'MONTH' THEN 'month' WHEN 'MON' THEN 'month' WHEN 'MM' THEN 'month' WHEN 'RM' THEN 'month'
    WHEN 'WW' THEN 'week_of_year' WHEN 'IW' THEN 'iso_week' WHEN 'W' THEN 'week_of_month'
    WHEN 'DDD' THEN 'day' WHEN 'DD' THEN 'day' WHEN 'J' THEN 'day'
    WHEN 'DAY' THEN 'week_start' WHEN 'DY' THEN 'week_start' WHEN 'D' THEN 'week_start'
    WHEN 'HH' THEN 'hour' WHEN 'HH12' THEN 'hour' WHEN 'HH24' THEN 'hour'
    WHEN 'MI' THEN 'minute' END;
BEGIN
  IF unit IS NULL THEN
    RAISE EXCEPTION 'TRUNC/ROUND date format % is not valid', fmt USING ERRCODE = '22007';
  END IF;
  RETURN unit;
END
$fn$;

CREATE FUNCTION harness_ora.ora_trunc_date(d timestamp, fmt text) RETURNS timestamp
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE harness_ora.ora_date_unit(fmt)
    WHEN 'century'
      THEN make_timestamp((extract(year FROM d)::int - 1) / 100 * 100 + 1, 1, 1, 0, 0, 0)
    WHEN 'year' THEN date_trunc('year', d)
    WHEN 'isoyear'
      THEN date_trunc('week', make_date(extract(isoyear FROM d)::int, 1, 4)::timestamp)
    WHEN 'quarter' THEN date_trunc('quarter', d)
    WHEN 'month' THEN date_trunc('month', d)
    WHEN 'week_of_year' THEN date_trunc('day', d)
      - make_interval(days => (extract(doy FROM d)::int - 1) % 7)
    WHEN 'iso_week' THEN date_trunc('week', d)
    WHEN 'week_of_month' THEN date_trunc('day', d)
      - make_interval(days => (extract(day FROM d)::int - 1) % 7)
    WHEN 'week_start' THEN date_trunc('day', d) - make_interval(days => extract(dow FROM d)::int)
    WHEN 'hour' THEN date_trunc('hour', d)
    WHEN 'minute' THEN date_trunc('minute', d)
    ELSE date_trunc('day', d)
  END
  WHERE d IS NOT NULL
$fn$;

CREATE FUNCTION harness_ora.ora_round_date(d timestamp, fmt text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  unit text := harness_ora.ora_date_unit(fmt);
  start timestamp := harness_ora.ora_trunc_date(d, fmt);
  q int;
BEGIN
  IF d IS NULL THEN
    RETURN NULL;
  END IF;
  IF unit = 'year' THEN
    RETURN CASE WHEN extract(month FROM d) < 7 THEN start ELSE start + interval '1 year' END;
  ELSIF unit = 'quarter' THEN
    q := (extract(month FROM d)::int - 1) % 3;
    RETURN CASE WHEN q = 2 OR (q = 1 AND extract(day FROM d) >= 16)
      THEN start + interval '3 months' ELSE start END;
  ELSIF unit = 'month' THEN
    RETURN CASE WHEN extract(day FROM d) >= 16 THEN start + interval '1 month' ELSE start END;
  ELSIF unit = 'day' THEN
    RETURN CASE WHEN extract(hour FROM d) >= 12 THEN start + interval '1 day' ELSE start END;
  ELSIF unit = 'hour' THEN
    RETURN CASE WHEN extract(minute FROM d) >= 30 THEN start + interval '1 hour' ELSE start END;
  ELSIF unit = 'minute' THEN
    RETURN CASE WHEN extract(second FROM d) >= 30 THEN start + interval '1 minute' ELSE start END;
  END IF;
  RAISE EXCEPTION 'ROUND(date, %) is not emulated', fmt USING ERRCODE = '0A000';
END
$fn$;

CREATE FUNCTION harness_ora.ora_instr(txt text, sub text, pos bigint, occurrence bigint)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  hit bigint := 0;
  start bigint;
  stop bigint;
  k bigint;
  j bigint;
BEGIN
  IF occurrence < 1 THEN
    RAISE EXCEPTION 'ORA-01428: argument ''%'' is out of range', occurrence
      USING ERRCODE = '22003';
  END IF;
  IF pos = 0 THEN
    RETURN 0;
  END IF;
  IF pos > 0 THEN
    start := pos;
    FOR k IN 1 .. occurrence LOOP
      j := strpos(substr(txt, start::int), sub);
      IF j = 0 OR start > length(txt) + 1 THEN
        RETURN 0;
      END IF;
      hit := start + j - 1;
      start := hit + 1;
    END LOOP;
    RETURN hit;
  END IF;
  -- Negative pos: search backwards from that many characters before the end.
  stop := length(txt) + pos + 1;  -- 0-based exclusive end of the first window
  FOR k IN 1 .. occurrence LOOP
    hit := -1;
    j := least(stop - 1, length(txt) - length(sub));
    WHILE j >= 0 LOOP
      IF substr(txt, (j + 1)::int, length(sub)) = sub THEN
        hit := j;
        EXIT;
      END IF;
      j := j - 1;
    END LOOP;
    IF hit < 0 THEN
      RETURN 0;
    END IF;
    stop := hit;
  END LOOP;
  RETURN hit + 1;
END
$fn$;

CREATE FUNCTION harness_ora.ora_substr_from(txt text, pos bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE WHEN p < 1 THEN NULL ELSE nullif(substr(txt, p::int), '') END
  FROM (SELECT CASE WHEN pos = 0 THEN 1 WHEN pos < 0 THEN length(txt) + pos + 1
    ELSE pos END AS p) AS x
$fn$;

CREATE FUNCTION harness_ora.ora_substr(txt text, pos bigint, len bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE WHEN p < 1 OR len < 1 THEN NULL
    ELSE nullif(substr(txt, p::int, least(len, 2147483647)::int), '') END
  FROM (SELECT CASE WHEN pos = 0 THEN 1 WHEN pos < 0 THEN length(txt) + pos + 1
    ELSE pos END AS p) AS x
$fn$;
"""

"""Reaching and preparing an Oracle server for the oracle engine (python-oracledb, thin mode).

- Settings: arguments, else ``HARNESS_ORACLE_*`` variables, else the credentials file (mode
  0600) that ``harness db up`` writes; passwords never appear in repr or messages.
- Sessions: Oracle's defaults for an AMERICAN database (the ones the stand-ins emulate), UTC,
  NUMBER fetched as Decimal and CLOB as str.
- Loading: tables are created from the parsed fixture models (:func:`create_table_sql`), CREATE
  INDEX statements of schema.sql run as written, INSERT files run statement by statement (they
  are Oracle SQL; owner prefixes dropped, SYSDATE refused as on DuckDB), CSV files go through
  ``executemany`` in batches of :data:`BATCH_SIZE` ('' -> NULL, numbers -> Decimal, ISO dates ->
  datetime). The marker table :data:`MARKER_TABLE` is written last: a schema whose marker holds
  the fixture's content hash is complete and is reused as is. One schema holds one fixture.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import os
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlglot import exp

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.errors import EngineUnavailable, FixtureError
from harness.fixture import Column, Fixture, Table, cache_dir
from harness.fixture_data import insert_statements as parsed_inserts
from harness.sqlfile import split_statements

ENV_DSN = "HARNESS_ORACLE_DSN"
ENV_USER = "HARNESS_ORACLE_USER"
ENV_PASSWORD = "HARNESS_ORACLE_PASSWORD"
ENV_ADMIN_USER = "HARNESS_ORACLE_ADMIN_USER"
ENV_ADMIN_PASSWORD = "HARNESS_ORACLE_ADMIN_PASSWORD"
HOUSEKEEPING_MS = 60_000  # call timeout for loading, session setup and rollback
# Oracle's defaults for an AMERICAN database, which the stand-ins emulate (harness.oracle).
SESSION_SETUP = (
    "ALTER SESSION SET NLS_LANGUAGE = 'AMERICAN' NLS_TERRITORY = 'AMERICA'",
    "ALTER SESSION SET NLS_DATE_FORMAT = 'DD-MON-RR' "
    "NLS_TIMESTAMP_FORMAT = 'DD-MON-RR HH.MI.SSXFF AM' NLS_NUMERIC_CHARACTERS = '.,' "
    "NLS_SORT = 'BINARY' NLS_COMP = 'BINARY' TIME_ZONE = '+00:00'",
)
INSTALL_HINT = "pip install 'harness[oracle]'"
LOADER_VERSION = "1"  # bump when loading changes: schemas loaded by older code are rebuilt
MARKER_TABLE = "HARNESS_FIXTURE"
BATCH_SIZE = 1000  # CSV rows per executemany round trip
TABLE_MISSING = "ORA-00942"
NAME_RE = re.compile(r"[A-Z][A-Z0-9_$#]{0,127}")
INDEX_RE = re.compile(r"CREATE\s+(UNIQUE\s+|BITMAP\s+)?INDEX\b", re.IGNORECASE)

Edit = tuple[int, int, str]  # text[start:end] is replaced by the string


class Unlocatable(Exception):
    """A node to rewrite has no position in the text."""


def driver() -> Any:
    """The python-oracledb module (thin mode), or EngineUnavailable with the install hint."""
    try:
        import oracledb
    except ImportError:
        raise EngineUnavailable(
            f"the oracle engine needs python-oracledb: {INSTALL_HINT}"
        ) from None
    return oracledb


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def error_code(exc: BaseException) -> tuple[str, str]:
    """(code such as ORA-00942 or DPY-4024, first message line) of a python-oracledb error."""
    detail = exc.args[0] if exc.args else None
    message = str(getattr(detail, "message", None) or exc).strip()
    first = message.splitlines()[0] if message else type(exc).__name__
    code = str(getattr(detail, "full_code", "") or "")
    if not code:
        match = re.match(r"((?:ORA|DPY|DPI)-\d+)", first)
        code = match.group(1) if match else ""
    return code, first


def apply_edits(text: str, edits: list[Edit]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def owner_edits(tree: exp.Expr, tables: Mapping[str, Table]) -> list[Edit]:
    """Drop ``OWNER.`` before fixture tables (and before columns qualified with it)."""
    edits: list[Edit] = []
    for node in tree.find_all(exp.Table, exp.Column):
        table_part = node.this if isinstance(node, exp.Table) else node.args.get("table")
        owner = node.args.get("catalog") or node.args.get("db")
        if owner is None or not isinstance(table_part, exp.Identifier):
            continue
        if table_part.name.upper() not in tables:
            continue
        start, end = owner.meta.get("start"), table_part.meta.get("start")
        if start is None or end is None:
            raise Unlocatable(f"cannot locate the owner of {node.sql(ORACLE)}")
        edits.append((start, end, ""))
    return edits


def redact_dsn(dsn: str) -> str:
    """A DSN fit to print: a password written as ``user/password@...`` is masked."""
    return re.sub(r"^([^/@:\s]+)[/:][^@]*@", r"\1/***@", dsn.strip())


# --- credentials -------------------------------------------------------------------------------


def credentials_path() -> Path:
    return cache_dir("oracle") / "credentials.env"


def read_credentials(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a credentials file; refused when others may read it."""
    if not path.exists():
        return {}
    if path.stat().st_mode & 0o077:
        raise EngineUnavailable(f"{path} is readable by other users; run: chmod 600 {path}")
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = shlex.split(line)[0].partition("=")
            values[key] = value
    return values


def write_credentials(path: Path, values: Mapping[str, str]) -> None:
    """Write ``KEY=value`` lines (shell-quoted, so ``set -a; . FILE`` exports them), mode 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("# written by `harness db up`; secrets: keep mode 0600\n")
        handle.writelines(f"{key}={shlex.quote(value)}\n" for key, value in values.items())


@dataclass(frozen=True, repr=False)
class OracleSettings:
    """Where and as whom to connect. Passwords stay out of repr and messages."""

    dsn: str
    user: str
    password: str = field(repr=False)
    admin_user: str
    admin_password: str = field(repr=False)

    def __str__(self) -> str:
        return f"{self.user}@{redact_dsn(self.dsn)}"

    def __repr__(self) -> str:
        return (
            f"OracleSettings(dsn={redact_dsn(self.dsn)!r}, user={self.user!r}, "
            f"admin_user={self.admin_user!r})"
        )


def resolve_settings(
    *,
    dsn: str | None = None,
    user: str | None = None,
    password: str | None = None,
    admin_user: str | None = None,
    admin_password: str | None = None,
    env: Mapping[str, str] | None = None,
) -> OracleSettings:
    """Arguments, else the environment, else the credentials file of ``harness db up``."""
    env = os.environ if env is None else env
    saved = read_credentials(credentials_path()) if not (dsn or env.get(ENV_DSN)) else {}

    def pick(given: str | None, key: str) -> str | None:
        return given or env.get(key) or saved.get(key) or None

    found_dsn, found_user, found_password = (
        pick(dsn, ENV_DSN),
        pick(user, ENV_USER),
        pick(password, ENV_PASSWORD),
    )
    embedded = re.fullmatch(r"([^/@\s]+)/([^@]*)@(.+)", found_dsn or "")
    if embedded:  # user/password@host:port/service: one variable is enough
        found_user = found_user or embedded.group(1)
        found_password = found_password or embedded.group(2)
        found_dsn = embedded.group(3)
    if not found_dsn:
        raise EngineUnavailable(
            f"the oracle engine needs a server: set {ENV_DSN} (user/password@host:1521/FREEPDB1, "
            f"or host:1521/FREEPDB1 with {ENV_USER} and {ENV_PASSWORD}), or run "
            "`harness db up --engine oracle --fixture DIR`"
        )
    if not found_user or not found_password:
        raise EngineUnavailable(f"set {ENV_USER} and {ENV_PASSWORD} (the query user)")
    owner = pick(admin_user, ENV_ADMIN_USER) or found_user
    owner_password = pick(admin_password, ENV_ADMIN_PASSWORD)
    if owner_password is None:
        if owner.upper() != found_user.upper():
            raise EngineUnavailable(f"set {ENV_ADMIN_PASSWORD} for the loader user {owner}")
        owner_password = found_password
    return OracleSettings(found_dsn, found_user, found_password, owner, owner_password)


# --- DDL and data -------------------------------------------------------------------------------


def oracle_type(column: Column) -> str:
    """Oracle DDL type of a fixture column."""
    precision, scale = column.precision, column.scale
    if column.kind == "NUMBER":
        if precision is None:
            return "NUMBER"
        return f"NUMBER({precision},{scale})" if scale else f"NUMBER({precision})"
    if column.kind in ("VARCHAR2", "CHAR"):
        default = 4000 if column.kind == "VARCHAR2" else 1
        unit = " CHAR" if re.search(r"\d\s+CHAR\s*\)", column.oracle_type.upper()) else ""
        return f"{column.kind}({precision or default}{unit})"
    if column.kind in ("TIMESTAMP", "FLOAT") and precision is not None:
        return f"{column.kind}({precision})"
    return column.kind


def create_table_sql(table: Table) -> str:
    parts = [
        f"{quote(c.name)} {oracle_type(c)}" + ("" if c.nullable else " NOT NULL")
        for c in table.columns
    ]
    if table.primary_key:
        parts.append("PRIMARY KEY (" + ", ".join(quote(k) for k in table.primary_key) + ")")
    return f"CREATE TABLE {quote(table.name)} ({', '.join(parts)})"


def index_statements(schema_sql: Path) -> list[tuple[int, str]]:
    """CREATE INDEX statements of schema.sql, as written, with their lines."""
    statements = split_statements(schema_sql.read_text(encoding="utf-8"))
    return [(s.line, s.text) for s in statements if INDEX_RE.match(s.text)]


def insert_statements(path: Path, fixture: Fixture) -> Iterator[tuple[int, str]]:
    """The INSERTs of a data file as (line, Oracle text), checked as the stand-ins check them."""
    for stmt in parsed_inserts(fixture, path):
        try:
            yield stmt.line, apply_edits(stmt.text, owner_edits(stmt.tree, fixture.tables))
        except Unlocatable as exc:
            raise FixtureError(f"{stmt.where}: {exc}") from None


def csv_value(text: str, column: Column) -> Any:
    """A CSV field as the value to bind: '' -> None, numbers Decimal, ISO dates datetime."""
    if text == "":
        return None
    if column.kind in ("NUMBER", "FLOAT"):
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            raise ValueError(f"{column.name}: {text!r} is not a number") from None
        if not number.is_finite():
            raise ValueError(f"{column.name}: {text!r} is not a finite number")
        return number
    if column.kind in ("DATE", "TIMESTAMP"):
        try:
            moment = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            raise ValueError(f"{column.name}: {text!r} is not an ISO date or timestamp") from None
        if moment.tzinfo is not None:
            raise ValueError(f"{column.name}: {text!r} has a time zone (not supported)")
        return moment
    return text


@dataclass
class CsvBatch:
    """Rows for one executemany call, with the CSV line each came from."""

    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def csv_batches(path: Path, table: Table, batch_size: int = BATCH_SIZE) -> Iterator[CsvBatch]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header:
            raise FixtureError(f"{path}:1: CSV needs a header row naming columns")
        columns: list[Column] = []
        for name in header:
            column = table.column(name.strip())
            if column is None:
                raise FixtureError(f"{path}:1: column {name!r} is not in table {table.name}")
            columns.append(column)
        batch = CsvBatch(columns)
        for record in reader:
            if not record:
                continue
            if len(record) != len(columns):
                raise FixtureError(
                    f"{path}:{reader.line_num}: {len(record)} fields for {len(columns)} columns"
                )
            try:
                row = tuple(csv_value(v, c) for v, c in zip(record, columns, strict=True))
            except ValueError as exc:
                raise FixtureError(f"{path}:{reader.line_num}: {exc}") from None
            batch.rows.append(row)
            batch.lines.append(reader.line_num)
            if len(batch.rows) >= batch_size:
                yield batch
                batch = CsvBatch(columns)
        if batch.rows:
            yield batch


def insert_sql(table: Table, columns: list[Column]) -> str:
    names = ", ".join(quote(c.name) for c in columns)
    binds = ", ".join(f":{i}" for i in range(1, len(columns) + 1))
    return f"INSERT INTO {quote(table.name)} ({names}) VALUES ({binds})"


# --- loading over a connection ------------------------------------------------------------------


def _run(cursor: Any, sql: str, where: str) -> None:
    try:
        cursor.execute(sql)
    except driver().Error as exc:
        raise FixtureError(f"{where}: {error_code(exc)[1]}") from None


def _drop(cursor: Any, name: str) -> None:
    try:
        cursor.execute(f"DROP TABLE {quote(name)} CASCADE CONSTRAINTS PURGE")
    except driver().Error as exc:
        if error_code(exc)[0] != TABLE_MISSING:
            raise


def _load_csv(cursor: Any, fixture: Fixture, path: Path) -> None:
    table = fixture.tables[path.stem.upper()]
    for batch in csv_batches(path, table):
        try:
            cursor.executemany(insert_sql(table, batch.columns), batch.rows)
        except driver().Error as exc:
            offset = getattr(exc.args[0], "offset", 0) if exc.args else 0
            line = batch.lines[offset] if 0 <= offset < len(batch.lines) else batch.lines[0]
            raise FixtureError(f"{path}:{line}: {error_code(exc)[1]}") from None


def _rebuild(conn: Any, cursor: Any, fixture: Fixture, stamp: str, old: list[str]) -> None:
    _drop(cursor, MARKER_TABLE)  # first: a half-built schema is never taken as loaded
    for name in sorted(set(old) | set(fixture.tables)):
        _drop(cursor, name)
    for table in fixture.tables.values():
        _run(cursor, create_table_sql(table), f"{fixture.schema_sql}: table {table.name}")
    for line, statement in index_statements(fixture.schema_sql):
        _run(cursor, statement, f"{fixture.schema_sql}:{line}")
    for path in fixture.data_files:
        if path.suffix == ".csv":
            _load_csv(cursor, fixture, path)
        else:
            for line, statement in insert_statements(path, fixture):
                _run(cursor, statement, f"{path}:{line}")
    conn.commit()
    cursor.execute(
        f"CREATE TABLE {MARKER_TABLE} (CONTENT_HASH VARCHAR2(200) NOT NULL, "
        "FIXTURE_NAME VARCHAR2(400), TABLE_NAMES CLOB, LOADED_AT TIMESTAMP)"
    )
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} VALUES (:1, :2, :3, SYSTIMESTAMP)",
        [stamp, fixture.name[:400], ",".join(sorted(fixture.tables))],
    )
    conn.commit()


def load_fixture(conn: Any, fixture: Fixture, *, reader: str) -> str:
    """Load the fixture into the connected user's schema unless its marker says it is there;
    grant SELECT on every fixture table to ``reader``. Returns the owner (schema) name."""
    db = driver()
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT USER FROM DUAL")
            owner = str(cursor.fetchone()[0])
            stamp = f"{fixture.content_hash}:{LOADER_VERSION}"
            try:
                cursor.execute(f"SELECT CONTENT_HASH, TABLE_NAMES FROM {MARKER_TABLE}")
                row = cursor.fetchone()
            except db.Error as exc:
                if error_code(exc)[0] != TABLE_MISSING:
                    raise
                row = None
            if row is None or row[0] != stamp:
                listed = str(row[1] or "").split(",") if row else []
                _rebuild(conn, cursor, fixture, stamp, [n for n in listed if NAME_RE.fullmatch(n)])
            if reader.upper() != owner:
                for name in sorted(fixture.tables):
                    cursor.execute(f"GRANT SELECT ON {quote(name)} TO {quote(reader.upper())}")
    except db.Error as exc:
        raise FixtureError(f"loading {fixture.name} into Oracle: {error_code(exc)[1]}") from None
    return owner


# --- sessions ------------------------------------------------------------------------------------


def _output_type_handler(cursor: Any, metadata: Any) -> Any:
    """NUMBER as Decimal (exact); CLOB/NCLOB as str and BLOB as bytes, not LOB locators."""
    db = driver()
    if metadata.type_code is db.DB_TYPE_NUMBER:
        return cursor.var(Decimal, arraysize=cursor.arraysize)
    long_type = {
        db.DB_TYPE_CLOB: db.DB_TYPE_LONG,
        db.DB_TYPE_NCLOB: db.DB_TYPE_LONG_NVARCHAR,
        db.DB_TYPE_BLOB: db.DB_TYPE_LONG_RAW,
    }.get(metadata.type_code)
    return None if long_type is None else cursor.var(long_type, arraysize=cursor.arraysize)


def connect(settings: OracleSettings, *, admin: bool = False) -> Any:
    """A session with Oracle's American defaults, UTC, Decimal numbers and LOBs as values."""
    db = driver()
    user = settings.admin_user if admin else settings.user
    password = settings.admin_password if admin else settings.password
    try:
        conn = db.connect(user=user, password=password, dsn=settings.dsn)
        conn.outputtypehandler = _output_type_handler
        conn.call_timeout = HOUSEKEEPING_MS
        with conn.cursor() as cursor:
            for statement in SESSION_SETUP:
                cursor.execute(statement)
    except db.Error as exc:
        raise EngineUnavailable(
            f"cannot connect to Oracle at {redact_dsn(settings.dsn)} as {user}: "
            f"{error_code(exc)[1]}"
        ) from None
    return conn


def load_fixture_into(settings: OracleSettings, fixture: Fixture) -> str:
    """Load the fixture as the admin user (once per content hash), grant SELECT to the query
    user, and return the schema that holds the tables."""
    conn = connect(settings, admin=True)
    try:
        return load_fixture(conn, fixture, reader=settings.user)
    finally:
        with contextlib.suppress(Exception):
            conn.close()

"""The PostgreSQL engine on a real, throwaway server: loading, types, Oracle functions against
the reference rules, refusals, timeouts and the reader role's lack of privileges."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from harness.errors import FixtureError
from harness.fixture import load_fixture
from harness.oracle import formats, functions

if os.environ.get("CI"):  # CI must run these tests: a missing driver is an error there
    import psycopg
else:
    psycopg = pytest.importorskip("psycopg", reason="pip install 'harness[postgres]'")
from harness.engines.postgres import PostgresEngine, database_name

pytestmark = pytest.mark.postgres

AS_OF = dt.datetime(2024, 6, 30, 8, 0)
ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "benchmarks" / "suites" / "ebs-mini"


@pytest.fixture
def engine(pg_dsn: str, fixture_dir: Path) -> Iterator[PostgresEngine]:
    eng = PostgresEngine(load_fixture(fixture_dir), as_of=AS_OF, dsn=pg_dsn)
    yield eng
    eng.close()


def rows(engine: PostgresEngine, sql: str) -> list[tuple[Any, ...]]:
    result = engine.execute(sql, timeout_s=5, max_rows=100)
    assert result.status == "ok", (result.reason, result.executed_sql)
    assert result.result is not None
    return result.result.rows


def admin(pg_dsn: str, engine: PostgresEngine | None = None) -> Any:
    from psycopg.conninfo import make_conninfo

    dsn = make_conninfo(pg_dsn, dbname=engine.database) if engine else pg_dsn
    return psycopg.connect(dsn, autocommit=True)


# ---------------------------------------------------------------- loading and types


def test_date_keeps_time_of_day(engine):
    assert rows(engine, "SELECT created FROM ap_suppliers WHERE vendor_id = 1") == [
        (dt.datetime(2024, 1, 5, 10, 30),)
    ]
    assert rows(engine, "SELECT invoice_date FROM ap_invoices_all WHERE invoice_id = 10") == [
        (dt.datetime(2024, 3, 1, 9, 15),)
    ]


def test_number_is_exact_decimal(engine):
    assert rows(engine, "SELECT amount FROM ap_invoices_all WHERE invoice_id = 11") == [
        (Decimal("0.1234567"),)
    ]
    assert rows(engine, "SELECT SUM(amount) FROM ap_invoices_all") == [(Decimal("675.8734567"),)]
    # Oracle divides NUMBERs exactly (sqlglot alone would divide in float8 and ROUND half-even).
    assert rows(engine, "SELECT 1/4, ROUND(5/2), ROUND(-5/2), COUNT(*)/4 FROM ap_invoices_all") == [
        (Decimal("0.25"), 3, -3, Decimal("1.5"))
    ]


def test_empty_string_loads_as_null_and_char_is_padded(engine):
    assert rows(engine, "SELECT vendor_type FROM ap_suppliers ORDER BY vendor_id") == [
        ("VN ",),
        (None,),
        ("EMP",),
    ]
    assert rows(engine, "SELECT COUNT(*) FROM ap_invoices_all WHERE description IS NULL") == [(1,)]
    assert rows(engine, "SELECT LENGTH(vendor_type) FROM ap_suppliers WHERE vendor_id = 1") == [
        (3,)
    ]
    # CHAR vs text literal compares blank-padded, as in Oracle.
    assert rows(engine, "SELECT vendor_id FROM ap_suppliers WHERE vendor_type = 'VN'") == [(1,)]


def test_dual_and_frozen_sysdate(engine):
    assert rows(engine, "SELECT SYSDATE, CURRENT_DATE, dummy FROM dual") == [(AS_OF, AS_OF, "X")]


def test_oracle_rewrites(engine):
    got = rows(
        engine,
        "SELECT vendor_name || vendor_type || NULL, NULL || NULL, '' , "
        "GREATEST(1, NULL), LEAST(2, 3) FROM ap_suppliers WHERE vendor_id = 2",
    )
    assert got == [("Globex", None, None, None, 2)]
    assert rows(
        engine,
        "SELECT DECODE(vendor_type, NULL, 'none', 'some') FROM ap_suppliers WHERE vendor_id = 2",
    ) == [("none",)]
    assert rows(engine, "SELECT COUNT(*) FROM apps.ap_suppliers WHERE vendor_name <> ''") == [(0,)]
    assert rows(engine, "SELECT REPLACE('a b', ' '), TRIM('  ') FROM dual") == [("ab", None)]
    assert rows(
        engine, "SELECT vendor_id || '-' || vendor_name FROM ap_suppliers WHERE vendor_id = 1"
    ) == [("1-Acme Corp",)]


def test_identifiers_subqueries_and_column_names(engine):
    result = engine.execute(
        'SELECT "VENDOR_NAME", v.x AS "Mixed", COUNT(*) FROM ap_suppliers, '
        '(SELECT 1 x FROM dual) v WHERE vendor_id = 1 GROUP BY "VENDOR_NAME", v.x',
        timeout_s=5,
        max_rows=10,
    )
    assert result.status == "ok", result.reason
    assert result.result is not None
    assert result.result.columns == ["VENDOR_NAME", "MIXED", "COUNT(*)"]
    assert result.result.rows == [("Acme Corp", 1, 1)]
    # An unaliased subquery in FROM (PostgreSQL 15 requires an alias; Oracle does not).
    assert rows(engine, "SELECT COUNT(*) FROM (SELECT vendor_id FROM ap_suppliers)") == [(3,)]
    # Binary (C) collation: upper case sorts before lower case, as NLS_SORT=BINARY does.
    assert rows(
        engine, "SELECT x FROM (SELECT 'a' x FROM dual UNION ALL SELECT 'B' FROM dual) ORDER BY x"
    ) == [("B",), ("a",)]


def test_date_functions_are_oracles(engine):
    got = rows(
        engine,
        "SELECT invoice_date + 1, invoice_date - 1/24, SYSDATE - invoice_date, "
        "TRUNC(invoice_date), TRUNC(invoice_date, 'MM'), ADD_MONTHS(invoice_date, 1), "
        "LAST_DAY(invoice_date), TO_DATE('31-JAN-55', 'DD-MON-RR') "
        "FROM ap_invoices_all WHERE invoice_id = 10",
    )
    (row,) = got
    assert row[0] == dt.datetime(2024, 3, 2, 9, 15)
    assert row[1] == dt.datetime(2024, 3, 1, 8, 15)
    days = (AS_OF - dt.datetime(2024, 3, 1, 9, 15)) / dt.timedelta(days=1)
    assert abs(float(row[2]) - days) < 1e-12
    assert row[3:] == (
        dt.datetime(2024, 3, 1),
        dt.datetime(2024, 3, 1),
        dt.datetime(2024, 4, 1, 9, 15),
        dt.datetime(2024, 3, 31, 9, 15),
        dt.datetime(1955, 1, 31),
    )
    # A string compared with a DATE is read with NLS_DATE_FORMAT (DD-MON-RR).
    assert rows(engine, "SELECT vendor_id FROM ap_suppliers WHERE created > '01-FEB-24'") == [(3,)]


def test_database_is_reused_by_content(pg_dsn, fixture_dir):
    fixture = load_fixture(fixture_dir)
    first = PostgresEngine(fixture, as_of=AS_OF, dsn=pg_dsn)
    first.close()
    with admin(pg_dsn) as conn:
        (oid,) = conn.execute(
            "SELECT oid FROM pg_database WHERE datname = %s", [first.database]
        ).fetchone()
    again = PostgresEngine(load_fixture(fixture_dir), as_of=AS_OF, dsn=pg_dsn)
    again.close()
    assert again.database == first.database
    with admin(pg_dsn) as conn:
        assert conn.execute(
            "SELECT oid FROM pg_database WHERE datname = %s", [first.database]
        ).fetchone() == (oid,)
    (fixture_dir / "data" / "suppliers.sql").write_text(
        "INSERT INTO ap_suppliers VALUES (9, 'Other', 'X', DATE '2024-01-01');\n"
    )
    assert database_name(load_fixture(fixture_dir)) != first.database


def test_bad_fixture_errors_name_the_place(pg_dsn, tmp_path):
    fixture = tmp_path / "bad"
    (fixture / "data").mkdir(parents=True)
    (fixture / "schema.sql").write_text("CREATE TABLE t (a NUMBER(3));\n")
    (fixture / "data" / "T.csv").write_text("a,zzz\n1,2\n")
    with pytest.raises(FixtureError, match=r"T\.csv:1: column 'zzz'"):
        PostgresEngine(load_fixture(fixture), as_of=AS_OF, dsn=pg_dsn)
    (fixture / "data" / "T.csv").write_text("a\n1\n12345\n")
    with pytest.raises(FixtureError, match=r"T\.csv: .*overflow.*line 3"):
        PostgresEngine(load_fixture(fixture), as_of=AS_OF, dsn=pg_dsn)
    (fixture / "data" / "T.csv").unlink()
    (fixture / "data" / "t.sql").write_text(
        "INSERT INTO t VALUES (1);\nINSERT INTO nope VALUES (2);\n"
    )
    with pytest.raises(FixtureError, match=r"t\.sql:2: INSERT into a table not in schema"):
        PostgresEngine(load_fixture(fixture), as_of=AS_OF, dsn=pg_dsn)
    with admin(pg_dsn) as conn:  # failed builds leave no database or role behind
        assert not conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'harness\\_%\\_b%'"
        ).fetchall()


# ---------------------------------------------------------------- refusals and errors


def test_unknown_table_is_an_error(engine):
    result = engine.execute("SELECT * FROM po_headers_all", timeout_s=5, max_rows=10)
    assert result.status == "error" and "ORA-00942" in result.reason


@pytest.mark.parametrize(
    ("sql", "construct"),
    [
        (
            "SELECT vendor_id, CONNECT_BY_ISLEAF FROM ap_suppliers START WITH vendor_id = 1 "
            "CONNECT BY PRIOR vendor_id = vendor_id",
            "CONNECT_BY_ISLEAF",
        ),
        (
            "SELECT MAX(amount) KEEP (DENSE_RANK LAST ORDER BY invoice_date) FROM ap_invoices_all",
            "KEEP",
        ),
        ("SELECT MO_GLOBAL.get_current_org_id() FROM dual", "package call"),
        ("SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM dual", "SYS_CONTEXT"),
        ("SELECT ROWID FROM ap_suppliers", "ROWID"),
        ("SELECT * FROM ap_suppliers AS OF TIMESTAMP SYSDATE - 1", "flashback"),
        ("SELECT TO_CHAR(invoice_date, 'MON-YY') FROM ap_invoices_all", "TO_CHAR"),
        ("SELECT 'Amount ' || amount FROM ap_invoices_all", "NUMBER_TEXT"),
        ("SELECT TO_NUMBER('12') FROM dual", "TO_NUMBER"),
        ("SELECT REGEXP_SUBSTR(vendor_name, '[a-z]+') FROM ap_suppliers", "REGEXP_SUBSTR"),
        ("SELECT MEDIAN(amount) FROM ap_invoices_all", "MEDIAN"),
        ("SELECT LISTAGG(vendor_name) WITHIN GROUP (ORDER BY 1) FROM ap_suppliers", "LISTAGG"),
        ("SELECT vendor_id FROM ap_suppliers WHERE vendor_name LIKE 'A\\_%'", "LIKE"),
        ("SELECT CAST(amount AS BINARY_DOUBLE) FROM ap_invoices_all", "floating"),
    ],
)
def test_unemulated_constructs_say_unsupported(engine, sql, construct):
    result = engine.execute(sql, timeout_s=5, max_rows=10)
    assert result.status == "unsupported", (result.status, result.reason, result.executed_sql)
    assert construct.lower() in result.reason.lower()


def test_row_cap_and_truncation(engine):
    result = engine.execute("SELECT invoice_id FROM ap_invoices_all", timeout_s=5, max_rows=2)
    assert result.status == "ok" and result.result is not None
    assert len(result.result.rows) == 2 and result.result.truncated
    result = engine.execute(
        "SELECT invoice_id FROM ap_invoices_all FETCH FIRST 5 ROWS ONLY", timeout_s=5, max_rows=2
    )
    assert result.status == "ok" and result.result is not None
    assert len(result.result.rows) == 2 and result.result.truncated


SLOW = (
    "SELECT COUNT(*) FROM ap_invoices_all a, ap_invoices_all b, ap_invoices_all c, "
    "ap_invoices_all d, ap_invoices_all e, ap_invoices_all f, ap_invoices_all g, "
    "ap_invoices_all h, ap_invoices_all i, ap_invoices_all j, ap_invoices_all k, "
    "ap_invoices_all l, ap_invoices_all m, ap_invoices_all n, ap_invoices_all o"
)


def _reader_queries_running(pg_dsn: str, engine: PostgresEngine) -> list[tuple[Any, ...]]:
    with admin(pg_dsn) as conn:
        return conn.execute(
            "SELECT pid, state, query FROM pg_stat_activity WHERE datname = %s "
            "AND state = 'active' AND pid <> pg_backend_pid()",
            [engine.database],
        ).fetchall()


@pytest.mark.parametrize("server_timeout", [True, False], ids=["statement_timeout", "cancel"])
def test_timeout_cancels_on_the_server(pg_dsn, engine, server_timeout):
    engine._server_timeout = server_timeout  # False: only the client-side cancel is left
    result = engine.execute(SLOW, timeout_s=0.5, max_rows=10)
    assert result.status == "timeout", (result.status, result.reason)
    assert result.elapsed_s < 1.5
    assert _reader_queries_running(pg_dsn, engine) == []
    assert rows(engine, "SELECT COUNT(*) FROM ap_suppliers") == [(3,)]  # the session survives


def test_fingerprint_is_stable(engine):
    assert engine.fingerprint() == engine.fingerprint()


# ---------------------------------------------------------------- the reader role


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO ap_suppliers (vendor_id, vendor_name) VALUES (99, 'x')",
        "UPDATE ap_suppliers SET vendor_name = 'x'",
        "DELETE FROM ap_invoices_all",
        "TRUNCATE ap_invoices_all",
        "DROP TABLE ap_suppliers",
        "CREATE TABLE harness_x (a int)",
        "CREATE TABLE public.harness_x (a int)",
        "CREATE TEMP TABLE harness_x (a int)",
        "CREATE SCHEMA harness_x",
        "COPY ap_suppliers FROM '/etc/hostname'",
        "COPY ap_suppliers TO '/tmp/harness_x'",
        "COPY (SELECT 1) TO PROGRAM 'id'",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT lo_import('/etc/passwd')",
        "SELECT * FROM harness_meta.fixture",
        "SELECT oracle.add_months(now(), 1)",
        "SELECT utl_file.fopen('/tmp', 'x', 'w')",
        "SET ROLE harness_admin",
        "SET SESSION AUTHORIZATION harness_admin",
        "CREATE FUNCTION harness_ora.x() RETURNS int LANGUAGE sql AS 'SELECT 1'",
    ],
)
def test_reader_role_cannot_write_or_escape(engine, statement):
    """Straight through the engine's own reader connection, in a READ WRITE transaction, so
    that what refuses is the role's lack of privileges, not the read-only default."""
    conn = engine._connection()
    try:
        with conn.cursor() as cur:
            cur.execute("SET TRANSACTION READ WRITE")
            with pytest.raises(psycopg.Error) as info:
                cur.execute(statement.encode())
        assert info.value.sqlstate == "42501", str(info.value)  # insufficient_privilege
    finally:
        conn.rollback()
    assert rows(engine, "SELECT COUNT(*) FROM ap_suppliers") == [(3,)]


def test_role_defaults_cannot_change_inside_the_engines_transactions(engine):
    """PostgreSQL lets a role ALTER its own defaults; the engine's transactions are READ ONLY
    (and rolled back), and the session settings it relies on are set explicitly anyway."""
    conn = engine._connection()
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute(b"ALTER ROLE CURRENT_USER SET statement_timeout = 0")
    finally:
        conn.rollback()


def test_queries_run_read_only_and_one_at_a_time(engine):
    before = engine.fingerprint()
    for sql in ("SELECT 1 FROM dual; DELETE FROM ap_suppliers", "DELETE FROM ap_suppliers"):
        assert engine.execute(sql, timeout_s=5, max_rows=10).status == "rejected"
    # Past the parser check: a second statement cannot ride along with DECLARE ... CURSOR.
    native = engine.run_native("SELECT 1; DELETE FROM ap_suppliers", timeout_s=5, max_rows=10)
    assert native.status == "error"
    native = engine.run_native(
        "WITH d AS (DELETE FROM ap_suppliers RETURNING 1) SELECT * FROM d", timeout_s=5, max_rows=10
    )
    assert native.status == "error"
    assert engine.fingerprint() == before


# ---------------------------------------------------------------- functions vs the reference

D = dt.datetime
DATES = [
    D(2024, 1, 31, 10, 30, 15),
    D(2024, 2, 29, 23, 59, 59),
    D(2024, 3, 15, 12, 0),
    D(2023, 12, 31),
    D(2024, 6, 30, 8, 0),
    D(2024, 7, 16, 11, 59, 30),
    D(1999, 11, 1, 0, 0, 1),
]
TO_DATE_CASES = [
    ("2024-01-05 10:30:00", "YYYY-MM-DD HH24:MI:SS"),
    ("05-JAN-2024", "DD-MON-YYYY"),
    ("5-jan-24", "DD-MON-RR"),
    ("01-JAN-55", "DD-MON-RR"),
    ("01-JAN-49", "DD-MON-RR"),
    ("01-JAN-2049", "DD-MON-RR"),
    ("01-JAN-55", "DD-MON-YY"),
    ("2024", "YYYY"),
    ("03", "MM"),
    ("January 5, 2024", "MONTH DD, YYYY"),
    ("05/01/2024 01:45 PM", "DD/MM/YYYY HH:MI AM"),
    ("05/01/2024 12:10 AM", "DD/MM/YYYY HH12:MI AM"),
    ("2024.01.05", "YYYY-MM-DD"),
    ("20240105", "YYYYMMDD"),
    ("2024-032", "YYYY-DDD"),
    ("2460311", "J"),
    ("2024-01-05 10:30:00.123", "YYYY-MM-DD HH24:MI:SS.FF"),
    ("  2024-01-05  ", "YYYY-MM-DD"),
    ("FRI 05-JAN-2024", "DY DD-MON-YYYY"),
    ("2024-01-05T10", 'YYYY-MM-DD"T"HH24'),
    ("2024-01-05 10:00", "YYYY-MM-DD"),
    ("2024-02-30", "YYYY-MM-DD"),
    ("2024-13-01", "YYYY-MM-DD"),
    ("xx-01-2024", "DD-MM-YYYY"),
    ("05-FOO-2024", "DD-MON-YYYY"),
    ("2024-01-05 25:00", "YYYY-MM-DD HH24:MI"),
    ("2024 Q1", "YYYY Q"),
    ("2024-01-05", "FXYYYY-MM-DD"),
    ("13:45", "HH24:MI"),
]
TEXTS = ["Corporate Account", "banana", "aaa", "x", "abcabcabc"]


def _cases() -> list[tuple[str, str, list[Any], Callable[..., Any]]]:
    cases: list[tuple[str, str, list[Any], Callable[..., Any]]] = []
    for text, fmt in TO_DATE_CASES:
        cases.append(
            (
                "to_date",
                "ora_to_date(%s, %s)",
                [text, fmt],
                lambda t, f: formats.to_date(t, f, AS_OF),
            )
        )
    for d in DATES:
        cases.append(("last_day", "ora_last_day(%s)", [d], functions.last_day))
        for n in ("1", "-1", "12", "1.9", "-13", "0"):
            cases.append(
                (
                    "add_months",
                    "ora_add_months(%s, %s)",
                    [d, n],
                    lambda v, m: functions.add_months(v, Decimal(m)),
                )
            )
        for n in ("1", "-0.5", "1.25", "0.0000115740740740", "100"):
            cases.append(
                (
                    "date_add",
                    "ora_date_add(%s, %s)",
                    [d, n],
                    lambda v, m: functions.date_add(v, Decimal(m)),
                )
            )
        for other in DATES[:4]:
            cases.append(("date_diff", "ora_date_diff(%s, %s)", [d, other], functions.date_diff))
            cases.append(
                (
                    "months_between",
                    "ora_months_between(%s, %s)",
                    [d, other],
                    functions.months_between,
                )
            )
        for name in ("MON", "monday", "Sun", "FRIDAY", "xyz"):
            cases.append(("next_day", "ora_next_day(%s, %s)", [d, name], functions.next_day))
        for unit in (
            "DD",
            "MM",
            "MON",
            "YYYY",
            "Q",
            "IW",
            "WW",
            "W",
            "DAY",
            "HH24",
            "MI",
            "CC",
            "IYYY",
            "XX",
        ):
            cases.append(("trunc_date", "ora_trunc_date(%s, %s)", [d, unit], functions.trunc_date))
            cases.append(("round_date", "ora_round_date(%s, %s)", [d, unit], functions.round_date))
    for text in TEXTS:
        for sub in ("a", "ab", "c", "zz"):
            for pos in (1, 2, 0, -1, -3, -20, 20):
                for occ in (1, 2, 0):
                    cases.append(
                        (
                            "instr",
                            "ora_instr(%s, %s, %s, %s)",
                            [text, sub, pos, occ],
                            functions.instr,
                        )
                    )
        for pos in (1, 3, 0, -1, -4, -40, 40):
            cases.append(
                (
                    "substr_from",
                    "ora_substr_from(%s, %s)",
                    [text, pos],
                    lambda s, p: functions.substr(s, p),
                )
            )
            for length in (1, 3, 0, -1, 100):
                cases.append(
                    (
                        "substr",
                        "ora_substr(%s, %s, %s)",
                        [text, pos, length],
                        lambda s, p, n: functions.substr(s, p, n, True),
                    )
                )
    for text in ("hello WORLD-foo bar_baz 1st o'neil", "ABC", "a1b2 c", "  x  y"):
        cases.append(("initcap", "pg_catalog.initcap(%s)", [text], functions.initcap))
    return cases


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, float) or (isinstance(got, Decimal) and isinstance(want, (int, float))):
        return got is not None and abs(float(got) - float(want)) < 1e-9
    return bool(got == want)


# Where harness.oracle's reference is believed wrong: INSTR with a negative position past the
# start of the string slices from the end in Python; Oracle (and the port) return 0.
REFERENCE_DIVERGES = {("instr", "Corporate Account", -20)}


def test_functions_match_the_reference(engine):
    """Every ported Oracle function gives the reference's answer, or fails where it fails."""
    mismatches = []
    conn = engine._connection()
    try:
        for name, call, args, reference in _cases():
            if name == "instr" and (name, args[0], args[2]) in REFERENCE_DIVERGES:
                continue
            try:
                want: Any = reference(*args)
                want_error = None
            except ValueError as exc:  # FormatError is a ValueError
                want, want_error = None, exc
            function = call if call.startswith("pg_catalog") else f"harness_ora.{call}"
            try:
                with conn.transaction():
                    got = conn.execute(f"SELECT {function}".encode(), args).fetchone()[0]
                got_error = None
            except psycopg.Error as exc:
                got, got_error = None, exc
            if (want_error is None) != (got_error is None) or (
                want_error is None and not _same(got, want)
            ):
                mismatches.append((name, args, want_error or want, got_error or got))
    finally:
        conn.rollback()
    assert not mismatches, "\n".join(map(str, mismatches))


# ---------------------------------------------------------------- end to end


def _statuses(out: Path, engine_name: str, predictions: str) -> tuple[dict[str, str], Any]:
    from harness.runner import score_predictions

    store, summary = score_predictions(
        SUITE, SUITE / "predictions" / predictions, engine_name=engine_name, out=out
    )
    return {r.id: r.status for r in store.records()}, summary


def test_ebs_mini_end_to_end_matches_duckdb(pg_dsn, tmp_path):
    gold, summary = _statuses(tmp_path / "pg-gold", "postgres", "gold.jsonl")
    assert summary["execution_accuracy"]["accuracy"] == 1.0, gold
    assert summary["fixture_fingerprint"]["unchanged"]
    on_pg, _ = _statuses(tmp_path / "pg-sample", "postgres", "sample.jsonl")
    on_duckdb, _ = _statuses(tmp_path / "duckdb-sample", "duckdb", "sample.jsonl")
    differ = {k: (on_pg[k], on_duckdb.get(k)) for k in on_pg if on_pg[k] != on_duckdb.get(k)}
    assert not differ, f"postgres vs duckdb statuses differ: {differ}"
    assert len(on_pg) == 30


def test_engine_is_registered():
    from harness.engines import ENGINES

    assert ENGINES.get("postgres") is PostgresEngine

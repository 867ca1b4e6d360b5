"""The DuckDB engine on a real fixture: loading, types, caching, Oracle rewrites, refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from harness.engines.duckdb import DuckDBEngine, build_database
from harness.errors import FixtureError, InputError
from harness.fixture import load_fixture

AS_OF = dt.datetime(2024, 6, 30, 8, 0)


@pytest.fixture
def engine(fixture_dir):
    eng = DuckDBEngine(load_fixture(fixture_dir), as_of=AS_OF)
    yield eng
    eng.close()


def rows(engine, sql):
    result = engine.execute(sql, timeout_s=5, max_rows=100)
    assert result.status == "ok", result.reason
    return result.result.rows


def test_schema_is_parsed(fixture_dir):
    fixture = load_fixture(fixture_dir)
    suppliers = fixture.tables["AP_SUPPLIERS"]
    assert [c.name for c in suppliers.columns] == [
        "VENDOR_ID",
        "VENDOR_NAME",
        "VENDOR_TYPE",
        "CREATED",
    ]
    assert suppliers.primary_key == ["VENDOR_ID"]
    assert suppliers.comment == "Suppliers (vendors)"
    assert suppliers.column("vendor_name").comment == "Supplier name"
    assert not suppliers.column("vendor_name").nullable
    assert fixture.tables["AP_INVOICES_ALL"].primary_key == ["INVOICE_ID"]


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
    (total,) = rows(engine, "SELECT SUM(amount) FROM ap_invoices_all")[0]
    assert total == Decimal("675.8734567")


def test_empty_string_loads_as_null_and_char_is_padded(engine):
    assert rows(engine, "SELECT vendor_type FROM ap_suppliers ORDER BY vendor_id") == [
        ("VN ",),
        (None,),
        ("EMP",),
    ]
    assert rows(engine, "SELECT COUNT(*) FROM ap_invoices_all WHERE description IS NULL") == [(1,)]


def test_dual_and_frozen_sysdate(engine):
    assert rows(engine, "SELECT SYSDATE, CURRENT_DATE FROM dual") == [(AS_OF, AS_OF)]


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


def test_database_is_cached_by_content(fixture_dir):
    fixture = load_fixture(fixture_dir)
    path = build_database(fixture)
    stamp = path.stat().st_mtime_ns
    assert build_database(load_fixture(fixture_dir)) == path
    assert path.stat().st_mtime_ns == stamp
    (fixture_dir / "data" / "suppliers.sql").write_text(
        "INSERT INTO ap_suppliers VALUES (9, 'Other', 'X', DATE '2024-01-01');\n"
    )
    assert build_database(load_fixture(fixture_dir)) != path


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
        (
            "SELECT invoice_id FROM ap_invoices_all ORDER BY amount "
            "FETCH FIRST 10 PERCENT ROWS ONLY",
            "PERCENT",
        ),
        (
            "SELECT TO_CHAR(invoice_date, 'MON-YY', 'NLS_DATE_LANGUAGE=FRENCH') "
            "FROM ap_invoices_all",
            "NLS",
        ),
        ("SELECT TO_CHAR(amount, '9.99EEEE') FROM ap_invoices_all", "number format"),
        (
            "SELECT vendor_name, ROWNUM FROM ap_suppliers s, ap_invoices_all i "
            "WHERE ROWNUM < 3 AND s.vendor_id = i.vendor_id GROUP BY vendor_name",
            "ROWNUM",
        ),
    ],
)
def test_unemulated_constructs_say_unsupported(engine, sql, construct):
    result = engine.execute(sql, timeout_s=5, max_rows=10)
    assert result.status == "unsupported", (result.status, result.reason)
    assert construct.lower() in result.reason.lower()


AS_OF_ROWS = [
    # (Oracle SQL, Oracle's answer) on the test fixture with SYSDATE = 2024-06-30 08:00
    (
        "SELECT invoice_date + 1 FROM ap_invoices_all WHERE invoice_id = 10",
        [(dt.datetime(2024, 3, 2, 9, 15),)],
    ),
    (
        "SELECT invoice_date - 1/24 FROM ap_invoices_all WHERE invoice_id = 10",
        [(dt.datetime(2024, 3, 1, 8, 15),)],
    ),
    ("SELECT SYSDATE - invoice_date FROM ap_invoices_all WHERE invoice_id = 12", [(117 + 8 / 24,)]),
    (
        "SELECT TRUNC(invoice_date, 'MM'), TRUNC(invoice_date) FROM ap_invoices_all "
        "WHERE invoice_id = 10",
        [(dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 1))],
    ),
    (
        "SELECT TO_CHAR(invoice_date, 'MON-YY'), TO_CHAR(invoice_date, 'DD-Mon-YYYY HH24:MI') "
        "FROM ap_invoices_all WHERE invoice_id = 10",
        [("MAR-24", "01-Mar-2024 09:15")],
    ),
    (
        "SELECT ADD_MONTHS(DATE '2024-01-31', 1), LAST_DAY(invoice_date) FROM ap_invoices_all "
        "WHERE invoice_id = 10",
        [(dt.datetime(2024, 2, 29), dt.datetime(2024, 3, 31, 9, 15))],
    ),
    (
        "SELECT 'Amount ' || amount, TO_CHAR(amount, 'FM999,990.00') FROM ap_invoices_all "
        "WHERE invoice_id = 10",
        [("Amount 100.5", "100.50")],
    ),
    (
        "SELECT SUBSTR(vendor_name, -4), INSTR(vendor_name, 'o', 1, 2), "
        "INSTR('CORPORATE FLOOR', 'OR', -3, 2) FROM ap_suppliers WHERE vendor_id = 1",
        [("Corp", 0, 2)],
    ),
    ("SELECT vendor_id FROM ap_suppliers WHERE vendor_type = 'VN'", [(Decimal(1),)]),
    (
        "SELECT vendor_id FROM ap_suppliers WHERE vendor_type IN ('VN', 'EMP') ORDER BY 1",
        [(Decimal(1),), (Decimal(3),)],
    ),
    (
        "SELECT * FROM (SELECT vendor_id FROM ap_suppliers ORDER BY vendor_id DESC) "
        "WHERE ROWNUM <= 2",
        [(Decimal(3),), (Decimal(2),)],
    ),
    (
        "SELECT s.vendor_name, COUNT(i.invoice_id) FROM ap_suppliers s, ap_invoices_all i "
        "WHERE s.vendor_id = i.vendor_id(+) AND i.org_id(+) = 458 GROUP BY s.vendor_name "
        "ORDER BY 1",
        [("Acme Corp", 0), ("Globex", 1), ("Initech", 1)],
    ),
    ("SELECT COUNT(*) FROM ap_invoices_all WHERE invoice_date > '01-MAR-24'", [(5,)]),
]


@pytest.mark.parametrize(("sql", "expected"), AS_OF_ROWS)
def test_emulated_constructs_give_oracles_answer(engine, sql, expected):
    got = rows(engine, sql)
    assert len(got) == len(expected)
    for got_row, want_row in zip(got, expected, strict=True):
        for cell, want in zip(got_row, want_row, strict=True):
            if isinstance(want, float):
                assert float(cell) == pytest.approx(want, rel=1e-12)
            else:
                assert cell == want


def test_integer_concatenation_is_allowed(engine):
    assert rows(
        engine, "SELECT vendor_id || '-' || vendor_name FROM ap_suppliers WHERE vendor_id = 1"
    ) == [("1-Acme Corp",)]


def test_row_cap_and_truncation(engine):
    result = engine.execute("SELECT invoice_id FROM ap_invoices_all", timeout_s=5, max_rows=2)
    assert result.status == "ok" and len(result.result.rows) == 2 and result.result.truncated


def test_timeout_interrupts(engine):
    sql = (
        "SELECT COUNT(*) FROM ap_invoices_all a, ap_invoices_all b, ap_invoices_all c, "
        "ap_invoices_all d, ap_invoices_all e, ap_invoices_all f, ap_invoices_all g, "
        "ap_invoices_all h, ap_invoices_all i, ap_invoices_all j, ap_invoices_all k, "
        "ap_invoices_all l, ap_invoices_all m, ap_invoices_all n, ap_invoices_all o"
    )
    result = engine.execute(sql, timeout_s=0.5, max_rows=10)
    assert result.status == "timeout"
    assert result.elapsed_s < 1.5


def test_fingerprint_is_stable(engine):
    assert engine.fingerprint() == engine.fingerprint()


def test_bad_fixture_errors_name_the_place(tmp_path):
    fixture = tmp_path / "bad"
    (fixture / "data").mkdir(parents=True)
    (fixture / "schema.sql").write_text("CREATE TABLE t (a NUMBER);\n\nCREATE TABLE u (b BLOB);\n")
    with pytest.raises(InputError) as info:
        load_fixture(fixture)
    assert "schema.sql:3" in str(info.value) and "BLOB" in str(info.value)
    (fixture / "schema.sql").write_text("CREATE TABLE t (a NUMBER);\n")
    (fixture / "data" / "T.csv").write_text("a,zzz\n1,2\n")
    with pytest.raises(FixtureError, match=r"T\.csv:1: column 'zzz'"):
        DuckDBEngine(load_fixture(fixture), as_of=AS_OF)
    (fixture / "schema.sql").write_text("CREATE TABLE t (a NUMBER, b VARCHAR2(3));\n")
    (fixture / "data" / "T.csv").write_text("a,b\n1,abcd\n")
    with pytest.raises(FixtureError, match=r"T.B: value 'abcd' is longer than VARCHAR2\(3\)"):
        DuckDBEngine(load_fixture(fixture), as_of=AS_OF)
    (fixture / "schema.sql").write_text("CREATE TABLE t (a NUMBER);\n")
    (fixture / "data" / "T.csv").unlink()
    (fixture / "data" / "t.sql").write_text(
        "INSERT INTO t VALUES (1);\nINSERT INTO nope VALUES (2);\n"
    )
    with pytest.raises(FixtureError, match=r"t\.sql:2: INSERT into a table not in schema"):
        DuckDBEngine(load_fixture(fixture), as_of=AS_OF)


def test_generated_fixture(tmp_path):
    from harness.fixture import GENERATORS

    GENERATORS.register("tiny", "tests.gen_tiny:generate")
    folder = tmp_path / "gen"
    folder.mkdir()
    (folder / "fixture.yaml").write_text("generator: {name: tiny, scale: 2, seed: 5}\n")
    fixture = load_fixture(folder)
    assert "GL_LEDGERS" in fixture.tables
    eng = DuckDBEngine(fixture, as_of=AS_OF)
    try:
        assert rows(eng, "SELECT COUNT(*) FROM gl_ledgers") == [(20,)]
    finally:
        eng.close()
    again = load_fixture(folder)
    assert again.content_hash == fixture.content_hash  # same seed, same data
    (folder / "fixture.yaml").write_text("generator: {name: tinny}\n")
    with pytest.raises(Exception, match="did you mean 'tiny'"):
        load_fixture(folder)


def test_memory_limit_holds_and_engine_survives(fixture_dir):
    eng = DuckDBEngine(load_fixture(fixture_dir), as_of=AS_OF, memory_limit="64MB")
    try:
        sql = (
            "WITH r(n) AS (SELECT 1 FROM dual UNION ALL SELECT n + 1 FROM r "
            "WHERE n < 50000000) SELECT LISTAGG(vendor_name, ',') WITHIN GROUP "
            "(ORDER BY n) FROM r, ap_suppliers"
        )
        assert eng.translate(sql).status == "ok"
        result = eng.execute(sql, timeout_s=20, max_rows=10)
        # Stopped for exceeding the memory limit: reported like a timeout, with the reason.
        assert result.status == "timeout", result
        assert "memory" in result.reason.lower()
        assert rows(eng, "SELECT COUNT(*) FROM ap_suppliers") == [(3,)]
    finally:
        eng.close()


def test_query_that_ignores_interrupts_is_killed_at_the_timeout(engine):
    # One huge function call cannot be interrupted inside DuckDB: the worker is killed.
    result = engine.execute(
        "SELECT LENGTH(RPAD('x', 400000000, 'y')) FROM dual", timeout_s=1, max_rows=10
    )
    assert result.status == "timeout"
    assert result.elapsed_s < 2.0
    assert "killed" in result.reason or "interrupted" in result.reason
    assert rows(engine, "SELECT COUNT(*) FROM ap_suppliers") == [(3,)]  # a new worker serves

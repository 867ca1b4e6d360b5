"""The EBS fixture generator: determinism, scaling, loading, and the business rules its data
keeps, each checked with Oracle SQL through the DuckDB engine (a query for violations must
return no rows)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.engines.duckdb import DuckDBEngine
from harness.fixture import GENERATORS, load_fixture
from harness.generators.ebs import TABLES, VERSION, build, generate

AS_OF = dt.datetime(2024, 6, 30)
REPO = Path(__file__).resolve().parents[1]
FIXED_TABLES = {  # reference data that does not grow with scale
    "fnd_responsibility",
    "fnd_responsibility_tl",
    "fnd_lookup_values",
    "hr_operating_units",
    "hr_all_organization_units",
    "per_person_types",
    "per_assignment_status_types",
    "per_jobs",
    "gl_ledgers",
    "gl_periods",
    "gl_period_statuses",
    "gl_daily_rates",
    "gl_budget_versions",
    "ra_cust_trx_types_all",
    "oe_transaction_types_all",
    "oe_transaction_types_tl",
    "oe_hold_definitions",
    "mtl_parameters",
    "mtl_categories_b",
    "fa_categories_b",
    "ce_bank_accounts",
    "ce_bank_acct_uses_all",
    "ce_statement_headers",
}
CHART_BOUND = {"gl_balances", "gl_code_combinations"}
"""One row per account used (and period): they grow with the scaled account pools, slower."""


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("ebs") / "scale1"
    counts = build(out, 1, 7)
    return out, counts


@pytest.fixture(scope="module")
def engine(
    built: tuple[Path, dict[str, int]], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DuckDBEngine]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HARNESS_CACHE_DIR", str(tmp_path_factory.mktemp("ebs-cache")))
        eng = DuckDBEngine(load_fixture(built[0]), as_of=AS_OF)
        yield eng
        eng.close()


def rows(engine: DuckDBEngine, sql: str, max_rows: int = 1000) -> list[tuple[object, ...]]:
    result = engine.execute(sql, timeout_s=30, max_rows=max_rows)
    assert result.status == "ok", f"{result.status}: {result.reason}\n{sql}"
    assert result.result is not None
    return result.result.rows


def none(engine: DuckDBEngine, sql: str) -> None:
    """The query lists violations: it must return no rows."""
    found = rows(engine, sql, max_rows=20)
    assert not found, f"{len(found)}+ violations, e.g. {found[:5]}\n{sql}"


def one(engine: DuckDBEngine, sql: str) -> object:
    return rows(engine, sql)[0][0]


# -- build -------------------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_data(
    built: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    build(tmp_path / "again", 1, 7)
    assert _digest(tmp_path / "again") == _digest(built[0])
    build(tmp_path / "other", 1, 8)
    other = _digest(tmp_path / "other")
    assert other["schema.sql"] != _digest(built[0])["schema.sql"]  # the header names the seed
    assert other["data/AP_INVOICES_ALL.csv"] != _digest(built[0])["data/AP_INVOICES_ALL.csv"]
    assert other["data/GL_BALANCES.csv"] != _digest(built[0])["data/GL_BALANCES.csv"]


def test_rows_grow_linearly_with_scale(built: tuple[Path, dict[str, int]], tmp_path: Path) -> None:
    one_x = built[1]
    two_x = build(tmp_path / "scale2", 2, 7)
    scaled = [t for t in one_x if t not in FIXED_TABLES and t not in CHART_BOUND]
    ratio = sum(two_x[t] for t in scaled) / sum(one_x[t] for t in scaled)
    assert 1.8 < ratio < 2.2, ratio
    for table in CHART_BOUND:
        assert two_x[table] > 1.2 * one_x[table]
    assert 1.5 < sum(two_x.values()) / sum(one_x.values()) < 2.2


def test_schema_and_registration(built: tuple[Path, dict[str, int]]) -> None:
    assert len(TABLES) >= 45
    assert all(t.primary_key for t in TABLES if t.name != "gl_balances")
    assert all(t.comment for t in TABLES)
    fixture = load_fixture(built[0])
    assert set(fixture.tables) == {t.name.upper() for t in TABLES}
    assert all(fixture.tables[n].comment for n in fixture.tables)
    assert getattr(generate, "VERSION", None) == VERSION
    if "ebs" not in GENERATORS.names():
        GENERATORS.register("ebs", "harness.generators.ebs:generate")
    assert GENERATORS.get("ebs") is generate


def test_fixture_yaml_builds_the_same_fixture(built: tuple[Path, dict[str, int]]) -> None:
    if "ebs" not in GENERATORS.names():
        GENERATORS.register("ebs", "harness.generators.ebs:generate")
    fixture = load_fixture(REPO / "benchmarks" / "fixtures" / "ebs")
    assert fixture.name == "ebs"
    assert _digest(fixture.path) == _digest(built[0])  # scale 1, seed 7


def test_loads_into_duckdb(engine: DuckDBEngine, built: tuple[Path, dict[str, int]]) -> None:
    assert len(engine.fixture.tables) >= 45
    for table in ("AP_INVOICES_ALL", "GL_BALANCES", "PER_ALL_PEOPLE_F", "OE_ORDER_LINES_ALL"):
        assert one(engine, f"SELECT COUNT(*) FROM {table}") == built[1][table.lower()]


# -- GL ----------------------------------------------------------------------------------------

POSTED = """
  SELECT l.ledger_id, l.code_combination_id AS ccid, l.period_name, g.currency_code AS lc,
         h.currency_code AS jc, NVL(l.entered_dr, 0) AS edr, NVL(l.entered_cr, 0) AS ecr,
         NVL(l.accounted_dr, 0) AS adr, NVL(l.accounted_cr, 0) AS acr
  FROM gl_je_lines l
  JOIN gl_je_headers h ON h.je_header_id = l.je_header_id
  JOIN gl_ledgers g ON g.ledger_id = h.ledger_id
  WHERE h.status = 'P' AND h.actual_flag = 'A'
"""


def test_gl_balances_equal_posted_journals(engine: DuckDBEngine) -> None:
    sums = f"""
      WITH j AS ({POSTED}),
      s AS (
        SELECT ledger_id, ccid, period_name, lc AS currency_code, SUM(adr) AS dr, SUM(acr) AS cr,
               0 AS dr_beq, 0 AS cr_beq
        FROM j GROUP BY ledger_id, ccid, period_name, lc
        UNION ALL
        SELECT ledger_id, ccid, period_name, jc, SUM(edr), SUM(ecr), SUM(adr), SUM(acr)
        FROM j WHERE jc <> lc GROUP BY ledger_id, ccid, period_name, jc),
      b AS (
        SELECT b.ledger_id, b.code_combination_id AS ccid, b.period_name, b.currency_code,
               b.period_net_dr AS dr, b.period_net_cr AS cr,
               NVL(b.period_net_dr_beq, 0) AS dr_beq, NVL(b.period_net_cr_beq, 0) AS cr_beq
        FROM gl_balances b WHERE b.actual_flag = 'A' AND b.template_id IS NULL)
    """
    none(
        engine,
        sums
        + """
      SELECT s.*, b.dr, b.cr FROM s LEFT JOIN b ON b.ledger_id = s.ledger_id AND b.ccid = s.ccid
        AND b.period_name = s.period_name AND b.currency_code = s.currency_code
      WHERE b.dr IS NULL OR b.dr <> s.dr OR b.cr <> s.cr OR b.dr_beq <> s.dr_beq
         OR b.cr_beq <> s.cr_beq""",
    )
    none(
        engine,
        sums
        + """
      SELECT b.* FROM b WHERE (b.dr <> 0 OR b.cr <> 0) AND NOT EXISTS (
        SELECT 1 FROM s WHERE s.ledger_id = b.ledger_id AND s.ccid = b.ccid
          AND s.period_name = b.period_name AND s.currency_code = b.currency_code)""",
    )
    assert one(engine, "SELECT COUNT(*) FROM gl_je_headers WHERE status = 'U'") > 0
    assert one(engine, "SELECT COUNT(DISTINCT currency_code) FROM gl_je_headers") == 3


def test_gl_journals_balance(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT h.je_header_id FROM gl_je_headers h JOIN gl_je_lines l
        ON l.je_header_id = h.je_header_id
      GROUP BY h.je_header_id, h.running_total_accounted_dr
      HAVING SUM(NVL(l.entered_dr, 0)) <> SUM(NVL(l.entered_cr, 0))
          OR SUM(NVL(l.accounted_dr, 0)) <> SUM(NVL(l.accounted_cr, 0))
          OR SUM(NVL(l.accounted_dr, 0)) <> h.running_total_accounted_dr""",
    )
    # Accruals are reversed in the next period by a journal pointing back at them.
    none(
        engine,
        """
      SELECT a.je_header_id FROM gl_je_headers a JOIN gl_je_headers r
        ON r.je_header_id = a.accrual_rev_je_header_id
      WHERE r.reversed_je_header_id <> a.je_header_id OR r.ledger_id <> a.ledger_id
         OR r.running_total_dr <> a.running_total_cr""",
    )


def test_gl_begin_balances_roll_forward(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT * FROM (
        SELECT b.ledger_id, b.code_combination_id, b.currency_code, b.period_name,
               b.begin_balance_dr, b.begin_balance_cr, c.account_type, b.period_year,
               LAG(b.begin_balance_dr + b.period_net_dr) OVER (PARTITION BY b.ledger_id,
                 b.code_combination_id, b.currency_code ORDER BY b.period_year, b.period_num)
                 AS prev_dr,
               LAG(b.begin_balance_cr + b.period_net_cr) OVER (PARTITION BY b.ledger_id,
                 b.code_combination_id, b.currency_code ORDER BY b.period_year, b.period_num)
                 AS prev_cr,
               LAG(b.period_year) OVER (PARTITION BY b.ledger_id, b.code_combination_id,
                 b.currency_code ORDER BY b.period_year, b.period_num) AS prev_year
        FROM gl_balances b JOIN gl_code_combinations c
          ON c.code_combination_id = b.code_combination_id
        WHERE b.actual_flag = 'A' AND b.template_id IS NULL)
      WHERE prev_dr IS NOT NULL
        AND (account_type IN ('A', 'L') OR prev_year = period_year)
        AND (begin_balance_dr <> prev_dr OR begin_balance_cr <> prev_cr)""",
    )
    # Revenue and expense start each year at zero; the trial balance always nets to zero.
    none(
        engine,
        """
      SELECT b.code_combination_id FROM gl_balances b JOIN gl_code_combinations c
        ON c.code_combination_id = b.code_combination_id
      WHERE b.actual_flag = 'A' AND c.account_type IN ('R', 'E') AND b.period_name = 'JAN-24'
        AND (b.begin_balance_dr <> 0 OR b.begin_balance_cr <> 0)""",
    )
    none(
        engine,
        """
      SELECT b.ledger_id, b.period_name, b.currency_code
      FROM gl_balances b JOIN gl_ledgers g ON g.ledger_id = b.ledger_id
      WHERE b.actual_flag = 'A' AND b.template_id IS NULL AND b.currency_code = g.currency_code
      GROUP BY b.ledger_id, b.period_name, b.currency_code
      HAVING SUM(b.begin_balance_dr - b.begin_balance_cr + b.period_net_dr - b.period_net_cr)
             <> 0""",
    )


def test_gl_summary_rows_add_up(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      WITH d AS (
        SELECT b.ledger_id, b.period_name, b.currency_code, c.segment3,
               SUM(b.period_net_dr) AS net_dr, SUM(b.begin_balance_cr) AS begin_cr
        FROM gl_balances b JOIN gl_code_combinations c
          ON c.code_combination_id = b.code_combination_id
        WHERE b.template_id IS NULL AND b.actual_flag = 'A'
        GROUP BY b.ledger_id, b.period_name, b.currency_code, c.segment3)
      SELECT s.period_name, s.code_combination_id FROM gl_balances s
      JOIN gl_code_combinations sc ON sc.code_combination_id = s.code_combination_id
      LEFT JOIN d ON d.ledger_id = s.ledger_id AND d.period_name = s.period_name
        AND d.currency_code = s.currency_code AND d.segment3 = sc.segment3
      WHERE s.template_id IS NOT NULL AND (sc.summary_flag <> 'Y' OR d.net_dr IS NULL
         OR s.period_net_dr <> d.net_dr OR s.begin_balance_cr <> d.begin_cr)""",
    )
    assert one(engine, "SELECT COUNT(*) FROM gl_balances WHERE template_id IS NOT NULL") > 0


def test_ledgers_operating_units_and_rates(engine: DuckDBEngine) -> None:
    assert one(engine, "SELECT COUNT(*) FROM hr_operating_units") >= 3
    assert (
        one(
            engine,
            """SELECT COUNT(DISTINCT currency_code) FROM gl_ledgers
                          WHERE ledger_category_code = 'PRIMARY'""",
        )
        == 3
    )
    assert (
        one(
            engine,
            """SELECT COUNT(*) FROM (SELECT DISTINCT from_currency, to_currency
                          FROM gl_daily_rates WHERE conversion_type = 'Corporate')""",
        )
        == 6
    )
    none(
        engine,
        """
      SELECT i.invoice_id FROM ap_invoices_all i
      JOIN gl_ledgers g ON g.ledger_id = i.set_of_books_id
      WHERE i.invoice_currency_code <> g.currency_code AND NOT EXISTS (
        SELECT 1 FROM gl_daily_rates r WHERE r.from_currency = i.invoice_currency_code
          AND r.to_currency = g.currency_code AND r.conversion_type = 'Corporate'
          AND r.conversion_date = i.exchange_date AND r.conversion_rate = i.exchange_rate)""",
    )


# -- AP ----------------------------------------------------------------------------------------


def test_ap_lines_distributions_and_schedules_add_up(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT i.invoice_id FROM ap_invoices_all i
      WHERE i.invoice_amount <> (SELECT NVL(SUM(l.amount), 0) FROM ap_invoice_lines_all l
                                 WHERE l.invoice_id = i.invoice_id)
         OR i.invoice_amount <> (SELECT SUM(s.gross_amount) FROM ap_payment_schedules_all s
                                 WHERE s.invoice_id = i.invoice_id)""",
    )
    none(
        engine,
        """
      SELECT l.invoice_id, l.line_number FROM ap_invoice_lines_all l
      WHERE l.amount <> (SELECT SUM(d.amount) FROM ap_invoice_distributions_all d
                         WHERE d.invoice_id = l.invoice_id
                           AND d.invoice_line_number = l.line_number)""",
    )
    none(
        engine,
        """
      SELECT i.invoice_id FROM ap_invoices_all i
      WHERE i.base_amount <> (SELECT SUM(d.base_amount) FROM ap_invoice_distributions_all d
                              WHERE d.invoice_id = i.invoice_id)""",
    )


def test_ap_payments_agree_with_schedules_and_checks(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT s.invoice_id, s.payment_num FROM ap_payment_schedules_all s
      WHERE s.amount_remaining <> s.gross_amount - (
        SELECT NVL(SUM(p.amount), 0) FROM ap_invoice_payments_all p
        WHERE p.invoice_id = s.invoice_id AND p.payment_num = s.payment_num)""",
    )
    none(
        engine,
        """
      SELECT i.invoice_id FROM ap_invoices_all i
      WHERE i.amount_paid <> (SELECT NVL(SUM(p.amount), 0) FROM ap_invoice_payments_all p
                              WHERE p.invoice_id = i.invoice_id)
         OR i.payment_status_flag <> CASE
              WHEN (SELECT SUM(s.amount_remaining) FROM ap_payment_schedules_all s
                    WHERE s.invoice_id = i.invoice_id) = 0 THEN 'Y'
              WHEN i.amount_paid <> 0 THEN 'P' ELSE 'N' END""",
    )
    none(
        engine,
        """
      SELECT c.check_id FROM ap_checks_all c
      WHERE c.void_date IS NULL AND (c.status_lookup_code = 'VOIDED' OR c.amount <> (
        SELECT SUM(p.amount) FROM ap_invoice_payments_all p WHERE p.check_id = c.check_id))""",
    )
    none(
        engine,
        """
      SELECT c.check_id FROM ap_checks_all c
      WHERE c.void_date IS NOT NULL AND (c.status_lookup_code <> 'VOIDED'
         OR (SELECT SUM(p.amount) FROM ap_invoice_payments_all p WHERE p.check_id = c.check_id)
            <> 0
         OR c.amount <> (SELECT SUM(p.amount) FROM ap_invoice_payments_all p
                         WHERE p.check_id = c.check_id AND p.reversal_inv_pmt_id IS NULL))""",
    )
    none(
        engine,
        """
      SELECT r.invoice_payment_id FROM ap_invoice_payments_all r
      JOIN ap_invoice_payments_all o ON o.invoice_payment_id = r.reversal_inv_pmt_id
      WHERE r.amount <> -o.amount OR r.check_id <> o.check_id OR o.reversal_flag <> 'Y'""",
    )
    assert one(engine, "SELECT COUNT(*) FROM ap_checks_all WHERE void_date IS NOT NULL") > 0


def test_ap_cancelled_invoices_and_holds(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT i.invoice_id FROM ap_invoices_all i
      WHERE i.cancelled_date IS NOT NULL AND (i.invoice_amount <> 0 OR i.amount_paid <> 0
         OR i.cancelled_amount IS NULL OR i.cancelled_amount = 0)""",
    )
    assert one(engine, "SELECT COUNT(*) FROM ap_invoices_all WHERE cancelled_date IS NOT NULL")
    released = """SELECT COUNT(*) FROM ap_holds_all WHERE release_lookup_code IS {} NULL"""
    assert one(engine, released.format("NOT")) > 0
    assert one(engine, released.format("")) > 0
    none(
        engine,
        """
      SELECT h.invoice_id FROM ap_holds_all h JOIN ap_invoices_all i
        ON i.invoice_id = h.invoice_id
      WHERE h.release_lookup_code IS NULL AND i.amount_paid <> 0""",
    )


# -- PO ----------------------------------------------------------------------------------------


def test_po_quantities_are_consistent(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT l.po_line_id FROM po_lines_all l
      WHERE EXISTS (SELECT 1 FROM po_line_locations_all s WHERE s.po_line_id = l.po_line_id)
        AND l.quantity <> (SELECT SUM(s.quantity) FROM po_line_locations_all s
                           WHERE s.po_line_id = l.po_line_id)""",
    )
    none(
        engine,
        """
      SELECT s.line_location_id FROM po_line_locations_all s
      JOIN (SELECT line_location_id, SUM(quantity_ordered) AS ordered,
                   SUM(quantity_delivered) AS delivered, SUM(quantity_billed) AS billed
            FROM po_distributions_all GROUP BY line_location_id) d
        ON d.line_location_id = s.line_location_id
      WHERE s.quantity <> d.ordered OR s.quantity_billed <> d.billed
         OR s.quantity_received <> d.delivered
         OR s.quantity_received > s.quantity - s.quantity_cancelled
         OR s.quantity_billed > s.quantity - s.quantity_cancelled""",
    )
    none(
        engine,
        """
      SELECT s.line_location_id FROM po_line_locations_all s
      WHERE s.quantity_received <> (
        SELECT NVL(SUM(CASE r.transaction_type WHEN 'RECEIVE' THEN r.quantity
                            WHEN 'RETURN TO VENDOR' THEN -r.quantity ELSE 0 END), 0)
        FROM rcv_transactions r WHERE r.po_line_location_id = s.line_location_id)""",
    )
    none(
        engine,
        """
      SELECT d.po_distribution_id FROM po_distributions_all d
      WHERE d.quantity_delivered <> (SELECT NVL(SUM(r.quantity), 0) FROM rcv_transactions r
        WHERE r.po_distribution_id = d.po_distribution_id AND r.transaction_type = 'DELIVER')
         OR d.quantity_billed <> (SELECT NVL(SUM(l.quantity_invoiced), 0)
        FROM ap_invoice_lines_all l WHERE l.po_distribution_id = d.po_distribution_id)""",
    )
    assert (
        one(
            engine,
            """SELECT COUNT(DISTINCT invoice_id) FROM ap_invoice_lines_all
                          WHERE po_header_id IS NOT NULL""",
        )
        > 10
    )


# -- OM -> AR ------------------------------------------------------------------------------------


def test_orders_flow_to_receivables(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT t.customer_trx_line_id FROM ra_customer_trx_lines_all t
      LEFT JOIN oe_order_lines_all l ON TO_CHAR(l.line_id) = t.interface_line_attribute6
      LEFT JOIN oe_order_headers_all h ON h.header_id = l.header_id
      WHERE t.interface_line_context = 'ORDER ENTRY' AND t.line_type = 'LINE'
        AND (l.line_id IS NULL OR TO_CHAR(h.order_number) <> t.interface_line_attribute1
             OR NVL(t.quantity_invoiced, -t.quantity_credited) <> l.invoiced_quantity
             OR t.extended_amount <> NVL(t.quantity_invoiced, t.quantity_credited)
                                     * l.unit_selling_price
             OR t.inventory_item_id <> l.inventory_item_id)""",
    )
    none(
        engine,
        """
      SELECT l.line_id FROM oe_order_lines_all l
      WHERE l.invoiced_quantity > 0 AND (SELECT COUNT(*) FROM ra_customer_trx_lines_all t
        WHERE t.interface_line_context = 'ORDER ENTRY'
          AND t.interface_line_attribute6 = TO_CHAR(l.line_id)) <> 1""",
    )
    assert (
        one(
            engine,
            """SELECT COUNT(*) FROM oe_order_lines_all
                          WHERE line_category_code = 'RETURN' AND invoiced_quantity > 0""",
        )
        > 0
    )


# -- AR ------------------------------------------------------------------------------------------


def test_ar_transactions_add_up(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT t.customer_trx_id FROM ra_customer_trx_all t
      JOIN ar_payment_schedules_all p ON p.customer_trx_id = t.customer_trx_id
      WHERE p.amount_due_original <> (SELECT SUM(l.extended_amount)
        FROM ra_customer_trx_lines_all l WHERE l.customer_trx_id = t.customer_trx_id)""",
    )
    none(
        engine,
        """
      SELECT d.customer_trx_id FROM ra_cust_trx_line_gl_dist_all d
      GROUP BY d.customer_trx_id
      HAVING SUM(CASE WHEN d.account_class = 'REC' THEN d.amount ELSE -d.amount END) <> 0
          OR SUM(CASE WHEN d.account_class = 'REC' THEN d.acctd_amount
                      ELSE -d.acctd_amount END) <> 0""",
    )
    none(
        engine,
        """
      SELECT t.customer_trx_id FROM ra_customer_trx_all t
      WHERE (t.complete_flag = 'N') = EXISTS (SELECT 1 FROM ar_payment_schedules_all p
                                              WHERE p.customer_trx_id = t.customer_trx_id)""",
    )


def test_ar_open_balances_follow_applications(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT p.payment_schedule_id FROM ar_payment_schedules_all p
      WHERE p.class IN ('INV', 'DM') AND (p.amount_due_remaining <> p.amount_due_original - (
        SELECT NVL(SUM(a.amount_applied), 0) FROM ar_receivable_applications_all a
        WHERE a.applied_payment_schedule_id = p.payment_schedule_id AND a.status = 'APP')
         OR (p.status = 'CL') <> (p.amount_due_remaining = 0)
         OR (p.status = 'OP') <> (p.gl_date_closed = DATE '4712-12-31'))""",
    )
    none(
        engine,
        """
      SELECT p.payment_schedule_id FROM ar_payment_schedules_all p
      WHERE p.class = 'CM' AND p.amount_due_remaining <> p.amount_due_original + (
        SELECT NVL(SUM(a.amount_applied), 0) FROM ar_receivable_applications_all a
        WHERE a.customer_trx_id = p.customer_trx_id AND a.application_type = 'CM')""",
    )
    none(
        engine,
        """
      SELECT r.cash_receipt_id FROM ar_cash_receipts_all r
      JOIN ar_payment_schedules_all p ON p.cash_receipt_id = r.cash_receipt_id
      WHERE -p.amount_due_remaining <> (SELECT SUM(a.amount_applied)
          FROM ar_receivable_applications_all a
          WHERE a.cash_receipt_id = r.cash_receipt_id AND a.status IN ('UNAPP', 'UNID'))
         OR (r.status <> 'REV' AND -p.amount_due_remaining <> r.amount - (
          SELECT NVL(SUM(a.amount_applied), 0) FROM ar_receivable_applications_all a
          WHERE a.cash_receipt_id = r.cash_receipt_id AND a.status = 'APP'))
         OR (r.status = 'REV') <> (r.reversal_date IS NOT NULL)""",
    )
    statuses = rows(engine, "SELECT DISTINCT status FROM ar_cash_receipts_all ORDER BY 1")
    assert {s for (s,) in statuses} >= {"APP", "REV", "UNID"}


# -- INV, HR, FA, CE -----------------------------------------------------------------------------


def test_onhand_equals_material_transactions(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT * FROM (
        SELECT inventory_item_id, organization_id, subinventory_code,
               SUM(transaction_quantity) AS q FROM mtl_material_transactions
        GROUP BY inventory_item_id, organization_id, subinventory_code) m
      FULL OUTER JOIN (
        SELECT inventory_item_id, organization_id, subinventory_code,
               SUM(primary_transaction_quantity) AS q FROM mtl_onhand_quantities_detail
        GROUP BY inventory_item_id, organization_id, subinventory_code) o
        ON o.inventory_item_id = m.inventory_item_id AND o.organization_id = m.organization_id
       AND o.subinventory_code = m.subinventory_code
      WHERE NVL(m.q, 0) <> NVL(o.q, 0) OR o.q <= 0""",
    )
    none(
        engine,
        """
      SELECT i.inventory_item_id, i.organization_id FROM mtl_system_items_b i
      WHERE NOT EXISTS (SELECT 1 FROM mtl_system_items_b m WHERE m.organization_id = 206
                          AND m.inventory_item_id = i.inventory_item_id)""",
    )


@pytest.mark.parametrize(
    ("table", "key"),
    [("per_all_people_f", "person_id"), ("per_all_assignments_f", "assignment_id")],
)
def test_hr_effective_dates_never_overlap(engine: DuckDBEngine, table: str, key: str) -> None:
    none(
        engine,
        f"""
      SELECT a.{key}, a.effective_start_date FROM {table} a JOIN {table} b
        ON b.{key} = a.{key} AND b.effective_start_date > a.effective_start_date
      WHERE b.effective_start_date <= a.effective_end_date
         OR a.effective_end_date < a.effective_start_date""",
    )
    none(
        engine,
        f"""
      SELECT {key} FROM {table} GROUP BY {key}
      HAVING MAX(effective_end_date) <> DATE '4712-12-31'
         AND MAX(effective_end_date) > DATE '2024-09-30'""",
    )
    assert one(engine, f"SELECT COUNT(*) FROM {table} WHERE effective_start_date > SYSDATE") > 0


def test_fa_and_cash_management(engine: DuckDBEngine) -> None:
    none(
        engine,
        """
      SELECT * FROM (
        SELECT asset_id, period_counter, deprn_reserve, deprn_amount,
               LAG(deprn_reserve) OVER (PARTITION BY book_type_code, asset_id
                                        ORDER BY period_counter) AS prev
        FROM fa_deprn_summary)
      WHERE prev IS NOT NULL AND deprn_reserve <> prev + deprn_amount""",
    )
    none(
        engine,
        """
      SELECT b.asset_id FROM fa_books b WHERE b.date_ineffective IS NULL
      GROUP BY b.asset_id HAVING COUNT(*) <> 1""",
    )
    none(
        engine,
        """
      SELECT h.statement_header_id FROM ce_statement_headers h
      WHERE h.control_end_balance <> h.control_begin_balance + h.control_total_cr
                                     - h.control_total_dr
         OR h.control_total_cr <> (SELECT NVL(SUM(l.amount), 0) FROM ce_statement_lines l
              WHERE l.statement_header_id = h.statement_header_id
                AND l.trx_type IN ('CREDIT', 'MISC_CREDIT'))""",
    )
    none(
        engine,
        """
      SELECT * FROM (SELECT control_begin_balance, LAG(control_end_balance) OVER (
        PARTITION BY bank_account_id ORDER BY statement_date) AS prev
        FROM ce_statement_headers) WHERE prev IS NOT NULL AND prev <> control_begin_balance""",
    )


# -- shape of the data ---------------------------------------------------------------------------


def test_dates_times_nulls_and_traps(engine: DuckDBEngine) -> None:
    for table, column in [
        ("ap_invoices_all", "gl_date"),
        ("ap_checks_all", "check_date"),
        ("oe_order_headers_all", "ordered_date"),
        ("ra_customer_trx_all", "trx_date"),
        ("ar_cash_receipts_all", "receipt_date"),
        ("rcv_transactions", "transaction_date"),
        ("mtl_material_transactions", "transaction_date"),
        ("gl_je_headers", "posted_date"),
    ]:
        none(
            engine,
            f"""SELECT {column} FROM {table} WHERE {column} < DATE '2023-01-01'
                          OR {column} > SYSDATE""",
        )
    assert (
        one(
            engine,
            """SELECT COUNT(*) FROM oe_order_headers_all
                          WHERE ordered_date <> TRUNC(ordered_date)""",
        )
        > 0
    )
    open_due = """SELECT COUNT(*) FROM ap_payment_schedules_all
                  WHERE amount_remaining > 0 AND due_date {} SYSDATE"""
    assert one(engine, open_due.format("<")) > 0 and one(engine, open_due.format(">")) > 0
    assert one(engine, "SELECT COUNT(*) FROM ap_invoices_all WHERE base_amount IS NULL") > 0
    assert (
        one(
            engine,
            """SELECT COUNT(*) FROM (SELECT invoice_amount FROM ap_invoices_all
                          GROUP BY invoice_amount HAVING COUNT(*) > 1)""",
        )
        > 0
    )
    languages = rows(engine, "SELECT DISTINCT language FROM fnd_lookup_values ORDER BY 1")
    assert [lang for (lang,) in languages] == ["D", "US"]
    assert (
        one(
            engine,
            """SELECT COUNT(*) FROM (SELECT segment1 FROM po_headers_all
                          GROUP BY segment1 HAVING COUNT(DISTINCT org_id) > 1)""",
        )
        > 0
    )


def test_loads_into_postgres_with_the_same_content(
    engine: DuckDBEngine, built: tuple[Path, dict[str, int]], pg_dsn: str
) -> None:
    """Every engine loads the generated fixture: PostgreSQL holds the same rows per table."""
    from harness.engines.postgres import PostgresEngine

    folder, counts = built
    pg = PostgresEngine(load_fixture(folder), as_of=AS_OF, dsn=pg_dsn)
    try:
        for table, expected in sorted(counts.items()):
            sql = f"SELECT COUNT(*) FROM {table}"
            duck = engine.execute(sql, timeout_s=30, max_rows=1)
            post = pg.execute(sql, timeout_s=30, max_rows=1)
            assert duck.result is not None and post.result is not None, (duck, post)
            assert duck.result.rows == post.result.rows == [(expected,)], table
        totals = (
            "SELECT SUM(INVOICE_AMOUNT), MIN(INVOICE_DATE), MAX(INVOICE_DATE) FROM AP_INVOICES_ALL"
        )
        duck_rows = engine.execute(totals, timeout_s=30, max_rows=1).result
        pg_rows = pg.execute(totals, timeout_s=30, max_rows=1).result
        assert duck_rows is not None and pg_rows is not None
        assert duck_rows.rows == pg_rows.rows
    finally:
        pg.close()

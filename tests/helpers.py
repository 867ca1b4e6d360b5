"""Builders for small fixtures and suites used across tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

SCHEMA = """
CREATE TABLE ap_suppliers (
  vendor_id NUMBER(15) PRIMARY KEY,
  vendor_name VARCHAR2(240) NOT NULL,
  vendor_type CHAR(3),
  created DATE
);
CREATE TABLE ap_invoices_all (
  invoice_id NUMBER(15),
  vendor_id NUMBER(15),
  org_id NUMBER(15),
  amount NUMBER,
  invoice_date DATE,
  description VARCHAR2(240),
  CONSTRAINT ap_invoices_pk PRIMARY KEY (invoice_id)
);
COMMENT ON TABLE ap_suppliers IS 'Suppliers (vendors)';
COMMENT ON COLUMN ap_suppliers.vendor_name IS 'Supplier name';
"""

DATA = """
INSERT INTO ap_suppliers (vendor_id, vendor_name, vendor_type, created)
  VALUES (1, 'Acme Corp', 'VN', TO_DATE('2024-01-05 10:30:00', 'YYYY-MM-DD HH24:MI:SS'));
INSERT INTO ap_suppliers VALUES (2, 'Globex', '', DATE '2024-02-01');
INSERT INTO ap_suppliers VALUES (3, 'Initech', 'EMP', DATE '2024-02-03');
"""

INVOICES = [
    # invoice_id, vendor_id, org_id, amount, invoice_date, description
    (10, 1, 204, "100.50", "2024-03-01 09:15:00", "Laptops"),
    (11, 1, 204, "0.1234567", "2024-03-02 00:00:00", ""),
    (12, 2, 458, "250", "2024-03-05 00:00:00", "Chairs"),
    (13, 2, 204, "250", "2024-04-01 00:00:00", "Desks"),
    (14, 3, 458, "75.25", "2024-04-02 00:00:00", "Pens"),
    (15, 3, 204, "", "", "Draft"),
]


def write_fixture(root: Path) -> Path:
    fixture = root / "fixture"
    (fixture / "data").mkdir(parents=True)
    (fixture / "schema.sql").write_text(SCHEMA)
    (fixture / "data" / "suppliers.sql").write_text(DATA)
    lines = ["invoice_id,vendor_id,org_id,amount,invoice_date,description"]
    lines += [",".join(map(str, row)) for row in INVOICES]
    (fixture / "data" / "AP_INVOICES_ALL.csv").write_text("\n".join(lines) + "\n")
    return fixture


def write_suite(
    root: Path, questions: str, *, timeout_s: float = 5, fixture: Path | None = None
) -> Path:
    fixture = fixture or write_fixture(root)
    suite = root / "suite"
    suite.mkdir()
    rel = Path("..") / fixture.relative_to(root)
    (suite / "suite.yaml").write_text(
        textwrap.dedent(f"""\
        name: test-suite
        version: "1"
        fixture: {rel}
        as_of: 2024-06-30
        timeout_s: {timeout_s}
        """)
    )
    (suite / "questions.yaml").write_text(textwrap.dedent(questions))
    return suite

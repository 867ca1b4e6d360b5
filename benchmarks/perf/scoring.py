"""Scoring throughput: samples scored per second on a fixture of >= 100k rows.

Builds (in a temporary folder) a fixture with 100,000 AP invoices over 1,000 suppliers,
a suite of N parameterised questions and a predictions file with a realistic mix of correct,
reordered, wrong, failing and empty predictions, then runs the real scoring pipeline
(gold execution with audit, prediction execution, comparison, fsync'd run store).

    python benchmarks/perf/scoring.py [--questions 2000] [--rows 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

TEMPLATES = [
    # (gold, prediction variants: correct-but-different, wrong, error)
    (
        "SELECT COUNT(*) FROM ap_invoices_all WHERE vendor_id = {v}",
        [
            "SELECT COUNT(invoice_id) FROM ap_invoices_all i WHERE i.vendor_id = {v}",
            "SELECT COUNT(*) FROM ap_invoices_all WHERE vendor_id = {v} AND org_id = 204",
            "SELECT COUNT(*) FROM ap_invoice WHERE vendor_id = {v}",
        ],
    ),
    (
        "SELECT org_id, SUM(invoice_amount) FROM ap_invoices_all WHERE vendor_id = {v} "
        "GROUP BY org_id",
        [
            "SELECT SUM(invoice_amount) total, org_id FROM ap_invoices_all WHERE vendor_id = {v} "
            "GROUP BY org_id",
            "SELECT org_id, SUM(amount_paid) FROM ap_invoices_all WHERE vendor_id = {v} "
            "GROUP BY org_id",
            "SELECT org_id, SUM(invoice_amount FROM ap_invoices_all",
        ],
    ),
    (
        "SELECT invoice_num, invoice_amount FROM ap_invoices_all WHERE vendor_id = {v} "
        "ORDER BY invoice_amount DESC FETCH FIRST 5 ROWS ONLY",
        [
            "SELECT invoice_num, invoice_amount FROM ap_invoices_all WHERE vendor_id = {v} "
            "ORDER BY invoice_amount DESC, invoice_num FETCH FIRST 5 ROWS ONLY",
            "SELECT invoice_num, invoice_amount FROM ap_invoices_all WHERE vendor_id = {v} "
            "ORDER BY invoice_amount FETCH FIRST 5 ROWS ONLY",
            "SELECT invoice_num, invoice_amount FROM ap_invoices_all WHERE ROWNUM <= 5",
        ],
    ),
    (
        "SELECT s.vendor_name, COUNT(*) FROM ap_suppliers s JOIN ap_invoices_all i "
        "ON i.vendor_id = s.vendor_id WHERE s.vendor_id BETWEEN {v} AND {v} + 5 "
        "AND i.cancelled_date IS NULL GROUP BY s.vendor_name",
        [
            "SELECT s.vendor_name, COUNT(i.invoice_id) FROM ap_suppliers s, ap_invoices_all i "
            "WHERE i.vendor_id = s.vendor_id AND s.vendor_id BETWEEN {v} AND {v} + 5 "
            "AND i.cancelled_date IS NULL GROUP BY s.vendor_name",
            "SELECT s.vendor_name, COUNT(*) FROM ap_suppliers s JOIN ap_invoices_all i "
            "ON i.vendor_id = s.vendor_id WHERE s.vendor_id BETWEEN {v} AND {v} + 5 "
            "GROUP BY s.vendor_name",
            "DELETE FROM ap_invoices_all WHERE vendor_id = {v}",
        ],
    ),
]


def build(root: Path, n_questions: int, n_rows: int, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    fixture = root / "fixture"
    (fixture / "data").mkdir(parents=True)
    (fixture / "schema.sql").write_text(
        "CREATE TABLE ap_suppliers (vendor_id NUMBER(15) PRIMARY KEY, "
        "vendor_name VARCHAR2(240), vendor_type_lookup_code VARCHAR2(30));\n"
        "CREATE TABLE ap_invoices_all (invoice_id NUMBER(15) PRIMARY KEY, "
        "invoice_num VARCHAR2(50), vendor_id NUMBER(15), org_id NUMBER(15), "
        "invoice_amount NUMBER, amount_paid NUMBER, invoice_date DATE, cancelled_date DATE, "
        "invoice_currency_code VARCHAR2(15));\n"
    )
    n_vendors = 1000
    with (fixture / "data" / "AP_SUPPLIERS.csv").open("w") as handle:
        handle.write("vendor_id,vendor_name,vendor_type_lookup_code\n")
        for v in range(1, n_vendors + 1):
            handle.write(f"{v},Supplier {v:04d},{rng.choice(['VENDOR', 'EMPLOYEE'])}\n")
    with (fixture / "data" / "AP_INVOICES_ALL.csv").open("w") as handle:
        handle.write(
            "invoice_id,invoice_num,vendor_id,org_id,invoice_amount,amount_paid,"
            "invoice_date,cancelled_date,invoice_currency_code\n"
        )
        for i in range(1, n_rows + 1):
            amount = rng.randint(1, 500_000) / 100
            cancelled = f"2024-0{rng.randint(1, 9)}-15 10:00:00" if rng.random() < 0.03 else ""
            handle.write(
                f"{i},INV-{i:07d},{rng.randint(1, n_vendors)},{rng.choice([204, 458])},"
                f"{amount},{amount if rng.random() < 0.6 else 0},"
                f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 00:00:00,"
                f"{cancelled},USD\n"
            )
    suite = root / "suite"
    suite.mkdir()
    (suite / "suite.yaml").write_text(
        "name: perf\nversion: '1'\nfixture: ../fixture\nas_of: 2024-12-31\ntimeout_s: 10\n"
    )
    questions, predictions = [], []
    for q in range(n_questions):
        gold, variants = TEMPLATES[q % len(TEMPLATES)]
        v = rng.randint(1, n_vendors - 6)
        questions.append(
            {
                "id": f"q{q:05d}",
                "question": f"template {q % len(TEMPLATES)}",
                "gold": gold.format(v=v),
                "module": "AP",
            }
        )
        roll = rng.random()
        if roll < 0.05:
            sql = None
        elif roll < 0.55:
            sql = variants[0].format(v=v)
        elif roll < 0.85:
            sql = variants[1].format(v=v)
        else:
            sql = variants[2].format(v=v)
        predictions.append({"id": f"q{q:05d}", "sql": sql})
    import yaml

    (suite / "questions.yaml").write_text(yaml.safe_dump(questions, sort_keys=False))
    preds = root / "predictions.jsonl"
    preds.write_text("".join(json.dumps(p) + "\n" for p in predictions))
    return suite, preds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["HARNESS_CACHE_DIR"] = str(root / "cache")
        from harness.engines.duckdb import build_database
        from harness.runner import score_predictions
        from harness.suite import load_suite

        suite_path, preds = build(root, args.questions, args.rows)
        start = time.perf_counter()
        suite = load_suite(suite_path)
        build_database(suite.fixture)
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        _store, summary = score_predictions(suite_path, preds, out=root / "run")
        score_s = time.perf_counter() - start
        counts = {k: v for k, v in summary["status_counts"].items() if v}
        timing = summary["timing_s"]
        print(f"fixture: {args.rows:,} invoices + 1,000 suppliers; load+cache {load_s:.1f} s")
        print(
            f"predictions scored: {summary['samples']:,} in {score_s:.1f} s "
            f"-> {summary['samples'] / score_s:.1f} samples/s"
        )
        print(
            f"time in gold execution (2 runs + tie lookups) {timing['gold']:.1f} s, "
            f"predictions {timing['pred']:.1f} s, comparison {timing['compare']:.2f} s"
        )
        print(f"statuses: {counts}")
        print(f"cpu count: {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()

"""Scoring end to end on real DuckDB: gold plans, ties, alternatives, statuses, run store."""

from __future__ import annotations

import json

import pytest

from harness.errors import RunStoreError
from harness.runner import score_predictions
from tests.helpers import write_suite

QUESTIONS = """\
- id: names
  question: List supplier names.
  gold: SELECT vendor_name FROM ap_suppliers
  module: AP
  difficulty: easy
- id: by-amount
  question: Invoices from the largest amount down.
  gold: SELECT invoice_id FROM ap_invoices_all WHERE amount IS NOT NULL ORDER BY amount DESC
  module: AP
  difficulty: medium
- id: top-two
  question: The largest invoice.
  gold: |
    SELECT invoice_id, amount FROM ap_invoices_all
    WHERE amount IS NOT NULL ORDER BY amount DESC FETCH FIRST 1 ROWS ONLY
  module: AP
  difficulty: hard
  tags: [ties]
- id: either
  question: Invoice count for org 204 (or all orgs).
  gold:
    - SELECT COUNT(*) FROM ap_invoices_all WHERE org_id = 204
    - SELECT COUNT(*) FROM ap_invoices_all
  module: AP
  tags: [multi-org]
- id: broken-gold
  question: Something whose gold is wrong.
  gold: SELECT no_such_column FROM ap_invoices_all
- id: rownum-gold
  question: Name of the supplier with the lowest id.
  gold: SELECT MAX(vendor_name) KEEP (DENSE_RANK FIRST ORDER BY vendor_id) FROM ap_suppliers
- id: none
  question: Suppliers with no invoices.
  gold: |
    SELECT vendor_id FROM ap_suppliers
    MINUS SELECT vendor_id FROM ap_invoices_all
  tags: [empty-answer]
- id: avg
  question: Average invoice amount, rounded to 2 decimals.
  gold: SELECT ROUND(AVG(amount), 2) FROM ap_invoices_all
  decimals: 2
"""

PREDICTIONS = {
    "names": "select s.vendor_name from apps.ap_suppliers s order by s.vendor_id desc",
    "by-amount": "SELECT invoice_id FROM ap_invoices_all WHERE amount IS NOT NULL "
    "ORDER BY amount DESC, invoice_id DESC",
    "top-two": "SELECT amount, invoice_id FROM ap_invoices_all WHERE invoice_id = 13",
    "either": "SELECT COUNT(invoice_id) FROM ap_invoices_all",
    "broken-gold": "SELECT 1 FROM dual",
    "rownum-gold": "SELECT vendor_name FROM ap_suppliers FETCH FIRST 1 ROWS ONLY",
    "none": "SELECT vendor_id FROM ap_suppliers WHERE vendor_id > 100",
    "avg": "SELECT AVG(amount) FROM ap_invoices_all",
}


def run(tmp_path, predictions, questions=QUESTIONS, name="run"):
    suite = tmp_path / "suite"
    if not suite.exists():
        suite = write_suite(tmp_path, questions)
    preds = tmp_path / f"{name}.jsonl"
    preds.write_text(
        "".join(json.dumps({"id": k, "sql": v}) + "\n" for k, v in predictions.items())
    )
    store, summary = score_predictions(suite, preds, out=tmp_path / name)
    return {r.id: r for r in store.records()}, summary, store


def test_statuses_and_reasons(tmp_path):
    records, summary, _ = run(tmp_path, PREDICTIONS)
    assert records["names"].status == "correct"  # no ORDER BY in gold: order free
    assert records["by-amount"].status == "correct"  # 250/250 tie may come either way
    assert records["top-two"].status == "correct"  # tied at the FETCH FIRST cut-off
    assert records["either"].status == "correct" and records["either"].matched_gold == 1
    assert records["broken-gold"].status == "gold_error"
    assert records["rownum-gold"].status == "unsupported"
    assert "KEEP" in records["rownum-gold"].reason
    assert not records["rownum-gold"].scored
    assert records["none"].status == "correct" and records["none"].vacuous
    assert records["avg"].status == "correct"  # decimals: 2
    assert summary["status_counts"]["gold_error"] == 1
    assert summary["execution_accuracy"]["n"] == 6  # gold_error and unsupported not scored
    assert summary["execution_accuracy"]["correct"] == 6
    assert summary["vacuous_correct"] == 1
    assert summary["non_vacuous"]["n"] == 5
    assert summary["fixture_fingerprint"]["unchanged"]


def test_wrong_answers_are_caught(tmp_path):
    wrong = {
        "names": "SELECT vendor_name FROM ap_suppliers WHERE vendor_id < 3",
        "by-amount": "SELECT invoice_id FROM ap_invoices_all WHERE amount IS NOT NULL "
        "ORDER BY amount",
        "top-two": "SELECT invoice_id, amount FROM ap_invoices_all WHERE invoice_id = 14",
        "either": "SELECT COUNT(*) FROM ap_invoices_all WHERE org_id = 458",
        "avg": "SELECT AVG(amount) + 0.01 FROM ap_invoices_all",
        "none": "DELETE FROM ap_suppliers",
        "broken-gold": None,
    }
    records, summary, _ = run(tmp_path, wrong)
    assert records["names"].status == "wrong_result"
    assert "row" in records["names"].reason
    assert records["by-amount"].status == "wrong_result"
    assert "order" in records["by-amount"].reason
    assert records["top-two"].status == "wrong_result"
    assert records["either"].status == "wrong_result"
    assert records["avg"].status == "wrong_result"
    assert records["none"].status == "rejected"
    assert records["rownum-gold"].status == "unsupported"  # gold first: unscorable
    # broken-gold: the gold is checked before the (missing) prediction
    assert records["broken-gold"].status == "gold_error"
    assert summary["execution_accuracy"]["correct"] == 0


def test_no_sql_and_missing_prediction(tmp_path):
    records, _, _ = run(tmp_path, {"names": None, "by-amount": "   "})
    assert records["names"].status == "no_sql"
    assert records["by-amount"].status == "no_sql"
    assert records["avg"].status == "no_sql"
    assert "no prediction" in records["avg"].reason


def test_record_contents(tmp_path):
    records, _, store = run(tmp_path, PREDICTIONS)
    rec = records["names"]
    assert rec.pred_sql == PREDICTIONS["names"]
    assert rec.gold_sql == ["SELECT vendor_name FROM ap_suppliers"]
    assert rec.executed_sql and "LIMIT" in rec.executed_sql and "apps." not in rec.executed_sql
    assert rec.gold_rows == 3 and rec.pred_rows == 3
    assert rec.module == "AP" and rec.difficulty == "easy"
    info = json.loads((store.folder / "run.json").read_text())
    assert info["suite"] == "test-suite" and info["engine"] == "duckdb"
    assert info["packages"]["sqlglot"] and info["finished_at"]
    assert info["inputs"]["predictions_sha256"]


def test_rerun_of_finished_run_does_no_work(tmp_path, monkeypatch):
    _, summary, store = run(tmp_path, PREDICTIONS)
    before = store.samples_path.read_bytes()
    import harness.runner as runner

    def boom(*args, **kwargs):
        raise AssertionError("a finished run must not open the engine")

    monkeypatch.setattr(runner, "open_engine", boom)
    _, again, _ = run(tmp_path, PREDICTIONS)
    assert again == json.loads(json.dumps(summary, default=str))
    assert store.samples_path.read_bytes() == before


def test_other_inputs_in_same_folder_are_refused(tmp_path):
    run(tmp_path, PREDICTIONS)
    changed = dict(PREDICTIONS, names="SELECT 1 FROM dual")
    with pytest.raises(RunStoreError, match="other inputs"):
        run(tmp_path, changed)


def test_resume_after_partial_run_and_torn_line(tmp_path):
    suite = write_suite(tmp_path, QUESTIONS)
    preds = tmp_path / "p.jsonl"
    preds.write_text(
        "".join(json.dumps({"id": k, "sql": v}) + "\n" for k, v in PREDICTIONS.items())
    )
    out = tmp_path / "resumed"
    store, partial = score_predictions(suite, preds, out=out, stop_after=3)
    assert partial == {} and len(store.records()) == 3
    with store.samples_path.open("a") as handle:
        handle.write('{"id": "by-amo')  # a write torn by a kill
    store, _ = score_predictions(suite, preds, out=out)
    full, _ = score_predictions(suite, preds, out=tmp_path / "straight")
    strip = lambda recs: [r.model_dump(exclude={"timing"}) for r in recs]  # noqa: E731
    assert strip(store.records()) == strip(full.records())
    assert json.loads(store.run_json.read_text())["resumed"] == 1

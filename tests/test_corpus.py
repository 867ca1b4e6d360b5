"""The training corpus: templates instantiate over the real fixture; the shipped corpus holds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.corpus import MODULES, load_corpus, load_templates, sql_literal, text_value
from harness.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "train" / "data" / "ebs-train.jsonl"
FIXTURE = ROOT / "benchmarks" / "fixtures" / "ebs"
runner = CliRunner()

TEMPLATES = """\
- id: t-supplier-invoices
  module: AP
  difficulty: easy
  questions:
    - List the invoices {vendor_name} sent to {ou}.
    - What did {vendor_name} bill {ou}?
  bind: |
    SELECT DISTINCT aps.vendor_name, hou.name AS ou
    FROM ap_invoices_all aia
    JOIN ap_suppliers aps ON aps.vendor_id = aia.vendor_id
    JOIN hr_operating_units hou ON hou.organization_id = aia.org_id
  sql: |
    SELECT aia.invoice_num, aia.invoice_amount
    FROM ap_invoices_all aia
    JOIN ap_suppliers aps ON aps.vendor_id = aia.vendor_id
    JOIN hr_operating_units hou ON hou.organization_id = aia.org_id
    WHERE aps.vendor_name = {vendor_name} AND hou.name = {ou}
  limit: 4
- id: t-vacuous
  module: AP
  questions: ["Which invoices are from the year 1900?"]
  sql: SELECT invoice_num FROM ap_invoices_all WHERE invoice_date < DATE '1901-01-01'
- id: t-all-null
  module: AP
  questions: ["Total amount of invoices from the year 1900?"]
  sql: SELECT SUM(invoice_amount) FROM ap_invoices_all WHERE invoice_date < DATE '1901-01-01'
"""


def test_literals_are_oracle_and_questions_read_naturally() -> None:
    import datetime as dt
    from decimal import Decimal

    assert sql_literal("O'Brien Ltd") == "'O''Brien Ltd'"
    assert sql_literal(Decimal("12.50")) == "12.50"
    assert sql_literal(dt.datetime(2024, 3, 31)) == "DATE '2024-03-31'"
    assert "HH24:MI:SS" in sql_literal(dt.datetime(2024, 3, 31, 9, 5))
    assert text_value(dt.datetime(2024, 3, 31)) == "31-MAR-2024"
    assert text_value(Decimal("1.500")) == "1.5"


def test_template_errors_name_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: a\n  module: XX\n  questions: [q]\n  sql: SELECT 1 FROM dual\n")
    with pytest.raises(InputError) as err:
        load_templates([bad])
    assert "bad.yaml:2" in str(err.value) and "module" in str(err.value)
    unbound = tmp_path / "unbound.yaml"
    unbound.write_text("- id: a\n  module: AP\n  questions: ['{x}']\n  sql: SELECT {x} FROM dual\n")
    with pytest.raises(InputError, match="need a bind query"):
        load_templates([unbound])


def test_build_keeps_only_non_vacuous_examples_and_is_deterministic(tmp_path: Path) -> None:
    tpl = tmp_path / "t.yaml"
    tpl.write_text(TEMPLATES)
    outs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}" / "c.jsonl"
        result = runner.invoke(
            app, ["data", "corpus", str(tpl), "--fixture", str(FIXTURE), "--out", str(out),
                  "--against", str(ROOT / "benchmarks" / "suites" / "ebs-smoke")],
        )
        assert result.exit_code == 0, result.output
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    rows = [json.loads(line) for line in outs[0].decode().splitlines()]
    assert [r["template"] for r in rows] == ["t-supplier-invoices"] * 4
    assert "vacuous" in result.output and "t-all-null" in result.output
    first = rows[0]
    assert first["instruction"].startswith(("List the invoices", "What did"))
    assert "CREATE TABLE AP_INVOICES_ALL" in first["schema"]
    assert "CREATE TABLE HR_OPERATING_UNITS" in first["schema"]
    assert "'" in first["output"] and "{" not in first["output"]
    card = (tmp_path / "out1" / "README.md").read_text()
    assert "examples: 4" in card


def test_shipped_corpus_size_and_coverage() -> None:
    rows = load_corpus(CORPUS)
    assert len(rows) >= 1500
    modules = Counter(getattr(row, "module", None) for _, row in rows)
    assert set(modules) == set(MODULES), modules
    assert min(modules.values()) >= 100, modules
    assert len({(r.instruction, r.output) for _, r in rows}) == len(rows)
    card = (CORPUS.parent / "README.md").read_text()
    assert f"examples: {len(rows)}" in card


@pytest.mark.slow
def test_every_shipped_output_executes_non_vacuously() -> None:
    result = runner.invoke(app, ["data", "check", str(CORPUS), "--fixture", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert ": 0 problems" in result.output

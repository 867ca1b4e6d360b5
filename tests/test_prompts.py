"""Prompts: the SQLCoder formats, schema modes, join hints, one builder for train and eval."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.gen.config import PromptConfig
from harness.gen.prompts import PromptBuilder
from harness.schema_ddl import tables_in_sql
from harness.suite import load_suite

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def smoke():  # type: ignore[no-untyped-def]
    return load_suite(ROOT / "benchmarks" / "suites" / "ebs-smoke")


def test_sqlcoder_template_layout(smoke) -> None:  # type: ignore[no-untyped-def]
    q = smoke.questions[0]
    p = PromptBuilder(smoke.fixture, PromptConfig(schema_mode="gold_tables")).build(
        q.question, q.gold[0]
    )
    text = p.text
    assert text.startswith("### Task\nGenerate a SQL query to answer the following question:")
    assert f"`{q.question}`" in text
    assert text.index("### Database Schema") < text.index("### SQL Query")
    assert text.endswith("```sql\n")
    assert set(p.tables) == set(tables_in_sql(q.gold[0], smoke.fixture))
    for table in p.tables:
        assert f"CREATE TABLE {table} (" in text


def test_defog_variant_uses_question_and_sql_tags(smoke) -> None:  # type: ignore[no-untyped-def]
    b = PromptBuilder(smoke.fixture, PromptConfig(template="sqlcoder-defog", schema_mode="full"))
    text = b.build("How many ledgers are there?").text
    assert "[QUESTION]How many ledgers are there?[/QUESTION]" in text
    assert text.endswith("[SQL]\n")
    assert text.count("CREATE TABLE") == len(smoke.fixture.tables)


def test_join_hints_and_comments(smoke) -> None:  # type: ignore[no-untyped-def]
    b = PromptBuilder(smoke.fixture, PromptConfig(schema_mode="full"))
    schema = b.schema_text(["AP_INVOICES_ALL", "AP_SUPPLIERS", "HR_OPERATING_UNITS"])
    assert "AP_INVOICES_ALL.VENDOR_ID = AP_SUPPLIERS.VENDOR_ID" in schema
    assert "AP_INVOICES_ALL.ORG_ID = HR_OPERATING_UNITS.ORGANIZATION_ID" in schema
    assert "-- " in schema  # comments
    bare = PromptBuilder(
        smoke.fixture, PromptConfig(schema_mode="full", comments=False, join_hints=False)
    ).schema_text(["AP_INVOICES_ALL", "AP_SUPPLIERS"])
    assert "--" not in bare


def test_retrieval_finds_most_gold_tables_and_adds_referenced_ones(smoke) -> None:  # type: ignore[no-untyped-def]
    b = PromptBuilder(smoke.fixture, PromptConfig(schema_mode="retrieved", top_k=6, max_tables=12))
    recall = []
    for q in smoke.questions:
        p = b.build(q.question)
        assert 6 <= len(p.tables) <= 12
        gold = set(tables_in_sql(q.gold[0], smoke.fixture))
        recall.append(len(gold & set(p.tables)) / len(gold))
    assert sum(recall) / len(recall) >= 0.6
    p = b.build("List supplier invoices with their supplier names")
    assert "AP_INVOICES_ALL" in p.tables and "AP_SUPPLIERS" in p.tables


def test_training_rows_render_through_the_same_template(smoke) -> None:  # type: ignore[no-untyped-def]
    b = PromptBuilder(smoke.fixture, PromptConfig(schema_mode="gold_tables", join_hints=False))
    q = smoke.questions[3]
    built = b.build(q.question, q.gold[0])
    assert b.build_from_schema(q.question, b.schema_text(built.tables)) == built.text


def test_unknown_template_is_a_clear_error(smoke) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(HarnessError, match="built-in: chat, sqlcoder, sqlcoder-defog"):
        PromptBuilder(smoke.fixture, PromptConfig(template="nope"))

"""SQL extraction from model completions: a corpus of messy real outputs, plus hostile input."""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.gen.extract import Extraction, extract_sql

CORPUS = Path(__file__).resolve().parent / "extract" / "completions.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text())


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 40
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert case["status"] in ("ok", "no_sql")
        assert (case["expected_sql"] is None) == (case["status"] == "no_sql"), case["name"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_corpus(case: dict[str, Any]) -> None:
    got = extract_sql(case["completion"], prompt_tail=case.get("prompt_tail", ""))
    assert got.status == case["status"]
    assert got.sql == case["expected_sql"]
    if "method" in case:
        assert got.method == case["method"]
    if "reason" in case:
        assert got.reason == case["reason"]
    if got.status == "ok":
        assert got.sql and got.sql == got.sql.strip() and not got.sql.endswith(";")
        assert got.reason == ""
    else:
        assert got.method == "none" and got.reason


def test_extraction_is_frozen() -> None:
    got = extract_sql("SELECT 1 FROM dual")
    assert got == Extraction("SELECT 1 FROM dual", "ok", "raw")
    with pytest.raises(AttributeError):
        got.sql = "x"  # type: ignore[misc]


def test_prompt_tail_without_open_fence_is_ignored() -> None:
    tail = "```sql\nSELECT 1 FROM dual\n```\n### Response:\n"
    got = extract_sql("Sure.\nSELECT 2 FROM dual", prompt_tail=tail)
    assert (got.sql, got.method) == ("SELECT 2 FROM dual", "raw")


def _hostile_inputs() -> list[str]:
    rng = random.Random(1234)
    alphabet = "SELECTselectWITHwith ;'\"\n\t()-/*`~[]qQ#:,.abcxyz0123456789<|>_"
    noise = "".join(rng.choice(alphabet) for _ in range(200_000))
    return [
        noise,
        "SELECT " + "'" * 100_001,
        "SELECT a FROM t WHERE x = q'[" + "x" * 200_000,
        "/*" * 100_000,
        "```sql\n" * 30_000,
        "[SQL]" * 40_000,
        "Select foo.\n" * 20_000,
        "WITH a AS (\n" + "SELECT\n" * 30_000,
        " " * 200_000 + "\n",
        "*" * 200_000,
        "(" * 200_000,
        "SELECT 1\n" + "\n" * 200_000 + "FROM dual",
        "CREATE TABLE t (" * 20_000,
        "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(100_000)),
    ]


@pytest.mark.parametrize("text", _hostile_inputs(), ids=lambda t: repr(t[:12]))
def test_never_raises_and_is_fast_on_hostile_input(text: str) -> None:
    for tail in ("", "```sql\n", "[SQL]"):
        start = time.perf_counter()
        got = extract_sql(text, prompt_tail=tail)
        assert time.perf_counter() - start < 1.0
        assert got.status in ("ok", "no_sql")
        assert (got.sql is None) == (got.status == "no_sql")


def test_non_string_input_does_not_raise() -> None:
    got = extract_sql(None)  # type: ignore[arg-type]
    assert got.status == "no_sql"


@pytest.mark.parametrize(
    ("completion", "sql"),
    [
        ("SELECT a FROM t", "SELECT a FROM t"),
        ("select an AS x from t;", "select an AS x from t"),
        ("Select the rows you need.", None),
        ("Select a supplier from the list", None),
    ],
)
def test_select_versus_an_english_sentence(completion: str, sql: str | None) -> None:
    assert extract_sql(completion).sql == sql

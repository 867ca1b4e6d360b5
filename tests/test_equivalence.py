"""Every rule of shared/research/scoring-rules.md, as parametrized cases on compare()."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from harness.equivalence import GoldAnswer, compare

D1 = dt.datetime(2024, 3, 1)
D1_NOON = dt.datetime(2024, 3, 1, 12, 0)

# (id, gold rows, pred rows, expected match, options)
CASES = [
    # --- cells: NULL
    ("null-equals-null", [(None,)], [(None,)], True, {}),
    ("null-not-zero", [(None,)], [(0,)], False, {}),
    ("null-not-empty-string-off", [(None,)], [("",)], False, {"empty_is_null": False}),
    ("empty-string-is-null-oracle", [(None,)], [("",)], True, {}),
    ("empty-string-is-null-both-sides", [("",)], [(None,)], True, {}),
    ("null-not-string-null", [(None,)], [("NULL",)], False, {}),
    # --- cells: numbers
    ("int-equals-decimal", [(5,)], [(D("5.000"),)], True, {}),
    (
        "decimal-exact-large",
        [(D("12345678901234567890.12"),)],
        [(D("12345678901234567890.13"),)],
        False,
        {},
    ),
    ("int-exact-big", [(10**30,)], [(10**30 + 1,)], False, {}),
    ("float-noise-absorbed", [(D("0.3"),)], [(0.1 + 0.2,)], True, {}),
    ("float-real-difference", [(D("0.3"),)], [(0.3001,)], False, {}),
    ("float-12-digits", [(1 / 3,)], [(D("0.333333333333"),)], True, {}),
    ("float-vs-float", [(2.5,)], [(2.5000000000000004,)], True, {}),
    ("decimal-no-tolerance", [(D("10.004"),)], [(D("10.00"),)], False, {}),
    ("decimals-opt-in", [(D("10.004"),)], [(D("10.00"),)], True, {"decimals": 2}),
    ("decimals-half-up", [(D("2.345"),)], [(D("2.35"),)], True, {"decimals": 2}),
    ("decimals-still-strict", [(D("10.01"),)], [(D("10.02"),)], False, {"decimals": 2}),
    ("decimal-string-equals-number", [(2014,)], [("2014",)], True, {}),
    ("decimal-string-fraction", [(D("3.5"),)], [("3.50",)], True, {}),
    ("leading-zero-string-not-number", [(7,)], [("007",)], False, {}),
    ("padded-string-not-number", [(1,)], [(" 1",)], False, {}),
    ("exponent-string-not-number", [(1000,)], [("1e3",)], False, {}),
    ("bool-not-int", [(1,)], [(True,)], False, {}),
    # --- cells: dates
    ("date-equals-midnight-timestamp", [(dt.date(2024, 3, 1),)], [(D1,)], True, {}),
    ("date-not-noon-timestamp", [(dt.date(2024, 3, 1),)], [(D1_NOON,)], False, {}),
    ("timestamp-equals-iso-string", [(D1_NOON,)], [("2024-03-01 12:00:00",)], True, {}),
    ("date-equals-iso-date-string", [(D1,)], [("2024-03-01",)], True, {}),
    ("date-not-other-format-string", [(D1,)], [("01-MAR-2024",)], False, {}),
    ("string-not-parsed-without-dates", [("2024-03-01",)], [("2024-03-01 00:00:00",)], False, {}),
    # --- cells: strings
    ("string-case-counts", [("Acme",)], [("ACME",)], False, {}),
    ("string-whitespace-counts", [("Acme",)], [("Acme ",)], False, {}),
    ("string-nfc", [("caf\u00e9",)], [("cafe\u0301",)], True, {}),
    # --- rows: bags
    ("bag-duplicates-count", [(1,), (1,), (2,)], [(1,), (2,)], False, {}),
    ("bag-extra-duplicate", [(1,), (2,)], [(1,), (1,), (2,)], False, {}),
    ("bag-unordered-ok", [(1,), (2,), (3,)], [(3,), (1,), (2,)], True, {}),
    ("scalar-not-repeated", [(5,)], [(5,), (5,), (5,)], False, {}),
    # --- columns
    ("column-permutation", [(1, "a"), (2, "b")], [("a", 1), ("b", 2)], True, {}),
    ("column-permutation-misaligned", [(1, "a"), (2, "b")], [("b", 1), ("a", 2)], False, {}),
    ("same-bags-misaligned-rows", [(1, 10), (2, 20)], [(1, 20), (2, 10)], False, {}),
    ("duplicate-valued-columns", [(1, 1), (2, 2)], [(1, 1), (2, 2)], True, {}),
    ("missing-column", [(1, "a")], [(1,)], False, {}),
    ("extra-column-refused", [(1,)], [(1, "x")], False, {}),
    ("extra-column-allowed", [(1,), (2,)], [("x", 1), ("y", 2)], True, {"extra_columns": True}),
    (
        "extra-column-still-aligned",
        [(1, "a"), (2, "b")],
        [("b", 1, 0), ("a", 2, 0)],
        False,
        {"extra_columns": True},
    ),
    # --- empty results
    ("both-empty-vacuous", [], [], True, {}),
    ("empty-gold-nonempty-pred", [], [(1,)], False, {}),
    ("nonempty-gold-empty-pred", [(1,)], [], False, {}),
]


@pytest.mark.parametrize(
    ("gold", "pred", "expected", "options"), [pytest.param(*c[1:], id=c[0]) for c in CASES]
)
def test_unordered_rules(gold, pred, expected, options):
    empty_is_null = options.pop("empty_is_null", True)
    width = len(gold[0]) if gold else (len(pred[0]) if pred else 1)
    answer = GoldAnswer(rows=gold, columns=[f"C{i}" for i in range(width)])
    pred_width = len(pred[0]) if pred else width
    outcome = compare(answer, pred, pred_width, empty_is_null=empty_is_null, **options)
    assert outcome.match is expected, outcome.reason
    if not expected:
        assert outcome.reason  # every wrong result says why


def test_vacuous_flag():
    outcome = compare(GoldAnswer(rows=[], columns=["A"]), [], 1)
    assert outcome.match and outcome.vacuous
    assert not compare(GoldAnswer(rows=[(1,)], columns=["A"]), [(1,)], 1).vacuous


def test_truncated_prediction_is_wrong():
    outcome = compare(GoldAnswer(rows=[(1,)], columns=["A"]), [(1,)], 1, pred_truncated=True)
    assert not outcome.match and "more rows" in outcome.reason


# --- order: (gold rows, keys, pred rows, expected)
ORDER_CASES = [
    ("ordered-same", [(1,), (2,), (3,)], [(1,), (2,), (3,)], [(1,), (2,), (3,)], True),
    ("ordered-wrong-order", [(1,), (2,), (3,)], [(1,), (2,), (3,)], [(2,), (1,), (3,)], False),
    (
        "ties-may-swap",
        [("a", 10), ("b", 10), ("c", 5)],
        [(10,), (10,), (5,)],
        [("b", 10), ("a", 10), ("c", 5)],
        True,
    ),
    (
        "ties-not-across-blocks",
        [("a", 10), ("b", 10), ("c", 5)],
        [(10,), (10,), (5,)],
        [("a", 10), ("c", 5), ("b", 10)],
        False,
    ),
    (
        "order-by-hidden-key",
        [("x",), ("y",), ("z",)],
        [(3,), (2,), (1,)],
        [("x",), ("z",), ("y",)],
        False,
    ),
    (
        "order-with-column-permutation",
        [(1, "a"), (2, "b")],
        [(1,), (2,)],
        [("a", 1), ("b", 2)],
        True,
    ),
    (
        "null-keys-tie",
        [("a", None), ("b", None)],
        [(None,), (None,)],
        [("b", None), ("a", None)],
        True,
    ),
]


@pytest.mark.parametrize(
    ("gold", "keys", "pred", "expected"), [pytest.param(*c[1:], id=c[0]) for c in ORDER_CASES]
)
def test_order_rules(gold, keys, pred, expected):
    answer = GoldAnswer(
        rows=gold, ordered=True, keys=keys, columns=[f"C{i}" for i in range(len(gold[0]))]
    )
    outcome = compare(answer, pred, len(pred[0]))
    assert outcome.match is expected, outcome.reason


def test_unordered_gold_ignores_order():
    answer = GoldAnswer(rows=[(1,), (2,)], columns=["A"])
    assert compare(answer, [(2,), (1,)], 1).match


@pytest.mark.parametrize(
    ("pred", "expected"),
    [
        pytest.param([("a", 9), ("b", 5)], True, id="cutoff-gold-choice"),
        pytest.param([("a", 9), ("c", 5)], True, id="cutoff-tied-row-swapped-in"),
        pytest.param([("a", 9), ("d", 5)], True, id="cutoff-other-tied-row"),
        pytest.param([("a", 9), ("e", 4)], False, id="cutoff-untied-row"),
        pytest.param([("c", 5), ("a", 9)], False, id="cutoff-order-still-checked"),
        pytest.param([("b", 5), ("c", 5)], False, id="cutoff-lost-the-top-row"),
    ],
)
def test_ties_at_fetch_first_cutoff(pred, expected):
    # ORDER BY amount DESC FETCH FIRST 2: 'b', 'c' and 'd' are tied at 5 for the last place.
    answer = GoldAnswer(
        rows=[("a", 9), ("b", 5)],
        ordered=True,
        keys=[(9,), (5,)],
        boundary_candidates=[("b", 5), ("c", 5), ("d", 5)],
        columns=["N", "AMT"],
    )
    outcome = compare(answer, pred, 2)
    assert outcome.match is expected, outcome.reason


def test_reason_names_the_difference():
    answer = GoldAnswer(rows=[(1, "a"), (2, "b")], columns=["ID", "NAME"])
    outcome = compare(answer, [(1, "a"), (3, "b")], 2)
    assert not outcome.match
    assert "ID" in outcome.reason or "row" in outcome.reason

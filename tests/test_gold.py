"""How golds are planned: ORDER BY keys (visible or hidden), cut-offs, nondeterminism."""

from __future__ import annotations

import pytest

from harness.gold import plan_gold


@pytest.mark.parametrize(
    ("sql", "ordered", "keys", "hidden", "limit"),
    [
        ("SELECT a, b x FROM t ORDER BY x DESC, 1", True, [1, 0], 0, None),
        ("SELECT a FROM t ORDER BY c FETCH FIRST 3 ROWS ONLY", True, [-1], 1, 3),
        ("SELECT * FROM t ORDER BY amount", True, [-1], 1, None),
        ("SELECT DISTINCT a FROM t ORDER BY a", True, [0], 0, None),
        ("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1", True, [0], 0, None),
        ("SELECT v, SUM(x) FROM t GROUP BY v ORDER BY SUM(x) DESC", True, [1], 0, None),
        ("SELECT a FROM t", False, [], 0, None),
    ],
)
def test_order_keys(sql, ordered, keys, hidden, limit):
    plan = plan_gold(sql)
    assert (plan.ordered, plan.key_columns, plan.hidden, plan.limit) == (
        ordered,
        keys,
        hidden,
        limit,
    )
    if hidden:
        assert "HARNESS_ORDER_KEY_" in plan.sql


def test_cut_off_query_drops_the_limit():
    plan = plan_gold("SELECT a FROM t ORDER BY c FETCH FIRST 3 ROWS ONLY")
    assert plan.unlimited_sql is not None and "FETCH" not in plan.unlimited_sql.upper()


@pytest.mark.parametrize(
    ("sql", "arbitrary"),
    [
        ("SELECT a FROM t FETCH FIRST 2 ROWS ONLY", True),
        ("SELECT a FROM t WHERE ROWNUM <= 3", True),
        ("SELECT * FROM (SELECT a FROM t ORDER BY a) WHERE ROWNUM <= 3", False),
        ("SELECT a FROM t ORDER BY a FETCH FIRST 2 ROWS ONLY", False),
    ],
)
def test_nondeterministic_golds_are_flagged(sql, arbitrary):
    assert (plan_gold(sql).nondeterministic is not None) is arbitrary


def test_unresolvable_keys_are_noted_not_called_unstable():
    plan = plan_gold("SELECT DISTINCT a FROM t ORDER BY b")
    assert plan.ordered and plan.key_columns == [] and plan.note
    assert plan.nondeterministic is None

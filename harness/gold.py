"""Gold queries: how their order is checked, their ORDER BY keys, and the rows tied at a cut-off."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.safety import check_sql

HIDDEN_KEY = "HARNESS_ORDER_KEY_"


@dataclass
class GoldPlan:
    """How to run one gold so that its result can be compared with order and ties."""

    sql: str
    """Oracle SQL to run: the gold, plus hidden ORDER BY key columns where needed."""
    hidden: int
    """Number of hidden key columns appended after the visible ones."""
    ordered: bool
    """Top-level ORDER BY present."""
    key_columns: list[int]
    """Indices (into the executed row) of the ORDER BY keys, in ORDER BY order; negative indices
    count from the end (hidden columns, since ``SELECT *`` has no width until it runs)."""
    limit: int | None
    """Top-level FETCH FIRST / LIMIT count, when a literal."""
    unlimited_sql: str | None
    """The same query without its FETCH FIRST (to find rows tied at the cut-off)."""
    nondeterministic: str | None = None
    """Why the gold's result may legitimately vary between runs, if it can."""
    note: str | None = None
    """A limit of how this gold is checked (shown in sample reasons)."""


def _literal_count(node: exp.Expr | None) -> int | None:
    if node is None:
        return None
    count = node.args.get("count") if isinstance(node, exp.Fetch) else node.args.get("expression")
    if isinstance(count, exp.Literal) and count.is_int:
        return int(count.this)
    return None


def _match_select(key: exp.Expr, select: exp.Query) -> int | None:
    """Index of the select-list item that an ORDER BY key refers to, if any."""
    items = select.selects
    if isinstance(key, exp.Literal) and key.is_int:
        index = int(key.this) - 1
        return index if 0 <= index < len(items) else None
    if any(isinstance(i, exp.Star) or (isinstance(i, exp.Column) and i.is_star) for i in items):
        return None
    if isinstance(key, exp.Column) and not key.table:
        for index, item in enumerate(items):
            if isinstance(item, exp.Alias) and item.alias.upper() == key.name.upper():
                return index
    for index, item in enumerate(items):
        inner = item.this if isinstance(item, exp.Alias) else item
        if inner == key:
            return index
    if isinstance(key, exp.Column) and not key.table:
        for index, item in enumerate(items):
            if isinstance(item, exp.Column) and item.name.upper() == key.name.upper():
                return index
    return None


def _arbitrary_rownum(tree: exp.Expr) -> bool:
    """A ROWNUM filter in a query whose rows come in no defined order."""
    for column in tree.find_all(exp.Column):
        if (
            column.table
            or column.name.upper() != "ROWNUM"
            or column.find_ancestor(exp.Where) is None
        ):
            continue
        select = column.find_ancestor(exp.Select)
        if select is None:
            continue
        source = select.args.get("from_")
        ordered_source = (
            source is not None
            and isinstance(source.this, exp.Subquery)
            and source.this.this.args.get("order") is not None
        )
        if not ordered_source:
            return True
    return False


def plan_gold(sql: str) -> GoldPlan:
    """Work out order keys for a gold; hidden key columns are appended only when needed."""
    verdict = check_sql(sql)
    tree = verdict.tree
    if tree is None:
        return GoldPlan(sql, 0, False, [], None, None)
    order = tree.args.get("order")
    limit_node = tree.args.get("limit") or tree.args.get("fetch")
    limit = _literal_count(limit_node)
    nondeterministic = None
    if limit_node is not None and order is None:
        nondeterministic = "FETCH FIRST/LIMIT without ORDER BY picks arbitrary rows"
    elif _arbitrary_rownum(tree):
        nondeterministic = "a ROWNUM filter over unordered rows picks arbitrary rows"
    if order is None:
        return GoldPlan(sql, 0, False, [], limit, None, nondeterministic)
    tree = tree.copy()
    key_columns: list[int] = []
    hidden: list[exp.Expr] = []
    can_hide = isinstance(tree, exp.Select) and not tree.args.get("distinct")
    for position, ordered in enumerate(order.expressions):
        key = ordered.this
        index = _match_select(key, tree)
        if index is None:
            if not can_hide:
                # Keys not in the select list of a set operation or DISTINCT query: fall back to
                # comparing as a bag (documented in docs/suite-format.md).
                return GoldPlan(
                    sql,
                    0,
                    True,
                    [],
                    limit,
                    None,
                    nondeterministic,
                    note="ORDER BY keys are not output columns; row order is not checked",
                )
            hidden.append(exp.alias_(key.copy(), f"{HIDDEN_KEY}{position}"))
            index = -len(hidden)  # -(k+1) for the k-th hidden column; fixed up below
        key_columns.append(index)
    # The k-th hidden column sits at k - H from the end once all H are known.
    key_columns = [i if i >= 0 else (-i - 1) - len(hidden) for i in key_columns]
    if hidden and isinstance(tree, exp.Select):
        tree.select(*hidden, copy=False)
    unlimited = None
    if limit is not None and not tree.args.get("offset"):
        bare = tree.copy()
        bare.set("limit", None)
        bare.set("fetch", None)
        unlimited = bare.sql(ORACLE)
    return GoldPlan(
        tree.sql(ORACLE) if hidden else sql,
        len(hidden),
        True,
        key_columns,
        limit,
        unlimited,
        nondeterministic,
    )

"""Oracle query shapes rewritten into ANSI SQL before typing: (+) outer joins and ROWNUM.

Shapes outside the patterns below raise :class:`Unsupported`: Oracle's meaning is kept or the
construct is named, never approximated.
"""

from __future__ import annotations

from sqlglot import exp

from harness.engines.oracle_emulate import Unsupported
from harness.gold import _match_select


def _conjuncts(condition: exp.Expr | None) -> list[exp.Expr]:
    if condition is None:
        return []
    if isinstance(condition, exp.And):
        return _conjuncts(condition.this) + _conjuncts(condition.expression)
    if isinstance(condition, exp.Paren) and isinstance(condition.this, exp.And):
        return _conjuncts(condition.this)
    return [condition]


def _source_name(source: exp.Expr) -> str:
    return source.alias_or_name.upper()


# ---------------------------------------------------------------- (+) outer joins


def _marked_tables(condition: exp.Expr) -> set[str]:
    return {c.table.upper() for c in condition.find_all(exp.Column) if c.args.get("join_mark")}


def outer_joins(tree: exp.Expr) -> None:
    """``FROM a, b WHERE a.x = b.x(+)`` -> ``FROM a LEFT JOIN b ON a.x = b.x``."""
    for select in list(tree.find_all(exp.Select)):
        where = select.args.get("where")
        if where is None or not any(
            c.args.get("join_mark")
            for c in where.find_all(exp.Column)
            if _owner_select(c) is select
        ):
            continue
        from_ = select.args.get("from_")
        joins = select.args.get("joins") or []
        if from_ is None or any(
            j.args.get("on") or j.args.get("using") or j.args.get("kind") or j.args.get("side")
            for j in joins
        ):
            raise Unsupported("(+) outer join mixed with ANSI joins")
        sources = [from_.this, *[j.this for j in joins]]
        names = [_source_name(s) for s in sources]
        if len(set(names)) != len(names):
            raise Unsupported("(+) outer join over sources without distinct aliases")
        on: dict[str, list[exp.Expr]] = {}
        rest: list[exp.Expr] = []
        for condition in _conjuncts(where.this):
            marked = _marked_tables(condition)
            if not marked:
                rest.append(condition)
                continue
            if len(marked) > 1 or "" in marked:
                raise Unsupported(
                    "(+) on columns of several tables (or unqualified) in one condition"
                )
            if any(isinstance(n, (exp.Or, exp.In, exp.Subquery)) for n in condition.walk()):
                raise Unsupported("(+) inside OR, IN or a subquery (ORA-01719)")
            (table,) = marked
            if table not in names:
                raise Unsupported(f"(+) on unknown source {table}")
            for column in condition.find_all(exp.Column):
                column.set("join_mark", None)
            on.setdefault(table, []).append(condition)
        placed = [n for n in names if n not in on]
        pending = [n for n in names if n in on]
        order: list[str] = []
        while pending:
            ready = next(
                (
                    n
                    for n in pending
                    if all(t in placed or t == n for c in on[n] for t in _tables_of(c))
                ),
                None,
            )
            if ready is None:
                raise Unsupported("(+) outer joins that depend on each other in a cycle")
            pending.remove(ready)
            placed.append(ready)
            order.append(ready)
        by_name = dict(zip(names, sources, strict=True))
        inner = [n for n in names if n not in on]
        if not inner:
            raise Unsupported("every table of the FROM clause is outer-joined")
        select.set("from_", exp.From(this=by_name[inner[0]].copy()))
        new_joins = [exp.Join(this=by_name[n].copy(), kind="CROSS") for n in inner[1:]]
        new_joins += [
            exp.Join(this=by_name[n].copy(), side="LEFT", on=exp.and_(*[c.copy() for c in on[n]]))
            for n in order
        ]
        select.set("joins", new_joins)
        select.set("where", exp.Where(this=exp.and_(*rest)) if rest else None)


def _tables_of(condition: exp.Expr) -> set[str]:
    return {c.table.upper() for c in condition.find_all(exp.Column) if c.table}


def _owner_select(node: exp.Expr) -> exp.Expr | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, exp.Select):
        parent = parent.parent
    return parent


# ---------------------------------------------------------------- ROWNUM


def _is_rownum(node: exp.Expr | None) -> bool:
    return (
        isinstance(node, exp.Column)
        and not node.table
        and isinstance(node.this, exp.Identifier)
        and not node.this.quoted
        and node.name.upper() == "ROWNUM"
    )


def _rownum_bound(condition: exp.Expr) -> int | None:
    """Rows kept by a ROWNUM predicate on an integer literal (ROWNUM counts only kept rows)."""
    if not isinstance(condition, (exp.LT, exp.LTE, exp.EQ, exp.GT, exp.GTE)):
        return None
    left, right = condition.this, condition.expression
    flipped = {exp.LT: exp.GT, exp.LTE: exp.GTE, exp.GT: exp.LT, exp.GTE: exp.LTE, exp.EQ: exp.EQ}
    kind: type[exp.Expr] = type(condition)
    if _is_rownum(right) and not _is_rownum(left):
        left, right = right, left
        kind = flipped[kind]  # type: ignore[index]
    if not _is_rownum(left) or not (isinstance(right, exp.Literal) and right.is_int):
        return None
    n = int(right.this)
    if kind is exp.LTE:
        return max(n, 0)
    if kind is exp.LT:
        return max(n - 1, 0)
    if kind is exp.EQ:
        return 1 if n == 1 else 0  # ROWNUM = 2 never holds: row 1 is never kept
    if kind is exp.GT:
        return None if n < 1 else 0  # ROWNUM > 0 keeps all; ROWNUM > 1 keeps none
    return None if n <= 1 else 0  # GTE


def _has_own(select: exp.Select, *types: type[exp.Expr]) -> bool:
    for node in select.walk(prune=lambda n: n is not select and isinstance(n, exp.Query)):
        if node is not select and isinstance(node, types):
            return True
    return False


def _source_order(select: exp.Select) -> list[exp.Ordered] | None:
    """ORDER BY keys of a single ordered FROM subquery, re-expressed on its output columns."""
    from_ = select.args.get("from_")
    if from_ is None or select.args.get("joins"):
        return None
    source = from_.this
    if not isinstance(source, exp.Subquery) or not isinstance(source.this, exp.Select):
        return None
    inner = source.this
    order = inner.args.get("order")
    if order is None:
        return None
    alias = source.alias_or_name
    keys = []
    for ordered in order.expressions:
        index = _match_select(ordered.this, inner)
        if index is None:
            return None
        item = inner.selects[index]
        name = item.alias_or_name
        if not name or isinstance(item, exp.Star):
            return None
        column = exp.column(name, table=alias) if alias else exp.column(name)
        keys.append(
            exp.Ordered(
                this=column,
                desc=ordered.args.get("desc"),
                nulls_first=ordered.args.get("nulls_first"),
            )
        )
    return keys


def rownum(tree: exp.Expr) -> None:
    """ROWNUM filters (<, <=, = 1) become LIMIT; ROWNUM in the select list becomes
    ROW_NUMBER() over the order of the rows it numbers. Other uses are unsupported."""
    for select in list(tree.find_all(exp.Select)):
        own = [
            c for c in select.find_all(exp.Column) if _is_rownum(c) and _owner_select(c) is select
        ]
        if not own:
            continue
        keys = _source_order(select)
        where = select.args.get("where")
        limit: int | None = None
        rest: list[exp.Expr] = []
        for condition in _conjuncts(where.this if where else None):
            if any(_is_rownum(c) for c in condition.find_all(exp.Column)):
                bound = _rownum_bound(condition)
                if bound is None and not (isinstance(condition, (exp.GT, exp.GTE))):
                    raise Unsupported("ROWNUM in a condition other than <, <=, = or >")
                if bound is not None:
                    limit = bound if limit is None else min(limit, bound)
            else:
                rest.append(condition)
        if limit is not None:
            assigned_first = bool(
                select.args.get("group")
                or select.args.get("distinct")
                or _has_own(select, exp.AggFunc, exp.Window)
                or select.args.get("order")
            )
            select.set("where", exp.Where(this=exp.and_(*rest)) if rest else None)
            if assigned_first:
                # ROWNUM is assigned before grouping, DISTINCT and sorting: cut the rows in a
                # derived table that keeps the source's name, then do the rest over it.
                _cut_source(select, limit, keys)
                limit = None
            elif keys is not None:
                select.set("order", exp.Order(expressions=[k.copy() for k in keys]))
            elif _ordered_source(select) and rest:
                raise Unsupported(
                    "ROWNUM over an ordered subquery whose ORDER BY keys are not among its columns"
                )
            elif _ordered_source(select):
                inner = select.args["from_"].this.this
                inner.set("limit", exp.Limit(expression=exp.Literal.number(limit)))
                limit = None
            if limit is not None:
                select.set("limit", exp.Limit(expression=exp.Literal.number(limit)))
        for column in [
            c for c in select.find_all(exp.Column) if _is_rownum(c) and _owner_select(c) is select
        ]:
            if not isinstance(column.parent, (exp.Alias, exp.Select)) or (
                select.args.get("group") or select.args.get("distinct")
            ):
                raise Unsupported("ROWNUM outside a simple select-list item or a filter")
            over = exp.Order(expressions=[k.copy() for k in keys]) if keys else None
            column.replace(exp.Window(this=exp.RowNumber(), order=over))


def _cut_source(select: exp.Select, limit: int, keys: list[exp.Ordered] | None) -> None:
    from_ = select.args.get("from_")
    if from_ is None or select.args.get("joins"):
        raise Unsupported(
            "ROWNUM filter over a join with GROUP BY, DISTINCT, aggregates or ORDER BY at the "
            "same level"
        )
    source = from_.this
    alias = source.alias_or_name
    inner = exp.select("*").from_(source.copy())
    where = select.args.get("where")
    if where is not None:
        inner.set("where", where.copy())
        select.set("where", None)
    if keys is not None:
        inner.set("order", exp.Order(expressions=[k.copy() for k in keys]))
    inner.set("limit", exp.Limit(expression=exp.Literal.number(limit)))
    subquery = exp.Subquery(this=inner, alias=exp.TableAlias(this=exp.to_identifier(alias)))
    select.set("from_", exp.From(this=subquery))


def _ordered_source(select: exp.Select) -> bool:
    from_ = select.args.get("from_")
    return bool(
        from_ is not None
        and not select.args.get("joins")
        and isinstance(from_.this, exp.Subquery)
        and from_.this.this.args.get("order") is not None
    )

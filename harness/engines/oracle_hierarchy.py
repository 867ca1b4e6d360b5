"""Oracle hierarchical queries (CONNECT BY) rewritten as recursive CTEs, before typing."""

from __future__ import annotations

from sqlglot import exp

from harness.engines.oracle_emulate_base import Unsupported

TREE = "HARNESS_TREE"
PARENT = "HARNESS_PARENT"
LEVEL = "HARNESS_LEVEL"
SORT = "HARNESS_SORT"


def _is_level(node: exp.Expr) -> bool:
    return (
        isinstance(node, exp.Column)
        and not node.table
        and isinstance(node.this, exp.Identifier)
        and not node.this.quoted
        and node.name.upper() == "LEVEL"
    )


def _concat(*parts: exp.Expr) -> exp.Expr:
    # coalesce=True marks it as already Oracle-correct for the emulator (no NULL parts here).
    return exp.Concat(expressions=list(parts), safe=True, coalesce=True)


def _rank(partition: exp.Expr | None, order: exp.Order | None) -> exp.Expr:
    window = exp.Window(
        this=exp.RowNumber(),
        partition_by=[partition] if partition is not None else None,
        order=order,
    )
    text = exp.cast(window, exp.DataType.build("VARCHAR"))
    return exp.Anonymous(
        this="LPAD", expressions=[text, exp.Literal.number(10), exp.Literal.string("0")]
    )


class _TreeColumns:
    """The columns a hierarchy adds (LEVEL, paths, roots) and the rewrite of the outer query."""

    def __init__(self, alias: str) -> None:
        self.alias = alias
        self.anchor: list[exp.Expr] = [exp.alias_(exp.Literal.number(1), LEVEL)]
        self.child: list[exp.Expr] = [
            exp.alias_(
                exp.Add(this=exp.column(LEVEL, table=PARENT), expression=exp.Literal.number(1)),
                LEVEL,
            )
        ]
        self.generated = 0

    def replace(self, node: exp.Expr) -> exp.Expr:
        if _is_level(node):
            return exp.column(LEVEL, table=self.alias)
        if isinstance(node, exp.Anonymous) and str(node.this).upper() == "SYS_CONNECT_BY_PATH":
            value, separator = node.expressions
            self.generated += 1
            name = f"HARNESS_PATH_{self.generated}"
            self.anchor.append(exp.alias_(_concat(separator.copy(), value.copy()), name))
            self.child.append(
                exp.alias_(
                    _concat(exp.column(name, table=PARENT), separator.copy(), value.copy()), name
                )
            )
            return exp.column(name, table=self.alias)
        if isinstance(node, exp.ConnectByRoot):
            self.generated += 1
            name = f"HARNESS_ROOT_{self.generated}"
            self.anchor.append(exp.alias_(node.this.copy(), name))
            self.child.append(exp.alias_(exp.column(name, table=PARENT), name))
            return exp.column(name, table=self.alias)
        if isinstance(node, exp.Prior):
            raise Unsupported("PRIOR outside CONNECT BY")
        return node


def connect_by(tree: exp.Expr) -> None:
    """START WITH / CONNECT BY [NOCYCLE] / PRIOR / LEVEL / SYS_CONNECT_BY_PATH / CONNECT_BY_ROOT /
    ORDER SIBLINGS BY over one source -> a recursive CTE over that source."""
    for number, select in enumerate(list(tree.find_all(exp.Select))):
        connect = select.args.get("connect")
        if connect is None:
            continue
        from_ = select.args.get("from_")
        if from_ is None or select.args.get("joins"):
            raise Unsupported("CONNECT BY over a join")
        if any(
            isinstance(s, exp.Star) or (isinstance(s, exp.Column) and s.is_star)
            for s in select.expressions
        ):
            raise Unsupported("SELECT * with CONNECT BY")
        for node in select.walk():
            if (
                isinstance(node, exp.Column)
                and not node.table
                and node.name.upper() in ("CONNECT_BY_ISLEAF", "CONNECT_BY_ISCYCLE")
            ):
                raise Unsupported(node.name.upper())
        source = from_.this
        alias = source.alias_or_name
        if not alias:
            alias = "HARNESS_SOURCE"
            source = source.copy()
            source.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
        cte_name = f"{TREE}_{number}"
        columns = _TreeColumns(alias)
        for key in ("expressions", "where", "group", "having", "order"):
            value = select.args.get(key)
            if isinstance(value, list):
                select.set(key, [v.transform(columns.replace) for v in value])
            elif value is not None:
                select.set(key, value.transform(columns.replace))

        def parent_side(node: exp.Expr, alias: str = alias) -> exp.Expr:
            if isinstance(node, exp.Prior):
                inner = node.this
                if not isinstance(inner, exp.Column):
                    raise Unsupported("PRIOR of an expression")
                return exp.column(inner.name, table=PARENT)
            if _is_level(node):  # the level of the row being connected
                return exp.Add(
                    this=exp.column(LEVEL, table=PARENT), expression=exp.Literal.number(1)
                )
            if (
                isinstance(node, exp.Column)
                and not node.table
                and not isinstance(node.parent, exp.Prior)
            ):
                return exp.column(node.name, table=alias)  # the row being connected
            return node

        condition = connect.args["connect"].transform(parent_side)
        has_prior = any(isinstance(n, exp.Prior) for n in connect.args["connect"].walk())
        if not has_prior and not (isinstance(source, exp.Table) and source.name.upper() == "DUAL"):
            raise Unsupported("CONNECT BY without PRIOR over a table other than DUAL")
        order = select.args.get("order")
        siblings = order is not None and bool(order.args.get("siblings"))
        if order is not None and siblings:
            keys = exp.Order(expressions=[k.copy() for k in order.expressions])
            columns.anchor.append(exp.alias_(_rank(None, keys), SORT))
            columns.child.append(
                exp.alias_(
                    _concat(
                        exp.column(SORT, table=PARENT),
                        exp.Literal.string("."),
                        _rank(exp.column(SORT, table=PARENT), keys.copy()),
                    ),
                    SORT,
                )
            )
        star = exp.Column(this=exp.Star(), table=exp.to_identifier(alias))
        anchor = exp.select(star.copy(), *columns.anchor).from_(source.copy())
        start = connect.args.get("start")
        if start is not None:
            anchor.set("where", exp.Where(this=start.copy()))
        child = (
            exp.select(star.copy(), *columns.child)
            .from_(source.copy())
            .join(
                exp.Table(
                    this=exp.to_identifier(cte_name),
                    alias=exp.TableAlias(this=exp.to_identifier(PARENT)),
                ),
                on=condition,
            )
        )
        body = exp.union(anchor, child, distinct=False)
        select.set("connect", None)
        select.set(
            "from_",
            exp.From(
                this=exp.Table(
                    this=exp.to_identifier(cte_name),
                    alias=exp.TableAlias(this=exp.to_identifier(alias)),
                )
            ),
        )
        if siblings:
            select.set(
                "order", exp.Order(expressions=[exp.Ordered(this=exp.column(SORT, table=alias))])
            )
        existing = select.args.get("with_")
        cte = exp.CTE(this=body, alias=exp.TableAlias(this=exp.to_identifier(cte_name)))
        if existing is not None:
            existing.append("expressions", cte)
        else:
            select.set("with_", exp.With(expressions=[cte]))

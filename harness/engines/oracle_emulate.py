"""Rewrite an Oracle query tree so a stand-in engine computes Oracle's answer.

Runs bottom-up over a tree whose nodes carry types (qualified and annotated against the
fixture schema) when ``typed`` is true. Oracle operations that an engine cannot express
natively go through the engine's function table (``EngineProfile.functions``); an operation
missing from the table, or whose meaning depends on a type that is not known, raises
:class:`Unsupported` naming the construct.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

from harness.engines.oracle_emulate_base import (
    EMPTY_IS_NULL,
    NLS_DATE_FORMAT,
    T,
    Unsupported,
    _kind,
    _literal_text,
)
from harness.engines.oracle_emulate_base import (  # re-exported for the other layer modules
    NOW_NODES as NOW_NODES,
)
from harness.engines.oracle_emulate_text import TextRules
from harness.oracle.formats import FormatError, check_number_format
from harness.oracle.functions import date_unit


def _number_format(fmt: exp.Expr) -> exp.Expr:
    """A literal number format model must be one the function table implements."""
    literal = _literal_text(fmt)
    if literal is not None:
        try:
            check_number_format(literal)
        except FormatError as exc:
            raise Unsupported(str(exc)) from None
    return fmt


class Emulator(TextRules):
    """Bottom-up rewrite of a (typed) Oracle tree for one engine: dates, numbers, comparisons."""

    def rewrite(self, tree: exp.Expr) -> exp.Expr:
        nodes = list(tree.walk(bfs=False))
        for node in reversed(nodes):  # children before parents
            parent, key, index = node.parent, node.arg_key, node.index
            new = self.visit(node)
            if new is not node:
                if new.type is None and node.type is not None:
                    new.type = node.type
                if node is tree or parent is None:
                    tree = new
                else:
                    # Set through the parent: `new` may wrap `node`, so node.replace() would
                    # look in the wrong place.
                    parent.set(key or "this", new, index)
        for hint in list(tree.find_all(exp.Hint)):
            hint.pop()
        return tree

    def visit(self, node: exp.Expr) -> exp.Expr:
        handler: Callable[[exp.Expr], exp.Expr] | None = HANDLERS.get(type(node))
        if handler is not None:
            return handler(self, node)  # type: ignore[call-arg,arg-type]
        if isinstance(node, NOW_NODES):
            return self.now()
        if isinstance(node, EMPTY_IS_NULL) and not isinstance(node.parent, exp.Nullif):
            return exp.Nullif(this=node, expression=exp.Literal.string(""))
        return node

    def literal(self, node: exp.Literal) -> exp.Expr:
        if node.is_string and node.this == "":
            return exp.Null()  # Oracle has no empty string
        return node

    def data_type(self, node: exp.DataType) -> exp.Expr:
        if node.this == T.DATE:
            return exp.DataType.build(self.profile.type_names["DATE"], dialect=self.profile.dialect)
        if node.this == T.DECIMAL and not node.expressions:
            return exp.DataType.build(
                self.profile.type_names["NUMBER"], dialect=self.profile.dialect
            )
        return node

    def anonymous(self, node: exp.Anonymous) -> exp.Expr:
        name = str(node.this).upper()
        args = node.expressions
        if name == "TO_DATE":
            if len(args) > 2:
                raise Unsupported("TO_DATE with an NLS parameter")
            fmt = self.date_format(args[1] if len(args) > 1 else None)
            return self.call("TO_DATE", self.text(args[0]), fmt)
        if name == "TO_TIMESTAMP":
            if len(args) != 2:
                raise Unsupported("TO_TIMESTAMP without an explicit format")
            return self.call("TO_DATE", self.text(args[0]), self.date_format(args[1]))
        if name in ("TRUNC", "ROUND") and len(args) == 1:
            kind = self.kind(args[0], name)
            if kind == "temporal":
                return self.call(f"{name}_DATE", args[0], exp.Literal.string("DD"))
            return node
        if name == "TO_CHAR":
            if not args or len(args) > 2:
                raise Unsupported("TO_CHAR with an NLS parameter")
            return self.to_char_value(args[0], args[1] if len(args) > 1 else None)
        if name == "REGEXP_COUNT":
            if len(args) != 2:
                raise Unsupported("REGEXP_COUNT with a position or match parameter")
            return self.call("REGEXP_COUNT", *args)
        if name == "INITCAP":
            return self.call("INITCAP", *args)
        return node

    def to_char(self, node: exp.ToChar) -> exp.Expr:
        if node.args.get("nlsparam"):
            raise Unsupported("TO_CHAR with an NLS parameter")
        return self.to_char_value(node.this, node.args.get("format"))

    def to_char_value(self, value: exp.Expr, fmt: exp.Expr | None) -> exp.Expr:
        kind = self.kind(value, "TO_CHAR")
        if kind == "temporal":
            return self.call("TO_CHAR_DATE", value, self.date_format(fmt))
        if kind in ("numeric", "null"):
            if fmt is None:
                return self.call("NUMBER_TEXT", self.text(value))
            return self.call("TO_CHAR_NUMBER", self.text(value), _number_format(fmt))
        if kind == "text" and fmt is None:
            return value
        raise Unsupported(f"TO_CHAR of a {kind} value with a format")

    def to_number(self, node: exp.ToNumber) -> exp.Expr:
        if node.args.get("nlsparam") or node.args.get("default"):
            raise Unsupported("TO_NUMBER with NLS or DEFAULT parameters")
        if _kind(node.this) == "numeric":
            return node.this
        fmt = node.args.get("format")
        if fmt is None:
            return self.call("TO_NUMBER", self.text(node.this))
        return self.call("TO_NUMBER_FMT", self.text(node.this), _number_format(fmt))

    def _unit(self, unit: exp.Expr | None) -> exp.Expr:
        if unit is None:
            return exp.Literal.string("DD")
        if isinstance(unit, exp.Var):
            unit = exp.Literal.string(unit.name)
        literal = _literal_text(unit)
        if literal is not None:
            try:
                date_unit(literal)
            except FormatError as exc:
                raise Unsupported(str(exc)) from None
        return unit

    def date_trunc(self, node: exp.DateTrunc) -> exp.Expr:
        return self.call("TRUNC_DATE", node.this, self._unit(node.args.get("unit")))

    def round_(self, node: exp.Round) -> exp.Expr:
        places = node.args.get("decimals")
        if _literal_text(places) is not None or self.kind(node.this, "ROUND") == "temporal":
            return self.call("ROUND_DATE", node.this, self._unit(places))
        return node

    def trunc(self, node: exp.Trunc) -> exp.Expr:
        places = node.args.get("decimals")
        if _literal_text(places) is not None or self.kind(node.this, "TRUNC") == "temporal":
            return self.call("TRUNC_DATE", node.this, self._unit(places))
        return node

    def add_months(self, node: exp.AddMonths) -> exp.Expr:
        return self.call("ADD_MONTHS", node.this, self.text(node.expression))

    def last_day(self, node: exp.LastDay) -> exp.Expr:
        if node.args.get("unit") is not None:
            raise Unsupported("LAST_DAY with a unit")
        return self.call("LAST_DAY", node.this)

    def months_between(self, node: exp.MonthsBetween) -> exp.Expr:
        return self.call("MONTHS_BETWEEN", node.this, node.expression)

    def next_day(self, node: exp.NextDay) -> exp.Expr:
        return self.call("NEXT_DAY", node.this, node.expression)

    def numeric_operands(self, node: exp.Binary) -> exp.Expr:
        """Oracle converts a character operand of + - * / to NUMBER."""
        for side in (node.this, node.expression):
            if _kind(side) == "text":
                converted = exp.cast(
                    side.copy(),
                    exp.DataType.build(
                        self.profile.type_names["NUMBER"], dialect=self.profile.dialect
                    ),
                )
                converted.type = exp.DataType.build("DECIMAL")
                side.replace(converted)
        return node

    def mod(self, node: exp.Mod) -> exp.Expr:
        """MOD(a, 0) is a in Oracle, an error elsewhere."""
        self.numeric_operands(node)
        divisor = node.expression
        zero = exp.EQ(this=divisor.copy(), expression=exp.Literal.number(0))
        return exp.Case(ifs=[exp.If(this=zero, true=node.this.copy())], default=node)

    def arithmetic(self, node: exp.Add | exp.Sub) -> exp.Expr:
        left, right = node.this, node.expression
        kinds = (_kind(left), _kind(right))
        if "text" in kinds and "temporal" not in kinds:
            return self.numeric_operands(node)
        if "temporal" not in kinds:
            unknown = [
                x
                for x, k in zip((left, right), kinds, strict=True)
                if k == "unknown" and not isinstance(x, exp.Literal)
            ]
            if unknown:
                # It could be a DATE, whose arithmetic differs: refuse rather than guess.
                raise Unsupported(
                    f"+/- on {unknown[0].sql(self.profile.dialect)[:40]}, whose type is not known"
                )
            return node
        if "interval" in kinds:
            return node
        if kinds == ("temporal", "temporal"):
            if isinstance(node, exp.Add):
                raise Unsupported("DATE + DATE")
            return self.call("DATE_DIFF", left, right)
        if kinds[0] == "temporal":
            amount = right if isinstance(node, exp.Add) else exp.Neg(this=exp.Paren(this=right))
            return self.call("DATE_ADD", left, self.text(amount))
        if isinstance(node, exp.Sub):
            raise Unsupported("number - DATE")
        return self.call("DATE_ADD", right, self.text(left))

    def compare(self, node: exp.Binary) -> exp.Expr:
        left, right = node.this, node.expression
        left_kind, right_kind = _kind(left), _kind(right)
        # Oracle converts a string compared with a DATE using NLS_DATE_FORMAT.
        if left_kind == "temporal" and _literal_text(right) is not None:
            right.replace(self.call("TO_DATE", right.copy(), exp.Literal.string(NLS_DATE_FORMAT)))
        elif right_kind == "temporal" and _literal_text(left) is not None:
            left.replace(self.call("TO_DATE", left.copy(), exp.Literal.string(NLS_DATE_FORMAT)))
        elif {left_kind, right_kind} == {"text", "numeric"}:
            # Oracle compares a character value with a number as numbers.
            self.numeric_operands(node)
        elif _blank_padded(left, right):
            for side in (left, right):
                side.replace(exp.Anonymous(this="RTRIM", expressions=[side.copy()]))
        return node

    def with_(self, node: exp.With) -> exp.Expr:
        """Oracle infers recursion from a CTE naming itself; DuckDB and PostgreSQL need the
        RECURSIVE keyword."""
        names = {cte.alias_or_name.upper() for cte in node.expressions}
        for cte in node.expressions:
            if any(
                t.name.upper() in names and not t.args.get("db")
                for t in cte.this.find_all(exp.Table)
            ):
                node.set("recursive", True)
                self._number_anchor(cte)
        return node

    def _number_anchor(self, cte: exp.CTE) -> None:
        """Oracle types a recursive CTE's numeric columns as NUMBER; engines that type the anchor
        INTEGER and the recursive member NUMERIC refuse the mismatch: make the anchor NUMBER."""
        anchor = cte.this
        while isinstance(anchor, exp.SetOperation):
            anchor = anchor.this
        if not isinstance(anchor, exp.Select):
            return
        number = exp.DataType.build(self.profile.type_names["NUMBER"], dialect=self.profile.dialect)
        for item in anchor.expressions:
            inner = item.this if isinstance(item, exp.Alias) else item
            if _kind(inner) == "numeric" and not isinstance(inner, exp.Cast):
                inner.replace(exp.cast(inner.copy(), number.copy()))

    def in_(self, node: exp.In) -> exp.Expr:
        if any(_blank_padded(node.this, e) for e in node.expressions):
            for side in [node.this, *node.expressions]:
                side.replace(exp.Anonymous(this="RTRIM", expressions=[side.copy()]))
        return node


def _is_char(node: exp.Expr | None) -> bool:
    return node is not None and node.type is not None and node.type.this in (T.CHAR, T.NCHAR)


def _blank_padded(left: exp.Expr | None, right: exp.Expr | None) -> bool:
    """Oracle compares CHAR with CHAR or a text literal blank-padded ('AB ' = 'AB')."""

    def text_literal(node: exp.Expr | None) -> bool:
        return isinstance(node, exp.Literal) and node.is_string

    # Two text literals are both CHAR in Oracle, so they compare blank-padded too.
    return (
        (_is_char(left) and (_is_char(right) or text_literal(right)))
        or (_is_char(right) and text_literal(left))
        or (text_literal(left) and text_literal(right))
    )


HANDLERS: dict[type[exp.Expr], Callable[..., exp.Expr]] = {
    exp.Literal: Emulator.literal,
    exp.DataType: Emulator.data_type,
    exp.Anonymous: Emulator.anonymous,
    exp.ToChar: Emulator.to_char,
    exp.ToNumber: Emulator.to_number,
    exp.DateTrunc: Emulator.date_trunc,
    exp.TimestampTrunc: Emulator.date_trunc,
    exp.Round: Emulator.round_,
    exp.Trunc: Emulator.trunc,
    exp.AddMonths: Emulator.add_months,
    exp.LastDay: Emulator.last_day,
    exp.MonthsBetween: Emulator.months_between,
    exp.NextDay: Emulator.next_day,
    exp.Add: Emulator.arithmetic,
    exp.Mul: Emulator.numeric_operands,
    exp.Div: Emulator.numeric_operands,
    exp.Mod: Emulator.mod,
    exp.Concat: Emulator.concat,
    exp.Sub: Emulator.arithmetic,
    exp.StrPosition: Emulator.instr,
    exp.Substring: Emulator.substring,
    exp.DPipe: Emulator.dpipe,
    exp.GroupConcat: Emulator.group_concat,
    exp.Greatest: Emulator.greatest_least,
    exp.Least: Emulator.greatest_least,
    exp.Replace: Emulator.replace,
    exp.RegexpLike: Emulator.regexp_like,
    exp.RegexpSubstr: Emulator.regexp_substr,
    exp.RegexpCount: Emulator.regexp_count,
    exp.RegexpReplace: Emulator.regexp_replace,
    exp.Initcap: Emulator.initcap,
    exp.Pad: Emulator.pad,
    exp.EQ: Emulator.compare,
    exp.NEQ: Emulator.compare,
    exp.GT: Emulator.compare,
    exp.GTE: Emulator.compare,
    exp.LT: Emulator.compare,
    exp.LTE: Emulator.compare,
    exp.In: Emulator.in_,
    exp.With: Emulator.with_,
}
if hasattr(exp, "RegexpInstr"):
    HANDLERS[exp.RegexpInstr] = Emulator.regexp_instr

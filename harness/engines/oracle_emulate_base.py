"""Shared pieces of the Oracle emulation: value kinds, operation types and the helpers every
rule uses (:class:`EmulatorBase`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlglot import exp

from harness.oracle.formats import NLS_DATE_FORMAT, FormatError
from harness.oracle.formats import _tokenize_date_format as check_date_format

if TYPE_CHECKING:
    from harness.engines.oracle_semantics import EngineProfile

T = exp.DataType.Type
TEMPORAL = {
    T.DATE,
    T.TIMESTAMP,
    T.DATETIME,
    T.TIMESTAMPTZ,
    T.TIMESTAMPLTZ,
    T.TIMESTAMP_S,
    T.TIMESTAMP_MS,
    T.TIMESTAMP_NS,
    T.TIMESTAMPNTZ,
    T.DATETIME64,
}
TEXT = {T.VARCHAR, T.CHAR, T.TEXT, T.NVARCHAR, T.NCHAR}
NUMERIC = {
    T.INT,
    T.BIGINT,
    T.SMALLINT,
    T.TINYINT,
    T.UBIGINT,
    T.UINT,
    T.DECIMAL,
    T.DOUBLE,
    T.FLOAT,
    T.BIGDECIMAL,
}
INTEGRAL = {T.INT, T.BIGINT, T.SMALLINT, T.TINYINT, T.UBIGINT, T.UINT}
NOW_NODES = (
    exp.CurrentDate,
    exp.CurrentTimestamp,
    exp.Systimestamp,
    exp.CurrentDatetime,
    exp.Localtimestamp,
)
TEXT_FUNCTIONS = (
    exp.Pad,
    exp.Trim,
    exp.Upper,
    exp.Lower,
    exp.Substring,
    exp.Replace,
    exp.Concat,
    exp.Initcap,
    exp.DPipe,
    exp.GroupConcat,
)
COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE)
# String functions whose empty result must read as NULL, as in Oracle.
EMPTY_IS_NULL = (exp.Trim, exp.Substring, exp.Pad, exp.Translate, exp.Left, exp.Right)


# What each operation returns (so the kind of an enclosing expression is known).
OPERATION_TYPES = {
    "TO_DATE": "TIMESTAMP",
    "TRUNC_DATE": "TIMESTAMP",
    "ROUND_DATE": "TIMESTAMP",
    "ADD_MONTHS": "TIMESTAMP",
    "LAST_DAY": "TIMESTAMP",
    "NEXT_DAY": "TIMESTAMP",
    "DATE_ADD": "TIMESTAMP",
    "DATE_DIFF": "DOUBLE",
    "MONTHS_BETWEEN": "DOUBLE",
    "TO_NUMBER": "DECIMAL",
    "TO_NUMBER_FMT": "DECIMAL",
    "INSTR": "BIGINT",
    "REGEXP_INSTR": "BIGINT",
    "REGEXP_COUNT": "BIGINT",
    "REGEXP_LIKE": "BOOLEAN",
}


class Unsupported(Exception):
    """The construct named in the message cannot be given Oracle's meaning on this engine."""


def _kind(node: exp.Expr | None) -> str:
    """'temporal' | 'text' | 'numeric' | 'null' | 'interval' | 'unknown'."""
    if isinstance(node, (exp.Paren, exp.Neg)):
        return _kind(node.this)
    if isinstance(node, (exp.Mul, exp.Div, exp.Mod, exp.IntDiv)):
        return "numeric"  # Oracle cannot multiply or divide dates; annotations may be stale
    if isinstance(node, exp.Nullif):
        return _kind(node.this)
    if isinstance(node, TEXT_FUNCTIONS):
        return "text"
    if node is None or node.type is None:
        return "unknown"
    this = node.type.this
    if this in TEMPORAL:
        return "temporal"
    if this in TEXT:
        return "text"
    if this in NUMERIC:
        return "numeric"
    if this == T.NULL or isinstance(node, exp.Null):
        return "null"
    if this == T.INTERVAL or isinstance(node, exp.Interval):
        return "interval"
    return "unknown"


def _integral(node: exp.Expr) -> bool:
    if node.type is None:
        return False
    if node.type.this in INTEGRAL:
        return True
    if node.type.this == T.DECIMAL:
        params = [p.this for p in node.type.expressions if isinstance(p, exp.DataTypeParam)]
        return len(params) >= 2 and isinstance(params[1], exp.Literal) and params[1].this == "0"
    return False


def _literal_text(node: exp.Expr | None) -> str | None:
    return node.this if isinstance(node, exp.Literal) and node.is_string else None


class EmulatorBase:
    """One translation's rewriting state: the profile, SYSDATE's value, whether types are known."""

    def __init__(self, profile: EngineProfile, as_of: dt.datetime, typed: bool) -> None:
        self.profile = profile
        self.as_of = as_of
        self.typed = typed

    # ---------------------------------------------------------------- helpers
    def call(self, operation: str, *args: exp.Expr) -> exp.Expr:
        target = self.profile.functions.get(operation)
        if target is None:
            raise Unsupported(f"{operation} on {self.profile.dialect}")
        node = exp.Anonymous(this=target, expressions=list(args))
        node.type = exp.DataType.build(OPERATION_TYPES.get(operation, "VARCHAR"))
        return node

    def text(self, node: exp.Expr) -> exp.Expr:
        return exp.cast(node, exp.DataType.build("VARCHAR"))

    def whole(self, node: exp.Expr, type_name: str = "BIGINT") -> exp.Expr:
        """Oracle truncates fractional positions and counts."""
        if isinstance(node, exp.Literal) and node.is_int:
            return node
        return exp.cast(
            exp.Anonymous(this="TRUNC", expressions=[node]), exp.DataType.build(type_name)
        )

    def kind(self, node: exp.Expr | None, construct: str) -> str:
        found = _kind(node)
        if found == "unknown" and not isinstance(node, exp.Literal):
            raise Unsupported(f"{construct}: the operand's type is not known")
        if found == "unknown" and isinstance(node, exp.Literal):
            return "text" if node.is_string else "numeric"
        return found

    def now(self) -> exp.Expr:
        return exp.cast(
            exp.Literal.string(self.as_of.isoformat(sep=" ")),
            exp.DataType.build(self.profile.type_names["DATE"], dialect=self.profile.dialect),
        )

    def date_format(self, node: exp.Expr | None) -> exp.Expr:
        literal = _literal_text(node)
        if node is None:
            return exp.Literal.string(NLS_DATE_FORMAT)
        if literal is not None:
            try:
                check_date_format(literal)
            except FormatError as exc:
                raise Unsupported(f"date format model {literal!r}: {exc}") from None
        return node

    # ---------------------------------------------------------------- rewriting

"""Oracle semantics for stand-in engines, in one place, on sqlglot's tree.

Every stand-in engine hands the parsed Oracle query to :func:`translate` with its
:class:`EngineProfile` (a table of what that engine needs, never ``if engine == ...``).
The result is engine SQL that gives Oracle's answer, or ``unsupported`` naming the construct
that is not emulated. A stand-in must never give a silently different answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.errors import ErrorLevel, OptimizeError, SqlglotError, UnsupportedError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify
from sqlglot.schema import MappingSchema

from harness.fixture import Column, Table

T = exp.DataType.Type
TEMPORAL = {T.DATE, T.TIMESTAMP, T.DATETIME, T.TIMESTAMPTZ, T.TIMESTAMPLTZ}
TEXT = {T.VARCHAR, T.CHAR, T.TEXT, T.NVARCHAR, T.NCHAR}
INTEGRAL = {T.INT, T.BIGINT, T.SMALLINT, T.TINYINT, T.UBIGINT, T.UINT}

# Constructs no stand-in emulates (all engines). Value: the name shown in the reason.
PSEUDO_COLUMNS = {
    "ROWNUM": "ROWNUM",
    "ROWID": "ROWID",
    "UROWID": "UROWID",
    "LEVEL": "LEVEL pseudo-column",
    "ORA_ROWSCN": "ORA_ROWSCN",
    "CONNECT_BY_ISLEAF": "CONNECT_BY_ISLEAF",
    "CONNECT_BY_ISCYCLE": "CONNECT_BY_ISCYCLE",
    "USER": "USER",
    "UID": "UID",
}
UNEMULATED_FUNCTIONS = {
    "SYS_CONTEXT": "SYS_CONTEXT",
    "USERENV": "USERENV",
    "SYS_CONNECT_BY_PATH": "SYS_CONNECT_BY_PATH",
    "SYS_GUID": "SYS_GUID",
    "DBTIMEZONE": "DBTIMEZONE",
    "SESSIONTIMEZONE": "SESSIONTIMEZONE",
    "ORA_HASH": "ORA_HASH",
    "DUMP": "DUMP",
    "VSIZE": "VSIZE",
    "NLS_INITCAP": "NLS_INITCAP",
    "NLSSORT": "NLSSORT",
}
UNEMULATED_NODES: dict[type[exp.Expr], str] = {
    exp.Connect: "CONNECT BY hierarchical query",
    exp.Prior: "PRIOR",
    exp.ConnectByRoot: "CONNECT_BY_ROOT",
    exp.Version: "flashback query (AS OF)",
    exp.MatchRecognize: "MATCH_RECOGNIZE",
    exp.Pivot: "PIVOT/UNPIVOT",
}
NOW_NODES = (
    exp.CurrentDate,
    exp.CurrentTimestamp,
    exp.Systimestamp,
    exp.CurrentDatetime,
    exp.Localtimestamp,
)
# String functions whose empty result must read as NULL, as in Oracle.
EMPTY_IS_NULL_FUNCS = (
    exp.Trim,
    exp.Substring,
    exp.Replace,
    exp.RegexpReplace,
    exp.Pad,
    exp.Translate,
    exp.Concat,
    exp.Left,
    exp.Right,
)


@dataclass(frozen=True)
class EngineProfile:
    """What one stand-in engine needs from the layer: its dialect and what it cannot do yet."""

    dialect: str
    """sqlglot dialect of the engine."""
    type_names: Mapping[str, str]
    """Oracle type family -> engine type used to load fixtures and annotate queries."""
    unemulated_functions: Mapping[str, str] = field(default_factory=dict)
    """Upper-case function name -> reason, for functions this engine cannot give Oracle's answer."""
    date_arithmetic: bool = False
    """True when DATE +/- number and DATE - DATE give Oracle's answer on this engine."""
    date_trunc_round: bool = False
    """True when TRUNC/ROUND of dates give Oracle's answer."""
    number_to_text: bool = False
    """True when implicit NUMBER/DATE -> VARCHAR2 conversion (|| , LISTAGG) matches Oracle."""
    blank_padded_char: bool = False
    """True when CHAR columns compare with literals blank-padded, as in Oracle."""
    oracle_positions: bool = False
    """True when SUBSTR/INSTR with zero, negative or computed positions and occurrences match."""


# Types used only to annotate the Oracle tree before rewriting (engine-neutral names).
ANALYSIS_PROFILE = EngineProfile(
    dialect="oracle",
    type_names={
        "NUMBER": "DECIMAL(38,10)",
        "VARCHAR2": "VARCHAR",
        "CHAR": "CHAR",
        "DATE": "TIMESTAMP",
        "TIMESTAMP": "TIMESTAMP",
        "CLOB": "VARCHAR",
        "FLOAT": "DOUBLE",
    },
)


@dataclass(frozen=True)
class Translation:
    """Engine SQL, or why there is none."""

    sql: str | None
    status: str = "ok"  # ok | unsupported | error
    reason: str = ""


class _Unsupported(Exception):
    pass


class _Missing(Exception):
    pass


def _column_type(column: Column, profile: EngineProfile) -> str:
    if column.kind == "NUMBER" and column.precision is not None:
        return f"DECIMAL({min(column.precision, 38)},{column.scale or 0})"
    return profile.type_names[column.kind]


def analysis_schema(tables: Mapping[str, Table]) -> MappingSchema:
    """The fixture's columns with engine-neutral types, for qualifying and typing Oracle trees."""
    return MappingSchema(dict(schema_mapping(tables, ANALYSIS_PROFILE)), dialect="oracle")


def schema_mapping(
    tables: Mapping[str, Table], profile: EngineProfile
) -> dict[str, dict[str, str]]:
    mapping = {
        t.name: {c.name: _column_type(c, profile) for c in t.columns} for t in tables.values()
    }
    mapping.setdefault("DUAL", {"DUMMY": "VARCHAR"})
    return mapping


def _scan_unsupported(tree: exp.Expr, profile: EngineProfile) -> None:
    for node in tree.walk():
        for node_type, label in UNEMULATED_NODES.items():
            if isinstance(node, node_type):
                raise _Unsupported(label)
        if isinstance(node, exp.Column):
            if node.args.get("join_mark"):
                raise _Unsupported("(+) outer join")
            ident = node.this
            if (
                not node.table
                and isinstance(ident, exp.Identifier)
                and not ident.quoted
                and ident.name.upper() in PSEUDO_COLUMNS
            ):
                raise _Unsupported(PSEUDO_COLUMNS[ident.name.upper()])
        elif isinstance(node, exp.Window) and str(node.args.get("over", "")).upper() == "KEEP":
            raise _Unsupported("KEEP (DENSE_RANK FIRST/LAST ...)")
        elif isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            raise _Unsupported(f"PL/SQL package call {node.sql('oracle')[:60]}")
        elif isinstance(node, exp.Substring) and not profile.oracle_positions:
            start = node.args.get("start")
            if not (isinstance(start, exp.Literal) and start.is_int and int(start.this) > 0):
                raise _Unsupported("SUBSTR with a zero, negative or computed position")
        elif isinstance(node, exp.StrPosition) and not profile.oracle_positions:
            if node.args.get("position") is not None or node.args.get("occurrence") is not None:
                raise _Unsupported("INSTR with a start position or occurrence")
        elif isinstance(node, exp.Table) and "@" in node.name:
            raise _Unsupported("database link")
        elif isinstance(node, exp.Func):
            name = (str(node.this) if isinstance(node, exp.Anonymous) else node.sql_name()).upper()
            reason = UNEMULATED_FUNCTIONS.get(name) or profile.unemulated_functions.get(name)
            if reason:
                raise _Unsupported(reason)


def _is(node: exp.Expr | None, kinds: set[exp.DType]) -> bool:
    return node is not None and node.type is not None and node.type.this in kinds


COMPARISONS = (exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ)


def _char_vs_literal(left: exp.Expr | None, right: exp.Expr | None) -> bool:
    """Oracle compares CHAR with CHAR or a text literal blank-padded ('AB ' = 'AB')."""

    def is_char(node: exp.Expr | None) -> bool:
        return _is(node, {T.CHAR, T.NCHAR})

    def is_text_literal(node: exp.Expr | None) -> bool:
        return isinstance(node, exp.Literal) and node.is_string

    return (is_char(left) and (is_char(right) or is_text_literal(right))) or (
        is_char(right) and is_text_literal(left)
    )


def _scan_types(tree: exp.Expr, profile: EngineProfile) -> None:
    """Checks that need column types (the tree is qualified and annotated)."""
    for node in tree.walk():
        if not profile.blank_padded_char and (
            (isinstance(node, COMPARISONS) and _char_vs_literal(node.this, node.expression))
            or (
                isinstance(node, exp.In)
                and any(_char_vs_literal(node.this, e) for e in node.expressions)
            )
        ):
            raise _Unsupported("blank-padded comparison of a CHAR column")
        if (
            isinstance(node, (exp.Add, exp.Sub))
            and not profile.date_arithmetic
            and (_is(node.this, TEMPORAL) or _is(node.expression, TEMPORAL))
        ):
            raise _Unsupported("DATE arithmetic (date +/- days, date - date)")
        if isinstance(node, exp.Func) and not profile.date_trunc_round:
            name = (str(node.this) if isinstance(node, exp.Anonymous) else node.sql_name()).upper()
            first = (
                node.this
                if not isinstance(node, exp.Anonymous)
                else (node.expressions[0] if node.expressions else None)
            )
            if isinstance(node, (exp.DateTrunc, exp.TimestampTrunc)) or (
                name in {"TRUNC", "ROUND"}
                and isinstance(first, exp.Expression)
                and _is(first, TEMPORAL)
            ):
                raise _Unsupported("TRUNC/ROUND of a DATE")
        if not profile.number_to_text and isinstance(node, (exp.DPipe, exp.GroupConcat)):
            operands = [node.this, node.expression] if isinstance(node, exp.DPipe) else [node.this]
            for operand in operands:
                if isinstance(operand, exp.Order):
                    operand = operand.this
                if isinstance(operand, exp.Expression) and operand.type is not None:
                    kind = operand.type.this
                    integral = kind in INTEGRAL or (
                        kind == T.DECIMAL and _decimal_scale(operand.type) == 0
                    )
                    if kind not in TEXT and kind not in {T.NULL, T.UNKNOWN} and not integral:
                        raise _Unsupported(
                            f"implicit TO_CHAR of a {operand.type.sql()} value in "
                            f"{'||' if isinstance(node, exp.DPipe) else 'LISTAGG'}"
                        )


def _decimal_scale(dtype: exp.DataType) -> int | None:
    params = [p.this for p in dtype.expressions if isinstance(p, exp.DataTypeParam)]
    if len(params) >= 2 and isinstance(params[1], exp.Literal):
        return int(params[1].this)
    return None


def _map_type(node: exp.DataType, profile: EngineProfile) -> exp.DataType:
    if node.this == T.DATE:
        return exp.DataType.build(profile.type_names["DATE"], dialect=profile.dialect)
    if node.this == T.DECIMAL and not node.expressions:
        return exp.DataType.build(profile.type_names["NUMBER"], dialect=profile.dialect)
    return node


def _null_if_empty(node: exp.Expr) -> exp.Expr:
    return exp.Nullif(this=node, expression=exp.Literal.string(""))


def _resolve_tables(tree: exp.Expr, tables: Mapping[str, Table]) -> exp.Expr:
    """Fixture tables live in one schema: drop owner prefixes (APPS., AP.); unknown -> ORA-00942."""
    cte_names = {cte.alias_or_name.upper() for cte in tree.find_all(exp.CTE)}
    for node in tree.find_all(exp.Table):
        if not isinstance(node.this, exp.Identifier):
            continue
        name = node.name.upper()
        if name in cte_names and not node.args.get("db"):
            continue
        if name not in tables and name != "DUAL":
            raise _Missing(f"ORA-00942: table or view {node.sql('oracle')} does not exist")
        node.set("db", None)
        node.set("catalog", None)
    return tree


def _rewrite(tree: exp.Expr, profile: EngineProfile, as_of: dt.datetime) -> exp.Expr:
    now = exp.cast(
        exp.Literal.string(as_of.isoformat(sep=" ")),
        exp.DataType.build(profile.type_names["DATE"], dialect=profile.dialect),
    )

    def visit(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Hint):
            return exp.Null()  # removed below; hints never change results we emulate
        if isinstance(node, exp.Literal) and node.is_string and node.this == "":
            return exp.Null()
        if isinstance(node, NOW_NODES):
            return now.copy()
        if isinstance(node, exp.DataType):
            return _map_type(node, profile)
        if isinstance(node, exp.StrToDate):
            return exp.StrToTime(this=node.this, format=node.args.get("format"))
        if isinstance(node, exp.DPipe):
            # Oracle's || skips NULLs (and an all-NULL/empty result is NULL): flatten the chain.
            parts: list[exp.Expr] = []
            pending: list[exp.Expr] = [node]
            while pending:
                item = pending.pop()
                if isinstance(item, exp.DPipe):
                    pending.extend([item.expression, item.this])
                else:
                    parts.append(item.transform(visit))
            return _null_if_empty(exp.Concat(expressions=parts, safe=True, coalesce=True))
        if isinstance(node, exp.With):
            names = {cte.alias_or_name.upper() for cte in node.expressions}
            for cte in node.expressions:
                if any(
                    t.name.upper() in names and not t.args.get("db")
                    for t in cte.this.find_all(exp.Table)
                ):
                    node.set("recursive", True)  # Oracle infers it; DuckDB/PostgreSQL need it
            return node
        if isinstance(node, (exp.Greatest, exp.Least)):
            args = [node.this, *node.expressions]
            any_null = exp.or_(*[exp.Is(this=a.copy(), expression=exp.Null()) for a in args])
            return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=node)
        if isinstance(node, exp.Replace):
            if node.args.get("replacement") is None or isinstance(
                node.args.get("replacement"), exp.Null
            ):
                node.set("replacement", exp.Literal.string(""))
            return _null_if_empty(node)
        if isinstance(node, EMPTY_IS_NULL_FUNCS) and not isinstance(node.parent, exp.Nullif):
            return _null_if_empty(node)
        return node

    out = tree.transform(visit, copy=True)
    for hint in list(out.find_all(exp.Hint)):
        hint.pop()
    return out


def _name_output_columns(tree: exp.Expr) -> None:
    """Unaliased output expressions keep Oracle's column name (their upper-cased text), so a
    rewrite (SYSDATE -> CAST(...)) never renames a result column."""
    first = tree
    while isinstance(first, exp.SetOperation):
        first = first.this
    if not isinstance(first, exp.Select):
        return
    for item in first.expressions:
        if isinstance(item, (exp.Alias, exp.Column, exp.Star)):
            continue
        name = item.sql("oracle").upper()[:128]
        item.replace(exp.alias_(item.copy(), exp.to_identifier(name, quoted=True)))


def _limit(tree: exp.Expr, row_limit: int | None) -> None:
    if row_limit is None or not isinstance(tree, exp.Query):
        return
    if tree.args.get("limit") is None and tree.args.get("fetch") is None:
        tree.set("limit", exp.Limit(expression=exp.Literal.number(row_limit)))


def translate(
    tree: exp.Expr,
    *,
    profile: EngineProfile,
    tables: Mapping[str, Table],
    as_of: dt.datetime,
    row_limit: int | None = None,
    schema: MappingSchema | None = None,
) -> Translation:
    """Oracle query tree -> engine SQL with Oracle's meaning, or an honest refusal.

    ``schema`` is :func:`analysis_schema` of ``tables``; engines build it once and pass it.
    """
    try:
        _scan_unsupported(tree, profile)
        base = _resolve_tables(tree.copy(), tables)
        mapping = schema if schema is not None else analysis_schema(tables)
        type_error = ""
        try:
            typed = annotate_types(
                qualify(
                    base.copy(),
                    schema=mapping,
                    dialect="oracle",
                    validate_qualify_columns=False,
                    identify=False,
                ),
                schema=mapping,
                dialect="oracle",
            )
        except (OptimizeError, SqlglotError, KeyError, ValueError) as exc:
            # Unknown columns end as engine errors; but type-dependent Oracle meanings can't be
            # checked without types, so the checks below run on an unannotated tree (strict).
            typed = None
            type_error = str(exc)
        if typed is not None:
            _scan_types(typed, profile)
        else:
            _scan_types_untyped(base, profile, type_error)
        _name_output_columns(base)
        rewritten = _rewrite(base, profile, as_of)
        _limit(rewritten, row_limit)
        sql = rewritten.sql(profile.dialect, unsupported_level=ErrorLevel.RAISE)
    except _Unsupported as exc:
        return Translation(None, "unsupported", f"not emulated on {profile.dialect}: {exc}")
    except _Missing as exc:
        return Translation(None, "error", str(exc))
    except UnsupportedError as exc:
        return Translation(
            None, "unsupported", f"sqlglot cannot transpile to {profile.dialect}: {exc}"
        )
    return Translation(sql)


def _scan_types_untyped(tree: exp.Expr, profile: EngineProfile, why: str) -> None:
    """Without types, refuse only constructs whose meaning depends on them."""
    risky = []
    if not profile.date_arithmetic and any(True for _ in tree.find_all(exp.Add, exp.Sub)):
        risky.append("+/-")
    if not profile.date_trunc_round and any(
        (str(f.this) if isinstance(f, exp.Anonymous) else f.sql_name()).upper()
        in {"TRUNC", "ROUND", "DATE_TRUNC", "TIMESTAMP_TRUNC"}
        for f in tree.find_all(exp.Func)
    ):
        risky.append("TRUNC/ROUND")
    if not profile.number_to_text and any(True for _ in tree.find_all(exp.DPipe, exp.GroupConcat)):
        risky.append("||/LISTAGG")
    if risky:
        raise _Unsupported(f"cannot type-check {', '.join(risky)} ({why.splitlines()[0][:120]})")

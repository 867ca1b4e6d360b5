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

from harness.engines import oracle_hierarchy, oracle_structural
from harness.engines.oracle_dialect import NAME as ORACLE
from harness.engines.oracle_emulate import NOW_NODES as NOW_NODES
from harness.engines.oracle_emulate import Emulator, Unsupported
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
    "LEVEL": "LEVEL outside CONNECT BY",
    "ORA_ROWSCN": "ORA_ROWSCN",
    "CONNECT_BY_ISLEAF": "CONNECT_BY_ISLEAF",
    "CONNECT_BY_ISCYCLE": "CONNECT_BY_ISCYCLE",
    "USER": "USER",
    "UID": "UID",
}
UNEMULATED_FUNCTIONS = {
    "SYS_CONTEXT": "SYS_CONTEXT",
    "USERENV": "USERENV",
    "NUMTODSINTERVAL": "NUMTODSINTERVAL",
    "NUMTOYMINTERVAL": "NUMTOYMINTERVAL",
    "TO_DSINTERVAL": "TO_DSINTERVAL",
    "TO_YMINTERVAL": "TO_YMINTERVAL",
    "LNNVL": "LNNVL",
    "NANVL": "NANVL",
    "WIDTH_BUCKET": "WIDTH_BUCKET",
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
    exp.Version: "flashback query (AS OF)",
    exp.MatchRecognize: "MATCH_RECOGNIZE",
    exp.Pivot: "PIVOT/UNPIVOT",
}


@dataclass(frozen=True)
class EngineProfile:
    """What one stand-in engine needs from the layer: a table, never ``if engine == ...``."""

    dialect: str
    """sqlglot dialect of the engine."""
    type_names: Mapping[str, str]
    """Oracle type family -> engine type used to load fixtures and annotate queries."""
    functions: Mapping[str, str] = field(default_factory=dict)
    """Layer operation (TO_CHAR_DATE, ADD_MONTHS, DATE_ADD, ...) -> engine function giving
    Oracle's result with a fixed argument list. A missing operation is reported unsupported."""
    unemulated_functions: Mapping[str, str] = field(default_factory=dict)
    """Upper-case Oracle function name -> reason, for functions this engine cannot emulate."""


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


class MissingTable(Exception):
    """A query names a table the fixture does not have (Oracle: ORA-00942)."""


def _column_type(column: Column, profile: EngineProfile) -> str:
    if column.kind == "NUMBER" and column.precision is not None:
        return f"DECIMAL({min(column.precision, 38)},{column.scale or 0})"
    return profile.type_names[column.kind]


def analysis_schema(tables: Mapping[str, Table]) -> MappingSchema:
    """The fixture's columns with engine-neutral types, for qualifying and typing Oracle trees."""
    return MappingSchema(dict(schema_mapping(tables, ANALYSIS_PROFILE)), dialect=ORACLE)


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
                raise Unsupported(label)
        if isinstance(node, exp.Column):
            if node.args.get("join_mark"):
                raise Unsupported("(+) outer join in this position")
            ident = node.this
            if (
                not node.table
                and isinstance(ident, exp.Identifier)
                and not ident.quoted
                and ident.name.upper() in PSEUDO_COLUMNS
            ):
                raise Unsupported(PSEUDO_COLUMNS[ident.name.upper()])
        elif isinstance(node, exp.LimitOptions) and (
            node.args.get("percent") or node.args.get("with_ties")
        ):
            raise Unsupported("FETCH ... PERCENT / WITH TIES")
        elif isinstance(node, exp.Window) and str(node.args.get("over", "")).upper() == "KEEP":
            raise Unsupported("KEEP (DENSE_RANK FIRST/LAST ...)")
        elif isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            raise Unsupported(f"PL/SQL package call {node.sql('oracle')[:60]}")
        elif isinstance(node, exp.Table) and "@" in node.name:
            raise Unsupported("database link")
        elif isinstance(node, exp.Func):
            name = (str(node.this) if isinstance(node, exp.Anonymous) else node.sql_name()).upper()
            reason = UNEMULATED_FUNCTIONS.get(name) or profile.unemulated_functions.get(name)
            if reason:
                raise Unsupported(reason)


def _cte_in_scope(table: exp.Table, name: str) -> bool:
    """Is `name` a CTE visible where `table` stands (an enclosing WITH, defined no later than the
    CTE the table sits in, itself included for recursion)?"""
    child: exp.Expr = table
    parent = table.parent
    while parent is not None:
        if isinstance(parent, exp.With):
            ctes = parent.expressions
            position = next((i for i, c in enumerate(ctes) if c is child), len(ctes))
            if any(c.alias_or_name.upper() == name for c in ctes[: position + 1]):
                return True
        elif (
            isinstance(parent, exp.Query)
            and parent.args.get("with_") is not None
            and (child is not parent.args["with_"])
            and any(c.alias_or_name.upper() == name for c in parent.args["with_"].expressions)
        ):
            return True
        child, parent = parent, parent.parent
    return False


def fixture_tables(tree: exp.Expr, tables: Mapping[str, Table]) -> list[exp.Table]:
    """The table references that name fixture tables (CTEs in scope are left out); the first
    reference to anything else raises ORA-00942 as Oracle does."""
    found = []
    for node in tree.find_all(exp.Table):
        if not isinstance(node.this, exp.Identifier):
            continue
        name = node.name.upper()
        if not node.args.get("db") and _cte_in_scope(node, name):
            continue
        if name not in tables and name != "DUAL":
            raise MissingTable(f"ORA-00942: table or view {node.sql('oracle')} does not exist")
        found.append(node)
    return found


def _resolve_tables(tree: exp.Expr, tables: Mapping[str, Table]) -> exp.Expr:
    """Fixture tables live in one schema: drop owner prefixes (APPS., AP.); unknown -> ORA-00942."""
    for node in fixture_tables(tree, tables):
        node.set("db", None)
        node.set("catalog", None)
    return tree


def name_output_columns(tree: exp.Expr) -> None:
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
        name = item.sql(ORACLE).upper()[:128]
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
        base = _resolve_tables(tree.copy(), tables)
        oracle_hierarchy.connect_by(base)
        oracle_structural.outer_joins(base)
        oracle_structural.rownum(base)
        _scan_unsupported(base, profile)
        name_output_columns(base)
        mapping = schema if schema is not None else analysis_schema(tables)
        try:
            typed: exp.Expr | None = annotate_types(
                qualify(
                    base.copy(),
                    schema=mapping,
                    dialect=ORACLE,
                    validate_qualify_columns=False,
                    identify=False,
                ),
                schema=mapping,
                dialect=ORACLE,
            )
        except (OptimizeError, SqlglotError, KeyError, ValueError):
            # Without types, the emulator refuses whatever depends on them.
            typed = None
        if typed is not None:
            _type_cte_columns(typed)
        work = Emulator(profile, as_of, typed=typed is not None).rewrite(
            typed if typed is not None else base
        )
        _limit(work, row_limit)
        sql = work.sql(profile.dialect, unsupported_level=ErrorLevel.RAISE)
    except Unsupported as exc:
        return Translation(None, "unsupported", f"not emulated on {profile.dialect}: {exc}")
    except MissingTable as exc:
        return Translation(None, "error", str(exc))
    except UnsupportedError as exc:
        return Translation(
            None, "unsupported", f"sqlglot cannot transpile to {profile.dialect}: {exc}"
        )
    except RecursionError:
        return Translation(None, "unsupported", "statement nests too deeply to translate")
    return Translation(sql)


def _type_cte_columns(tree: exp.Expr) -> None:
    """Give columns read from a (recursive) CTE the type of the anchor member's expression;
    sqlglot leaves them unknown, and the emulator refuses arithmetic on unknown types."""
    ctes = {cte.alias_or_name.upper(): cte for cte in tree.find_all(exp.CTE)}
    if not ctes:
        return
    for column in tree.find_all(exp.Column):
        if column.type is not None and column.type.this != exp.DType.UNKNOWN:
            continue
        select = column.find_ancestor(exp.Select)
        if select is None:
            continue
        sources = [j.this for j in select.args.get("joins") or []]
        if select.args.get("from_") is not None:
            sources.append(select.args["from_"].this)
        cte_sources = [s for s in sources if isinstance(s, exp.Table) and s.name.upper() in ctes]
        if column.table:
            table = next(
                (s for s in cte_sources if s.alias_or_name.upper() == column.table.upper()), None
            )
        else:  # sqlglot leaves columns of a recursive member unqualified
            table = cte_sources[0] if len(sources) == 1 and cte_sources else None
        if table is None:
            continue
        cte = ctes[table.name.upper()]
        anchor = cte.this
        while isinstance(anchor, exp.SetOperation):
            anchor = anchor.this
        if not isinstance(anchor, exp.Select):
            continue
        alias = cte.args.get("alias")
        names = (
            [c.name.upper() for c in alias.columns]
            if alias is not None and alias.columns
            else [s.alias_or_name.upper() for s in anchor.selects]
        )
        if column.name.upper() in names:
            position = names.index(column.name.upper())
            if position < len(anchor.selects):
                column.type = anchor.selects[position].type


def rewrite_statement(tree: exp.Expr, profile: EngineProfile, as_of: dt.datetime) -> exp.Expr:
    """Emulate Oracle in a statement without types (fixture INSERTs: literals and TO_DATE)."""
    return Emulator(profile, as_of, typed=False).rewrite(tree)

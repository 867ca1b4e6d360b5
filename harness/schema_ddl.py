"""Render fixture tables as Oracle DDL with comments: the schema text of prompts and corpora.

One renderer serves the training corpus and (later) evaluation prompts, so the schema a model
is trained on and the schema it is evaluated with look the same.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.errors import HarnessError
from harness.fixture import Fixture, Table


def render_table(table: Table, *, comments: bool = True) -> str:
    """``CREATE TABLE`` for one table; column comments as trailing ``--`` remarks."""
    width = max(len(c.name) for c in table.columns) + 1
    lines = []
    if comments and table.comment:
        lines.append(f"-- {table.comment}")
    lines.append(f"CREATE TABLE {table.name} (")
    body = []
    for col in table.columns:
        null = " NOT NULL" if not col.nullable else ""
        body.append(f"  {col.name.ljust(width)}{col.oracle_type}{null}")
    if table.primary_key:
        body.append(f"  PRIMARY KEY ({', '.join(table.primary_key)})")
    for i, text in enumerate(body):
        sep = "," if i < len(body) - 1 else ""
        note = table.columns[i].comment if i < len(table.columns) else None
        remark = f" -- {note}" if comments and note else ""
        lines.append(text + sep + remark)
    lines.append(");")
    return "\n".join(lines)


def render_schema(fixture: Fixture, names: Iterable[str], *, comments: bool = True) -> str:
    """DDL for the named tables, in the order given, separated by blank lines."""
    out = []
    for name in names:
        table = fixture.tables.get(name.upper())
        if table is None:
            raise HarnessError(f"table {name.upper()} is not in fixture {fixture.name}")
        out.append(render_table(table, comments=comments))
    return "\n\n".join(out)


def tables_in_sql(sql: str, fixture: Fixture) -> list[str]:
    """Fixture tables a query reads, in order of first appearance (CTE names excluded)."""
    try:
        tree = sqlglot.parse_one(sql, read=ORACLE)
    except SqlglotError as exc:
        raise HarnessError(f"cannot parse SQL to find its tables: {exc}") from None
    ctes = {cte.alias_or_name.upper() for cte in tree.find_all(exp.CTE)}
    seen: list[str] = []
    for node in tree.find_all(exp.Table):
        name = node.name.upper()
        if name in fixture.tables and name not in ctes and name not in seen:
            seen.append(name)
    return seen

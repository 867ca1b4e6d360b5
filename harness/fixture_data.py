"""The INSERT statements of a fixture's data files, parsed and checked once for every engine."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.engines.oracle_emulate_base import NOW_NODES
from harness.errors import FixtureError
from harness.fixture import Column, Fixture, Table
from harness.sqlfile import split_statements


@dataclass(frozen=True)
class DataStatement:
    """One INSERT of a data file: where it is, its Oracle text and its parsed tree."""

    where: str
    line: int
    text: str
    tree: exp.Insert
    """As written (an owner prefix such as APPS. is kept; see :meth:`local_tree`)."""

    def local_tree(self) -> exp.Insert:
        """A copy whose target table has no owner prefix: fixtures live in one schema."""
        tree = self.tree.copy()
        target = tree.find(exp.Table)
        if target is not None:
            target.set("db", None)
        return tree


def csv_columns(fixture: Fixture, path: Path) -> tuple[Table, list[Column]]:
    """The table a ``data/<TABLE>.csv`` fills and the columns its header names, in order."""
    table = fixture.tables[path.stem.upper()]
    with path.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise FixtureError(f"{path}:1: CSV needs a header row naming columns")
    columns = []
    for name in header:
        column = table.column(name.strip())
        if column is None:
            raise FixtureError(f"{path}:1: column {name!r} is not in table {table.name}")
        columns.append(column)
    return table, columns


def insert_statements(fixture: Fixture, path: Path) -> list[DataStatement]:
    """Each INSERT of a data file, checked; anything else is a FixtureError naming file:line."""
    try:
        statements = split_statements(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise FixtureError(f"{path}: cannot tokenize: {exc}") from None
    out: list[DataStatement] = []
    for stmt in statements:
        where = f"{path}:{stmt.line}"
        try:
            tree = sqlglot.parse_one(stmt.text, read=ORACLE)
        except SqlglotError as exc:
            raise FixtureError(f"{where}: cannot parse: {str(exc).splitlines()[0]}") from None
        if not isinstance(tree, exp.Insert):
            raise FixtureError(f"{where}: data files may hold only INSERT statements")
        target = tree.find(exp.Table)
        if target is None or target.name.upper() not in fixture.tables:
            raise FixtureError(
                f"{where}: INSERT into a table not in schema.sql "
                f"({target.name if target is not None else '?'})"
            )
        if any(True for _ in tree.find_all(*NOW_NODES)):
            raise FixtureError(
                f"{where}: SYSDATE in fixture data is not reproducible; write the date as a literal"
            )
        out.append(DataStatement(where, stmt.line, stmt.text, tree))
    return out

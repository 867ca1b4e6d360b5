"""The INSERT statements of a fixture's data files, parsed and checked once for every engine."""

from __future__ import annotations

from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.engines.oracle_emulate_base import NOW_NODES
from harness.errors import FixtureError
from harness.fixture import Fixture
from harness.sqlfile import split_statements


def insert_statements(fixture: Fixture, path: Path) -> list[tuple[str, exp.Insert]]:
    """(``file:line``, INSERT tree) for each statement; anything else is a FixtureError there."""
    try:
        statements = split_statements(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise FixtureError(f"{path}: cannot tokenize: {exc}") from None
    out: list[tuple[str, exp.Insert]] = []
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
        target.set("db", None)
        if any(True for _ in tree.find_all(*NOW_NODES)):
            raise FixtureError(
                f"{where}: SYSDATE in fixture data is not reproducible; write the date as a literal"
            )
        out.append((where, tree))
    return out

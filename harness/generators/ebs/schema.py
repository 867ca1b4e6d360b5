"""A compact way to declare EBS tables once, for both ``schema.sql`` and the CSV writers.

Columns are written ``name TYPE[!]``, one per line or comma-separated, where TYPE is ``N``
(NUMBER), ``N15`` (NUMBER(15)), ``N15_2`` (NUMBER(15,2)), ``V30`` (VARCHAR2(30)), ``D`` (DATE),
``T`` (TIMESTAMP), ``F`` (FLOAT) or ``L`` (CLOB), and ``!`` marks NOT NULL. Tables declared with
``who=True`` get the five standard WHO columns appended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WHO_COLUMNS = (
    ("created_by", "NUMBER(15)", True),
    ("creation_date", "DATE", True),
    ("last_updated_by", "NUMBER(15)", True),
    ("last_update_date", "DATE", True),
    ("last_update_login", "NUMBER(15)", False),
)
_TYPE = re.compile(r"^(N|V|D|T|F|L)(\d+)?(?:_(\d+))?(!?)$")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    oracle_type: str
    not_null: bool


@dataclass
class TableSpec:
    """One table: its columns (in CSV order), primary key and the comment shown in prompts."""

    name: str
    comment: str
    columns: list[ColumnSpec]
    primary_key: tuple[str, ...]
    column_comments: dict[str, str] = field(default_factory=dict)

    def ddl(self) -> str:
        width = max(len(c.name) for c in self.columns) + 2
        body = []
        for col in self.columns:
            null = " NOT NULL" if col.not_null or col.name in self.primary_key else ""
            body.append(f"  {col.name.ljust(width)}{col.oracle_type}{null}")
        if self.primary_key:
            pk_name = f"{self.name[:26]}_pk"
            body.append(f"  CONSTRAINT {pk_name} PRIMARY KEY ({', '.join(self.primary_key)})")
        lines = [f"CREATE TABLE {self.name} (", ",\n".join(body), ");"]
        lines.append(f"COMMENT ON TABLE {self.name} IS {_quote(self.comment)};")
        for name, text in self.column_comments.items():
            lines.append(f"COMMENT ON COLUMN {self.name}.{name} IS {_quote(text)};")
        return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _oracle_type(code: str, where: str) -> tuple[str, bool]:
    match = _TYPE.match(code)
    if match is None:
        raise ValueError(f"{where}: bad column type {code!r}")
    kind, size, scale, bang = match.groups()
    if kind == "N":
        text = "NUMBER" if size is None else f"NUMBER({size}{',' + scale if scale else ''})"
    elif kind == "V":
        text = f"VARCHAR2({size})"
    else:
        text = {"D": "DATE", "T": "TIMESTAMP", "F": "FLOAT", "L": "CLOB"}[kind]
    return text, bang == "!"


def table(
    name: str,
    comment: str,
    columns: str,
    *,
    pk: str,
    who: bool = True,
    notes: dict[str, str] | None = None,
) -> TableSpec:
    """Declare a table; ``pk`` is a comma-separated column list ('' for none, as GL_BALANCES
    has in EBS), ``notes`` column comments."""
    cols: list[ColumnSpec] = []
    for item in re.split(r"[,\n]", columns):
        if not item.strip():
            continue
        col_name, code = item.split()
        oracle_type, not_null = _oracle_type(code, f"{name}.{col_name}")
        cols.append(ColumnSpec(col_name.lower(), oracle_type, not_null))
    if who:
        cols.extend(ColumnSpec(n, t, nn) for n, t, nn in WHO_COLUMNS)
    names = [c.name for c in cols]
    if len(set(names)) != len(names):
        raise ValueError(f"{name}: a column is declared twice")
    key = tuple(k.strip().lower() for k in pk.split(",") if k.strip())
    unknown = [k for k in key if k not in names]
    unknown += [c for c in (notes or {}) if c not in names]
    if unknown:
        raise ValueError(f"{name}: unknown columns {unknown}")
    return TableSpec(name.lower(), comment, cols, key, dict(notes or {}))

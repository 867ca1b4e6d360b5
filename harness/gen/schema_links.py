"""Join hints between fixture tables, derived from keys and EBS naming conventions.

EBS declares almost no foreign keys. A column of one table that equals the primary key of
another (``AP_INVOICES_ALL.VENDOR_ID`` -> ``AP_SUPPLIERS.VENDOR_ID``; composite keys such as
``(INVENTORY_ITEM_ID, ORGANIZATION_ID)`` included) is a join path, and the multi-org and ledger
columns follow EBS conventions (``ORG_ID`` -> ``HR_OPERATING_UNITS.ORGANIZATION_ID``,
``SET_OF_BOOKS_ID`` -> ``GL_LEDGERS.LEDGER_ID``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from harness.fixture import Fixture

CONVENTIONS = {
    "ORG_ID": ("HR_OPERATING_UNITS", "ORGANIZATION_ID"),
    "SET_OF_BOOKS_ID": ("GL_LEDGERS", "LEDGER_ID"),
}


@dataclass(frozen=True)
class Link:
    table: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]

    def hint(self) -> str:
        pairs = " AND ".join(
            f"{self.table}.{a} = {self.ref_table}.{b}"
            for a, b in zip(self.columns, self.ref_columns, strict=True)
        )
        return f"-- {self.table} can be joined with {self.ref_table}: {pairs}"


@lru_cache(maxsize=8)
def _links_cached(fixture_hash: str, fixture: Fixture) -> tuple[Link, ...]:
    links: list[Link] = []
    keyed = {name: tuple(t.primary_key) for name, t in fixture.tables.items() if t.primary_key}
    for name, table in fixture.tables.items():
        cols = {c.name for c in table.columns}
        own = tuple(table.primary_key)
        for ref, key in keyed.items():
            if ref == name or not set(key) <= cols or key == own:
                continue
            if key == ("ORGANIZATION_ID",) and ref != "HR_ALL_ORGANIZATION_UNITS":
                continue  # ORGANIZATION_ID means an HR organization; OUs come via ORG_ID
            links.append(Link(name, key, ref, key))
        for col, (ref, ref_col) in CONVENTIONS.items():
            if col in cols and ref in fixture.tables and ref != name:
                links.append(Link(name, (col,), ref, (ref_col,)))
    return tuple(links)


def links(fixture: Fixture) -> tuple[Link, ...]:
    return _links_cached(fixture.content_hash, fixture)


def hints_for(fixture: Fixture, tables: list[str]) -> list[str]:
    """Join hints among the given tables only."""
    shown = set(tables)
    return [
        link.hint() for link in links(fixture) if link.table in shown and link.ref_table in shown
    ]


def neighbours(fixture: Fixture, table: str) -> list[str]:
    """Tables that ``table`` references (one hop)."""
    return sorted({lk.ref_table for lk in links(fixture) if lk.table == table})

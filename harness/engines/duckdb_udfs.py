"""Oracle functions registered in DuckDB as Python UDFs: the DuckDB function table.

The semantics layer emits calls to ``ora_*`` (see ``DUCKDB_FUNCTIONS``); their bodies are the
Python implementations in :mod:`harness.oracle`, so one piece of code defines Oracle's meaning.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import duckdb

from harness.oracle import formats, functions

# Semantics-layer operation -> DuckDB function name (arity is fixed per operation).
DUCKDB_FUNCTIONS: dict[str, str] = {
    "TO_DATE": "ora_to_date",
    "TO_CHAR_DATE": "ora_to_char_date",
    "TO_CHAR_NUMBER": "ora_to_char_number",
    "NUMBER_TEXT": "ora_number_text",
    "TO_NUMBER": "ora_to_number",
    "TO_NUMBER_FMT": "ora_to_number_fmt",
    "TRUNC_DATE": "ora_trunc_date",
    "ROUND_DATE": "ora_round_date",
    "ADD_MONTHS": "ora_add_months",
    "LAST_DAY": "ora_last_day",
    "MONTHS_BETWEEN": "ora_months_between",
    "NEXT_DAY": "ora_next_day",
    "DATE_ADD": "ora_date_add",
    "DATE_DIFF": "ora_date_diff",
    "INSTR": "ora_instr",
    "SUBSTR": "ora_substr",
    "SUBSTR_FROM": "ora_substr_from",
    "INITCAP": "ora_initcap",
    "REGEXP_LIKE": "ora_regexp_like",
    "REGEXP_SUBSTR": "ora_regexp_substr",
    "REGEXP_INSTR": "ora_regexp_instr",
    "REGEXP_COUNT": "ora_regexp_count",
    "REGEXP_REPLACE": "ora_regexp_replace",
}

TS, TXT, DBL, INT, BOOL = "TIMESTAMP", "VARCHAR", "DOUBLE", "BIGINT", "BOOLEAN"
NUM = "DECIMAL(38,10)"


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _udfs(as_of: dt.datetime) -> list[tuple[str, Callable[..., Any], list[str], str]]:
    return [
        ("TO_DATE", lambda s, f: formats.to_date(s, f, as_of), [TXT, TXT], TS),
        ("TO_CHAR_DATE", formats.to_char_date, [TS, TXT], TXT),
        ("TO_CHAR_NUMBER", lambda v, f: formats.to_char_number(_dec(v), f), [TXT, TXT], TXT),
        ("NUMBER_TEXT", lambda v: formats.number_text(_dec(v)), [TXT], TXT),
        ("TO_NUMBER", lambda s: formats.to_number(s), [TXT], NUM),
        ("TO_NUMBER_FMT", formats.to_number, [TXT, TXT], NUM),
        ("TRUNC_DATE", functions.trunc_date, [TS, TXT], TS),
        ("ROUND_DATE", functions.round_date, [TS, TXT], TS),
        ("ADD_MONTHS", lambda d, n: functions.add_months(d, _dec(n)), [TS, TXT], TS),
        ("LAST_DAY", functions.last_day, [TS], TS),
        ("MONTHS_BETWEEN", functions.months_between, [TS, TS], DBL),
        ("NEXT_DAY", functions.next_day, [TS, TXT], TS),
        ("DATE_ADD", lambda d, n: functions.date_add(d, _dec(n)), [TS, TXT], TS),
        ("DATE_DIFF", functions.date_diff, [TS, TS], DBL),
        ("INSTR", functions.instr, [TXT, TXT, INT, INT], INT),
        ("SUBSTR", lambda s, p, n: functions.substr(s, p, n, True), [TXT, INT, INT], TXT),
        ("SUBSTR_FROM", lambda s, p: functions.substr(s, p), [TXT, INT], TXT),
        ("INITCAP", functions.initcap, [TXT], TXT),
        ("REGEXP_LIKE", functions.regexp_like, [TXT, TXT, TXT], BOOL),
        ("REGEXP_SUBSTR", functions.regexp_substr, [TXT, TXT, INT, INT, TXT, INT], TXT),
        ("REGEXP_INSTR", functions.regexp_instr, [TXT, TXT, INT, INT], INT),
        ("REGEXP_COUNT", functions.regexp_count, [TXT, TXT], INT),
        ("REGEXP_REPLACE", functions.regexp_replace, [TXT, TXT, TXT, INT, INT, TXT], TXT),
    ]


# Functions whose NULL arguments do not simply give NULL (Oracle treats them specially).
SPECIAL_NULLS = {"REGEXP_LIKE", "REGEXP_SUBSTR", "REGEXP_REPLACE"}


def _strict(body: Callable[..., Any]) -> Callable[..., Any]:
    """NULL in any argument gives NULL, as for most Oracle functions."""

    @functools.wraps(body)  # DuckDB reads the wrapped signature for the argument count
    def call(*args: Any) -> Any:
        return None if any(a is None for a in args) else body(*args)

    return call


def register_oracle_functions(conn: duckdb.DuckDBPyConnection, as_of: dt.datetime) -> None:
    """Register every ``ora_*`` function the semantics layer may emit for DuckDB."""
    for operation, body, params, returns in _udfs(as_of):
        conn.create_function(  # type: ignore[call-overload]
            DUCKDB_FUNCTIONS[operation],
            body if operation in SPECIAL_NULLS else _strict(body),
            params,
            returns,
            null_handling="special",  # our functions return NULL themselves (e.g. SUBSTR)
            side_effects=False,
        )

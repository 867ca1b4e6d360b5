"""Result-set equivalence, as in shared/research/scoring-rules.md.

Cells: NULL equals only NULL; exact numbers compare exactly; floats after rounding to 12
significant digits; canonical decimal strings equal numbers; dates, timestamps and ISO strings
compare as timestamps; strings exactly after NFC. Rows: bags. Columns: names ignored, a
one-to-one mapping of gold columns onto predicted columns with rows kept aligned. Order: only
when the gold's top-level query has ORDER BY, with ties free to swap, also at a FETCH FIRST cut-off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Any

FLOAT_DIGITS = 12
_FLOAT_CONTEXT = Context(prec=FLOAT_DIGITS)
# '2014', '-3.50', '0.5' are decimal strings; '007', ' 1', '1e3', '+1', '.5' are not.
DECIMAL_STRING = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
ISO_TEMPORAL = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?")
MAX_MAPPINGS = 2000

Row = tuple[Any, ...]


@dataclass
class GoldAnswer:
    """A gold result prepared for comparison."""

    rows: list[Row]
    """Visible gold rows (in engine order)."""
    ordered: bool = False
    """The gold's top-level query has ORDER BY: order is checked up to ties."""
    keys: list[Row] | None = None
    """ORDER BY key values per row (same length as rows); None when keys could not be derived."""
    boundary_candidates: list[Row] | None = None
    """For ORDER BY ... FETCH FIRST n: every row (beyond the cut-off too) tied with the last kept
    row. A prediction may hold any of them in place of the gold's tied rows."""
    columns: list[str] = field(default_factory=list)
    """Gold column names, for messages."""


@dataclass
class Comparison:
    """Outcome of one gold/prediction comparison."""

    match: bool
    reason: str
    vacuous: bool = False
    mapping: tuple[int, ...] | None = None


@dataclass(frozen=True)
class _PairMode:
    numeric: bool
    temporal: bool
    round_float: bool
    decimals: int | None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (int, Decimal)):
        return "num"
    if isinstance(value, (dt.date, dt.datetime)):
        return "temporal"
    if isinstance(value, str):
        return "str"
    return "other"


def _round(value: Decimal, mode: _PairMode) -> Decimal:
    if mode.round_float and value.is_finite():
        value = _FLOAT_CONTEXT.plus(value)
    if mode.decimals is not None and value.is_finite():
        with contextlib.suppress(InvalidOperation):
            value = value.quantize(Decimal(1).scaleb(-mode.decimals), rounding=ROUND_HALF_UP)
    return value


def _parse_iso(text: str) -> dt.datetime | None:
    if not ISO_TEMPORAL.fullmatch(text):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def normalize_cell(value: Any, mode: _PairMode, empty_is_null: bool = True) -> Any:
    """A hashable key: two cells are equal exactly when their keys are equal."""
    if value is None:
        return None
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, float):
        if math.isnan(value):
            return ("nan",)
        return (
            "num",
            _round(Decimal(repr(value)) if math.isfinite(value) else Decimal(value), mode),
        )
    if isinstance(value, (int, Decimal)):
        return ("num", _round(Decimal(value), mode))
    if isinstance(value, dt.datetime):
        return ("ts", value.replace(tzinfo=None) if value.tzinfo is None else value)
    if isinstance(value, dt.date):
        return ("ts", dt.datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value)
        if empty_is_null and text == "":
            return None  # Oracle has no empty string: '' is NULL
        if mode.numeric and DECIMAL_STRING.fullmatch(text):
            return ("num", _round(Decimal(text), mode))
        if mode.temporal:
            parsed = _parse_iso(text)
            if parsed is not None:
                return ("ts", parsed)
        return ("str", text)
    if isinstance(value, dt.timedelta):
        return ("td", value)
    return ("other", type(value).__name__, repr(value))


def _column_kinds(rows: Sequence[Row], index: int) -> set[str]:
    return {_kind(row[index]) for row in rows}


class _Columns:
    """Lazily normalized columns for each (gold column, predicted column) pair."""

    def __init__(
        self,
        gold_rows: Sequence[Row],
        pred_rows: Sequence[Row],
        decimals: int | None,
        empty_is_null: bool,
    ) -> None:
        self.gold_rows = gold_rows
        self.pred_rows = pred_rows
        self.decimals = decimals
        self.empty_is_null = empty_is_null
        width_g = len(gold_rows[0]) if gold_rows else 0
        width_p = len(pred_rows[0]) if pred_rows else 0
        self.gold_kinds = [_column_kinds(gold_rows, j) for j in range(width_g)]
        self.pred_kinds = [_column_kinds(pred_rows, c) for c in range(width_p)]
        self._cache: dict[tuple[int, int], tuple[list[Any], list[Any]]] = {}

    def mode(self, j: int, c: int) -> _PairMode:
        kinds = (self.gold_kinds[j] if j < len(self.gold_kinds) else set()) | (
            self.pred_kinds[c] if c < len(self.pred_kinds) else set()
        )
        return _PairMode(
            numeric=bool(kinds & {"num", "float"}),
            temporal="temporal" in kinds,
            round_float="float" in kinds,
            decimals=self.decimals,
        )

    def pair(self, j: int, c: int) -> tuple[list[Any], list[Any]]:
        key = (j, c)
        if key not in self._cache:
            mode = self.mode(j, c)
            gold = [normalize_cell(r[j], mode, self.empty_is_null) for r in self.gold_rows]
            pred = [normalize_cell(r[c], mode, self.empty_is_null) for r in self.pred_rows]
            self._cache[key] = (gold, pred)
        return self._cache[key]


def _blocks(keys: Sequence[Row]) -> list[tuple[int, int]]:
    """Consecutive runs of equal ORDER BY keys, as (start, end) index pairs."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start]:
            out.append((start, i))
            start = i
    return out


def _preview(row: Row, limit: int = 6) -> str:
    cells = [repr(v) for v in row[:limit]]
    return "(" + ", ".join(cells) + (", ..." if len(row) > limit else "") + ")"


def _mappings(cols: _Columns, n_gold: int, n_pred: int, loose: bool) -> Iterator[tuple[int, ...]]:
    """Injective maps gold column -> predicted column whose value bags agree (all when loose)."""
    candidates: list[list[int]] = []
    for j in range(n_gold):
        options = []
        for c in range(n_pred):
            gold_col, pred_col = cols.pair(j, c)
            if loose or Counter(gold_col) == Counter(pred_col):
                options.append(c)
        candidates.append(options)
    # Identity first: most predictions keep the gold's column order.
    for j, options in enumerate(candidates):
        options.sort(key=lambda c, idx=j: (c != idx, c))  # type: ignore[misc]
    chosen: list[int] = []
    used: set[int] = set()

    def walk(j: int) -> Iterator[tuple[int, ...]]:
        if j == n_gold:
            yield tuple(chosen)
            return
        for c in candidates[j]:
            if c in used:
                continue
            chosen.append(c)
            used.add(c)
            yield from walk(j + 1)
            chosen.pop()
            used.discard(c)

    yield from walk(0)


def _project(cols: _Columns, mapping: tuple[int, ...]) -> tuple[list[Row], list[Row]]:
    pairs = [cols.pair(j, c) for j, c in enumerate(mapping)]
    n_gold = len(cols.gold_rows)
    n_pred = len(cols.pred_rows)
    gold = [tuple(p[0][i] for p in pairs) for i in range(n_gold)]
    pred = [tuple(p[1][i] for p in pairs) for i in range(n_pred)]
    return gold, pred


def _normalize_rows(rows: Sequence[Row], template: _Columns, mapping: tuple[int, ...]) -> list[Row]:
    """Normalize extra gold-shaped rows (boundary candidates) with the modes of a mapping."""
    modes = [template.mode(j, c) for j, c in enumerate(mapping)]
    return [
        tuple(normalize_cell(row[j], modes[j], template.empty_is_null) for j in range(len(mapping)))
        for row in rows
    ]


def _check_rows(
    gold: list[Row], pred: list[Row], answer: GoldAnswer, candidates: list[Row] | None
) -> str | None:
    """None when rows agree; otherwise why not."""
    if (not answer.ordered or answer.keys is None) and candidates is None:
        if Counter(gold) == Counter(pred):
            return None
        missing = list((Counter(gold) - Counter(pred)).elements())
        extra = list((Counter(pred) - Counter(gold)).elements())
        parts = []
        if missing:
            parts.append(f"{len(missing)} gold row(s) missing, e.g. {_preview(missing[0])}")
        if extra:
            parts.append(f"{len(extra)} unexpected row(s), e.g. {_preview(extra[0])}")
        return "; ".join(parts)
    blocks = _blocks(answer.keys) if answer.keys is not None else [(0, len(gold))]
    for number, (start, end) in enumerate(blocks):
        gold_block = Counter(gold[start:end])
        pred_block = Counter(pred[start:end])
        is_last = number == len(blocks) - 1
        if is_last and candidates is not None:
            if not (pred_block - Counter(candidates)):
                continue
            return f"rows {start + 1}-{end} are not among the rows tied at the FETCH FIRST cut-off"
        if gold_block != pred_block:
            if Counter(gold) == Counter(pred):
                return (
                    f"same rows in a different order (first difference at row {start + 1}; "
                    "the gold has ORDER BY)"
                )
            missing = list((gold_block - pred_block).elements())
            return (
                f"rows {start + 1}-{end} differ, e.g. gold has {_preview(missing[0])}"
                if missing
                else f"rows {start + 1}-{end} differ"
            )
    return None


def compare(
    answer: GoldAnswer,
    pred_rows: Sequence[Row],
    pred_width: int,
    *,
    pred_truncated: bool = False,
    decimals: int | None = None,
    extra_columns: bool = False,
    empty_is_null: bool = True,
) -> Comparison:
    """Compare a prediction's rows with one gold answer under the scoring rules."""
    gold_rows = answer.rows
    gold_width = len(answer.columns) if answer.columns else (len(gold_rows[0]) if gold_rows else 0)
    if pred_width < gold_width or (pred_width > gold_width and not extra_columns):
        return Comparison(False, f"{pred_width} column(s), the gold has {gold_width}")
    if pred_truncated:
        return Comparison(False, f"more rows than the gold's {len(gold_rows)}")
    if len(pred_rows) != len(gold_rows):
        return Comparison(False, f"{len(pred_rows)} row(s), the gold has {len(gold_rows)}")
    if not gold_rows:
        return Comparison(True, "both results are empty", vacuous=True)
    cols = _Columns(gold_rows, pred_rows, decimals, empty_is_null)
    tie_cut = answer.ordered and answer.keys is not None and answer.boundary_candidates is not None
    first_reason: str | None = None
    for tried, mapping in enumerate(_mappings(cols, gold_width, pred_width, loose=tie_cut), 1):
        if tried > MAX_MAPPINGS:
            return Comparison(False, f"gave up after {MAX_MAPPINGS} column mappings")
        gold, pred = _project(cols, mapping)
        candidates = None
        if tie_cut and answer.boundary_candidates is not None:
            candidates = _normalize_rows(answer.boundary_candidates, cols, mapping)
        why = _check_rows(gold, pred, answer, candidates)
        if why is None:
            return Comparison(True, "results match", mapping=mapping)
        first_reason = first_reason or why
    if first_reason is None:
        unmatched = next(
            (
                j
                for j in range(gold_width)
                if not any(
                    Counter(cols.pair(j, c)[0]) == Counter(cols.pair(j, c)[1])
                    for c in range(pred_width)
                )
            ),
            0,
        )
        name = answer.columns[unmatched] if unmatched < len(answer.columns) else str(unmatched + 1)
        return Comparison(
            False, f"no predicted column holds the values of gold column {unmatched + 1} ({name})"
        )
    return Comparison(False, first_reason)

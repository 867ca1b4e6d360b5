"""Shared plumbing: the streaming CSV writer, seeded randomness, ids, dates, money and rates."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

from harness.generators.ebs.schema import TableSpec

AS_OF = dt.datetime(2024, 6, 30)
"""The suites freeze SYSDATE here; nothing is created after it (some things are dated after)."""
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2024, 6, 28)
"""Last business day before AS_OF: the last day with transactions."""
END_OF_TIME = dt.datetime(4712, 12, 31)
MONTHS = [(y, m) for y in (2023, 2024) for m in range(1, 13) if (y, m) <= (2024, 6)]
MON = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
CURRENCIES = ("USD", "EUR", "GBP")
CENT = Decimal("0.01")


def money(cents: int) -> str:
    """Integer cents as a plain decimal string (``-12.05``)."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def convert(cents: int, rate: Decimal) -> int:
    """Cents in another currency at ``rate``, rounded half up as EBS does."""
    return int((Decimal(cents) * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_cents(total: int, parts: int, rng: random.Random) -> list[int]:
    """``total`` split into ``parts`` non-zero pieces (same sign) that sum exactly to it."""
    if parts <= 1 or abs(total) < parts * 100:
        return [total]
    weights = [rng.randint(2, 10) for _ in range(parts)]
    scale = sum(weights)
    pieces = [total * w // scale if total >= 0 else -(-total * w // scale) for w in weights]
    pieces[-1] += total - sum(pieces)
    return pieces


def period_name(day: dt.date) -> str:
    return f"{MON[day.month - 1]}-{day.year % 100:02d}"


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def business_day(day: dt.date, *, back: bool = False) -> dt.date:
    """``day`` moved to a weekday (forward, or back with ``back``)."""
    step = dt.timedelta(days=-1 if back else 1)
    while day.weekday() >= 5:
        day += step
    return day


def add_days(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def at_time(
    rng: random.Random, day: dt.date, start_hour: int = 7, end_hour: int = 19
) -> dt.datetime:
    """``day`` at a random time of the working day."""
    seconds = rng.randrange(start_hour * 3600, end_hour * 3600)
    return midnight(day) + dt.timedelta(seconds=seconds)


def random_day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """A random weekday between ``first`` and ``last`` (inclusive, clipped to weekdays)."""
    span = (last - first).days
    day = first + dt.timedelta(days=rng.randint(0, max(span, 0)))
    moved = business_day(day)
    return moved if moved <= last else business_day(day, back=True)


def month_days(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    last = min(month_end(year, month), LAST_DAY)
    return first, last


def _datetime(value: dt.datetime) -> str:
    if value.hour == value.minute == value.second == 0:
        return f"{value:%Y-%m-%d}"
    return f"{value:%Y-%m-%d %H:%M:%S}"


def _text(value: str) -> str:
    if value == "":
        raise ValueError("empty string: Oracle has none, write None")
    return value


_FORMATS: dict[type, Callable[[Any], str]] = {
    str: _text,
    int: str,
    dt.datetime: _datetime,
    dt.date: dt.date.isoformat,
    Decimal: lambda value: format(value, "f"),
    type(None): lambda _value: "",
}


def _cell(value: Any) -> str:
    """CSV text of a value; exact types only (no bool, no float: money goes through money())."""
    try:
        return _FORMATS[type(value)](value)
    except KeyError:
        raise TypeError(f"cannot write {type(value).__name__} {value!r}") from None


class Writer:
    """One open CSV file per table; rows are written as they are made, never kept."""

    def __init__(self, data_dir: Path, specs: Iterable[TableSpec]) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        self._index: dict[str, dict[str, int]] = {}
        self.counts: dict[str, int] = {}
        for spec in specs:
            handle = (data_dir / f"{spec.name.upper()}.csv").open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow([c.name.upper() for c in spec.columns])
            self._files[spec.name] = handle
            self._writers[spec.name] = writer
            self._index[spec.name] = {c.name: i for i, c in enumerate(spec.columns)}
            self.counts[spec.name] = 0

    def row(self, table: str, values: dict[str, Any]) -> None:
        index = self._index[table]
        cells = [""] * len(index)
        for name, value in values.items():
            try:
                cells[index[name]] = _cell(value)
            except KeyError:
                raise KeyError(f"{table} has no column {name}") from None
        self._writers[table].writerow(cells)
        self.counts[table] += 1

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()


class Ctx:
    """What every module shares: scale, seeded randomness, id sequences and master data."""

    def __init__(self, out: Writer, scale: float, seed: int) -> None:
        self.out = out
        self.scale = scale
        self.seed = seed
        self._ids: dict[str, int] = {}
        self.rates: dict[tuple[str, str, dt.date], Decimal] = {}
        # Master data filled in by the modules, in build order (see build.py).
        self.data: dict[str, Any] = {}

    def rng(self, name: str) -> random.Random:
        """An independent stream per module: changing one module leaves the others' data alone."""
        return random.Random(f"ebs:{self.seed}:{name}")

    def n(self, base: float, minimum: int = 1) -> int:
        """How many of something at this scale."""
        return max(minimum, round(base * self.scale))

    def n_random(self, rng: random.Random, base: float) -> int:
        """A per-period count that averages ``base * scale`` (fractions become a coin flip)."""
        expected = base * self.scale
        whole = int(expected)
        return whole + (1 if rng.random() < expected - whole else 0)

    def next_id(self, sequence: str, start: int = 1000) -> int:
        value = self._ids.get(sequence, start)
        self._ids[sequence] = value + 1
        return value

    def rate(self, from_cur: str, to_cur: str, day: dt.date) -> Decimal:
        """The Corporate daily rate; weekends and holidays use the previous business day."""
        if from_cur == to_cur:
            return Decimal(1)
        probe = day
        for _ in range(10):
            found = self.rates.get((from_cur, to_cur, probe))
            if found is not None:
                return found
            probe -= dt.timedelta(days=1)
        raise KeyError(f"no {from_cur}->{to_cur} rate near {day}")

    def who(
        self,
        created: dt.datetime,
        user: int,
        updated: dt.datetime | None = None,
        by: int | None = None,
    ) -> dict[str, Any]:
        """The five WHO columns: CREATED_BY / LAST_UPDATED_BY hold FND_USER.USER_ID values."""
        return {
            "created_by": user,
            "creation_date": created,
            "last_updated_by": by if by is not None else user,
            "last_update_date": updated if updated is not None else created,
            "last_update_login": None,
        }

    def emit(self, table: str, values: dict[str, Any]) -> None:
        self.out.row(table, values)

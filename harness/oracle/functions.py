"""Oracle date, string and regular-expression functions with Oracle's NULL and edge rules."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal

from harness.oracle.formats import FormatError


def _last_day(value: dt.datetime) -> int:
    return calendar.monthrange(value.year, value.month)[1]


def add_months(value: dt.datetime | None, months: Decimal | int | None) -> dt.datetime | None:
    """End-of-month rule: from a month's last day, or past the target month's end, the result
    is the target month's last day. The time of day is kept."""
    if value is None or months is None:
        return None
    n = int(Decimal(months))  # Oracle truncates a fractional month count
    index = value.year * 12 + value.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    day = last if value.day == _last_day(value) else min(value.day, last)
    return value.replace(year=year, month=month, day=day)


def last_day(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value.replace(day=_last_day(value))


def months_between(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    months = (a.year - b.year) * 12 + (a.month - b.month)
    if a.day == b.day or (a.day == _last_day(a) and b.day == _last_day(b)):
        return float(months)
    seconds_a = a.hour * 3600 + a.minute * 60 + a.second
    seconds_b = b.hour * 3600 + b.minute * 60 + b.second
    days = (a.day - b.day) + (seconds_a - seconds_b) / 86400
    return months + days / 31


def next_day(value: dt.datetime | None, day_name: str | None) -> dt.datetime | None:
    if value is None or day_name is None:
        return None
    names = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
    wanted = day_name.strip().upper()
    index = next((i for i, n in enumerate(names) if n == wanted or n[:3] == wanted), None)
    if index is None:
        raise ValueError(f"ORA-01846: not a valid day of the week ({day_name!r})")
    ahead = (index - value.weekday() - 1) % 7 + 1
    return value + dt.timedelta(days=ahead)


def date_add(value: dt.datetime | None, days: Decimal | float | int | None) -> dt.datetime | None:
    """DATE + n: n days (fractions allowed), kept to whole seconds as an Oracle DATE is."""
    if value is None or days is None:
        return None
    seconds = int((Decimal(str(days)) * 86400).to_integral_value())
    return value.replace(microsecond=0) + dt.timedelta(seconds=seconds)


def date_diff(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    """DATE - DATE: days, with fractions."""
    if a is None or b is None:
        return None
    return (a - b).total_seconds() / 86400


# TRUNC/ROUND(date, fmt): format -> unit
_UNITS = {
    "CC": "century",
    "SCC": "century",
    "SYYYY": "year",
    "YYYY": "year",
    "YEAR": "year",
    "SYEAR": "year",
    "YYY": "year",
    "YY": "year",
    "Y": "year",
    "RRRR": "year",
    "RR": "year",
    "IYYY": "isoyear",
    "IY": "isoyear",
    "I": "isoyear",
    "Q": "quarter",
    "MONTH": "month",
    "MON": "month",
    "MM": "month",
    "RM": "month",
    "WW": "week_of_year",
    "IW": "iso_week",
    "W": "week_of_month",
    "DDD": "day",
    "DD": "day",
    "J": "day",
    "DAY": "week_start",
    "DY": "week_start",
    "D": "week_start",
    "HH": "hour",
    "HH12": "hour",
    "HH24": "hour",
    "MI": "minute",
}


def date_unit(fmt: str | None) -> str:
    unit = _UNITS.get((fmt or "DD").strip().upper())
    if unit is None:
        raise FormatError(f"TRUNC/ROUND date format {fmt!r} is not valid")
    return unit


def trunc_date(value: dt.datetime | None, fmt: str | None = None) -> dt.datetime | None:
    if value is None:
        return None
    unit = date_unit(fmt)
    day = value.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "century":
        return day.replace(year=(value.year - 1) // 100 * 100 + 1, month=1, day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    if unit == "isoyear":
        iso_year = value.isocalendar()[0]
        return dt.datetime.fromisocalendar(iso_year, 1, 1)
    if unit == "quarter":
        return day.replace(month=(value.month - 1) // 3 * 3 + 1, day=1)
    if unit == "month":
        return day.replace(day=1)
    if unit == "week_of_year":  # same weekday as January 1
        jan1 = day.replace(month=1, day=1)
        return day - dt.timedelta(days=(day - jan1).days % 7)
    if unit == "iso_week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "week_of_month":  # same weekday as the 1st of the month
        return day - dt.timedelta(days=(day.day - 1) % 7)
    if unit == "week_start":  # Sunday (NLS_TERRITORY AMERICA)
        return day - dt.timedelta(days=(day.weekday() + 1) % 7)
    if unit == "hour":
        return value.replace(minute=0, second=0, microsecond=0)
    if unit == "minute":
        return value.replace(second=0, microsecond=0)
    return day


def round_date(value: dt.datetime | None, fmt: str | None = None) -> dt.datetime | None:
    if value is None:
        return None
    unit = date_unit(fmt)
    start = trunc_date(value, fmt)
    assert start is not None
    if unit == "year":
        return start if value.month < 7 else start.replace(year=start.year + 1)
    if unit == "quarter":
        month_in_quarter = (value.month - 1) % 3
        up = month_in_quarter == 2 or (month_in_quarter == 1 and value.day >= 16)
        return add_months(start, 3) if up else start
    if unit == "month":
        return add_months(start, 1) if value.day >= 16 else start
    if unit == "day":
        return start + dt.timedelta(days=1) if value.hour >= 12 else start
    if unit == "hour":
        return start + dt.timedelta(hours=1) if value.minute >= 30 else start
    if unit == "minute":
        return start + dt.timedelta(minutes=1) if value.second >= 30 else start
    raise FormatError(f"ROUND(date, {fmt!r}) is not emulated")


# ---------------------------------------------------------------- strings


def instr(
    text: str | None, sub: str | None, position: int | None = 1, occurrence: int | None = 1
) -> int | None:
    if text is None or sub is None or position is None or occurrence is None:
        return None
    position, occurrence = int(position), int(occurrence)
    if occurrence < 1:
        raise ValueError(f"ORA-01428: argument '{occurrence}' is out of range")
    if position == 0:
        return 0
    if position > 0:
        start = position - 1
        for _ in range(occurrence):
            found = text.find(sub, start)
            if found < 0:
                return 0
            start = found + 1
        return found + 1
    # Negative position: search backwards, starting at that many characters from the end.
    end = len(text) + position + 1
    if end < 1:
        return 0
    for _ in range(occurrence):
        found = text.rfind(sub, 0, end + len(sub) - 1)
        if found < 0:
            return 0
        end = found
    return found + 1


def substr(
    text: str | None, position: int | None, length: int | None = None, has_length: bool = False
) -> str | None:
    if text is None or position is None or (has_length and length is None):
        return None
    position = int(position)
    if position == 0:
        position = 1
    if position < 0:
        position = len(text) + position + 1
        if position < 1:
            return None
    start = position - 1
    if has_length:
        length = int(length)  # type: ignore[arg-type]
        if length < 1:
            return None
        out = text[start : start + length]
    else:
        out = text[start:]
    return out or None


def initcap(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"[A-Za-z0-9]+", lambda m: m.group()[0].upper() + m.group()[1:].lower(), text)


# ---------------------------------------------------------------- regular expressions

_POSIX_CLASSES = {
    "[:alpha:]": "a-zA-Z",
    "[:digit:]": "0-9",
    "[:alnum:]": "a-zA-Z0-9",
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:space:]": r"\s",
    "[:punct:]": r"!-/:-@\[-`{-~",
    "[:xdigit:]": "0-9A-Fa-f",
    "[:blank:]": r" \t",
    "[:cntrl:]": r"\x00-\x1f\x7f",
    "[:print:]": r"\x20-\x7e",
    "[:graph:]": r"\x21-\x7e",
}


def _compile(pattern: str, flags: str | None) -> re.Pattern[str]:
    for posix, python in _POSIX_CLASSES.items():
        pattern = pattern.replace(posix, python)
    if "m" not in (flags or ""):
        # Oracle's $ matches only at the very end; Python's also before a final newline.
        pattern = re.sub(r"(?<!\\)\$", r"\\Z", pattern)
    value = 0
    for flag in flags or "":
        if flag == "i":
            value |= re.IGNORECASE
        elif flag == "c":
            value &= ~re.IGNORECASE
        elif flag == "n":
            value |= re.DOTALL
        elif flag == "m":
            value |= re.MULTILINE
        elif flag == "x":
            value |= re.VERBOSE
        else:
            raise ValueError(f"ORA-01760: illegal match parameter {flag!r}")
    return re.compile(pattern, value)


def _check_range(position: int, occurrence: int) -> None:
    if int(position) < 1 or int(occurrence) < 1:
        raise ValueError(
            f"ORA-01428: argument '{min(int(position), int(occurrence))}' is out of range"
        )


def regexp_like(text: str | None, pattern: str | None, flags: str | None = None) -> bool | None:
    if text is None or pattern is None:
        return None
    return _compile(pattern, flags).search(text) is not None


def regexp_substr(
    text: str | None,
    pattern: str | None,
    position: int | None = 1,
    occurrence: int | None = 1,
    flags: str | None = None,
    group: int | None = 0,
) -> str | None:
    if text is None or pattern is None or position is None or occurrence is None:
        return None
    _check_range(position, occurrence)
    matches = list(_compile(pattern, flags).finditer(text, int(position) - 1))
    if len(matches) < int(occurrence):
        return None
    found = matches[int(occurrence) - 1].group(int(group or 0))
    return found or None


def regexp_instr(
    text: str | None, pattern: str | None, position: int | None = 1, occurrence: int | None = 1
) -> int | None:
    if text is None or pattern is None or position is None or occurrence is None:
        return None
    _check_range(position, occurrence)
    matches = list(_compile(pattern, None).finditer(text, int(position) - 1))
    if len(matches) < int(occurrence):
        return 0
    return matches[int(occurrence) - 1].start() + 1


def regexp_count(text: str | None, pattern: str | None) -> int | None:
    if text is None or pattern is None:
        return None
    return len(_compile(pattern, None).findall(text))


def regexp_replace(
    text: str | None,
    pattern: str | None,
    replacement: str | None = None,
    position: int | None = 1,
    occurrence: int | None = 0,
    flags: str | None = None,
) -> str | None:
    if text is None:
        return None
    if pattern is None:
        return text
    _check_range(position or 1, 1 + int(occurrence or 0))
    regex = _compile(pattern, flags)
    repl = re.sub(r"\\(\d)", r"\\g<\1>", replacement or "")
    start = int(position or 1) - 1
    head, tail = text[:start], text[start:]
    if not occurrence:
        out = head + regex.sub(repl, tail)
    else:
        matches = list(regex.finditer(tail))
        if len(matches) < int(occurrence):
            return text
        m = matches[int(occurrence) - 1]
        out = head + tail[: m.start()] + m.expand(repl) + tail[m.end() :]
    return out or None

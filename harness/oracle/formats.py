"""Oracle datetime and number format models (TO_CHAR, TO_DATE, TO_NUMBER) and number text.

NLS settings are Oracle's defaults for AMERICAN_AMERICA: NLS_DATE_FORMAT 'DD-MON-RR', English
month and day names, '.' decimal and ',' group separators, weeks starting on Sunday for 'D'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

NLS_DATE_FORMAT = "DD-MON-RR"
ORACLE_PRECISION = Context(prec=40)
# What TO_NUMBER accepts without a format (no NaN, Infinity or digit separators).
ORACLE_NUMBER_TEXT = re.compile(
    r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
)  # NUMBER keeps up to 38-40 significant digits
MONTHS = [calendar.month_name[i].upper() for i in range(1, 13)]
DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
NAME_WIDTH = 9  # longest English month/day name: names are blank-padded to it unless FM

# Longest first, so 'MONTH' wins over 'MON' and 'MM', 'HH24' over 'HH'.
DATE_TOKENS = [
    "SYYYY",
    "SSSSS",
    "MONTH",
    "HH24",
    "HH12",
    "YYYY",
    "RRRR",
    "IYYY",
    "A.M.",
    "P.M.",
    "YYY",
    "MON",
    "DDD",
    "DAY",
    "FF1",
    "FF2",
    "FF3",
    "FF4",
    "FF5",
    "FF6",
    "FF7",
    "FF8",
    "FF9",
    "YY",
    "RR",
    "MM",
    "DD",
    "DY",
    "HH",
    "MI",
    "SS",
    "AM",
    "PM",
    "IW",
    "WW",
    "FF",
    "FM",
    "FX",
    "Y",
    "Q",
    "D",
    "W",
    "J",
]
PUNCTUATION = set(" -/,.;:")


class FormatError(ValueError):
    """An Oracle format model element this emulation does not support (or an invalid one)."""


def _tokenize_date_format(fmt: str) -> list[tuple[str, str]]:
    """[(kind, text)]: kind 'tok' (upper-cased element, original text kept) or 'lit'."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(fmt):
        ch = fmt[i]
        if ch == '"':
            end = fmt.find('"', i + 1)
            if end < 0:
                raise FormatError("unterminated quoted text in format")
            out.append(("lit", fmt[i + 1 : end]))
            i = end + 1
            continue
        if ch in PUNCTUATION:
            out.append(("lit", ch))
            i += 1
            continue
        upper = fmt[i:].upper()
        for token in DATE_TOKENS:
            if upper.startswith(token):
                out.append(("tok", fmt[i : i + len(token)]))
                i += len(token)
                break
        else:
            raise FormatError(f"format element {fmt[i:]!r} is not supported")
    return out


def _cased(name: str, pattern: str) -> str:
    if len(pattern) > 1 and pattern[0].isupper() and pattern[1].islower():
        return name.capitalize()
    return name.upper() if pattern[0].isupper() else name.lower()


def to_char_date(value: dt.datetime | None, fmt: str | None) -> str | None:
    if value is None:
        return None
    fmt = fmt or NLS_DATE_FORMAT
    fill = False  # FM toggles fill mode: no padding of names, no leading zeros
    parts: list[str] = []
    for kind, text in _tokenize_date_format(fmt):
        if kind == "lit":
            parts.append(text)
            continue
        token = text.upper()

        def num(v: int, width: int, fill: bool = fill) -> str:
            return str(v) if fill else str(v).zfill(width)

        if token == "FM":
            fill = not fill
        elif token == "FX":
            continue
        elif token in ("YYYY", "RRRR", "SYYYY", "IYYY"):
            year = value.isocalendar()[0] if token == "IYYY" else value.year
            parts.append(num(year, 4))
        elif token == "YYY":
            parts.append(str(value.year)[-3:])
        elif token in ("YY", "RR"):
            parts.append(str(value.year)[-2:])
        elif token == "Y":
            parts.append(str(value.year)[-1:])
        elif token == "MM":
            parts.append(num(value.month, 2))
        elif token == "MON":
            parts.append(_cased(MONTHS[value.month - 1][:3], text))
        elif token == "MONTH":
            name = _cased(MONTHS[value.month - 1], text)
            parts.append(name if fill else name.ljust(NAME_WIDTH))
        elif token == "DD":
            parts.append(num(value.day, 2))
        elif token == "DDD":
            parts.append(num(value.timetuple().tm_yday, 3))
        elif token == "DY":
            parts.append(_cased(DAYS[value.weekday()][:3], text))
        elif token == "DAY":
            name = _cased(DAYS[value.weekday()], text)
            parts.append(name if fill else name.ljust(NAME_WIDTH))
        elif token == "D":
            parts.append(str((value.weekday() + 1) % 7 + 1))  # Sunday = 1 (AMERICA)
        elif token == "HH24":
            parts.append(num(value.hour, 2))
        elif token in ("HH", "HH12"):
            parts.append(num((value.hour % 12) or 12, 2))
        elif token == "MI":
            parts.append(num(value.minute, 2))
        elif token == "SS":
            parts.append(num(value.second, 2))
        elif token == "SSSSS":
            parts.append(num(value.hour * 3600 + value.minute * 60 + value.second, 5))
        elif token in ("AM", "PM", "A.M.", "P.M."):
            marker = "AM" if value.hour < 12 else "PM"
            if "." in token:
                marker = marker[0] + "." + marker[1] + "."
            parts.append(marker if text[0].isupper() else marker.lower())
        elif token == "Q":
            parts.append(str((value.month - 1) // 3 + 1))
        elif token == "IW":
            parts.append(num(value.isocalendar()[1], 2))
        elif token == "WW":
            parts.append(num((value.timetuple().tm_yday - 1) // 7 + 1, 2))
        elif token == "W":
            parts.append(str((value.day - 1) // 7 + 1))
        elif token == "J":
            parts.append(num(value.toordinal() + 1721425, 7))
        elif token.startswith("FF"):
            digits = int(token[2:]) if len(token) > 2 else 6
            parts.append(f"{value.microsecond:06d}"[:digits].ljust(digits, "0"))
        else:  # pragma: no cover - every token is handled above
            raise FormatError(f"format element {text!r} is not supported")
    return "".join(parts)


def _rr_year(two_digits: int, now: dt.datetime) -> int:
    current = now.year % 100
    century = now.year - current
    if two_digits < 50:
        return century + two_digits if current < 50 else century + 100 + two_digits
    return century + two_digits if current >= 50 else century - 100 + two_digits


def to_date(text: str | None, fmt: str | None, now: dt.datetime) -> dt.datetime | None:
    """Oracle TO_DATE: lenient about punctuation and case; missing year/month default to now's."""
    if text is None:
        return None
    fmt = fmt or NLS_DATE_FORMAT
    year, month, day = now.year, now.month, 1
    hour = minute = second = micro = 0
    pm: bool | None = None
    pos = 0
    s = text

    def digits(limit: int) -> int:
        nonlocal pos
        match = re.match(rf"[+-]?\d{{1,{limit}}}", s[pos:])
        if not match:
            raise ValueError(
                f"ORA-01858: a non-numeric character was found where a numeric "
                f"was expected ({text!r} with format {fmt!r})"
            )
        pos += match.end()
        return int(match.group())

    def name(options: list[str], allow_abbrev: bool) -> int:
        nonlocal pos
        rest = s[pos:].upper()
        for index, full in enumerate(options):
            if rest.startswith(full):
                pos += len(full)
                return index
        if allow_abbrev:
            for index, full in enumerate(options):
                if rest.startswith(full[:3]):
                    pos += 3
                    return index
        raise ValueError(f"ORA-01843: not a valid month ({text!r})")

    for kind, ftext in _tokenize_date_format(fmt):
        while pos < len(s) and s[pos] == " ":
            pos += 1
        if kind == "lit":
            # Oracle lets any punctuation stand for any punctuation.
            if pos < len(s) and not s[pos].isalnum():
                pos += 1
            continue
        token = ftext.upper()
        if token in ("FM", "FX"):
            continue
        if token in ("YYYY", "SYYYY", "RRRR"):
            start = pos
            value = digits(4)
            year = _rr_year(value, now) if token == "RRRR" and pos - start <= 2 else value
        elif token == "YYY":
            year = now.year // 1000 * 1000 + digits(3)
        elif token == "YY":
            year = now.year // 100 * 100 + digits(2)
        elif token == "RR":
            start = pos
            value = digits(4)
            year = _rr_year(value, now) if pos - start <= 2 else value
        elif token == "Y":
            year = now.year // 10 * 10 + digits(1)
        elif token == "MM":
            month = digits(2)
        elif token == "MON" or token == "MONTH":
            month = name(MONTHS, True) + 1
        elif token == "DD":
            day = digits(2)
        elif token in ("DY", "DAY"):
            name(DAYS, True)
        elif token == "DDD":
            yday = digits(3)
            base = dt.datetime(year, 1, 1) + dt.timedelta(days=yday - 1)
            month, day = base.month, base.day
        elif token == "HH24":
            hour = digits(2)
        elif token in ("HH", "HH12"):
            hour = digits(2)
            if pm is None:
                pm = False
        elif token == "MI":
            minute = digits(2)
        elif token == "SS":
            second = digits(2)
        elif token == "SSSSS":
            total = digits(5)
            hour, minute, second = total // 3600, total % 3600 // 60, total % 60
        elif token in ("AM", "PM", "A.M.", "P.M."):
            rest = s[pos:].upper()
            for marker in ("A.M.", "P.M.", "AM", "PM"):
                if rest.startswith(marker):
                    pm = marker.startswith("P")
                    pos += len(marker)
                    break
            else:
                raise ValueError(f"ORA-01855: AM/A.M. or PM/P.M. required ({text!r})")
        elif token.startswith("FF"):
            match = re.match(r"\d{1,9}", s[pos:])
            if not match:
                raise ValueError(f"ORA-01858: fractional seconds expected ({text!r})")
            pos += match.end()
            micro = int(match.group()[:6].ljust(6, "0"))
        elif token == "J":
            julian = digits(7)
            base = dt.datetime.fromordinal(julian - 1721425)
            year, month, day = base.year, base.month, base.day
        else:
            raise FormatError(f"format element {ftext!r} is not supported in TO_DATE")
    if s[pos:].strip():
        raise ValueError(
            f"ORA-01830: date format picture ends before converting entire input "
            f"string ({text!r} with format {fmt!r})"
        )
    if pm is not None and hour <= 12:
        hour = hour % 12 + (12 if pm else 0)
    try:
        return dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError as exc:
        raise ValueError(f"ORA-01847/01839: invalid date ({text!r}): {exc}") from None


# ---------------------------------------------------------------- numbers

NUMBER_FORMAT = re.compile(
    r"(?P<fm>FM)?(?P<lead>S|\$|L)?(?P<lead2>\$)?(?P<int>[90,G]*)(?:(?P<dot>[.D])(?P<frac>[90]*))?"
    r"(?P<trail>MI|S|PR)?",
    re.IGNORECASE,
)


def check_number_format(fmt: str) -> None:
    match = NUMBER_FORMAT.fullmatch(fmt)
    if not match or not (match.group("int") or match.group("frac")):
        raise FormatError(f"number format {fmt!r} is not supported")


def number_text(value: Decimal | int | float | str | None) -> str | None:
    """Oracle's TO_CHAR(number) with no format: shortest exact text, '.5' for 0.5."""
    if value is None:
        return None
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if number == 0:
        return "0"
    text = format(number.normalize(ORACLE_PRECISION), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return text


def to_char_number(value: Decimal | int | float | str | None, fmt: str | None) -> str | None:
    if value is None:
        return None
    number = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if fmt is None:
        return number_text(number)
    check_number_format(fmt)
    match = NUMBER_FORMAT.fullmatch(fmt)
    assert match is not None
    fill = bool(match.group("fm"))
    lead = (match.group("lead") or "").upper() + (match.group("lead2") or "")
    int_fmt = match.group("int").upper().replace("G", ",")
    frac_fmt = match.group("frac") or ""
    has_dot = bool(match.group("dot"))
    trail = (match.group("trail") or "").upper()
    negative = number < 0
    rounded = abs(number).quantize(Decimal(1).scaleb(-len(frac_fmt)), rounding=ROUND_HALF_UP)
    int_digits_text, _, frac_text = format(rounded, "f").partition(".")
    frac_text = frac_text.ljust(len(frac_fmt), "0")[: len(frac_fmt)]
    slots = [c for c in int_fmt if c in "90"]
    if int_digits_text == "0":
        int_digits_text = ""
    width_text = len(fmt) - (2 if fill else 0) + (0 if "S" in lead or trail else 1)
    if len(int_digits_text) > len(slots):
        return "#" * width_text
    # Digits right-aligned into the integer slots; a '0' slot forces zeros from there on.
    first_zero = next((i for i, c in enumerate(slots) if c == "0"), len(slots))
    padded = int_digits_text.rjust(len(slots), " ")
    chars = []
    for i, ch in enumerate(padded):
        chars.append("0" if ch == " " and i >= first_zero else ch)
    if not has_dot and not frac_fmt and all(c == " " for c in chars) and chars:
        chars[-1] = "0"  # TO_CHAR(0, '999') is '0'
    rendered = []
    digit_index = 0
    for c in int_fmt:
        if c == ",":
            started = any(ch != " " for ch in chars[:digit_index])
            rendered.append("," if started else " ")
        else:
            rendered.append(chars[digit_index])
            digit_index += 1
    int_part = "".join(rendered)
    frac_part = frac_text
    if fill and frac_fmt:
        # FM drops trailing zeros that stand in '9' positions.
        keep = len(frac_fmt)
        while keep > 0 and frac_fmt[keep - 1] == "9" and frac_part[keep - 1] == "0":
            keep -= 1
        frac_part = frac_part[:keep]
    body = int_part + ("." if has_dot else "") + frac_part
    stripped = body.lstrip(" ")
    pad = body[: len(body) - len(stripped)]
    currency = "$" if "$" in lead else ""
    if "S" in lead:
        text = pad + ("-" if negative else "+") + currency + stripped
    elif trail == "MI":
        text = pad + currency + stripped + ("-" if negative else " ")
    elif trail == "S":
        text = pad + currency + stripped + ("-" if negative else "+")
    elif trail == "PR":
        text = pad + (f"<{currency}{stripped}>" if negative else f" {currency}{stripped} ")
    else:
        text = pad + ("-" if negative else " ") + currency + stripped
    return text.strip(" ") if fill else text


def to_number(text: str | None, fmt: str | None = None) -> Decimal | None:
    if text is None:
        return None
    raw = text.strip()
    if fmt is not None:
        check_number_format(fmt)
        negative = (raw.startswith("<") and raw.endswith(">")) or raw.endswith("-")
        raw = raw.strip("<>").rstrip("-").replace(",", "").replace("$", "").strip()
        if negative:
            raw = "-" + raw
    if not ORACLE_NUMBER_TEXT.fullmatch(raw):
        raise ValueError(f"ORA-01722: invalid number ({text!r})")
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"ORA-01722: invalid number ({text!r})") from None

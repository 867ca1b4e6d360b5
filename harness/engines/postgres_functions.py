"""Oracle semantics on PostgreSQL: the engine profile and its function table, the adjustments
made to Oracle trees before the shared translation, and the SQL functions of schema
``harness_ora`` that the function table names.

The functions are ports of the reference rules in :mod:`harness.oracle` (the bodies of
DuckDB's UDFs), with the same argument lists and NULL behaviour; tests/test_engine_postgres.py
checks them against the reference on grids of inputs. They are created in every fixture
database, owned by the admin role and executable by the reader. TO_DATE and the date
arithmetic are here; the string, format-model and regular-expression ones in
:mod:`.postgres_sql`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlglot import exp
from sqlglot.dialects.postgres import Postgres
from sqlglot.tokens import TokenType

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.engines.oracle_semantics import (
    EngineProfile,
    name_output_columns,
    rewrite_statement,
)
from harness.engines.postgres_sql import FORMAT_SQL, REGEXP_SQL, STRING_SQL, TO_CHAR_DATE_SQL
from harness.errors import FixtureError
from harness.fixture import Fixture
from harness.fixture_data import insert_statements as parsed_inserts

FUNCTION_SCHEMA = "harness_ora"
LOAD_DATE = dt.datetime(2000, 1, 1)  # fixture data's SYSDATE: the DuckDB loader's fixed date
# Semantics-layer operation -> SQL function (see FUNCTION_SQL); the same operations as DuckDB's.
PG_FUNCTIONS = {
    "TO_DATE": "harness_ora.ora_to_date",
    "TO_CHAR_DATE": "harness_ora.ora_to_char_date",
    "TO_CHAR_NUMBER": "harness_ora.ora_to_char_number",
    "NUMBER_TEXT": "harness_ora.ora_number_text",
    "TO_NUMBER": "harness_ora.ora_to_number",
    "TO_NUMBER_FMT": "harness_ora.ora_to_number_fmt",
    "DATE_ADD": "harness_ora.ora_date_add",
    "DATE_DIFF": "harness_ora.ora_date_diff",
    "ADD_MONTHS": "harness_ora.ora_add_months",
    "LAST_DAY": "harness_ora.ora_last_day",
    "MONTHS_BETWEEN": "harness_ora.ora_months_between",
    "NEXT_DAY": "harness_ora.ora_next_day",
    "TRUNC_DATE": "harness_ora.ora_trunc_date",
    "ROUND_DATE": "harness_ora.ora_round_date",
    "INSTR": "harness_ora.ora_instr",
    "SUBSTR": "harness_ora.ora_substr",
    "SUBSTR_FROM": "harness_ora.ora_substr_from",
    "INITCAP": "pg_catalog.initcap",
    "REGEXP_LIKE": "harness_ora.ora_regexp_like",
    "REGEXP_SUBSTR": "harness_ora.ora_regexp_substr",
    "REGEXP_INSTR": "harness_ora.ora_regexp_instr",
    "REGEXP_COUNT": "harness_ora.ora_regexp_count",
    "REGEXP_REPLACE": "harness_ora.ora_regexp_replace",
}
PROFILE = EngineProfile(
    dialect="postgres",
    type_names={
        "NUMBER": "NUMERIC",
        "VARCHAR2": "VARCHAR",
        "CHAR": "VARCHAR",
        "DATE": "TIMESTAMP",
        "TIMESTAMP": "TIMESTAMP",
        "CLOB": "TEXT",
        "FLOAT": "NUMERIC",
    },
    functions=PG_FUNCTIONS,
    # Functions sqlglot passes to PostgreSQL whose answer there is not Oracle's.
    unemulated_functions={
        "MEDIAN": "MEDIAN (PERCENTILE_CONT is float8 on PostgreSQL, ROUND half-even)",
        "PERCENTILE_CONT": "PERCENTILE_CONT (float8 on PostgreSQL)",
        "PERCENTILE_DISC": "PERCENTILE_DISC",
        "PERCENT_RANK": "PERCENT_RANK (float8 on PostgreSQL)",
        "CUME_DIST": "CUME_DIST (float8 on PostgreSQL)",
        "CORR": "CORR (float8 on PostgreSQL)",
        "COVAR_POP": "COVAR_POP (float8 on PostgreSQL)",
        "COVAR_SAMP": "COVAR_SAMP (float8 on PostgreSQL)",
    },
)

# --- Oracle tree -> PostgreSQL: what this engine adds around the shared layer ---------------

FLOAT_TYPES = {exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE}


def refusal(tree: exp.Expr) -> str | None:
    """Constructs that PostgreSQL would answer differently from Oracle without an error."""
    for node in tree.walk():
        if isinstance(node, (exp.Like, exp.ILike)) and not isinstance(node.parent, exp.Escape):
            pattern = node.expression
            if any(True for _ in pattern.find_all(exp.Column, exp.Query)) or any(
                lit.is_string and "\\" in lit.this for lit in pattern.find_all(exp.Literal)
            ):
                return "LIKE without ESCAPE on a pattern that may hold a backslash"
        elif isinstance(node, exp.GroupConcat) and node.args.get("separator") is None:
            return "LISTAGG without a delimiter (sqlglot adds ',')"
        elif isinstance(node, exp.Cast) and node.to.this in FLOAT_TYPES:
            return f"CAST to {node.to.sql(ORACLE)} (binary floating point)"
    return None


def prepare(tree: exp.Expr) -> exp.Expr:
    """PostgreSQL-only adjustments to the Oracle tree before the shared translation:
    an alias on every FROM subquery (PostgreSQL 15 requires one), and exact NUMBER division
    (sqlglot casts the dividend to float8, which is inexact and ROUNDs half-even)."""
    tree = tree.copy()
    # Fix Oracle's output names before this engine's own rewrites change the expressions' text.
    name_output_columns(tree)
    count = 0
    for node in list(tree.find_all(exp.Subquery)):
        if isinstance(node.parent, (exp.From, exp.Join)) and not node.alias:
            count += 1
            node.set("alias", exp.TableAlias(this=exp.to_identifier(f"harness_sq{count}")))
    for div in list(tree.find_all(exp.Div)):
        dividend = div.this
        if not (isinstance(dividend, exp.Cast) and dividend.to.this == exp.DataType.Type.DECIMAL):
            div.set("this", exp.Cast(this=dividend, to=exp.DataType.build("DECIMAL")))
        div.set("typed", True)
    return tree


def fold_quoted_identifiers(sql: str) -> str:
    """Oracle's quoted upper-case names ("VENDOR_NAME") are its unquoted names; fixture objects
    live here under PostgreSQL's folded (lower-case) names, so fold them the same way."""
    out = sql
    for token in reversed(Postgres().tokenize(sql)):
        text = token.text
        if token.token_type == TokenType.IDENTIFIER and text == text.upper() != text.lower():
            quoted = '"' + text.lower().replace('"', '""') + '"'
            out = out[: token.start] + quoted + out[token.end + 1 :]
    return out


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def insert_statements(fixture: Fixture, path: Path) -> list[tuple[str, exp.Expr]]:
    """The data file's INSERTs, checked and rewritten with Oracle semantics ('' is NULL)."""
    out = []
    for statement in parsed_inserts(fixture, path):
        where, tree = statement.where, statement.local_tree()
        reason = refusal(tree)
        if reason:
            raise FixtureError(f"{where}: not emulated on postgres: {reason}")
        out.append((where, rewrite_statement(prepare(tree), PROFILE, LOAD_DATE)))
    return out


# TO_DATE and date arithmetic (DATE is timestamp(0) here).
DATE_SQL = r"""
CREATE FUNCTION harness_ora.ora_to_date(txt text, fmt text) RETURNS timestamp
LANGUAGE plpgsql STABLE STRICT AS $fn$
DECLARE
  now_ts timestamp := coalesce(
    nullif(current_setting('harness.as_of', true), '')::timestamp, localtimestamp(0));
  tokens text[] := ARRAY['SYYYY','SSSSS','MONTH','HH24','HH12','YYYY','RRRR','IYYY','A.M.',
    'P.M.','YYY','MON','DDD','DAY','FF1','FF2','FF3','FF4','FF5','FF6','FF7','FF8','FF9','YY',
    'RR','MM','DD','DY','HH','MI','SS','AM','PM','IW','WW','FF','FM','FX','Y','Q','D','W','J'];
  months text[] := ARRAY['JANUARY','FEBRUARY','MARCH','APRIL','MAY','JUNE','JULY','AUGUST',
    'SEPTEMBER','OCTOBER','NOVEMBER','DECEMBER'];
  days text[] := ARRAY['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY'];
  names text[];
  yr int := extract(year FROM now_ts);
  mon int := extract(month FROM now_ts);
  dy int := 1;
  hr int := 0;
  mi int := 0;
  sc int := 0;
  micro int := 0;
  pm boolean;
  pos int := 1;
  i int := 1;
  tok text;
  cand text;
  m text;
  rest text;
  val int;
  lim int;
  k int;
  cur int;
  base date;
BEGIN
  WHILE i <= length(fmt) LOOP
    tok := NULL;
    IF substr(fmt, i, 1) = '"' THEN
      k := strpos(substr(fmt, i + 1), '"');
      IF k = 0 THEN
        RAISE EXCEPTION 'unterminated quoted text in format' USING ERRCODE = '22007';
      END IF;
      i := i + k + 1;
    ELSIF strpos(' -/,.;:', substr(fmt, i, 1)) > 0 THEN
      i := i + 1;
    ELSE
      FOREACH cand IN ARRAY tokens LOOP
        IF upper(substr(fmt, i, length(cand))) = cand THEN
          tok := cand;
          i := i + length(cand);
          EXIT;
        END IF;
      END LOOP;
      IF tok IS NULL THEN
        RAISE EXCEPTION 'format element % is not supported', substr(fmt, i)
          USING ERRCODE = '22007';
      END IF;
    END IF;
    WHILE pos <= length(txt) AND substr(txt, pos, 1) = ' ' LOOP
      pos := pos + 1;
    END LOOP;
    IF tok IS NULL THEN  -- literal: any punctuation stands for any punctuation
      IF pos <= length(txt) AND substr(txt, pos, 1) !~ '^[[:alnum:]]$' THEN
        pos := pos + 1;
      END IF;
      CONTINUE;
    END IF;
    rest := upper(substr(txt, pos));
    IF tok IN ('FM', 'FX') THEN
      CONTINUE;
    ELSIF tok IN ('MON', 'MONTH', 'DY', 'DAY') THEN
      names := CASE WHEN tok IN ('MON', 'MONTH') THEN months ELSE days END;
      val := NULL;
      FOR k IN 1 .. array_length(names, 1) LOOP
        IF left(rest, length(names[k])) = names[k] THEN
          val := k;
          pos := pos + length(names[k]);
          EXIT;
        END IF;
      END LOOP;
      IF val IS NULL THEN
        FOR k IN 1 .. array_length(names, 1) LOOP
          IF left(rest, 3) = left(names[k], 3) THEN
            val := k;
            pos := pos + 3;
            EXIT;
          END IF;
        END LOOP;
      END IF;
      IF val IS NULL THEN
        RAISE EXCEPTION 'ORA-01843: not a valid month (%)', txt USING ERRCODE = '22007';
      END IF;
      IF tok IN ('MON', 'MONTH') THEN
        mon := val;
      END IF;
    ELSIF tok IN ('AM', 'PM', 'A.M.', 'P.M.') THEN
      val := NULL;
      FOREACH cand IN ARRAY ARRAY['A.M.', 'P.M.', 'AM', 'PM'] LOOP
        IF left(rest, length(cand)) = cand THEN
          pm := left(cand, 1) = 'P';
          pos := pos + length(cand);
          val := 1;
          EXIT;
        END IF;
      END LOOP;
      IF val IS NULL THEN
        RAISE EXCEPTION 'ORA-01855: AM/A.M. or PM/P.M. required (%)', txt
          USING ERRCODE = '22007';
      END IF;
    ELSIF tok LIKE 'FF%' THEN
      m := substring(rest FROM '^[0-9]{1,9}');
      IF m IS NULL THEN
        RAISE EXCEPTION 'ORA-01858: fractional seconds expected (%)', txt
          USING ERRCODE = '22007';
      END IF;
      pos := pos + length(m);
      micro := rpad(left(m, 6), 6, '0')::int;
    ELSE
      lim := CASE tok WHEN 'YYYY' THEN 4 WHEN 'SYYYY' THEN 4 WHEN 'RRRR' THEN 4 WHEN 'RR' THEN 4
        WHEN 'YYY' THEN 3 WHEN 'YY' THEN 2 WHEN 'Y' THEN 1 WHEN 'MM' THEN 2 WHEN 'DD' THEN 2
        WHEN 'DDD' THEN 3 WHEN 'HH24' THEN 2 WHEN 'HH' THEN 2 WHEN 'HH12' THEN 2
        WHEN 'MI' THEN 2 WHEN 'SS' THEN 2 WHEN 'SSSSS' THEN 5 WHEN 'J' THEN 7 END;
      IF lim IS NULL THEN
        RAISE EXCEPTION 'format element % is not supported in TO_DATE', tok
          USING ERRCODE = '22007';
      END IF;
      m := substring(rest FROM '^[+-]?[0-9]{1,' || lim || '}');
      IF m IS NULL THEN
        RAISE EXCEPTION 'ORA-01858: a non-numeric character was hit where a numeric was '
          'expected (% with format %)', txt, fmt USING ERRCODE = '22007';
      END IF;
      pos := pos + length(m);
      val := m::int;
      cur := extract(year FROM now_ts)::int % 100;
      IF tok IN ('YYYY', 'SYYYY') OR (tok IN ('RRRR', 'RR') AND length(m) > 2) THEN
        yr := val;
      ELSIF tok IN ('RRRR', 'RR') THEN  -- Oracle's RR rule around the current year
        yr := extract(year FROM now_ts)::int - cur + val + CASE
          WHEN val < 50 AND cur >= 50 THEN 100 WHEN val >= 50 AND cur < 50 THEN -100 ELSE 0 END;
      ELSIF tok = 'YYY' THEN
        yr := extract(year FROM now_ts)::int / 1000 * 1000 + val;
      ELSIF tok = 'YY' THEN
        yr := extract(year FROM now_ts)::int / 100 * 100 + val;
      ELSIF tok = 'Y' THEN
        yr := extract(year FROM now_ts)::int / 10 * 10 + val;
      ELSIF tok = 'MM' THEN
        mon := val;
      ELSIF tok = 'DD' THEN
        dy := val;
      ELSIF tok = 'DDD' THEN
        base := make_date(yr, 1, 1) + (val - 1);
        mon := extract(month FROM base);
        dy := extract(day FROM base);
      ELSIF tok = 'HH24' THEN
        hr := val;
      ELSIF tok IN ('HH', 'HH12') THEN
        hr := val;
        pm := coalesce(pm, false);
      ELSIF tok = 'MI' THEN
        mi := val;
      ELSIF tok = 'SS' THEN
        sc := val;
      ELSIF tok = 'SSSSS' THEN
        hr := val / 3600;
        mi := val % 3600 / 60;
        sc := val % 60;
      ELSIF tok = 'J' THEN
        base := make_date(1, 1, 1) + (val - 1721426);
        yr := extract(year FROM base);
        mon := extract(month FROM base);
        dy := extract(day FROM base);
      END IF;
    END IF;
  END LOOP;
  IF substr(txt, pos) !~ '^\s*$' THEN
    RAISE EXCEPTION 'ORA-01830: date format picture ends before converting entire input '
      'string (% with format %)', txt, fmt USING ERRCODE = '22007';
  END IF;
  IF pm IS NOT NULL AND hr <= 12 THEN
    hr := hr % 12 + CASE WHEN pm THEN 12 ELSE 0 END;
  END IF;
  IF yr < 1 OR yr > 9999 OR hr > 23 OR mi > 59 OR sc > 59 THEN
    RAISE EXCEPTION 'ORA-01847/01839: invalid date (%)', txt USING ERRCODE = '22008';
  END IF;
  RETURN make_timestamp(yr, mon, dy, hr, mi, sc + micro / 1000000.0);
END
$fn$;

CREATE FUNCTION harness_ora.ora_date_add(d timestamp, days text) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- DATE + n days, kept to whole seconds; half a second rounds to even, as the reference does
  SELECT date_trunc('second', d) + make_interval(secs => (
    SELECT CASE WHEN abs(s - trunc(s)) = 0.5 THEN 2 * round(s / 2) ELSE round(s) END
    FROM (SELECT days::numeric * 86400 AS s) AS x)::double precision)
$fn$;

CREATE FUNCTION harness_ora.ora_date_diff(a timestamp, b timestamp) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT extract(epoch FROM (a - b))::double precision / 86400
$fn$;

CREATE FUNCTION harness_ora.ora_last_day(d timestamp) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT date_trunc('month', d) + interval '1 month' - interval '1 day'
    + (d - date_trunc('day', d))
$fn$;

CREATE FUNCTION harness_ora.ora_add_months(d timestamp, n text) RETURNS timestamp
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- From a month's last day the result is the target month's last day; else the day is
  -- clamped to the target month's end (PostgreSQL's own month arithmetic). Time is kept.
  SELECT CASE
    WHEN date_trunc('day', d) = date_trunc('month', d) + interval '1 month' - interval '1 day'
    THEN harness_ora.ora_last_day(d + make_interval(months => trunc(n::numeric)::int))
    ELSE d + make_interval(months => trunc(n::numeric)::int)
  END
$fn$;

CREATE FUNCTION harness_ora.ora_months_between(a timestamp, b timestamp) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE
    WHEN extract(day FROM a) = extract(day FROM b)
      OR (harness_ora.ora_last_day(a)::date = a::date
        AND harness_ora.ora_last_day(b)::date = b::date)
    THEN months
    ELSE months + (extract(day FROM a) - extract(day FROM b)
      + (extract(epoch FROM a::time) - extract(epoch FROM b::time)) / 86400) / 31
  END
  FROM (SELECT ((extract(year FROM a) - extract(year FROM b)) * 12
    + extract(month FROM a) - extract(month FROM b))::numeric AS months) AS x
$fn$;

CREATE FUNCTION harness_ora.ora_next_day(d timestamp, day_name text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  names text[] := ARRAY['MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY'];
  wanted text := upper(btrim(day_name));
  k int;
BEGIN
  FOR k IN 1 .. 7 LOOP
    IF names[k] = wanted OR left(names[k], 3) = wanted THEN
      RETURN d + make_interval(days => ((k - extract(isodow FROM d)::int - 1) % 7 + 7) % 7 + 1);
    END IF;
  END LOOP;
  RAISE EXCEPTION 'ORA-01846: not a valid day of the week (%)', day_name USING ERRCODE = '22023';
END
$fn$;

CREATE FUNCTION harness_ora.ora_date_unit(fmt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  unit text := CASE upper(btrim(coalesce(fmt, 'DD')))
    WHEN 'CC' THEN 'century' WHEN 'SCC' THEN 'century'
    WHEN 'SYYYY' THEN 'year' WHEN 'YYYY' THEN 'year' WHEN 'YEAR' THEN 'year'
    WHEN 'SYEAR' THEN 'year' WHEN 'YYY' THEN 'year' WHEN 'YY' THEN 'year' WHEN 'Y' THEN 'year'
    WHEN 'RRRR' THEN 'year' WHEN 'RR' THEN 'year'
    WHEN 'IYYY' THEN 'isoyear' WHEN 'IY' THEN 'isoyear' WHEN 'I' THEN 'isoyear'
    WHEN 'Q' THEN 'quarter'
    WHEN 'MONTH' THEN 'month' WHEN 'MON' THEN 'month' WHEN 'MM' THEN 'month' WHEN 'RM' THEN 'month'
    WHEN 'WW' THEN 'week_of_year' WHEN 'IW' THEN 'iso_week' WHEN 'W' THEN 'week_of_month'
    WHEN 'DDD' THEN 'day' WHEN 'DD' THEN 'day' WHEN 'J' THEN 'day'
    WHEN 'DAY' THEN 'week_start' WHEN 'DY' THEN 'week_start' WHEN 'D' THEN 'week_start'
    WHEN 'HH' THEN 'hour' WHEN 'HH12' THEN 'hour' WHEN 'HH24' THEN 'hour'
    WHEN 'MI' THEN 'minute' END;
BEGIN
  IF unit IS NULL THEN
    RAISE EXCEPTION 'TRUNC/ROUND date format % is not valid', fmt USING ERRCODE = '22007';
  END IF;
  RETURN unit;
END
$fn$;

CREATE FUNCTION harness_ora.ora_trunc_date(d timestamp, fmt text) RETURNS timestamp
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE harness_ora.ora_date_unit(fmt)
    WHEN 'century'
      THEN make_timestamp((extract(year FROM d)::int - 1) / 100 * 100 + 1, 1, 1, 0, 0, 0)
    WHEN 'year' THEN date_trunc('year', d)
    WHEN 'isoyear'
      THEN date_trunc('week', make_date(extract(isoyear FROM d)::int, 1, 4)::timestamp)
    WHEN 'quarter' THEN date_trunc('quarter', d)
    WHEN 'month' THEN date_trunc('month', d)
    WHEN 'week_of_year' THEN date_trunc('day', d)
      - make_interval(days => (extract(doy FROM d)::int - 1) % 7)
    WHEN 'iso_week' THEN date_trunc('week', d)
    WHEN 'week_of_month' THEN date_trunc('day', d)
      - make_interval(days => (extract(day FROM d)::int - 1) % 7)
    WHEN 'week_start' THEN date_trunc('day', d) - make_interval(days => extract(dow FROM d)::int)
    WHEN 'hour' THEN date_trunc('hour', d)
    WHEN 'minute' THEN date_trunc('minute', d)
    ELSE date_trunc('day', d)
  END
  WHERE d IS NOT NULL
$fn$;

CREATE FUNCTION harness_ora.ora_round_date(d timestamp, fmt text) RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  unit text := harness_ora.ora_date_unit(fmt);
  start timestamp := harness_ora.ora_trunc_date(d, fmt);
  q int;
BEGIN
  IF d IS NULL THEN
    RETURN NULL;
  END IF;
  IF unit = 'year' THEN
    RETURN CASE WHEN extract(month FROM d) < 7 THEN start ELSE start + interval '1 year' END;
  ELSIF unit = 'quarter' THEN
    q := (extract(month FROM d)::int - 1) % 3;
    RETURN CASE WHEN q = 2 OR (q = 1 AND extract(day FROM d) >= 16)
      THEN start + interval '3 months' ELSE start END;
  ELSIF unit = 'month' THEN
    RETURN CASE WHEN extract(day FROM d) >= 16 THEN start + interval '1 month' ELSE start END;
  ELSIF unit = 'day' THEN
    RETURN CASE WHEN extract(hour FROM d) >= 12 THEN start + interval '1 day' ELSE start END;
  ELSIF unit = 'hour' THEN
    RETURN CASE WHEN extract(minute FROM d) >= 30 THEN start + interval '1 hour' ELSE start END;
  ELSIF unit = 'minute' THEN
    RETURN CASE WHEN extract(second FROM d) >= 30 THEN start + interval '1 minute' ELSE start END;
  END IF;
  RAISE EXCEPTION 'ROUND(date, %) is not emulated', fmt USING ERRCODE = '0A000';
END
$fn$;
"""

# Everything created in schema harness_ora, in order (a function's helpers first).
FUNCTION_SQL = DATE_SQL + STRING_SQL + TO_CHAR_DATE_SQL + FORMAT_SQL + REGEXP_SQL

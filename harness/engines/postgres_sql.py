"""SQL of the ``harness_ora`` functions for strings, format models and regular expressions:
INSTR/SUBSTR, TO_CHAR(date), TO_CHAR(number) with and without a format, TO_NUMBER, REGEXP_*.

Ports of :mod:`harness.oracle.formats` and the string and regular-expression functions of
:mod:`harness.oracle.functions`, with the argument lists and NULL behaviour of DuckDB's UDFs
(:mod:`harness.engines.duckdb_udfs`). Where that reference departs from Oracle's documented
behaviour the port follows Oracle; tests/test_engine_postgres.py lists those cases.

Regular expressions: Oracle's pattern is rewritten into a PostgreSQL ARE with the reference's
meaning ('.' does not match a newline unless 'n', POSIX classes in ASCII, \\b a word boundary).
PostgreSQL takes the longest match where a backtracking engine takes the first, so a function
whose answer depends on the match's extent refuses (SQLSTATE HX000, reported ``unsupported``)
patterns where the two can differ: alternation, lazy quantifiers and quantified groups.
REGEXP_LIKE, and REGEXP_INSTR's first occurrence, depend only on where a match starts.
"""

# INSTR and SUBSTR with Oracle's positions (negative: from the end) and NULL for ''.
STRING_SQL = r"""
CREATE FUNCTION harness_ora.ora_instr(txt text, sub text, pos bigint, occurrence bigint)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  hit bigint := 0;
  start bigint;
  stop bigint;
  k bigint;
  j bigint;
BEGIN
  IF occurrence < 1 THEN
    RAISE EXCEPTION 'ORA-01428: argument ''%'' is out of range', occurrence
      USING ERRCODE = '22003';
  END IF;
  IF pos = 0 THEN
    RETURN 0;
  END IF;
  IF pos > 0 THEN
    start := pos;
    FOR k IN 1 .. occurrence LOOP
      j := strpos(substr(txt, start::int), sub);
      IF j = 0 OR start > length(txt) + 1 THEN
        RETURN 0;
      END IF;
      hit := start + j - 1;
      start := hit + 1;
    END LOOP;
    RETURN hit;
  END IF;
  -- Negative pos: search backwards from that many characters before the end.
  stop := length(txt) + pos + 1;  -- 0-based exclusive end of the first window
  FOR k IN 1 .. occurrence LOOP
    hit := -1;
    j := least(stop - 1, length(txt) - length(sub));
    WHILE j >= 0 LOOP
      IF substr(txt, (j + 1)::int, length(sub)) = sub THEN
        hit := j;
        EXIT;
      END IF;
      j := j - 1;
    END LOOP;
    IF hit < 0 THEN
      RETURN 0;
    END IF;
    stop := hit;
  END LOOP;
  RETURN hit + 1;
END
$fn$;

CREATE FUNCTION harness_ora.ora_substr_from(txt text, pos bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE WHEN p < 1 THEN NULL ELSE nullif(substr(txt, p::int), '') END
  FROM (SELECT CASE WHEN pos = 0 THEN 1 WHEN pos < 0 THEN length(txt) + pos + 1
    ELSE pos END AS p) AS x
$fn$;

CREATE FUNCTION harness_ora.ora_substr(txt text, pos bigint, len bigint) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT CASE WHEN p < 1 OR len < 1 THEN NULL
    ELSE nullif(substr(txt, p::int, least(len, 2147483647)::int), '') END
  FROM (SELECT CASE WHEN pos = 0 THEN 1 WHEN pos < 0 THEN length(txt) + pos + 1
    ELSE pos END AS p) AS x
$fn$;
"""

TO_CHAR_DATE_SQL = r"""
CREATE FUNCTION harness_ora.ora_to_char_date(v timestamp, fmt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  f text := coalesce(nullif(fmt, ''), 'DD-MON-RR');
  tokens text[] := ARRAY['SYYYY','SSSSS','MONTH','HH24','HH12','YYYY','RRRR','IYYY','A.M.',
    'P.M.','YYY','MON','DDD','DAY','FF1','FF2','FF3','FF4','FF5','FF6','FF7','FF8','FF9','YY',
    'RR','MM','DD','DY','HH','MI','SS','AM','PM','IW','WW','FF','FM','FX','Y','Q','D','W','J'];
  months text[] := ARRAY['JANUARY','FEBRUARY','MARCH','APRIL','MAY','JUNE','JULY','AUGUST',
    'SEPTEMBER','OCTOBER','NOVEMBER','DECEMBER'];
  days text[] := ARRAY['SUNDAY','MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY'];
  yr int := extract(year FROM v);
  mon int := extract(month FROM v);
  dy int := extract(day FROM v);
  doy int := extract(doy FROM v);
  hr int := extract(hour FROM v);
  mi int := extract(minute FROM v);
  sc int := floor(extract(second FROM v));
  fill boolean := false;  -- FM toggles fill mode: no padding of names, no leading zeros
  out text := '';
  i int := 1;
  k int;
  n int;
  w int;
  tok text;
  src text;
  s text;
BEGIN
  WHILE i <= length(f) LOOP
    IF substr(f, i, 1) = '"' THEN
      k := strpos(substr(f, i + 1), '"');
      IF k = 0 THEN
        RAISE EXCEPTION 'unterminated quoted text in format' USING ERRCODE = '22007';
      END IF;
      out := out || substr(f, i + 1, k - 1);
      i := i + k + 1;
      CONTINUE;
    ELSIF strpos(' -/,.;:', substr(f, i, 1)) > 0 THEN
      out := out || substr(f, i, 1);
      i := i + 1;
      CONTINUE;
    END IF;
    tok := NULL;
    FOREACH s IN ARRAY tokens LOOP
      IF upper(substr(f, i, length(s))) = s THEN
        tok := s;
        EXIT;
      END IF;
    END LOOP;
    IF tok IS NULL THEN
      RAISE EXCEPTION 'format element % is not supported', substr(f, i) USING ERRCODE = '22007';
    END IF;
    src := substr(f, i, length(tok));
    i := i + length(tok);
    n := NULL;
    s := NULL;
    CASE
      WHEN tok = 'FM' THEN fill := NOT fill;
      WHEN tok = 'FX' THEN NULL;
      WHEN tok IN ('YYYY', 'RRRR', 'SYYYY') THEN n := yr; w := 4;
      WHEN tok = 'IYYY' THEN n := extract(isoyear FROM v); w := 4;
      WHEN tok IN ('YYY', 'YY', 'RR', 'Y') THEN s := right(yr::text, least(length(tok), 3));
      WHEN tok = 'MM' THEN n := mon; w := 2;
      WHEN tok IN ('MON', 'MONTH', 'DY', 'DAY') THEN
        s := CASE WHEN tok LIKE 'M%' THEN months[mon] ELSE days[extract(dow FROM v)::int + 1] END;
        s := CASE WHEN src ~ '^[A-Z][a-z]' THEN initcap(s) WHEN src ~ '^[A-Z]' THEN s
          ELSE lower(s) END;
        s := CASE WHEN tok IN ('MON', 'DY') THEN left(s, 3) WHEN fill THEN s ELSE rpad(s, 9) END;
      WHEN tok = 'DD' THEN n := dy; w := 2;
      WHEN tok = 'DDD' THEN n := doy; w := 3;
      WHEN tok = 'D' THEN s := (extract(dow FROM v)::int + 1)::text;  -- Sunday = 1 (AMERICA)
      WHEN tok = 'HH24' THEN n := hr; w := 2;
      WHEN tok IN ('HH', 'HH12') THEN n := CASE WHEN hr % 12 = 0 THEN 12 ELSE hr % 12 END; w := 2;
      WHEN tok = 'MI' THEN n := mi; w := 2;
      WHEN tok = 'SS' THEN n := sc; w := 2;
      WHEN tok = 'SSSSS' THEN n := hr * 3600 + mi * 60 + sc; w := 5;
      WHEN tok IN ('AM', 'PM', 'A.M.', 'P.M.') THEN
        s := CASE WHEN hr < 12 THEN 'A' ELSE 'P' END;
        s := CASE WHEN length(tok) = 4 THEN s || '.M.' ELSE s || 'M' END;
        s := CASE WHEN src ~ '^[A-Z]' THEN s ELSE lower(s) END;
      WHEN tok = 'Q' THEN s := ((mon - 1) / 3 + 1)::text;
      WHEN tok = 'IW' THEN n := extract(week FROM v); w := 2;
      WHEN tok = 'WW' THEN n := (doy - 1) / 7 + 1; w := 2;
      WHEN tok = 'W' THEN s := ((dy - 1) / 7 + 1)::text;
      WHEN tok = 'J' THEN n := v::date - date '0001-01-01' + 1721426; w := 7;
      ELSE  -- FF, FF1 .. FF9: fractional seconds (FF: 6 digits)
        k := CASE WHEN tok = 'FF' THEN 6 ELSE right(tok, 1)::int END;
        s := rpad(left(lpad((extract(microseconds FROM v)::int % 1000000)::text, 6, '0'), k), k,
          '0');
    END CASE;
    IF n IS NOT NULL THEN
      s := CASE WHEN fill THEN n::text ELSE lpad(n::text, greatest(w, length(n::text)), '0') END;
    END IF;
    out := out || coalesce(s, '');
  END LOOP;
  RETURN out;
END
$fn$;
"""

FORMAT_SQL = r"""
CREATE FUNCTION harness_ora.ora_number_format(fmt text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  -- FM, lead (S $ L), second $, integer part, decimal point, fraction, trail (MI S PR)
  m text[] := regexp_match(fmt,
    '^(FM)?(S|\$|L)?(\$)?([90,G]*)(?:([.D])([90]*))?(MI|S|PR)?$', 'i');
BEGIN
  IF m IS NULL OR m[4] || coalesce(m[6], '') = '' THEN
    RAISE EXCEPTION 'number format % is not supported', fmt USING ERRCODE = '22023';
  END IF;
  RETURN m;
END
$fn$;

CREATE FUNCTION harness_ora.ora_to_char_number(val text, fmt text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  num numeric := val::numeric;
  m text[] := harness_ora.ora_number_format(fmt);
  fill boolean := m[1] IS NOT NULL;
  lead text := upper(coalesce(m[2], '') || coalesce(m[3], ''));
  int_fmt text := replace(upper(m[4]), 'G', ',');
  slots int := length(replace(int_fmt, ',', ''));
  frac_fmt text := coalesce(m[6], '');
  trail text := upper(coalesce(m[7], ''));
  rounded text := round(abs(num), length(frac_fmt))::text;
  digits text := nullif(split_part(rounded, '.', 1), '0');
  frac text := split_part(rounded, '.', 2);
  first_zero int := strpos(replace(int_fmt, ',', ''), '0');
  chars text;
  body text := '';
  k int := 0;
  j int;
  pad text;
  cur text := CASE WHEN strpos(lead, '$') > 0 THEN '$' ELSE '' END;
  sign text;
BEGIN
  IF length(coalesce(digits, '')) > slots THEN
    RETURN repeat('#', length(fmt) - CASE WHEN fill THEN 2 ELSE 0 END
      + CASE WHEN strpos(lead, 'S') > 0 OR trail <> '' THEN 0 ELSE 1 END);
  END IF;
  -- Digits right-aligned into the integer slots; a '0' slot forces zeros from there on.
  chars := lpad(coalesce(digits, ''), slots, ' ');
  IF first_zero > 0 THEN
    chars := left(chars, first_zero - 1) || replace(substr(chars, first_zero), ' ', '0');
  END IF;
  IF m[5] IS NULL AND slots > 0 AND btrim(chars, ' ') = '' THEN
    chars := left(chars, slots - 1) || '0';  -- TO_CHAR(0, '999') is '0'
  END IF;
  FOR j IN 1 .. length(int_fmt) LOOP
    IF substr(int_fmt, j, 1) = ',' THEN
      body := body || CASE WHEN btrim(left(chars, k), ' ') <> '' THEN ',' ELSE ' ' END;
    ELSE
      k := k + 1;
      body := body || substr(chars, k, 1);
    END IF;
  END LOOP;
  IF fill THEN  -- FM drops trailing zeros that stand in '9' positions
    k := length(frac_fmt);
    WHILE k > 0 AND substr(frac_fmt, k, 1) = '9' AND substr(frac, k, 1) = '0' LOOP
      k := k - 1;
    END LOOP;
    frac := left(frac, k);
  END IF;
  body := body || CASE WHEN m[5] IS NULL THEN '' ELSE '.' END || frac;
  pad := repeat(' ', length(body) - length(ltrim(body, ' ')));
  body := ltrim(body, ' ');
  sign := CASE WHEN num < 0 THEN '-' ELSE ' ' END;
  body := CASE
    WHEN strpos(lead, 'S') > 0 THEN pad || CASE WHEN num < 0 THEN '-' ELSE '+' END || cur || body
    WHEN trail = 'MI' THEN pad || cur || body || sign
    WHEN trail = 'S' THEN pad || cur || body || CASE WHEN num < 0 THEN '-' ELSE '+' END
    WHEN trail = 'PR' AND num < 0 THEN pad || '<' || cur || body || '>'
    WHEN trail = 'PR' THEN pad || ' ' || cur || body || ' '
    ELSE pad || sign || cur || body
  END;
  RETURN CASE WHEN fill THEN btrim(body, ' ') ELSE body END;
END
$fn$;

CREATE FUNCTION harness_ora.ora_number_text(val text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- TO_CHAR(n) without a format: shortest exact text, no leading zero ('.5', '-.5')
  SELECT CASE WHEN n = 0 THEN '0' ELSE regexp_replace(trim_scale(n)::text, '^(-?)0\.', '\1.') END
  FROM (SELECT val::numeric AS n) AS x
$fn$;

CREATE FUNCTION harness_ora.ora_to_number(txt text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  raw text := regexp_replace(txt, '^\s+|\s+$', '', 'g');
BEGIN
  IF raw !~ '^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$' THEN
    RAISE EXCEPTION 'ORA-01722: invalid number (%)', txt USING ERRCODE = '22P02';
  END IF;
  RETURN raw::numeric;
END
$fn$;

CREATE FUNCTION harness_ora.ora_to_number_fmt(txt text, fmt text) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
  raw text := regexp_replace(txt, '^\s+|\s+$', '', 'g');
  neg boolean := (left(raw, 1) = '<' AND right(raw, 1) = '>') OR right(raw, 1) = '-';
BEGIN
  PERFORM harness_ora.ora_number_format(fmt);
  -- As the reference: sign from <...> or a trailing '-', group separators and '$' dropped.
  raw := regexp_replace(replace(replace(rtrim(btrim(raw, '<>'), '-'), ',', ''), '$', ''),
    '^\s+|\s+$', '', 'g');
  RETURN harness_ora.ora_to_number(CASE WHEN neg THEN '-' || raw ELSE raw END);
END
$fn$;
"""

REGEXP_SQL = r"""
CREATE FUNCTION harness_ora.ora_regex(pattern text, flags text, extent boolean) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
-- An Oracle pattern and match parameter as a PostgreSQL ARE with the reference's meaning.
-- Where the match's extent matters (extent), constructs whose leftmost-longest (ARE) and
-- leftmost-first (backtracking) matches can differ are refused: alternation, lazy quantifiers
-- and quantified groups.
DECLARE
  p text := pattern;
  opts text := 'c';
  out text := '';
  i int := 1;
  ch text;
  nx text;
  last text := '';  -- what the previous piece was: 'atom', 'group', 'quant' or '' (none)
  why text;
BEGIN
  IF pattern IS NULL THEN
    RETURN NULL;
  END IF;
  FOR i IN 1 .. coalesce(length(flags), 0) LOOP
    ch := substr(flags, i, 1);
    IF ch IN ('i', 'c') THEN
      opts := ch || substr(opts, 2);
    ELSIF ch = 'n' THEN
      opts := opts || 'n';  -- marker only: '.' matches a newline
    ELSIF ch IN ('m', 'x') THEN
      opts := opts || CASE ch WHEN 'm' THEN 'w' ELSE 'x' END;
    ELSE
      RAISE EXCEPTION 'ORA-01760: illegal match parameter (%)', flags USING ERRCODE = '22023';
    END IF;
  END LOOP;
  p := replace(replace(replace(replace(replace(replace(p, '[:alpha:]', 'a-zA-Z'),
    '[:digit:]', '0-9'), '[:alnum:]', 'a-zA-Z0-9'), '[:upper:]', 'A-Z'), '[:lower:]', 'a-z'),
    '[:space:]', '\s');
  p := replace(replace(replace(replace(replace(replace(p, '[:punct:]', '!-/:-@\[-`{-~'),
    '[:xdigit:]', '0-9A-Fa-f'), '[:blank:]', ' \t'), '[:cntrl:]', '\u0001-\u001f\u007f'),
    '[:print:]', '\u0020-\u007e'), '[:graph:]', '\u0021-\u007e');
  i := 1;
  WHILE i <= length(p) LOOP
    ch := substr(p, i, 1);
    nx := substr(p, i + 1, 1);
    IF ch = '\' THEN
      out := out || CASE WHEN nx = 'b' THEN '\y' WHEN nx = 'B' THEN '\Y'
        WHEN nx = 'x' THEN '\u00' || substr(p, i + 2, 2) ELSE ch || nx END;
      i := i + CASE WHEN nx = 'x' THEN 4 ELSE 2 END;
      last := 'atom';
      CONTINUE;
    ELSIF ch = '[' THEN  -- a bracket expression, copied up to its closing ']'
      out := out || ch;
      i := i + 1;
      IF substr(p, i, 1) = '^' THEN
        out := out || '^';
        i := i + 1;
      END IF;
      IF substr(p, i, 1) = ']' THEN
        out := out || ']';
        i := i + 1;
      END IF;
      WHILE i <= length(p) AND substr(p, i, 1) <> ']' LOOP
        IF substr(p, i, 1) = '\' AND substr(p, i + 1, 1) = 'x' THEN
          out := out || '\u00' || substr(p, i + 2, 2);
          i := i + 4;
        ELSE
          out := out || substr(p, i, 1 + (substr(p, i, 1) = '\')::int);
          i := i + 1 + (substr(p, i, 1) = '\')::int;
        END IF;
      END LOOP;
      out := out || substr(p, i, 1);
      i := i + 1;
      last := 'atom';
      CONTINUE;
    ELSIF ch ~ '^\s$' AND strpos(opts, 'x') > 0 THEN  -- ignored: 'last' stays
      out := out || ch;
      i := i + 1;
      CONTINUE;
    ELSIF ch = '.' AND strpos(opts, 'n') = 0 THEN
      out := out || '[^\n]';
    ELSIF ch = '{' AND substr(p, i) !~ '^\{([0-9]+,?[0-9]*|,[0-9]+)\}' THEN
      out := out || '\{';  -- not a bound: a literal brace
    ELSIF ch IN ('*', '+', '?', '{') AND last <> '(' THEN
      IF last = 'quant' THEN
        why := 'a lazy quantifier';
      ELSIF last = 'group' THEN
        why := 'a quantified group';
      END IF;
      IF ch = '{' THEN  -- {m}, {m,}, {m,n}, {,n}
        ch := substring(p FROM i FOR strpos(substr(p, i), '}'));
        ch := CASE WHEN ch LIKE '{,%' THEN '{0' || substr(ch, 2) ELSE ch END;
        i := i + strpos(substr(p, i), '}') - 1;
      END IF;
      out := out || ch;
      i := i + 1;
      last := 'quant';
      CONTINUE;
    ELSE
      IF ch = '|' THEN
        why := 'alternation';
      END IF;
      out := out || ch;
    END IF;
    last := CASE ch WHEN ')' THEN 'group' WHEN '(' THEN '(' ELSE 'atom' END;
    i := i + 1;
  END LOOP;
  IF extent AND why IS NOT NULL THEN
    RAISE EXCEPTION 'not emulated on postgres: regular expression with % (PostgreSQL takes '
      'the longest match, a backtracking engine the first)', why USING ERRCODE = 'HX000';
  END IF;
  RETURN '(?' || replace(opts, 'n', '') || ')' || out;
END
$fn$;

CREATE FUNCTION harness_ora.ora_regex_groups(re text) RETURNS int
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- The number of capturing groups: an extra empty group matches '' whatever the pattern.
  SELECT array_length(regexp_match('', re || E'\n|()'), 1) - 1
$fn$;

CREATE FUNCTION harness_ora.ora_regex_arg(n bigint) RETURNS int
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
BEGIN
  IF n < 1 OR n > 2147483647 THEN
    RAISE EXCEPTION 'ORA-01428: argument ''%'' is out of range', n USING ERRCODE = '22003';
  END IF;
  RETURN n;
END
$fn$;

CREATE FUNCTION harness_ora.ora_regexp_like(txt text, pattern text, flags text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $fn$
  SELECT CASE WHEN txt IS NOT NULL AND pattern IS NOT NULL
    THEN txt ~ harness_ora.ora_regex(pattern, flags, false) END
$fn$;

CREATE FUNCTION harness_ora.ora_regexp_count(txt text, pattern text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT AS $fn$
  SELECT regexp_count(txt, harness_ora.ora_regex(pattern, NULL, true))
$fn$;

CREATE FUNCTION harness_ora.ora_regexp_instr(txt text, pattern text, pos bigint, occ bigint)
RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $fn$
  -- A start past the end searches from the end (the reference's finditer(text, pos)).
  SELECT regexp_instr(txt, harness_ora.ora_regex(pattern, NULL, occ > 1),
    least(harness_ora.ora_regex_arg(pos), length(txt) + 1), harness_ora.ora_regex_arg(occ))
$fn$;

CREATE FUNCTION harness_ora.ora_regexp_substr(txt text, pattern text, pos bigint, occ bigint,
  flags text, grp bigint) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  re text;
  start int;
BEGIN
  IF txt IS NULL OR pattern IS NULL OR pos IS NULL OR occ IS NULL THEN
    RETURN NULL;
  END IF;
  re := harness_ora.ora_regex(pattern, flags, true);
  start := least(harness_ora.ora_regex_arg(pos), length(txt) + 1);
  IF (grp < 0 OR grp > harness_ora.ora_regex_groups(re))
    AND regexp_instr(txt, re, start, harness_ora.ora_regex_arg(occ)) > 0 THEN
    RAISE EXCEPTION 'ORA-01428: argument ''%'' is out of range', grp USING ERRCODE = '22003';
  END IF;
  RETURN nullif(regexp_substr(txt, re, start, harness_ora.ora_regex_arg(occ), '',
    coalesce(grp, 0)::int), '');
END
$fn$;

CREATE FUNCTION harness_ora.ora_regexp_replace(txt text, pattern text, repl text, pos bigint,
  occ bigint, flags text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $fn$
DECLARE
  start int;
  r text := coalesce(repl, '');
  tmpl text := '';
  groups int := 0;
  bad text := '';
  re text;
  tail text;
  i int := 1;
  ch text;
BEGIN
  IF txt IS NULL OR pattern IS NULL THEN
    RETURN txt;
  ELSIF occ < 0 THEN
    RAISE EXCEPTION 'ORA-01428: argument ''%'' is out of range', occ USING ERRCODE = '22003';
  END IF;
  start := harness_ora.ora_regex_arg(coalesce(pos, 1));
  -- The replacement as the reference reads it (\1-\9 groups, \0 the match, \\ a backslash,
  -- \n \t ... control characters), written for PostgreSQL (\& the match, \\ a backslash).
  WHILE i <= length(r) LOOP
    ch := substr(r, i, 1);
    IF ch = '\' THEN
      i := i + 1;
      ch := substr(r, i, 1);
      IF ch = '' OR (ch ~ '^[A-Za-z]$' AND strpos('abfnrtv', ch) = 0) THEN
        bad := format('bad escape \%s', ch);
      ELSIF ch ~ '^[1-9]$' AND ch::int > groups THEN
        groups := ch::int;
        bad := format('invalid group reference \%s', ch);
      END IF;
      tmpl := tmpl || CASE WHEN ch = '0' THEN '\&' WHEN ch ~ '^[1-9]$' THEN '\' || ch
        WHEN ch = '\' THEN '\\'
        WHEN strpos('abfnrtv', ch) > 0
        THEN chr((ARRAY[7, 8, 12, 10, 13, 9, 11])[strpos('abfnrtv', ch)])
        ELSE '\\' || ch END;
    ELSE
      tmpl := tmpl || ch;
    END IF;
    i := i + 1;
  END LOOP;
  re := harness_ora.ora_regex(pattern, flags, true);
  tail := substr(txt, start);  -- searched as if the text began there, as the reference does
  -- A bad replacement fails where the reference reads it: always for every match, for the
  -- n-th match only when there is one.
  IF (bad LIKE 'bad%' OR groups > harness_ora.ora_regex_groups(re))
    AND (coalesce(occ, 0) = 0 OR regexp_count(tail, re) >= occ) THEN
    RAISE EXCEPTION '% in replacement %', bad, repl USING ERRCODE = '2201B';
  END IF;
  RETURN nullif(left(txt, start - 1) || regexp_replace(tail, re, tmpl, 1, coalesce(occ, 0)::int),
    '');
END
$fn$;
"""

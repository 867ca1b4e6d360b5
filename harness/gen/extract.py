"""Extract one Oracle SQL statement from a model completion (untrusted text; never raises).

Order of search: a fence or ``[SQL]`` tag the prompt already opened (the SQL starts at position
0), then ``[SQL] ... [/SQL]`` tags, then Markdown fences (the first block holding a SELECT/WITH
wins, else the first holding any other statement), then raw text (the first SELECT/WITH at a
line start or after a "SQL:"/"Query:"/"Answer:" label). A statement ends at the first ``;``
outside strings, quoted identifiers and comments, at a ``/`` line, a fence, a prose line, a
blank line followed by prose, or the end. Echoed ``CREATE TABLE`` schema is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

STOP_TOKENS = ("<|im_end|>", "<|im_start|>", "</s>", "<|endoftext|>", "<|eot_id|>",
               "<|end_of_text|>", "<|end|>", "<|eom_id|>", "<｜end▁of▁sentence｜>")  # fmt: skip
MAX_CANDIDATES = 64  # tags, fences or raw starts tried; bounds the work on hostile input


@dataclass(frozen=True)
class Extraction:
    """What `extract_sql` found in one completion."""

    sql: str | None  # the statement, stripped, without trailing ';' (None when no SQL)
    status: str  # "ok" | "no_sql"
    method: str  # "continued_fence", "continued_sql_tag", "sql_tag", "fence", "raw", "none"
    reason: str = ""  # for no_sql: "empty", "refusal", "echoed DDL", "prose only"


_I = re.IGNORECASE
_FENCE = re.compile(r"`{3,}|~{3,}")
_LANG = re.compile(r"[ \t]*([A-Za-z][\w+#.-]*)?")
_TAG_OPEN, _TAG_CLOSE = re.compile(r"\[SQL\]", _I), re.compile(r"\[/SQL\]", _I)
_CLOSER = re.compile(r"`{3,}|~{3,}|\[/?SQL\]", _I)
_LABEL = r"(?:(?:(?:oracle\s+)?sql(?:\s+query)?|query|(?:final\s+)?answer)[*_ \t]*:[*_ \t]*)"
_RAW_START = re.compile(r"(?:^[ \t>*]*" + _LABEL + r"?|:[ \t*]*)(?=(?:select|with)\b)", _I | re.M)
_NOISE = re.compile(r"(?:\s+|--[^\n]*|/\*.*?(?:\*/|\Z))*(?:[*_]*" + _LABEL + r")?\s*", re.S | _I)
# SELECT (not "Select the rows ...") or a WITH that really opens a CTE.
_QUERY = re.compile(
    r"(?:\(\s*)*(?:select\b(?!\s+(?:the|an?|all\s+the|those|these|each|every|only)\s+"
    r"(?!(?:from|as|into|over|keep)\b)[a-z])"
    r'|with\s+(?:(?:"[^"\n]{1,128}"|[a-z_][\w$#]*)\s*(?:\([^()]{0,2000}\)\s*)?as\s*\('
    r"|function\s|procedure\s))",
    _I,
)
_OTHER = re.compile(
    r"(?:insert|update|delete|merge|create|drop|alter|truncate|grant|revoke|begin|declare"
    r"|exec|execute|call)\s+[\w\"(]",
    _I,
)
_DDL = (  # schema a small model echoes from the prompt
    r"create\s+(?:global\s+temporary\s+)?(?:table|(?:unique\s+|bitmap\s+)?index"
    r"|(?:or\s+replace\s+)?view)\b"
)
_DDL_ECHO, _DDL_LINE = re.compile(_DDL, _I), re.compile(r"^[ \t`>]*" + _DDL, _I | re.M)
_REFUSAL = re.compile(
    r"\b(?:i\s*(?:do\s*not|don['’]?t|cannot|can['’]?t|am\s+unable|['’]m\s+unable|am\s+not\s+able)"
    r"|sorry|not\s+possible|cannot\s+be\s+answered|unable\s+to|no\s+way\s+to)\b",
    _I,
)
_SPECIAL = re.compile(r"[\n;'\"()]|--|/\*")
_NEXT_LINE = re.compile(r"((?:[ \t\r]*\n)*)[ \t\r]*([^\n]*)")
_STOP_LINE = re.compile(  # headings, bullets, labels and sentence openings that end the SQL
    r"#|\*\*|\[/?SQL\]|\d+\.\s+[A-Z`]|-\s+[`*]|(?i:explanation|notes?|output|results?"
    r"|question|answer|reasoning|sql|query|step\s*\d*)\s*:|(?i:this\s+(?:query|sql|statement"
    r"|will|returns?)|the\s+(?:above|query|sql|result))\b|(?:Explanation|Note|NOTE|This|The"
    r"|These|Here|Here's|In\s+this|In\s+the|Assuming|Alternatively|However|Please|Hope|Let|If"
    r"|I|It|We|You|Remember)\b"
)
_JOINER = re.compile(r"(?:\b(?:union(?:\s+all)?|intersect|minus|except|as)|[(,])\s*$", _I)
_Q_CLOSE = {"[": "]", "{": "}", "(": ")", "<": ">"}
_CLAUSE_WORDS = "select from where and or on join as by in is not null union left right"
_MORE_WORDS = (  # further words a continuation line after a blank line may start with
    "with inner outer full cross natural using group order having intersect minus except all "
    "connect start prior nocycle fetch offset rows only first next for update case when then "
    "else end exists between like distinct unique partition over model pivot unpivot values "
    "set into limit asc desc nulls siblings level rownum count sum min max avg nvl decode "
    "insert delete merge create table"
)
_CLAUSE = frozenset(_CLAUSE_WORDS.split())
SQL_WORDS = _CLAUSE | frozenset(_MORE_WORDS.split())


def _word(ch: str) -> bool:
    return ch.isalnum() or ch in "_$#"


def _skip_string(text: str, i: int) -> int:
    """Index just past the literal whose opening quote is at `i` ('..', 'It''s', q'[..]')."""
    if text[i - 1 : i] in ("q", "Q") and i + 1 < len(text):
        b = text[max(0, i - 3) : i - 1]  # before the q: nothing, a non-word character or a lone N
        if not b or not _word(b[-1]) or (b[-1] in "nN" and not _word(b[-2:-1] or " ")):
            j = text.find(_Q_CLOSE.get(text[i + 1], text[i + 1]) + "'", i + 2)
            return len(text) if j < 0 else j + 2
    j = i + 1
    while True:
        k = text.find("'", j)
        if k < 0:
            return len(text)
        if not text.startswith("''", k):
            return k + 1
        j = k + 2


def _is_prose(line: str) -> bool:
    """A sentence-like line: 'Returns all suppliers whose ...' (not 'Employees emp join ...')."""
    words = line.split(maxsplit=4)[:4]
    first = words[0] if len(words) == 4 else ""
    if not (first.istitle() and first.isalpha()) or first.lower() in SQL_WORDS:
        return False
    return all(w.isalpha() and w.islower() and w not in _CLAUSE for w in words[1:])


def _continues(line: str) -> bool:
    """Whether a line after a blank line still belongs to the statement."""
    if line[0] in "(),*'\"-/+=<>!:" or line.startswith("||"):
        return True
    m = re.match(r"([A-Za-z_][\w$#]*)(.?)", line)
    if m is None:
        return False
    word, nxt = m.groups()
    return word.lower() in SQL_WORDS or (word.isupper() and len(word) > 1) or nxt in ".,("


def _stops(text: str, start: int, nl: int, line: str, blank: bool) -> bool:
    """Whether the statement begun at `start` ends at the newline `nl`, given the next line."""
    if line == "/" or _FENCE.match(line) or _STOP_LINE.match(line) or _is_prose(line):
        return True
    before = text[max(start, nl - 64) : nl].rstrip()
    if _JOINER.search(before):  # "UNION ALL", "AS (", "," ...: the statement goes on
        return False
    if line[0] != "(" and _QUERY.match(line):  # a new query, or the main query after WITH's CTEs
        return not (text[start : start + 4].lower() == "with" and before.endswith(")"))
    return blank and not _continues(line)


def _scan(text: str, start: int, ddl: bool = False) -> int:
    """End (exclusive) of the statement beginning at `start`."""
    pos, depth, opened, n = start, 0, False, len(text)
    while pos < n and (m := _SPECIAL.search(text, pos)):
        i, tok = m.start(), m.group()
        pos = i + len(tok)
        if tok == ";":
            return i
        if tok == "\n" and ddl:  # echoed CREATE TABLE (...): it ends after its closing ')'
            if opened and depth <= 0:
                return i
        elif tok == "\n":
            nxt = _NEXT_LINE.match(text, pos)
            assert nxt is not None  # the pattern matches any text
            line = nxt.group(2).rstrip()
            if not line or _stops(text, start, i, line, bool(nxt.group(1))):
                return i
            pos = nxt.start(2)
        elif tok in "()":
            depth += 1 if tok == "(" else -1
            opened = True
        elif tok == "--":
            pos = text.find("\n", i)
            pos = n if pos < 0 else pos
        elif tok == "/*":
            pos = text.find("*/", pos)
            pos = n if pos < 0 else pos + 2
        elif tok == '"':
            pos = text.find('"', pos)
            pos = n if pos < 0 else pos + 1
        else:
            pos = _skip_string(text, i)
    return n


def _clean(stmt: str) -> str:
    """Strip whitespace, trailing ';' and SQL*Plus '/' lines."""
    prev = None
    while prev != stmt:
        prev = stmt
        stmt = stmt.strip().rstrip(";")
        head, _, last = stmt.rpartition("\n")
        if last.strip() == "/":
            stmt = head
    return stmt


def _prose_stmt(stmt: str) -> bool:
    """A one-line 'statement' ending like a sentence ("SELECT statements are used to ...")."""
    return "\n" not in stmt and stmt[-1:] in (".", ":", "?", "!")


def _from_block(body: str) -> str | None:
    """The first non-DDL-echo statement at the start of a fenced/tagged block, if any."""
    pos = 0
    for _ in range(MAX_CANDIDATES):
        match = _NOISE.match(body, pos)
        pos = match.end() if match else pos
        if pos >= len(body) or not (_QUERY.match(body, pos) or _OTHER.match(body, pos)):
            return None
        ddl = bool(_DDL_ECHO.match(body, pos))
        end = _scan(body, pos, ddl)
        stmt = _clean(body[pos:end])
        if not ddl:
            return stmt if stmt and not _prose_stmt(stmt) else None
        pos = end + 1
    return None


def _fences(text: str) -> list[str]:
    """Bodies of the first fenced blocks (an unclosed fence runs to the end)."""
    bodies: list[str] = []
    pos = 0
    while len(bodies) < MAX_CANDIDATES and (m := _FENCE.search(text, pos)):
        start = m.end()
        lang = _LANG.match(text, start)
        if lang and lang.group(1) and not (_QUERY.match(text, lang.start(1))
                                           or _OTHER.match(text, lang.start(1))):  # fmt: skip
            start = lang.end()
        close = _FENCE.search(text, start)
        while close and close.group()[0] != m.group()[0]:
            close = _FENCE.search(text, close.end())
        bodies.append(text[start : close.start() if close else len(text)])
        pos = close.end() if close else len(text)
    return bodies


def _search(text: str) -> Extraction | None:
    """Tags, then fences, then raw text."""
    for m in islice(_TAG_OPEN.finditer(text), MAX_CANDIDATES):
        close = _TAG_CLOSE.search(text, m.end())
        if stmt := _from_block(text[m.end() : close.start() if close else len(text)]):
            return Extraction(stmt, "ok", "sql_tag")
    found = [s for s in map(_from_block, _fences(text)) if s]
    if found:
        return Extraction(next((s for s in found if _QUERY.match(s)), found[0]), "ok", "fence")
    for m in islice(_RAW_START.finditer(text), MAX_CANDIDATES):
        stmt = _clean(text[m.end() : _scan(text, m.end())]) if _QUERY.match(text, m.end()) else ""
        if stmt and not _prose_stmt(stmt):
            return Extraction(stmt, "ok", "raw")
    return None


def _opened_by(prompt_tail: str) -> str:
    """'fence' or 'sql_tag' when the prompt ends inside an open fence/[SQL] tag, else ''."""
    low = prompt_tail.lower()
    tag = low.rfind("[sql]") if low.rfind("[sql]") > low.rfind("[/sql]") else -1
    fences = list(re.finditer(r"^[ \t]*(`{3,}|~{3,})[ \t]*(\S*)", prompt_tail, re.M))
    last = fences[-1] if fences else None  # still open: it has a language, or its count is odd
    is_open = last and not prompt_tail[last.end() :].strip() and (last[2] or len(fences) % 2)
    fence = last.start() if last and is_open else -1
    return "" if max(tag, fence) < 0 else "sql_tag" if tag > fence else "fence"


def _extract(completion: str, prompt_tail: str) -> Extraction:
    cut = min((i for i in (completion.find(t) for t in STOP_TOKENS) if i >= 0), default=None)
    text = completion[:cut].replace("\r\n", "\n")
    if not text.strip():
        return Extraction(None, "no_sql", "none", "empty")
    opened, rest = _opened_by(prompt_tail), text
    if opened:
        close = _CLOSER.search(text)
        body = text[: close.start() if close else len(text)]
        if body.strip():
            if stmt := _from_block(body):
                return Extraction(stmt, "ok", "continued_" + opened)
            rest = text[close.end() :] if close else ""
    if found := _search(rest):
        return found
    if _DDL_LINE.search(text):
        return Extraction(None, "no_sql", "none", "echoed DDL")
    return Extraction(None, "no_sql", "none", "refusal" if _REFUSAL.search(text) else "prose only")


def extract_sql(completion: str, *, prompt_tail: str = "") -> Extraction:
    """Extract the first SQL statement of `completion` (see the module docstring)."""
    try:
        text = completion if isinstance(completion, str) else ""
        return _extract(text, prompt_tail if isinstance(prompt_tail, str) else "")
    except Exception:  # untrusted model output must never crash a run
        return Extraction(None, "no_sql", "none", "extraction error")

"""Decide on the parsed tree whether untrusted SQL may run: one read-only query, nothing else.

Engine sandboxes (read-only connections, locked configuration, no external access, server-side
timeouts) are the second line; this check is the first, and is the same for every engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokens import Token, TokenType

from harness.engines.oracle_dialect import NAME as ORACLE
from harness.oracle.builtins import ORACLE_FUNCTIONS

# Statement and clause types that change state, reach outside, or hold locks.
FORBIDDEN_NODES: dict[type[exp.Expr], str] = {
    exp.Insert: "INSERT",
    exp.Update: "UPDATE",
    exp.Delete: "DELETE",
    exp.Merge: "MERGE",
    exp.Create: "CREATE",
    exp.Drop: "DROP",
    exp.Alter: "ALTER",
    exp.TruncateTable: "TRUNCATE",
    exp.Command: "a non-query command",
    exp.Pragma: "PRAGMA",
    exp.Set: "SET",
    exp.Copy: "COPY",
    exp.Attach: "ATTACH",
    exp.Detach: "DETACH",
    exp.Use: "USE",
    exp.Install: "INSTALL",
    exp.LoadData: "LOAD DATA",
    exp.Transaction: "a transaction",
    exp.Commit: "COMMIT",
    exp.Rollback: "ROLLBACK",
    exp.Grant: "GRANT",
    exp.Revoke: "REVOKE",
    exp.Into: "SELECT ... INTO",
    exp.Lock: "FOR UPDATE (row locks)",
    exp.Export: "EXPORT",
    exp.Analyze: "ANALYZE",
    exp.Kill: "KILL",
    exp.Refresh: "REFRESH",
    exp.Cache: "CACHE",
    exp.Declare: "DECLARE",
    exp.Summarize: "SUMMARIZE",
    exp.Describe: "DESCRIBE",
}

# Functions that read files, the environment or the network, on any engine we drive.
# Oracle packages (UTL_FILE, UTL_HTTP, DBMS_*) are caught as package calls below.
FORBIDDEN_FUNCTION_PREFIXES = (
    "READ_",
    "GLOB",
    "PARQUET_",
    "SQLITE_",
    "POSTGRES_",
    "MYSQL_",
    "ICEBERG_",
    "DELTA_SCAN",
    "GETENV",
    "CURRENT_SETTING",
    "GENERATE_SERIES",
    "JSON_SERIALIZE_PLAN",
    "JSON_SERIALIZE_SQL",
    "JSON_EXECUTE",
    "JSON_DESERIALIZE",
    "SETSEED",
    "WHICH_SECRET",
    "FORCE_CHECKPOINT",
    "DUCKDB_",
    "PG_",
    "LO_",
    "DBLINK",
    "HTTP",
    "QUERY",
    "SNIFF_CSV",
    "LOAD_EXTENSION",
    "SET_CONFIG",
    "UTL_",
    "DBMS_",
    "HTTPURITYPE",
    "XMLTYPE",
)
FORBIDDEN_PACKAGES = ("UTL_", "DBMS_", "SYS.", "OWA_", "HTP", "APEX_")


# Schemas and dictionary views that describe the engine rather than the fixture.
SYSTEM_SCHEMAS = frozenset(
    {
        "INFORMATION_SCHEMA",
        "PG_CATALOG",
        "SYS",
        "SYSTEM",
        "TEMP",
        "MAIN",
        "PG_TOAST",
        "DUCKDB",
        "SQLITE_MASTER",
    }
)
DICTIONARY_PREFIXES = (
    "DUCKDB_",
    "PG_",
    "SQLITE_",
    "ALL_",
    "DBA_",
    "USER_",
    "V$",
    "GV$",
    "CDB_",
    "DBA$",
)
MAX_SQL_CHARS = 50_000
MAX_TREE_DEPTH = 120
# Statement keywords that never belong inside a query, wherever they hide (a CTE, a subquery).
STATEMENT_KEYWORDS = frozenset(
    {
        TokenType.INSERT,
        TokenType.UPDATE,
        TokenType.DELETE,
        TokenType.MERGE,
        TokenType.CREATE,
        TokenType.DROP,
        TokenType.ALTER,
        TokenType.TRUNCATE,
        TokenType.GRANT,
        TokenType.REVOKE,
        TokenType.COMMIT,
        TokenType.ROLLBACK,
        TokenType.COPY,
        TokenType.ATTACH,
        TokenType.DETACH,
        TokenType.INSTALL,
        TokenType.PRAGMA,
        TokenType.EXECUTE,
        TokenType.COMMAND,
    }
)
QUERY_START = {TokenType.SELECT, TokenType.WITH, TokenType.L_PAREN}
# Words the tokenizer may see as plain names that legitimately precede "(".
NOT_FUNCTIONS = frozenset(
    {
        "GROUP",
        "KEEP",
        "OVER",
        "FILTER",
        "WITHIN",
        "PARTITION",
        "ROWS",
        "RANGE",
        "VALUES",
        "IN",
        "EXISTS",
        "ANY",
        "ALL",
        "SOME",
        "AS",
        "ON",
        "USING",
        "PIVOT",
        "UNPIVOT",
        "FOR",
        "MODEL",
        "DIMENSION",
        "MEASURES",
        "RULES",
        "PATTERN",
        "DEFINE",
        "SEARCH",
        "CYCLE",
        "OF",
        "AND",
        "OR",
        "NOT",
        "WHEN",
        "THEN",
        "ELSE",
        "SELECT",
        "FROM",
        "WHERE",
        "HAVING",
        "BY",
        "ORDER",
    }
)
FILE_LIKE = set("/\\:") | {"."}


@dataclass(frozen=True)
class SafetyVerdict:
    """Outcome of the check: ``tree`` when the SQL may run, else a status and reason."""

    tree: exp.Query | None
    status: str = "ok"  # ok | rejected | syntax_error | unsupported
    reason: str = ""


def _function_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).upper()
    if isinstance(node, exp.Func):
        return node.sql_name().upper()
    return ""


def _cte_column_list(tokens: list[Token], open_index: int) -> bool:
    """True when the parenthesis at open_index closes right before AS: ``name(a, b) AS (``."""
    depth = 0
    for index in range(open_index, len(tokens)):
        kind = tokens[index].token_type
        if kind == TokenType.L_PAREN:
            depth += 1
        elif kind == TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return index + 1 < len(tokens) and tokens[index + 1].token_type == TokenType.ALIAS
    return False


def _scan_tokens(sql: str) -> SafetyVerdict | None:
    """Checks on the token stream, which hold even where the parser gives up."""
    try:
        tokens = sqlglot.Dialect.get_or_raise(ORACLE).tokenize(sql)
    except (TokenError, RecursionError) as exc:
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head.lstrip("(") not in ("SELECT", "WITH", ""):
            return SafetyVerdict(None, "rejected", f"not a query ({head[:20]})")
        return SafetyVerdict(None, "syntax_error", f"syntax error: {str(exc)[:200]}")
    if not tokens:
        return SafetyVerdict(None, "syntax_error", "no SQL statement found")
    for token in tokens:
        if token.token_type in STATEMENT_KEYWORDS:
            return SafetyVerdict(
                None,
                "rejected",
                f"{token.text.upper()} is not allowed in a query (only SELECT/WITH)",
            )
    if tokens[0].token_type not in QUERY_START:
        return SafetyVerdict(
            None, "rejected", f"only SELECT/WITH queries may run, not {tokens[0].text.upper()[:30]}"
        )
    # A clause-level FROM follows a SELECT at the same parenthesis depth (TRIM(x FROM y) and
    # EXTRACT(x FROM y) do not).
    select_at_depth = [False]
    for index, token in enumerate(tokens):
        kind = token.token_type
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        previous = tokens[index - 1] if index else None
        if kind == TokenType.L_PAREN:
            select_at_depth.append(False)
        elif kind == TokenType.R_PAREN and len(select_at_depth) > 1:
            select_at_depth.pop()
        elif kind == TokenType.SELECT:
            select_at_depth[-1] = True
        clause = kind == TokenType.JOIN or (kind == TokenType.FROM and select_at_depth[-1])
        if clause and following is not None and following.token_type == TokenType.STRING:
            return SafetyVerdict(
                None,
                "rejected",
                f"{token.text.upper()} a string literal (a file path on some engines)",
            )
        if kind == TokenType.IDENTIFIER and any(ch in FILE_LIKE for ch in token.text):
            return SafetyVerdict(
                None, "rejected", f"quoted name {token.text[:60]!r} looks like a file path"
            )
        if kind not in (TokenType.VAR, TokenType.GLOB) or following is None:
            continue
        if following.token_type != TokenType.L_PAREN:
            continue
        if previous is not None and previous.token_type == TokenType.DOT:
            continue  # package.function: judged on the tree
        name = token.text.upper()
        if name in NOT_FUNCTIONS:
            continue
        if name.startswith(FORBIDDEN_FUNCTION_PREFIXES) or kind == TokenType.GLOB:
            return SafetyVerdict(None, "rejected", f"function {name} reads outside the database")
        if name not in ORACLE_FUNCTIONS and not _cte_column_list(tokens, index + 1):
            return SafetyVerdict(
                None,
                "syntax_error",
                f"ORA-00904: {name}: invalid identifier (not an Oracle function)",
            )
    return None


def _depth(tree: exp.Expr) -> int:
    deepest = 0
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter_expressions())
    return deepest


def _table_refusal(node: exp.Table) -> str | None:
    if "@" in node.name or "@" in node.sql(ORACLE):
        return "database link (reaches another database)"
    schema = (node.db or "").upper()
    name = node.name.upper()
    if schema in SYSTEM_SCHEMAS or name.startswith(DICTIONARY_PREFIXES):
        return f"data dictionary or catalog access ({node.sql(ORACLE)[:60]})"
    return None


def _check_tree(sql: str) -> SafetyVerdict:
    try:
        statements = [s for s in sqlglot.parse(sql, read=ORACLE) if s is not None]
    except (ParseError, TokenError) as exc:
        if re.search(r"\bMODEL\b.*\b(DIMENSION|MEASURES|RULES)\b", sql, re.IGNORECASE | re.S):
            return SafetyVerdict(None, "unsupported", "the MODEL clause is not emulated")
        errors = getattr(exc, "errors", None) or []
        if errors:
            first = errors[0]
            where = f"line {first.get('line')}, column {first.get('col')}"
            return SafetyVerdict(
                None,
                "syntax_error",
                f"syntax error at {where}: {first.get('description')} near "
                f"{first.get('highlight')!r}",
            )
        return SafetyVerdict(None, "syntax_error", f"syntax error: {exc}")
    if not statements:
        return SafetyVerdict(None, "syntax_error", "no SQL statement found")
    if len(statements) > 1:
        kinds = ", ".join(type(s).__name__.upper() for s in statements)
        return SafetyVerdict(
            None, "rejected", f"{len(statements)} statements ({kinds}); only one query is allowed"
        )
    tree = statements[0]
    if isinstance(tree, exp.Subquery) and isinstance(tree.this, exp.Query):
        tree = tree.this
    if _depth(tree) > MAX_TREE_DEPTH:
        return SafetyVerdict(None, "rejected", "statement nests too deeply to analyse")
    for node in tree.walk():
        for node_type, label in FORBIDDEN_NODES.items():
            if isinstance(node, node_type):
                return SafetyVerdict(None, "rejected", f"{label} is not allowed; only SELECT/WITH")
        name = _function_name(node)
        if name and name.startswith(FORBIDDEN_FUNCTION_PREFIXES):
            return SafetyVerdict(None, "rejected", f"function {name} reads outside the database")
        if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            package = node.this.sql(ORACLE).upper()
            if package.startswith(FORBIDDEN_PACKAGES):
                return SafetyVerdict(
                    None, "rejected", f"package call {package}.{_function_name(node.expression)}"
                )
        if isinstance(node, exp.Table):
            if not isinstance(node.this, exp.Identifier):
                return SafetyVerdict(
                    None, "rejected", f"table function {node.this.sql(ORACLE)[:60]} in FROM"
                )
            refusal = _table_refusal(node)
            if refusal:
                return SafetyVerdict(None, "rejected", refusal)
    if not isinstance(tree, exp.Query):
        return SafetyVerdict(
            None, "rejected", f"{type(tree).__name__.upper()} is not a query; only SELECT/WITH"
        )
    return SafetyVerdict(tree)


def check_sql(sql: str) -> SafetyVerdict:
    """Parse Oracle SQL and allow exactly one SELECT/WITH query with no forbidden parts."""
    if len(sql) > MAX_SQL_CHARS:
        return SafetyVerdict(
            None, "rejected", f"statement of {len(sql):,} characters (limit {MAX_SQL_CHARS:,})"
        )
    try:
        refused = _scan_tokens(sql)
        if refused is not None:
            return refused
        return _check_tree(sql)
    except RecursionError:
        return SafetyVerdict(None, "rejected", "statement nests too deeply to analyse")

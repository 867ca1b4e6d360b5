"""Decide on the parsed tree whether untrusted SQL may run: one read-only query, nothing else.

Engine sandboxes (read-only connections, locked configuration, no external access, server-side
timeouts) are the second line; this check is the first, and is the same for every engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

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


@dataclass(frozen=True)
class SafetyVerdict:
    """Outcome of the check: ``tree`` when the SQL may run, else a status and reason."""

    tree: exp.Query | None
    status: str = "ok"  # ok | rejected | syntax_error
    reason: str = ""


def _function_name(node: exp.Expr) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).upper()
    if isinstance(node, exp.Func):
        return node.sql_name().upper()
    return ""


def check_sql(sql: str) -> SafetyVerdict:
    """Parse Oracle SQL and allow exactly one SELECT/WITH query with no forbidden parts."""
    try:
        statements = [s for s in sqlglot.parse(sql, read="oracle") if s is not None]
    except (ParseError, TokenError) as exc:
        errors = getattr(exc, "errors", None) or []
        if errors:
            first = errors[0]
            where = f"line {first.get('line')}, column {first.get('col')}"
            return SafetyVerdict(
                None,
                "syntax_error",
                f"syntax error at {where}: "
                f"{first.get('description')} near {first.get('highlight')!r}",
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
    for node in tree.walk():
        for node_type, label in FORBIDDEN_NODES.items():
            if isinstance(node, node_type):
                return SafetyVerdict(None, "rejected", f"{label} is not allowed; only SELECT/WITH")
        name = _function_name(node)
        if name and name.startswith(FORBIDDEN_FUNCTION_PREFIXES):
            return SafetyVerdict(None, "rejected", f"function {name} reads outside the database")
        if isinstance(node, exp.Dot) and isinstance(node.expression, exp.Func):
            package = node.this.sql("oracle").upper()
            if package.startswith(FORBIDDEN_PACKAGES):
                return SafetyVerdict(
                    None, "rejected", f"package call {package}.{_function_name(node.expression)}"
                )
        if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
            return SafetyVerdict(
                None, "rejected", f"table function {node.this.sql('oracle')[:60]} in FROM"
            )
    if not isinstance(tree, exp.Query):
        return SafetyVerdict(
            None, "rejected", f"{type(tree).__name__.upper()} is not a query; only SELECT/WITH"
        )
    return SafetyVerdict(tree)

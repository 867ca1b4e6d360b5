"""Split Oracle SQL scripts into statements with their starting line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import TokenError
from sqlglot.tokens import TokenType

ORACLE = Dialect.get_or_raise("oracle")


@dataclass(frozen=True)
class Statement:
    """One statement of a script: its text (no trailing ';') and its first line."""

    text: str
    line: int


def split_statements(text: str) -> list[Statement]:
    """Split on top-level semicolons as the Oracle tokenizer sees them (strings, comments safe)."""
    try:
        tokens = ORACLE.tokenize(text)
    except TokenError as exc:
        raise ValueError(str(exc)) from None
    statements: list[Statement] = []
    start: int | None = None
    first_line = 1
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            if start is not None:
                statements.append(Statement(text[start : token.start].strip(), first_line))
            start = None
            continue
        if start is None:
            start = token.start
            # Comments before a statement are attached to its first token; count from the token.
            first_line = text.count("\n", 0, token.start) + 1
    if start is not None:
        tail = text[start:].strip()
        if tail:
            statements.append(Statement(tail, first_line))
    return statements

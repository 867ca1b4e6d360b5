"""The sqlglot dialect harness reads Oracle SQL with: Oracle, keeping format models raw.

sqlglot's Oracle reader turns TO_DATE's format model into strftime codes, losing RR, FX and
case; the semantics layer needs the model as written, so TO_DATE/TO_TIMESTAMP stay calls.
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp
from sqlglot.dialects.oracle import Oracle

NAME = "harnessoracle"
# Calls kept as written, with the type annotate_types should give them.
RAW_CALLS: dict[str, exp.DType] = {
    "TO_DATE": exp.DType.TIMESTAMP,
    "TO_TIMESTAMP": exp.DType.TIMESTAMP,
    "TO_CHAR": exp.DType.VARCHAR,
}


def _raw(name: str) -> Any:
    return lambda args: exp.Anonymous(this=name, expressions=args)


_default_anonymous = Oracle.EXPRESSION_METADATA[exp.Anonymous]["annotator"]


def _annotate_anonymous(annotator: Any, expression: exp.Anonymous) -> Any:
    name = str(expression.this).upper()
    if name in RAW_CALLS:
        annotator._set_type(expression, RAW_CALLS[name])
        return expression
    if name in ("TRUNC", "ROUND") and expression.expressions:
        first = expression.expressions[0]
        annotator._set_type(expression, first.type or exp.DType.UNKNOWN)
        return expression
    return _default_anonymous(annotator, expression)


class HarnessOracle(Oracle):
    """Oracle, with raw format models (registered under the name ``harnessoracle``)."""

    EXPRESSION_METADATA = {  # noqa: RUF012 - sqlglot's own convention
        **Oracle.EXPRESSION_METADATA,
        exp.Anonymous: {"annotator": _annotate_anonymous},
    }

    class Parser(Oracle.Parser):  # type: ignore[misc,valid-type]
        FUNCTIONS = {**Oracle.Parser.FUNCTIONS, **{name: _raw(name) for name in RAW_CALLS}}  # noqa: RUF012

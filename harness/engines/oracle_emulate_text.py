"""Oracle string rules: INSTR/SUBSTR positions, null-safe concatenation, implicit TO_CHAR,
LISTAGG, GREATEST/LEAST with NULL, REPLACE, REGEXP_*, LPAD/RPAD and INITCAP."""

from __future__ import annotations

import re

from sqlglot import exp

from harness.engines.oracle_emulate_base import (
    NLS_DATE_FORMAT,
    EmulatorBase,
    Unsupported,
    _integral,
)


class TextRules(EmulatorBase):
    """Rewrites of Oracle's string functions and conversions to text."""

    def instr(self, node: exp.StrPosition) -> exp.Expr:
        position, occurrence = node.args.get("position"), node.args.get("occurrence")
        if position is None and occurrence is None:
            return node
        one = exp.Literal.number(1)
        return self.call(
            "INSTR",
            node.this,
            node.args["substr"],
            self.whole(position or one),
            self.whole(occurrence or one),
        )

    def substring(self, node: exp.Substring) -> exp.Expr:
        start, length = node.args.get("start"), node.args.get("length")
        if (
            isinstance(start, exp.Literal)
            and start.is_int
            and int(start.this) > 0
            and (
                length is None
                or (isinstance(length, exp.Literal) and length.is_int and int(length.this) > 0)
            )
        ):
            return exp.Nullif(this=node, expression=exp.Literal.string(""))
        if start is None:
            raise Unsupported("SUBSTR without a position")
        if length is None:
            return self.call("SUBSTR_FROM", node.this, self.whole(start))
        return self.call("SUBSTR", node.this, self.whole(start), self.whole(length))

    def as_text(self, node: exp.Expr, construct: str) -> exp.Expr:
        """Oracle's implicit conversion to VARCHAR2 (TO_CHAR with the session defaults)."""
        kind = self.kind(node, construct)
        if kind == "temporal":
            return self.call("TO_CHAR_DATE", node, exp.Literal.string(NLS_DATE_FORMAT))
        if (
            kind == "numeric"
            and not _integral(node)
            and not (isinstance(node, exp.Literal) and node.is_int)
        ):
            return self.call("NUMBER_TEXT", self.text(node))
        if kind in ("text", "null", "numeric"):
            return node
        raise Unsupported(f"{construct} of a {kind} value")

    def dpipe(self, node: exp.DPipe) -> exp.Expr:
        parts: list[exp.Expr] = []
        pending: list[exp.Expr] = [node]
        while pending:
            item = pending.pop()
            if isinstance(item, exp.DPipe):
                pending.extend([item.expression, item.this])
            elif (
                isinstance(item, exp.Nullif)
                and isinstance(item.this, exp.Concat)
                and (item.this.args.get("coalesce"))
            ):
                pending.extend(reversed(item.this.expressions))
            else:
                parts.append(self.as_text(item, "||"))
        concat = exp.Concat(expressions=parts, safe=True, coalesce=True)
        return exp.Nullif(this=concat, expression=exp.Literal.string(""))

    def concat(self, node: exp.Concat) -> exp.Expr:
        if node.args.get("coalesce"):
            return node  # already ours
        pipe: exp.Expr = node.expressions[0]
        for part in node.expressions[1:]:
            pipe = exp.DPipe(this=pipe, expression=part, safe=True)
        return self.dpipe(pipe) if isinstance(pipe, exp.DPipe) else pipe

    def group_concat(self, node: exp.GroupConcat) -> exp.Expr:
        if node.args.get("separator") is None:
            node.set("separator", exp.Literal.string(""))  # Oracle's LISTAGG default: none
        target = node.this
        inner = target.this if isinstance(target, exp.Order) else target
        converted = self.as_text(inner, "LISTAGG")
        if converted is not inner:
            inner.replace(converted)
        return exp.Nullif(this=node, expression=exp.Literal.string(""))

    def greatest_least(self, node: exp.Greatest | exp.Least) -> exp.Expr:
        args = [node.this, *node.expressions]
        any_null = exp.or_(*[exp.Is(this=a.copy(), expression=exp.Null()) for a in args])
        return exp.Case(ifs=[exp.If(this=any_null, true=exp.Null())], default=node)

    def replace(self, node: exp.Replace) -> exp.Expr:
        """REPLACE(s, NULL, x) is s; a NULL replacement removes the search string."""
        replacement = node.args.get("replacement")
        empty = exp.Literal.string("")
        if replacement is None or isinstance(replacement, exp.Null):
            node.set("replacement", empty)
        elif not isinstance(replacement, exp.Literal):
            node.set("replacement", exp.Coalesce(this=replacement, expressions=[empty.copy()]))
        search = node.expression
        if isinstance(search, exp.Null):
            return node.this
        guarded = exp.Case(
            ifs=[
                exp.If(
                    this=exp.Is(this=search.copy(), expression=exp.Null()), true=node.this.copy()
                )
            ],
            default=node,
        )
        return exp.Nullif(this=guarded, expression=empty.copy())

    def regexp_like(self, node: exp.RegexpLike) -> exp.Expr:
        return self.call(
            "REGEXP_LIKE", node.this, node.expression, node.args.get("flag") or exp.Null()
        )

    def regexp_count(self, node: exp.RegexpCount) -> exp.Expr:
        _check_match_rules(node.expression, "REGEXP_COUNT")
        if node.args.get("position") is not None or node.args.get("parameters") is not None:
            raise Unsupported("REGEXP_COUNT with a position or match parameter")
        return self.call("REGEXP_COUNT", node.this, node.expression)

    def regexp_substr(self, node: exp.RegexpSubstr) -> exp.Expr:
        _check_match_rules(node.expression, "REGEXP_SUBSTR")
        one = exp.Literal.number(1)
        return self.call(
            "REGEXP_SUBSTR",
            node.this,
            node.expression,
            self.whole(node.args.get("position") or one),
            self.whole(node.args.get("occurrence") or one),
            node.args.get("parameters") or exp.Null(),
            self.whole(node.args.get("group") or exp.Literal.number(0)),
        )

    def regexp_replace(self, node: exp.RegexpReplace) -> exp.Expr:
        _check_match_rules(node.expression, "REGEXP_REPLACE")
        one = exp.Literal.number(1)
        return self.call(
            "REGEXP_REPLACE",
            node.this,
            node.expression,
            node.args.get("replacement") or exp.Null(),
            self.whole(node.args.get("position") or one),
            self.whole(node.args.get("occurrence") or exp.Literal.number(0)),
            node.args.get("modifiers") or exp.Null(),
        )

    def regexp_instr(self, node: exp.Expr) -> exp.Expr:
        _check_match_rules(node.args["expression"], "REGEXP_INSTR")
        one = exp.Literal.number(1)
        if any(node.args.get(k) for k in ("option", "parameters", "group")):
            raise Unsupported("REGEXP_INSTR with return option, match parameter or group")
        return self.call(
            "REGEXP_INSTR",
            node.this,
            node.args["expression"],
            self.whole(node.args.get("position") or one),
            self.whole(node.args.get("occurrence") or one),
        )

    def pad(self, node: exp.Pad) -> exp.Expr:
        """LPAD/RPAD lengths are truncated NUMBERs; a length below 1 gives NULL (via '')."""
        length = node.expression
        if length is not None and not (isinstance(length, exp.Literal) and length.is_int):
            node.set("expression", self.whole(length, "INT"))
        if not isinstance(node.parent, exp.Nullif):
            return exp.Nullif(this=node, expression=exp.Literal.string(""))
        return node

    def initcap(self, node: exp.Initcap) -> exp.Expr:
        # Oracle's INITCAP has one argument; sqlglot fills in Oracle's delimiters itself.
        return self.call("INITCAP", node.this)


# Where a pattern can match more than one way, Oracle's documentation promises POSIX
# leftmost-longest matching while backtracking engines take the first alternative: which text a
# match covers is then not certain, so such patterns are not emulated.
AMBIGUOUS_PATTERN = re.compile(r"\||[*+?}]\?|\)[*+?{]")


def _check_match_rules(pattern: exp.Expr, construct: str) -> None:
    if not (isinstance(pattern, exp.Literal) and pattern.is_string):
        raise Unsupported(f"{construct} with a pattern that is not a literal")
    if AMBIGUOUS_PATTERN.search(pattern.this):
        raise Unsupported(
            f"{construct} with alternation, lazy quantifiers or quantified groups (which text "
            "matches depends on the regex engine)"
        )

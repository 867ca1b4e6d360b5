"""YAML and JSONL reading that remembers line numbers, so validation errors can name them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from harness.errors import InputError

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


class Located:
    """A parsed document plus the line of every mapping key and sequence item."""

    def __init__(self, data: Any, lines: dict[Loc, int], path: Path) -> None:
        self.data = data
        self.lines = lines
        self.path = path

    def line_of(self, loc: Loc) -> int | None:
        """Line of the deepest known prefix of `loc` (pydantic locs may go deeper than the YAML)."""
        for cut in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:cut]))
            if line is not None:
                return line
        return None


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def _convert(node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in out:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            lines[(*loc, key)] = key_node.start_mark.line + 1
            out[key] = _convert(value_node, (*loc, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*loc, i), lines) for i, item in enumerate(node.value)]
    # Scalars: let the safe constructor resolve types (ints, bools, dates, nulls).
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def load_yaml(path: Path) -> Located:
    """Parse a YAML file, keeping line numbers; a syntax error names the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = str(getattr(exc, "problem", None) or exc)
        context = getattr(exc, "context_mark", None)
        context_text = getattr(exc, "context", None)
        if context is not None and context_text:
            problem += f" ({context_text} that starts at line {context.line + 1})"
        raise InputError(f"invalid YAML: {problem}", path=path, line=line) from None
    lines: dict[Loc, int] = {}
    try:
        data = None if node is None else _convert(node, (), lines)
    except _DuplicateKey as dup:
        raise InputError(
            f"key {dup.key!r} appears twice in one mapping", path=path, line=dup.line
        ) from None
    return Located(data, lines, path)


def _field_name(loc: Loc) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + part)
    return "".join(parts)


def validate(
    model: type[M],
    data: Any,
    *,
    path: Path,
    located: Located | None = None,
    base: Loc = (),
    line: int | None = None,
) -> M:
    """Validate `data` into `model`; the first error names file, line and field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc: Loc = tuple(err["loc"])
        full = (*base, *loc)
        where = located.line_of(full) if located is not None else line
        extra = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field; check the spelling against docs/suite-format.md"
        raise InputError(
            msg + extra, path=path, line=where, field=_field_name(full) or None
        ) from None


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """Yield (line number, parsed object) for each non-blank line; bad JSON names the line."""
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"invalid JSON: {exc.msg} (column {exc.colno})", path=path, line=number
                ) from None

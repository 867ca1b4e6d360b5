"""The training corpus: parametrised question templates instantiated over a fixture.

A template file (``train/templates/<module>.yaml``) is a list of templates. Each has business
phrasings with ``{placeholders}``, an optional ``bind`` query whose result rows supply the
placeholder values (one instance per sampled row, column names = placeholder names) and the
Oracle SQL answer with the same placeholders. Values become Oracle literals in SQL and plain
text in questions. Every instance is executed on the fixture and kept only when it returns
at least one row with a non-NULL value; nothing is typed as a result.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import random
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from harness.engines.base import Engine
from harness.errors import InputError
from harness.fixture import Fixture
from harness.schema_ddl import render_schema, tables_in_sql
from harness.suite import Difficulty
from harness.yamlio import load_yaml, validate

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
MODULES = ("GL", "AP", "AR", "PO", "OM", "INV", "HR", "FND", "FA", "CE")


class Template(BaseModel):
    """One parametrised question/SQL pair of a template file."""

    model_config = ConfigDict(extra="forbid")
    id: str
    """Unique across all template files; instance ids are ``<id>-<n>``."""
    module: str
    """EBS module (GL, AP, AR, PO, OM, INV, HR, FND, FA, CE)."""
    questions: list[str] = Field(min_length=1)
    """Phrasings as business users ask; instances cycle through them."""
    sql: str
    """Gold Oracle SQL with ``{placeholders}`` for bound values."""
    bind: str | None = None
    """Query whose rows give placeholder values (columns named like the placeholders)."""
    limit: int = Field(default=12, ge=1, le=200)
    """At most this many instances (rows sampled from ``bind`` with a fixed seed)."""
    difficulty: Difficulty = "medium"
    tags: list[str] = Field(default_factory=list)
    """EBS trap tags, as in the suites."""

    @field_validator("module")
    @classmethod
    def _known_module(cls, value: str) -> str:
        if value not in MODULES:
            raise ValueError(f"module must be one of {', '.join(MODULES)}")
        return value

    def placeholders(self) -> set[str]:
        names = set(PLACEHOLDER.findall(self.sql))
        for text in self.questions:
            names |= set(PLACEHOLDER.findall(text))
        return names


@dataclass
class LocatedTemplate:
    template: Template
    path: Path
    line: int | None


@dataclass
class Example:
    """One corpus row: the users' three fields plus provenance."""

    id: str
    instruction: str
    schema: str
    output: str
    module: str
    difficulty: str
    tags: list[str]
    template: str

    def to_json(self) -> str:
        return json.dumps(
            {
                "id": self.id,
                "instruction": self.instruction,
                "schema": self.schema,
                "output": self.output,
                "module": self.module,
                "difficulty": self.difficulty,
                "tags": self.tags,
                "template": self.template,
            },
            ensure_ascii=False,
        )


@dataclass
class BuildReport:
    kept: list[Example] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)
    """(instance or template id, reason)."""
    barren: list[str] = field(default_factory=list)
    """Templates that produced no example at all."""


def load_templates(paths: list[Path]) -> list[LocatedTemplate]:
    """Load template files; errors name the file, line and field."""
    out: list[LocatedTemplate] = []
    seen: dict[str, str] = {}
    for path in paths:
        doc = load_yaml(path)
        if not isinstance(doc.data, list):
            raise InputError("a template file must be a list of templates", path=path, line=1)
        for index, item in enumerate(doc.data):
            tpl = validate(Template, item, path=path, located=doc, base=(index,))
            line = doc.line_of((index,))
            if tpl.id in seen:
                raise InputError(
                    f"duplicate template id {tpl.id!r} (first in {seen[tpl.id]})",
                    path=path,
                    line=line,
                    field=f"[{index}].id",
                )
            seen[tpl.id] = f"{path.name}:{line}"
            names = tpl.placeholders()
            if names and tpl.bind is None:
                raise InputError(
                    f"placeholders {sorted(names)} need a bind query",
                    path=path,
                    line=line,
                    field=f"[{index}].bind",
                )
            out.append(LocatedTemplate(tpl, path, line))
    return out


def sql_literal(value: Any) -> str:
    """An Oracle literal for a bound value."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        raise ValueError("boolean values cannot be bound")
    if isinstance(value, (int, decimal.Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return f"DATE '{value.date().isoformat()}'"
        return f"TO_DATE('{value:%Y-%m-%d %H:%M:%S}', 'YYYY-MM-DD HH24:MI:SS')"
    if isinstance(value, dt.date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def text_value(value: Any) -> str:
    """How a bound value reads inside a question."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return f"{value:%d-%b-%Y}".upper()
        return f"{value:%d-%b-%Y %H:%M}".upper()
    if isinstance(value, dt.date):
        return f"{value:%d-%b-%Y}".upper()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _fill(text: str, values: dict[str, Any], render: Any) -> str:
    return PLACEHOLDER.sub(lambda m: render(values[m.group(1)]), text)


def non_vacuous(rows: list[tuple[Any, ...]]) -> bool:
    """At least one non-NULL cell: the bar every training output must clear."""
    return any(cell is not None for row in rows for cell in row)


def _bind_rows(
    engine: Engine, item: LocatedTemplate, timeout_s: float
) -> list[dict[str, Any]] | str:
    tpl = item.template
    if tpl.bind is None:
        return [{}]
    res = engine.execute(tpl.bind, timeout_s=timeout_s, max_rows=5000)
    if res.status != "ok" or res.result is None:
        return f"bind query {res.status}: {res.reason}"
    cols = [c.lower() for c in res.result.columns]
    missing = tpl.placeholders() - set(cols)
    if missing:
        return f"bind query lacks columns {sorted(missing)}"
    rows = sorted({tuple(r) for r in res.result.rows}, key=repr)
    rng = random.Random(zlib.crc32(tpl.id.encode()))
    if len(rows) > tpl.limit:
        rows = rng.sample(rows, tpl.limit)
    return [dict(zip(cols, row, strict=True)) for row in rows]


def instantiate(
    engine: Engine,
    fixture: Fixture,
    item: LocatedTemplate,
    report: BuildReport,
    *,
    timeout_s: float = 30.0,
) -> list[Example]:
    """All examples of one template that execute non-vacuously."""
    tpl = item.template
    where = f"{tpl.id} ({item.path.name}:{item.line})"
    bound = _bind_rows(engine, item, timeout_s)
    if isinstance(bound, str):
        report.dropped.append((where, bound))
        return []
    examples: list[Example] = []
    count = max(len(bound), 1) if tpl.bind else len(tpl.questions)
    if not tpl.bind:
        bound = [{}] * count
    for n, values in enumerate(bound):
        if any(v is None for v in values.values()):
            report.dropped.append((f"{tpl.id}-{n + 1}", "bind row has a NULL value"))
            continue
        sql = _fill(tpl.sql.strip().rstrip(";").strip(), values, sql_literal)
        question = _fill(tpl.questions[n % len(tpl.questions)].strip(), values, text_value)
        res = engine.execute(sql, timeout_s=timeout_s, max_rows=20000)
        if res.status != "ok" or res.result is None:
            report.dropped.append((f"{tpl.id}-{n + 1}", f"{res.status}: {res.reason}"))
            continue
        if not non_vacuous(res.result.rows):
            report.dropped.append((f"{tpl.id}-{n + 1}", "vacuous (no non-NULL value)"))
            continue
        schema = render_schema(fixture, tables_in_sql(sql, fixture))
        examples.append(
            Example(
                id=f"{tpl.id}-{n + 1:03d}",
                instruction=question,
                schema=schema,
                output=sql,
                module=tpl.module,
                difficulty=tpl.difficulty,
                tags=list(tpl.tags),
                template=tpl.id,
            )
        )
    if not examples:
        report.barren.append(where)
    return examples


def build_corpus(
    engine: Engine,
    fixture: Fixture,
    templates: list[LocatedTemplate],
    *,
    progress: Any = None,
) -> BuildReport:
    report = BuildReport()
    seen: set[tuple[str, str]] = set()
    for item in templates:
        for ex in instantiate(engine, fixture, item, report):
            key = (ex.instruction, ex.output)
            if key in seen:
                report.dropped.append((ex.id, "duplicate of an earlier example"))
                continue
            seen.add(key)
            report.kept.append(ex)
        if progress is not None:
            progress()
    return report


def corpus_card(examples: list[dict[str, Any]], data_path: Path, extra: str = "") -> str:
    """Markdown dataset card: counts per module, difficulty and tag, plus the file hash."""
    digest = hashlib.sha256(data_path.read_bytes()).hexdigest()
    by_module = Counter(e["module"] for e in examples)
    by_diff = Counter(e["difficulty"] for e in examples)
    by_tag = Counter(t for e in examples for t in e["tags"])
    templates = len({e["template"] for e in examples})
    lines = [
        f"# Training corpus `{data_path.name}`",
        "",
        "Generated by `harness data corpus` from `train/templates/`; do not edit by hand.",
        "",
        f"- examples: {len(examples)} from {templates} templates",
        f"- sha256: `{digest}`",
        "",
        "| module | examples |",
        "|---|---|",
        *[f"| {m} | {by_module[m]} |" for m in MODULES if by_module[m]],
        "",
        "| difficulty | examples |",
        "|---|---|",
        *[f"| {d} | {by_diff[d]} |" for d in ("easy", "medium", "hard") if by_diff[d]],
        "",
        "| tag | examples |",
        "|---|---|",
        *[f"| {t} | {n} |" for t, n in sorted(by_tag.items(), key=lambda kv: (-kv[1], kv[0]))],
    ]
    if extra:
        lines += ["", extra]
    return "\n".join(lines) + "\n"


class CorpusRow(BaseModel):
    """A training example as users supply it (extra provenance fields are allowed)."""

    model_config = ConfigDict(extra="allow")
    instruction: str = Field(min_length=1)
    schema_: str = Field(alias="schema")
    output: str = Field(min_length=1)


def load_corpus(path: Path) -> list[tuple[int, CorpusRow]]:
    """Read a ``{instruction, schema, output}`` JSONL file; errors name the line and field."""
    from harness.yamlio import iter_jsonl

    rows = []
    for line, obj in iter_jsonl(path):
        rows.append((line, validate(CorpusRow, obj, path=path, line=line)))
    if not rows:
        raise InputError("the corpus is empty", path=path)
    return rows

"""One prompt builder for evaluation and training, so their prompts can never drift.

A prompt is a template file (``harness/gen/templates/<name>.txt`` or a path) with ``$question``
and ``$schema``. The schema is Oracle DDL of the chosen tables (``harness.schema_ddl``) plus
join hints. Tables are chosen by the schema mode:

- ``full``: every fixture table;
- ``gold_tables``: exactly the tables the gold reads (an oracle upper bound: it leaks part of
  the answer, and reports label it so);
- ``retrieved``: the ``top_k`` tables most similar to the question under all-MiniLM-L6-v2,
  then the tables they reference (one hop), capped at ``max_tables``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from harness.errors import HarnessError
from harness.fixture import Fixture
from harness.gen.config import PromptConfig
from harness.gen.schema_links import hints_for, neighbours
from harness.schema_ddl import render_schema, tables_in_sql

TEMPLATES = Path(__file__).parent / "templates"


def load_template(name: str) -> tuple[str, str]:
    """(template text, name) for a built-in name or a file path."""
    path = Path(name)
    if not path.suffix:
        path = TEMPLATES / f"{name}.txt"
    if not path.exists():
        builtin = ", ".join(sorted(p.stem for p in TEMPLATES.glob("*.txt")))
        raise HarnessError(f"prompt template {name!r} not found (built-in: {builtin})")
    text = path.read_text(encoding="utf-8")
    for key in ("$question", "$schema"):
        if key not in text:
            raise HarnessError(f"prompt template {path} lacks {key}")
    return text, path.stem


def render(template: str, question: str, schema: str) -> str:
    """Fill a template; the prompt ends exactly where the model should continue."""
    return Template(template).safe_substitute(question=question.strip(), schema=schema.rstrip())


def table_doc(fixture: Fixture, name: str) -> str:
    table = fixture.tables[name]
    cols = ", ".join(c.name.lower() for c in table.columns[:40])
    return f"{name.lower().replace('_', ' ')}: {table.comment or ''}. Columns: {cols}"


@dataclass
class BuiltPrompt:
    text: str
    tables: list[str]
    template: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


class PromptBuilder:
    """Builds prompts for questions of one fixture under one prompt config."""

    def __init__(self, fixture: Fixture, config: PromptConfig) -> None:
        self.fixture = fixture
        self.config = config
        self.template, self.template_name = load_template(config.template)
        self._table_names = sorted(fixture.tables)
        self._table_vecs: Any = None

    def schema_text(self, tables: list[str]) -> str:
        ddl = render_schema(self.fixture, tables, comments=self.config.comments)
        if self.config.join_hints:
            hints = hints_for(self.fixture, tables)
            if hints:
                ddl += "\n\n" + "\n".join(hints)
        return ddl

    def choose_tables(self, question: str, gold: str | None = None) -> list[str]:
        mode = self.config.schema_mode
        if mode == "full":
            return list(self._table_names)
        if mode == "gold_tables":
            if gold is None:
                raise HarnessError("schema_mode gold_tables needs the gold SQL")
            return tables_in_sql(gold, self.fixture)
        return self.retrieve(question)

    def retrieve(self, question: str) -> list[str]:
        from harness.decontam import embed

        if self._table_vecs is None:
            docs = [table_doc(self.fixture, n) for n in self._table_names]
            self._table_vecs = embed(docs)
        scores = self._table_vecs @ embed([question])[0]
        ranked = [self._table_names[i] for i in scores.argsort()[::-1]]
        chosen = ranked[: self.config.top_k]
        rank = {name: i for i, name in enumerate(ranked)}
        extra = sorted(
            {n for t in chosen for n in neighbours(self.fixture, t)} - set(chosen),
            key=lambda n: rank[n],
        )
        return (chosen + extra)[: max(self.config.max_tables, self.config.top_k)]

    def build(self, question: str, gold: str | None = None) -> BuiltPrompt:
        tables = self.choose_tables(question, gold)
        return BuiltPrompt(
            render(self.template, question, self.schema_text(tables)), tables, self.template_name
        )

    def build_from_schema(self, question: str, schema: str) -> str:
        """Training rows carry their own schema text: same template, same layout."""
        return render(self.template, question, schema)

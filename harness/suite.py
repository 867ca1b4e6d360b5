"""Suites: ``suite.yaml`` (settings) + ``questions.yaml`` (questions with gold Oracle SQL)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from harness.errors import InputError
from harness.fixture import Fixture, load_fixture
from harness.yamlio import load_yaml, validate

Difficulty = Literal["easy", "medium", "hard"]


class SuiteDefaults(BaseModel):
    """Per-question settings that apply unless a question sets its own."""

    model_config = ConfigDict(extra="forbid")
    decimals: int | None = Field(default=None, ge=0, le=12)
    """Round numeric cells to this many decimals before comparing (opt-in)."""
    extra_columns: bool = False
    """Accept predictions that return more columns than the gold."""


class SuiteConfig(BaseModel):
    """``suite.yaml``."""

    model_config = ConfigDict(extra="forbid")
    name: str
    """Suite name, e.g. ``ebs-smoke``; records and reports use it."""
    version: str
    """Bump whenever questions or golds change; results of different versions never mix."""
    fixture: str
    """Path of the fixture folder, relative to the suite folder."""
    as_of: dt.datetime
    """Frozen value of SYSDATE / CURRENT_DATE for every query of the suite."""
    timeout_s: float = Field(default=30.0, gt=0)
    """Per-query timeout in seconds (gold and predicted)."""
    max_rows: int = Field(default=100_000, gt=0)
    """Absolute cap on rows fetched for any query."""
    description: str | None = None
    """Free text."""
    defaults: SuiteDefaults = Field(default_factory=SuiteDefaults)
    """Defaults for per-question scoring options."""

    @field_validator("as_of", mode="before")
    @classmethod
    def _date_to_datetime(cls, value: object) -> object:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return dt.datetime.combine(value, dt.time())
        return value

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value


class Question(BaseModel):
    """One question of ``questions.yaml``."""

    model_config = ConfigDict(extra="forbid")
    id: str
    """Unique within the suite."""
    question: str
    """The business question, as a user would ask it."""
    gold: list[str]
    """Gold Oracle SQL; several entries are accepted alternatives."""
    module: str | None = None
    """EBS module (GL, AP, AR, PO, OM, INV, HR, FND, FA, CE)."""
    difficulty: Difficulty | None = None
    """easy, medium or hard."""
    tags: list[str] = Field(default_factory=list)
    """Free tags, e.g. EBS trap names."""
    decimals: int | None = Field(default=None, ge=0, le=12)
    """Round numeric cells to this many decimals before comparing."""
    extra_columns: bool | None = None
    """Accept extra predicted columns (defaults to the suite's setting)."""
    notes: str | None = None
    """Why the gold is what it is."""

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("gold", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("gold")
    @classmethod
    def _non_empty(cls, value: list[str]) -> list[str]:
        if not value or any(not g.strip() for g in value):
            raise ValueError("gold must be a non-empty SQL string or a list of them")
        return [g.strip().rstrip(";").strip() for g in value]


class Suite:
    """A loaded, validated suite with its fixture."""

    def __init__(
        self,
        path: Path,
        config: SuiteConfig,
        questions: list[Question],
        fixture: Fixture,
        content_hash: str,
    ) -> None:
        self.path = path
        self.config = config
        self.questions = questions
        self.fixture = fixture
        self.content_hash = content_hash

    @property
    def name(self) -> str:
        return self.config.name

    def decimals_for(self, question: Question) -> int | None:
        return question.decimals if question.decimals is not None else self.config.defaults.decimals

    def extra_columns_for(self, question: Question) -> bool:
        if question.extra_columns is not None:
            return question.extra_columns
        return self.config.defaults.extra_columns


def load_suite(path: Path | str) -> Suite:
    """Load a suite folder; every error names the file, line and field."""
    path = Path(path)
    if path.is_file() and path.name == "suite.yaml":
        path = path.parent
    if not (path / "suite.yaml").exists():
        raise InputError("not a suite folder (no suite.yaml)", path=path)
    located = load_yaml(path / "suite.yaml")
    config = validate(SuiteConfig, located.data or {}, path=path / "suite.yaml", located=located)
    fixture_path = (path / config.fixture).resolve()
    if not fixture_path.is_dir():
        raise InputError(
            f"fixture folder {fixture_path} does not exist",
            path=path / "suite.yaml",
            line=located.line_of(("fixture",)),
            field="fixture",
        )
    fixture = load_fixture(fixture_path)
    qpath = path / "questions.yaml"
    qdoc = load_yaml(qpath)
    if not isinstance(qdoc.data, list):
        raise InputError("questions.yaml must be a list of questions", path=qpath, line=1)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(qdoc.data):
        question = validate(Question, item, path=qpath, located=qdoc, base=(index,))
        line = qdoc.line_of((index,))
        if question.id in seen:
            raise InputError(
                f"duplicate id {question.id!r} (first at line {seen[question.id]})",
                path=qpath,
                line=line,
                field=f"[{index}].id",
            )
        seen[question.id] = line or 0
        questions.append(question)
    if not questions:
        raise InputError("a suite needs at least one question", path=qpath)
    digest = hashlib.sha256()
    for file in (path / "suite.yaml", qpath):
        digest.update(file.read_bytes())
    digest.update(fixture.content_hash.encode())
    return Suite(path, config, questions, fixture, digest.hexdigest())


def discover_suites(root: Path) -> list[Path]:
    """Suite folders under `root` (folders holding a suite.yaml)."""
    return sorted(p.parent for p in root.rglob("suite.yaml"))

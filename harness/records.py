"""Typed records that flow between stages: result sets, execution results, verdicts, samples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal[
    "correct",
    "wrong_result",
    "pred_error",
    "timeout",
    "rejected",
    "no_sql",
    "unsupported",
    "gold_error",
]
STATUSES: tuple[Status, ...] = (
    "correct",
    "wrong_result",
    "pred_error",
    "timeout",
    "rejected",
    "no_sql",
    "unsupported",
    "gold_error",
)

ExecStatus = Literal["ok", "error", "timeout", "rejected", "unsupported", "syntax_error"]


@dataclass
class ResultSet:
    """Rows as Python values (Decimal, datetime, str, None...) with upper-case column names."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False
    """True when the engine had more rows than were fetched (row cap hit)."""


@dataclass
class ExecResult:
    """The outcome of running one query on an engine."""

    status: ExecStatus
    result: ResultSet | None = None
    executed_sql: str | None = None
    reason: str = ""
    elapsed_s: float = 0.0


@dataclass
class Verdict:
    """Outcome of comparing a predicted result set with the gold ones."""

    status: Status
    reason: str
    vacuous: bool = False
    matched_gold: int | None = None
    notes: list[str] = field(default_factory=list)


class Timing(BaseModel):
    """Seconds spent per stage for one sample (excluded when comparing runs for equality)."""

    gold_s: float = 0.0
    """Executing gold queries (first run), summed over alternatives."""
    pred_s: float = 0.0
    """Executing the predicted query."""
    compare_s: float = 0.0
    """Comparing result sets."""


class SampleRecord(BaseModel):
    """One line of ``samples.jsonl``: everything known about one question of one run."""

    id: str
    """Question id."""
    status: Status
    """Final verdict."""
    correct: bool
    """status == correct."""
    scored: bool = True
    """Counts in accuracy. False only when the item itself cannot be judged on this engine
    (gold_error, or a gold the engine cannot emulate): the same items for every model. A
    prediction the engine cannot emulate stays scored, as not correct, so no model can shrink
    its own denominator."""
    vacuous: bool = False
    """Both gold and predicted results are empty (a match that proves little)."""
    reason: str = ""
    """Human-readable explanation of the status."""
    question: str = ""
    """The question text."""
    module: str | None = None
    """EBS module of the question."""
    difficulty: str | None = None
    """easy / medium / hard."""
    tags: list[str] = Field(default_factory=list)
    """Question tags."""
    pred_sql: str | None = None
    """Predicted SQL as given."""
    gold_sql: list[str] = Field(default_factory=list)
    """Gold SQL alternatives."""
    executed_sql: str | None = None
    """The predicted SQL as actually run on the engine (after Oracle-semantics translation)."""
    gold_executed_sql: list[str | None] = Field(default_factory=list)
    """Each gold as run on the engine."""
    matched_gold: int | None = None
    """Index of the gold alternative that matched."""
    pred_rows: int | None = None
    """Rows fetched for the prediction (capped at gold rows + 1)."""
    gold_rows: int | None = None
    """Rows of the first valid gold."""
    gold_unstable: bool = False
    """A gold gave different results on two runs (flagged by the gold audit)."""
    exact_match: bool = False
    """Prediction equals a gold after sqlglot normalisation (secondary, string-level metric)."""
    engine: str = ""
    """Engine name."""
    timing: Timing = Field(default_factory=Timing)
    """Seconds per stage."""


class RunInfo(BaseModel):
    """``run.json``: what was run, on what, by which code."""

    kind: str = "score"
    """What produced the run (score, run)."""
    suite: str
    """Suite name."""
    suite_version: str
    """Suite version."""
    suite_hash: str
    """Content hash of suite.yaml, questions.yaml and the fixture."""
    suite_path: str
    """Where the suite was read from."""
    fixture_hash: str
    """Content hash of the fixture."""
    engine: str
    """Engine name."""
    inputs: dict[str, Any] = Field(default_factory=dict)
    """Run inputs (predictions file and its hash, model config...)."""
    packages: dict[str, str] = Field(default_factory=dict)
    """Versions of harness, sqlglot, the engine driver, python."""
    git_revision: str | None = None
    """Git revision of the harness checkout, when known."""
    started_at: str
    """ISO timestamp of the first start."""
    finished_at: str | None = None
    """ISO timestamp of completion; null while unfinished."""
    resumed: int = 0
    """How many times the run was resumed after an interruption."""

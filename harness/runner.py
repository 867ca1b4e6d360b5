"""The scoring pipeline over a run folder: predictions -> execution -> verdicts -> summary."""

from __future__ import annotations

import contextlib
import importlib.metadata
import platform
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harness import __version__
from harness.engines import ENGINES
from harness.engines.base import Engine
from harness.errors import HarnessError
from harness.metrics import summarize
from harness.predictions import file_hash, load_predictions
from harness.records import RunInfo, SampleRecord
from harness.runstore import RunStore, now_iso
from harness.scoring import Scorer
from harness.suite import Suite, load_suite

Progress = Callable[[int, int, SampleRecord | None], None]
# The distribution that drives each engine, recorded in run.json.
ENGINE_PACKAGES = {"duckdb": "duckdb", "postgres": "psycopg", "oracle": "oracledb"}


def package_versions(engine: str) -> dict[str, str]:
    versions = {"harness": __version__, "python": platform.python_version()}
    for name in ("sqlglot", "pydantic", ENGINE_PACKAGES.get(engine, engine)):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions[name] = importlib.metadata.version(name)
    return versions


def git_revision() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def open_engine(suite: Suite, engine_name: str) -> Engine:
    factory = ENGINES.get(engine_name)
    engine: Engine = factory(suite.fixture, as_of=suite.config.as_of)  # type: ignore[operator]
    return engine


def default_out(suite: Suite, engine: str, tag: str) -> Path:
    return Path("runs") / f"{suite.name}-{engine}-{tag[:10]}"


def score_predictions(
    suite_path: Path,
    predictions_path: Path,
    *,
    engine_name: str = "duckdb",
    out: Path | None = None,
    progress: Progress | None = None,
    stop_after: int | None = None,
    only: list[str] | None = None,
    inputs: dict[str, Any] | None = None,
    kind: str = "score",
) -> tuple[RunStore, dict[str, Any]]:
    """Score a predictions file on a suite into a run folder (resuming or skipping done work).

    ``only`` restricts the run to those question ids (a config's ``limit``); ``inputs`` adds
    to run.json's identity (the run config and model identity of ``harness run``).
    """
    suite = load_suite(suite_path)
    if only is not None:
        keep = set(only)
        suite.questions = [q for q in suite.questions if q.id in keep]
    predictions = load_predictions(predictions_path, {q.id for q in suite.questions})
    pred_hash = file_hash(predictions_path)
    store = RunStore(out or default_out(suite, engine_name, pred_hash))
    info = RunInfo(
        suite=suite.name,
        suite_version=suite.config.version,
        suite_hash=suite.content_hash,
        suite_path=str(suite.path),
        fixture_hash=suite.fixture.content_hash,
        engine=engine_name,
        kind=kind,
        inputs={"predictions_sha256": pred_hash, **(inputs or {})},
        packages=package_versions(engine_name),
        git_revision=git_revision(),
        started_at=now_iso(),
    )
    store.open(info)
    if store.is_finished():
        return store, store.summary()
    done = {r.id: r for r in store.records()}
    engine = open_engine(suite, engine_name)
    try:
        before = engine.fingerprint()
        scorer = Scorer(suite, engine)
        total = len(suite.questions)
        finished = len(done)
        if progress:
            progress(finished, total, None)
        for question in suite.questions:
            if question.id in done:
                continue
            if stop_after is not None and finished - len(done) >= stop_after:
                return store, {}
            prediction = predictions.get(question.id)
            record = scorer.score(question, prediction.sql if prediction else None)
            if prediction is None and record.status == "no_sql":
                record.reason = "no prediction for this id in the predictions file"
            store.append(record)
            finished += 1
            if progress:
                progress(finished, total, record)
        after = engine.fingerprint()
    finally:
        engine.close()
    if before != after:
        raise HarnessError(
            f"the fixture database changed during the run ({before[:12]} -> "
            f"{after[:12]}); results in {store.folder} are not trustworthy"
        )
    order = {q.id: i for i, q in enumerate(suite.questions)}
    records = sorted(store.records(), key=lambda r: order.get(r.id, len(order)))
    summary = summarize(records)
    summary["suite"] = {"name": suite.name, "version": suite.config.version}
    summary["engine"] = engine_name
    summary["fixture_fingerprint"] = {"before": before, "after": after, "unchanged": True}
    store.finish(summary)
    return store, summary

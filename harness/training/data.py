"""``harness data prepare``: users' examples -> prompt/completion pairs, checked, as a dataset.

Inputs are JSONL files in the users' format ``{instruction, schema, output}`` and/or suite
folders (each question with its first gold, schema = DDL of the gold's tables). Each row becomes
``{"prompt": <the evaluation prompt>, "completion": <SQL + closing fence>}`` through the same
template as ``harness run``. Every output is executed on the fixture: failures and empty results
are dropped (or kept and flagged with ``--keep-failing``); duplicates are dropped; the
decontamination check against the evaluation suites refuses to write leaking data unless
``--allow-leaks``. The result is a ``datasets`` DatasetDict saved to disk (train/eval) plus
``card.json`` and ``README.md`` with counts and hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.gen.prompts import load_template, render
from harness.schema_ddl import render_schema, tables_in_sql

CLOSERS = {"sqlcoder": "\n```", "sqlcoder-defog": "\n[/SQL]", "chat": "\n```"}


def completion_for(sql: str, template_name: str) -> str:
    """What the model should write after the prompt: the SQL and the closing marker."""
    return sql.strip().rstrip(";") + CLOSERS.get(template_name, "")


@dataclass
class Row:
    source: str
    line: int
    instruction: str
    schema: str
    output: str
    ident: str = ""


@dataclass
class PrepareReport:
    read: int = 0
    kept: int = 0
    failing: list[str] = field(default_factory=list)
    duplicates: int = 0
    too_long: int = 0
    leaks: list[dict[str, Any]] = field(default_factory=list)


def read_inputs(inputs: list[Path]) -> list[Row]:
    from harness.corpus import load_corpus
    from harness.suite import load_suite

    rows: list[Row] = []
    for item in inputs:
        if item.is_dir() and (item / "suite.yaml").exists():
            suite = load_suite(item)
            for index, q in enumerate(suite.questions, start=1):
                tables = tables_in_sql(q.gold[0], suite.fixture)
                rows.append(
                    Row(
                        str(item),
                        index,
                        q.question,
                        render_schema(suite.fixture, tables),
                        q.gold[0],
                        q.id,
                    )
                )
        elif item.is_file():
            for line, row in load_corpus(item):
                rows.append(
                    Row(
                        str(item),
                        line,
                        row.instruction,
                        row.schema_,
                        row.output,
                        str(getattr(row, "id", "") or ""),
                    )
                )
        else:
            raise HarnessError(f"{item}: neither a JSONL file nor a suite folder")
    return rows


def prepare(
    inputs: list[Path],
    out: Path,
    *,
    fixture_path: Path,
    as_of: str,
    template: str = "sqlcoder",
    against: Path | None = None,
    allow_leaks: bool = False,
    keep_failing: bool = False,
    eval_fraction: float = 0.05,
    limit: int | None = None,
    max_prompt_chars: int | None = None,
    seed: int = 0,
) -> PrepareReport:
    from harness.gen.torch_env import prepare as hide_media

    hide_media()  # before datasets: it probes torchcodec at import
    from datasets import Dataset, DatasetDict

    from harness.cli_data import _engine
    from harness.corpus import non_vacuous

    report = PrepareReport()
    rows = read_inputs(inputs)
    report.read = len(rows)
    text, template_name = load_template(template)
    seen: set[tuple[str, str]] = set()
    unique: list[Row] = []
    for row in rows:
        key = (" ".join(row.instruction.split()).lower(), " ".join(row.output.split()))
        if key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        unique.append(row)
    if max_prompt_chars is not None:
        short = [
            r for r in unique if len(render(text, r.instruction, r.schema)) <= max_prompt_chars
        ]
        report.too_long = len(unique) - len(short)
        unique = short
    if limit is not None:
        unique = random.Random(seed).sample(unique, min(limit, len(unique)))
    if against is not None:
        report.leaks = _leaks(unique, against, out)
        if report.leaks and not allow_leaks:
            first = report.leaks[0]
            raise HarnessError(
                f"{len(report.leaks)} training examples leak the evaluation suites (first: "
                f"{first['train_id']} ~ {first['suite']}/{first['qid']}, {first['kind']}); "
                "fix the data or pass --allow-leaks"
            )
    _, engine = _engine(fixture_path, as_of)
    records: list[dict[str, Any]] = []
    try:
        for row in unique:
            res = engine.execute(row.output, timeout_s=30, max_rows=20000)
            ok = res.status == "ok" and res.result is not None and non_vacuous(res.result.rows)
            if not ok:
                why = res.reason if res.status != "ok" else "empty or all-NULL result"
                report.failing.append(f"{row.source}:{row.line}: {res.status}: {why}")
                if not keep_failing:
                    continue
            records.append(
                {
                    "id": row.ident or f"{Path(row.source).name}:{row.line}",
                    "prompt": render(text, row.instruction, row.schema),
                    "completion": completion_for(row.output, template_name),
                    "executes": ok,
                }
            )
    finally:
        engine.close()
    report.kept = len(records)
    if not records:
        raise HarnessError("no usable training examples")
    random.Random(seed).shuffle(records)
    n_eval = max(1, int(len(records) * eval_fraction)) if len(records) > 1 else 0
    splits = {"train": Dataset.from_list(records[n_eval:])}
    if n_eval:
        splits["eval"] = Dataset.from_list(records[:n_eval])
    out.mkdir(parents=True, exist_ok=True)
    DatasetDict(splits).save_to_disk(str(out / "dataset"))
    digest = hashlib.sha256(
        "\n".join(json.dumps(r, sort_keys=True) for r in records).encode()
    ).hexdigest()
    card: dict[str, Any] = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [{"path": str(p), "sha256": _hash_input(p)} for p in inputs],
        "template": template_name,
        "template_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "fixture": str(fixture_path),
        "rows_read": report.read,
        "duplicates_dropped": report.duplicates,
        "too_long_dropped": report.too_long,
        "failing": len(report.failing),
        "failing_kept": keep_failing,
        "leaks": len(report.leaks),
        "leaks_allowed": allow_leaks,
        "train": len(splits["train"]),
        "eval": n_eval,
        "data_sha256": digest,
    }
    (out / "card.json").write_text(json.dumps(card, indent=2) + "\n")
    (out / "README.md").write_text(
        "# Prepared training data\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in card.items() if k != "inputs")
        + "\n\nInputs:\n"
        + "\n".join(f"- `{i['path']}` sha256 `{i['sha256']}`" for i in card["inputs"])
        + "\n"
    )
    return report


def _hash_input(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in files:
        digest.update(p.read_bytes())
    return digest.hexdigest()


def _leaks(rows: list[Row], against: Path, out: Path) -> list[dict[str, Any]]:
    from harness.decontam import decontaminate

    out.mkdir(parents=True, exist_ok=True)
    tmp = out / ".decontam.jsonl"
    tmp.write_text(
        "".join(
            json.dumps(
                {
                    "id": r.ident or f"{Path(r.source).name}:{r.line}",
                    "instruction": r.instruction,
                    "schema": "",
                    "output": r.output,
                }
            )
            + "\n"
            for r in rows
        )
    )
    try:
        leaks, _, _ = decontaminate(tmp, against)
    finally:
        tmp.unlink(missing_ok=True)
    return [lk.as_dict() for lk in leaks]

"""``harness compare A B``: what changed between two runs, and whether it is significant.

A and B are run folders or run configs (a config without a finished run is run first; the
generation cache and the run store make that cheap). Questions are paired by id on the same
suite; items no model can be scored on (gold errors, golds the engine cannot emulate) are
left out of both. The report gives each accuracy, the paired difference with a 95% bootstrap
interval and an exact McNemar p-value, the same per module, difficulty and tag (Holm-adjusted
across groups), the status transition table, the questions won and lost with both SQLs and
result previews, latency and throughput, and the config differences.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from harness.errors import HarnessError
from harness.records import RunInfo, SampleRecord
from harness.runstore import RunStore


@dataclass
class RunView:
    label: str
    folder: Path
    info: RunInfo
    records: dict[str, SampleRecord]
    config: dict[str, Any]
    generation: dict[str, Any]


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: data}


def load_run(target: Path, label: str | None = None) -> RunView:
    """A finished run folder, or a run config (run now if needed; cached)."""
    folder = target
    if target.is_file():
        from harness.gen.config import load_run_config
        from harness.gen.run import run_config

        cfg = load_run_config(target)
        results = run_config(cfg)
        if len(results) != 1:
            raise HarnessError(
                f"{target}: several adapters; compare their run folders, or use harness review"
            )
        folder = results[0].folder
    store = RunStore(folder)
    if not store.run_json.exists():
        raise HarnessError(f"{folder}: not a run folder (no run.json)")
    if not store.is_finished():
        raise HarnessError(f"{folder}: the run is not finished; run it again to complete it")
    config: dict[str, Any] = {}
    if (folder / "config.yaml").exists():
        config = yaml.safe_load((folder / "config.yaml").read_text()) or {}
    else:
        config = {"predictions": store.info().inputs}
    generation = {}
    if (folder / "generation.json").exists():
        generation = json.loads((folder / "generation.json").read_text())
    records = {r.id: r for r in store.records()}
    name = label or config.get("name") or folder.name
    return RunView(str(name), folder, store.info(), records, config, generation)


def _previews(
    a: RunView, ids: list[str], sqls: dict[str, tuple[str | None, str | None]]
) -> dict[str, tuple[str, str]]:
    """First rows of both predictions, re-executed on the run's engine (safe path)."""
    if not ids:
        return {}
    from harness.runner import open_engine
    from harness.suite import load_suite

    suite = load_suite(a.info.suite_path)
    engine = open_engine(suite, a.info.engine)
    out = {}
    try:
        for qid in ids:
            cells = []
            for sql in sqls[qid]:
                if not sql:
                    cells.append("(no SQL)")
                    continue
                res = engine.execute(sql, timeout_s=suite.config.timeout_s, max_rows=4)
                if res.status != "ok" or res.result is None:
                    cells.append(f"({res.status}: {res.reason[:120]})")
                else:
                    rows = [", ".join(str(v) for v in row) for row in res.result.rows[:3]]
                    head = " | ".join(res.result.columns)
                    more = " ..." if len(res.result.rows) > 3 else ""
                    cells.append(head + "\n" + "\n".join(rows) + more)
            out[qid] = (cells[0], cells[1])
    finally:
        engine.close()
    return out


def _group(pairs: list[tuple[SampleRecord, SampleRecord]], key: str) -> dict[str, Any]:
    from harness.stats import compare_paired, holm

    groups: dict[str, list[tuple[SampleRecord, SampleRecord]]] = {}
    for ra, rb in pairs:
        values = ra.tags if key == "tags" else [getattr(ra, key) or "(none)"]
        for v in values:
            groups.setdefault(v, []).append((ra, rb))
    rows = {}
    for name, items in sorted(groups.items()):
        res = compare_paired(
            [x.correct for x, _ in items], [y.correct for _, y in items], n_boot=2000
        )
        rows[name] = res.__dict__ | {"ci95": list(res.ci95)}
    adjusted = holm([r["p_mcnemar"] for r in rows.values()])
    for row, p in zip(rows.values(), adjusted, strict=True):
        row["p_holm"] = p
    return rows


def compare_runs(a: RunView, b: RunView, *, previews: bool = True) -> dict[str, Any]:
    from harness.stats import compare_paired

    if a.info.suite_hash != b.info.suite_hash:
        raise HarnessError(
            f"{a.folder} and {b.folder} were scored on different suites or suite versions "
            f"({a.info.suite} {a.info.suite_hash[:10]} vs {b.info.suite} {b.info.suite_hash[:10]})"
        )
    shared = [qid for qid in a.records if qid in b.records]
    pairs = [
        (a.records[q], b.records[q]) for q in shared if a.records[q].scored and b.records[q].scored
    ]
    if not pairs:
        raise HarnessError("the two runs share no scored question")
    overall = compare_paired([x.correct for x, _ in pairs], [y.correct for _, y in pairs])
    transitions = Counter(f"{x.status} -> {y.status}" for x, y in pairs if x.status != y.status)
    won = [(x, y) for x, y in pairs if not x.correct and y.correct]
    lost = [(x, y) for x, y in pairs if x.correct and not y.correct]
    sqls = {x.id: (x.pred_sql, y.pred_sql) for x, y in won + lost}
    shown = _previews(a, [x.id for x, _ in won + lost], sqls) if previews else {}

    def item(x: SampleRecord, y: SampleRecord) -> dict[str, Any]:
        pa, pb = shown.get(x.id, ("", ""))
        return {
            "id": x.id,
            "question": x.question,
            "module": x.module,
            "tags": x.tags,
            "status_a": x.status,
            "status_b": y.status,
            "sql_a": x.pred_sql,
            "sql_b": y.pred_sql,
            "gold": x.gold_sql[0] if x.gold_sql else None,
            "preview_a": pa,
            "preview_b": pb,
            "reason_a": x.reason,
            "reason_b": y.reason,
        }

    def speed(v: RunView) -> dict[str, Any]:
        exec_s = [
            r.timing.pred_s
            for r in v.records.values()
            if getattr(r.timing, "pred_s", None) is not None
        ]
        return {
            "generation_seconds": v.generation.get("seconds"),
            "tokens_per_s": v.generation.get("tokens_per_s"),
            "generated": v.generation.get("generated"),
            "mean_pred_exec_s": round(sum(exec_s) / len(exec_s), 4) if exec_s else None,
        }

    fa, fb = _flatten(a.config), _flatten(b.config)
    config_diff = {
        k: {"a": fa.get(k), "b": fb.get(k)}
        for k in sorted(set(fa) | set(fb))
        if fa.get(k) != fb.get(k) and k not in ("out",)
    }
    return {
        "a": {"label": a.label, "folder": str(a.folder)},
        "b": {"label": b.label, "folder": str(b.folder)},
        "suite": {"name": a.info.suite, "version": a.info.suite_version, "hash": a.info.suite_hash},
        "engine": a.info.engine,
        "paired_questions": len(pairs),
        "excluded_unscored": len(shared) - len(pairs),
        "overall": overall.__dict__ | {"ci95": list(overall.ci95)},
        "by_module": _group(pairs, "module"),
        "by_difficulty": _group(pairs, "difficulty"),
        "by_tag": _group(pairs, "tags"),
        "transitions": dict(transitions.most_common()),
        "won": [item(x, y) for x, y in won],
        "lost": [item(x, y) for x, y in lost],
        "speed": {"a": speed(a), "b": speed(b)},
        "config_diff": config_diff,
        "schema_modes": {
            "a": a.config.get("prompt", {}).get("schema_mode"),
            "b": b.config.get("prompt", {}).get("schema_mode"),
        },
    }

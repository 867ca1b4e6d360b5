"""``harness run CONFIG``: prompts -> generation (cached) -> extraction -> execution -> scores.

The run folder holds the scoring core's files (run.json, samples.jsonl, summary.json) plus
``config.yaml`` (the resolved config), ``predictions.jsonl`` (id, extracted SQL, raw
completion) and ``generation.json`` (tokens, timings, cache hits). With several adapters in
the config, each gets its own run folder under ``out`` (one engine, one base in memory).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harness.gen.backends import BACKENDS
from harness.gen.backends.base import Backend, Completion, Request, identity_key, model_identity
from harness.gen.cache import GenerationCache, cache_key
from harness.gen.config import RunConfig
from harness.gen.extract import extract_sql
from harness.gen.prompts import BuiltPrompt, PromptBuilder
from harness.runner import score_predictions
from harness.suite import Question, load_suite

GenProgress = Callable[[int, int], None]


@dataclass
class RunResult:
    folder: Path
    summary: dict[str, Any]
    adapter: str | None
    generation: dict[str, Any] = field(default_factory=dict)


def static_identity(config: RunConfig) -> dict[str, Any]:
    """The model identity without loading weights (cache keys are known before loading)."""
    model = config.model
    if model.backend == "replay":
        from harness.predictions import file_hash

        assert model.predictions is not None
        return {
            "backend": "replay",
            "predictions": model.predictions,
            "sha256": file_hash(Path(model.predictions)),
        }
    if model.backend == "openai":
        return {
            "backend": "openai",
            "base_url": model.base_url,
            "model": model.served_name or model.path,
            "revision": model.revision,
        }
    from harness.gen.backends.hf import resolve_path

    return model_identity(model, resolve_path(model.path))


def default_folder(config: RunConfig) -> Path:
    return Path("runs") / f"{config.name}-{config.digest()[:10]}"


def _chat_wrap(config: RunConfig, prompts: list[BuiltPrompt]) -> list[str]:
    if not config.prompt.chat:
        return [p.text for p in prompts]
    from harness.gen.backends.hf import resolve_path
    from harness.gen.torch_env import prepare

    prepare()
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(resolve_path(config.model.path))
    return [
        tok.apply_chat_template(
            [{"role": "user", "content": p.text}], tokenize=False, add_generation_prompt=True
        )
        for p in prompts
    ]


def _adapter_label(adapter: str | None) -> str:
    return "base" if adapter is None else Path(adapter).name or "adapter"


def run_config(
    config: RunConfig,
    *,
    gen_progress: GenProgress | None = None,
    score_progress: Any = None,
    backend: Backend | None = None,
    score: bool = True,
) -> list[RunResult]:
    """Run a config end to end; returns one result per adapter (or one for the base)."""
    suite = load_suite(config.suite)
    questions: list[Question] = suite.questions[: config.limit] if config.limit else suite.questions
    builder = PromptBuilder(suite.fixture, config.prompt)
    built = [builder.build(q.question, q.gold[0]) for q in questions]
    texts = _chat_wrap(config, built)
    identity = static_identity(config)
    model_key = identity_key(identity)
    adapters: list[str | None] = (
        list(config.model.adapter) if config.model.adapter and not config.model.merged else [None]
    )
    base_out = Path(config.out) if config.out else default_folder(config)
    cache = GenerationCache()
    results = []
    owned = backend is None
    try:
        for adapter in adapters:
            folder = base_out if len(adapters) == 1 else base_out / _adapter_label(adapter)
            adapter_hash = identity["adapters"].get(adapter) if adapter else None
            keys = [cache_key(model_key, adapter_hash, t, config.sampling) for t in texts]
            completions: list[Completion | None] = [cache.get(k) for k in keys]
            missing = [i for i, c in enumerate(completions) if c is None]
            began = time.perf_counter()
            new_tokens = 0
            if missing:
                if backend is None:
                    backend = BACKENDS.get(config.model.backend)(config.model)  # type: ignore[operator]
                # Each chunk is cached as soon as it is done, so a killed run loses at most one.
                # vLLM schedules its own batches: give it many prompts at once.
                step = config.model.batch_size
                if config.model.backend == "vllm":
                    step = max(256, step)
                done = len(questions) - len(missing)
                if gen_progress:
                    gen_progress(done, len(questions))
                for start in range(0, len(missing), step):
                    chunk = missing[start : start + step]
                    reqs = [Request(questions[i].id, texts[i]) for i in chunk]
                    outs = backend.generate(reqs, config.sampling, adapter)
                    cache.put_many([(keys[i], c) for i, c in zip(chunk, outs, strict=True)])
                    for i, c in zip(chunk, outs, strict=True):
                        completions[i] = c
                        new_tokens += c.completion_tokens
                    done += len(chunk)
                    if gen_progress:
                        gen_progress(done, len(questions))
            gen_s = time.perf_counter() - began
            folder.mkdir(parents=True, exist_ok=True)
            preds = folder / "predictions.jsonl"
            tail = builder.template[-40:]
            lines = []
            gold_recall = []
            for q, p, c in zip(questions, built, completions, strict=True):
                assert c is not None
                if c.extra.get("verbatim"):
                    sql = c.text or None
                    method, status = "verbatim", ("ok" if sql else "no_sql")
                else:
                    ex = extract_sql(c.text, prompt_tail=tail)
                    sql, method, status = ex.sql, ex.method, ex.status
                from harness.schema_ddl import tables_in_sql

                gold_tables = set(tables_in_sql(q.gold[0], suite.fixture))
                if gold_tables:
                    gold_recall.append(len(gold_tables & set(p.tables)) / len(gold_tables))
                lines.append(
                    json.dumps(
                        {
                            "id": q.id,
                            "sql": sql,
                            "extraction": status,
                            "method": method,
                            "completion": c.text,
                            "prompt_sha256": p.sha256,
                            "tables": p.tables,
                        },
                        ensure_ascii=False,
                    )
                )
            preds.write_text("\n".join(lines) + "\n", encoding="utf-8")
            resolved = config.model_dump(mode="json")
            (folder / "config.yaml").write_text(yaml.safe_dump(resolved, sort_keys=False))
            generation = {
                "backend": config.model.backend,
                "adapter": adapter,
                "generated": len(missing),
                "cached": len(questions) - len(missing),
                "seconds": round(gen_s, 3),
                "new_tokens": new_tokens,
                "tokens_per_s": round(new_tokens / gen_s, 2) if missing and gen_s > 0 else None,
                "schema_mode": config.prompt.schema_mode,
                "schema_recall_of_gold_tables": round(sum(gold_recall) / len(gold_recall), 4)
                if gold_recall
                else None,
                "prompt_template": builder.template_name,
            }
            (folder / "generation.json").write_text(json.dumps(generation, indent=2) + "\n")
            if not score:
                results.append(RunResult(folder, {}, adapter, generation))
                continue
            inputs = {
                "config_sha256": config.digest(),
                "model": identity,
                "adapter": adapter,
                "adapter_sha256": adapter_hash,
                "prompt": config.prompt.model_dump(mode="json"),
                "sampling": config.sampling.model_dump(mode="json"),
                "template_sha256": hashlib.sha256(builder.template.encode()).hexdigest(),
            }
            _, summary = score_predictions(
                suite.path,
                preds,
                engine_name=config.engine,
                out=folder,
                progress=score_progress,
                only=[q.id for q in questions],
                inputs=inputs,
                kind="run",
            )
            if summary and (generation["generated"] or "generation" not in summary):
                summary["generation"] = generation
                summary["schema_mode"] = config.prompt.schema_mode
                (folder / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
            results.append(RunResult(folder, summary, adapter, generation))
    finally:
        cache.close()
        if owned and backend is not None:
            backend.close()
    return results

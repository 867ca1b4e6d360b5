"""Predictions files: JSONL, one ``{"id": ..., "sql": ...}`` per line (``sql`` may be null)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from harness.errors import InputError
from harness.yamlio import iter_jsonl, validate


class Prediction(BaseModel):
    """One line of a predictions file. Extra keys (raw completion, model...) are kept aside."""

    model_config = ConfigDict(extra="allow")
    id: str
    """Question id in the suite."""
    sql: str | None
    """Predicted Oracle SQL; null when the model produced none."""

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def load_predictions(path: Path, known_ids: set[str] | None = None) -> dict[str, Prediction]:
    """Read a predictions file; a malformed, duplicate or unknown-id line is an error naming it."""
    out: dict[str, Prediction] = {}
    for line, obj in iter_jsonl(path):
        if not isinstance(obj, dict):
            raise InputError("each line must be a JSON object", path=path, line=line)
        if "sql" not in obj:
            raise InputError(
                "field required (use null for no SQL)", path=path, line=line, field="sql"
            )
        pred = validate(Prediction, obj, path=path, line=line)
        if pred.id in out:
            raise InputError(f"duplicate id {pred.id!r}", path=path, line=line, field="id")
        if known_ids is not None and pred.id not in known_ids:
            raise InputError(
                f"id {pred.id!r} is not a question of the suite (wrong predictions file?)",
                path=path,
                line=line,
                field="id",
            )
        out[pred.id] = pred
    return out


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

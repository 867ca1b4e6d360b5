"""A run is a folder: run.json, samples.jsonl (append + fsync), summary.json.

A killed run continues where it stopped; a finished run is not redone.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from harness.errors import RunStoreError
from harness.records import RunInfo, SampleRecord

# Fields of run.json that must agree for a folder to be resumed rather than refused.
IDENTITY_FIELDS = ("kind", "suite", "suite_version", "suite_hash", "engine", "inputs", "packages")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class RunStore:
    """Reads and appends the records of one run folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.run_json = self.folder / "run.json"
        self.samples_path = self.folder / "samples.jsonl"
        self.summary_path = self.folder / "summary.json"

    def open(self, info: RunInfo) -> RunInfo:
        """Start a new run, or resume one made with the same inputs (else refuse)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.run_json.exists():
            old = self.info()
            mine = info.model_dump(include=set(IDENTITY_FIELDS))
            theirs = old.model_dump(include=set(IDENTITY_FIELDS))
            if mine != theirs:
                changed = sorted(k for k in IDENTITY_FIELDS if mine.get(k) != theirs.get(k))
                raise RunStoreError(
                    f"{self.folder} holds a run with other inputs ({', '.join(changed)} differ); "
                    "choose another --out or delete the folder"
                )
            if not self.is_finished():
                old.resumed += 1
                old.finished_at = None
                self._save_info(old)
            return old
        self._save_info(info)
        return info

    def info(self) -> RunInfo:
        try:
            return RunInfo.model_validate_json(self.run_json.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RunStoreError(f"{self.run_json}: unreadable run record ({exc})") from None

    def _save_info(self, info: RunInfo) -> None:
        _write_atomic(self.run_json, info.model_dump_json(indent=2) + "\n")

    def records(self) -> list[SampleRecord]:
        """Complete records so far; a torn last line (killed mid-write) is cut off the file."""
        if not self.samples_path.exists():
            return []
        records: list[SampleRecord] = []
        good_bytes = 0
        with self.samples_path.open("rb") as handle:
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break
                try:
                    records.append(SampleRecord.model_validate_json(raw))
                except ValueError:
                    break
                good_bytes += len(raw)
        if good_bytes != self.samples_path.stat().st_size:
            with self.samples_path.open("r+b") as handle:
                handle.truncate(good_bytes)
        return records

    def append(self, record: SampleRecord) -> None:
        line = record.model_dump_json() + "\n"
        with self.samples_path.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def is_finished(self) -> bool:
        return self.summary_path.exists() and self.info().finished_at is not None

    def finish(self, summary: dict[str, Any]) -> None:
        _write_atomic(self.summary_path, json.dumps(summary, indent=2, default=str) + "\n")
        info = self.info()
        info.finished_at = now_iso()
        self._save_info(info)

    def summary(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.summary_path.read_text(encoding="utf-8"))
        return data

"""The deterministic Oracle EBS R12 fixture generator (``harness fixture build ebs``).

``generate(out_dir, scale, seed)`` writes ``schema.sql`` and one ``data/<TABLE>.csv`` per table.
Everything random comes from ``random.Random`` streams seeded from ``seed`` and a module name,
so the same seed and scale give byte-identical files. Transactions are written as they are
made (rows are never collected per table), so large scales stream to disk; only master data
and a few aggregates (GL balances, on-hand, bank movements) are kept in memory.
"""

from __future__ import annotations

from pathlib import Path

from harness.generators.ebs.build import TABLES, build

VERSION = "2"
"""Bump when the generated files change, so cached fixtures are rebuilt."""

__all__ = ["TABLES", "VERSION", "build", "generate"]


def generate(out_dir: Path, scale: float, seed: int) -> None:
    """The registry entry point: write the fixture into ``out_dir``."""
    build(Path(out_dir), scale, seed)


generate.VERSION = VERSION  # type: ignore[attr-defined]

"""A tiny fixture generator, registered by tests to exercise the generator path."""

from __future__ import annotations

import random
from pathlib import Path

VERSION = "1"


def generate(out: Path, scale: float, seed: int) -> None:
    rng = random.Random(seed)
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "schema.sql").write_text(
        "CREATE TABLE gl_ledgers (ledger_id NUMBER PRIMARY KEY, name VARCHAR2(30));\n"
    )
    rows = ["ledger_id,name"] + [f"{i},L{rng.randint(0, 999)}" for i in range(int(10 * scale))]
    (out / "data" / "GL_LEDGERS.csv").write_text("\n".join(rows) + "\n")

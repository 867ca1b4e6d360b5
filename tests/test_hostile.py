"""Hostile predicted SQL: every statement of tests/hostile/statements.yaml must be refused before
it runs or be interrupted at the suite timeout, the fixture must not change, nothing outside may
be read or written, and the scoring run must complete.

The statements are scored through the real CLI (``python -m harness.cli score``) in a subprocess,
once for the whole corpus; each statement then gets its own test case over that run's records.
Entries with ``known_gap`` document what the product does today instead; they are
``xfail(strict=True)`` (``strict=False`` when also ``flaky``), so a fix makes them fail as XPASS
until the ``known_gap`` line goes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.safety import check_sql

CORPUS_PATH = Path(__file__).parent / "hostile" / "statements.yaml"
TIMEOUT_S = 2.0
SLACK_S = 1.0
ROWS = 2000
SECRET_TOKEN = "HOSTILE-SECRET-7f3a9c1e-do-not-leak"
EXPECTED_STATUSES = {
    "rejected": {"rejected"},
    "timeout": {"timeout"},
    "rejected_or_timeout": {"rejected", "timeout"},
}
GOLD = "SELECT COUNT(*) FROM ap_invoices_all"
CLI_LIMIT_S = 300

SCHEMA_SQL = """\
CREATE TABLE AP_SUPPLIERS (
  VENDOR_ID    NUMBER(15)    NOT NULL,
  VENDOR_NAME  VARCHAR2(240),
  SEGMENT1     VARCHAR2(30),
  CONSTRAINT AP_SUPPLIERS_PK PRIMARY KEY (VENDOR_ID)
);

CREATE TABLE AP_INVOICES_ALL (
  INVOICE_ID   NUMBER(15)    NOT NULL,
  VENDOR_ID    NUMBER(15),
  INVOICE_NUM  VARCHAR2(50),
  AMOUNT       NUMBER(15,2),
  INVOICE_DATE DATE,
  CONSTRAINT AP_INVOICES_ALL_PK PRIMARY KEY (INVOICE_ID)
);
"""


# --------------------------------------------------------------------------------------- corpus


def load_corpus() -> list[dict[str, Any]]:
    entries = yaml.safe_load(CORPUS_PATH.read_text(encoding="utf-8"))
    assert isinstance(entries, list), f"{CORPUS_PATH}: must be a YAML list"
    seen: set[str] = set()
    allowed_keys = {"name", "sql", "expect", "why", "known_gap", "flaky"}
    for index, entry in enumerate(entries):
        where = f"{CORPUS_PATH.name}[{index}]"
        assert isinstance(entry, dict), f"{where}: must be a mapping"
        assert {"name", "sql", "expect", "why"} <= entry.keys(), f"{where}: missing keys"
        assert entry.keys() <= allowed_keys, f"{where}: unknown keys {entry.keys() - allowed_keys}"
        assert entry["expect"] in EXPECTED_STATUSES, f"{where}: bad expect {entry['expect']!r}"
        assert entry["name"] not in seen, f"{where}: duplicate name {entry['name']!r}"
        seen.add(entry["name"])
    return entries


CORPUS = load_corpus()
BATCH = CORPUS


def cases(entries: list[dict[str, Any]]) -> list[Any]:
    """One pytest case per statement, id = its name; known gaps are strict xfails."""
    out = []
    for entry in entries:
        marks = []
        if entry.get("known_gap"):
            marks.append(
                pytest.mark.xfail(
                    strict=not entry.get("flaky"), reason=f"known gap: {entry['known_gap']}"
                )
            )
        out.append(pytest.param(entry, id=entry["name"], marks=marks))
    return out


def fill(sql: str, secret: Path, outside: Path) -> str:
    return sql.replace("{SECRET}", str(secret)).replace("{OUTSIDE}", str(outside))


def test_corpus_is_big_enough() -> None:
    assert len(CORPUS) >= 45
    kinds = {e["expect"] for e in CORPUS}
    assert {"rejected", "timeout"} <= kinds


# ------------------------------------------------------------------------- fixture and suite


@dataclass
class Workspace:
    root: Path
    suite: Path
    fixture: Path
    predictions: Path
    secret: Path
    outside: Path
    out: Path


def write_fixture(folder: Path) -> None:
    (folder / "data").mkdir(parents=True)
    (folder / "schema.sql").write_text(SCHEMA_SQL, encoding="utf-8")
    rnd = random.Random(20240630)
    with (folder / "data" / "AP_SUPPLIERS.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["VENDOR_ID", "VENDOR_NAME", "SEGMENT1"])
        for i in range(1, ROWS + 1):
            writer.writerow([i, f"Vendor {i}", f"V{i:05d}"])
    start = dt.date(2024, 1, 1)
    with (folder / "data" / "AP_INVOICES_ALL.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["INVOICE_ID", "VENDOR_ID", "INVOICE_NUM", "AMOUNT", "INVOICE_DATE"])
        for i in range(1, ROWS + 1):
            day = start + dt.timedelta(days=i % 366)
            writer.writerow(
                [
                    i,
                    rnd.randint(1, ROWS),
                    f"INV-{i:06d}",
                    f"{rnd.randint(100, 10**7) / 100:.2f}",
                    f"{day.isoformat()} 00:00:00",
                ]
            )


def make_workspace(root: Path, entries: list[dict[str, Any]]) -> Workspace:
    """A fixture, a suite with one question per statement, and the predictions file."""
    fixture = root / "fixture"
    write_fixture(fixture)
    secret = root / "secret" / "secret.csv"
    secret.parent.mkdir()
    secret.write_text(f"name,token\napi,{SECRET_TOKEN}\n", encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    suite = root / "suite"
    suite.mkdir()
    (suite / "suite.yaml").write_text(
        yaml.safe_dump(
            {
                "name": "hostile",
                "version": "1",
                "fixture": "../fixture",
                "as_of": "2024-06-30",
                "timeout_s": TIMEOUT_S,
            },
            sort_keys=False,
        ),
        encoding="utf-8",
    )
    questions = [{"id": e["name"], "question": e["why"], "gold": GOLD} for e in entries]
    (suite / "questions.yaml").write_text(
        yaml.safe_dump(questions, sort_keys=False, width=1000), encoding="utf-8"
    )
    predictions = root / "predictions.jsonl"
    with predictions.open("w", encoding="utf-8") as fh:
        for e in entries:
            fh.write(json.dumps({"id": e["name"], "sql": fill(e["sql"], secret, outside)}) + "\n")
    return Workspace(root, suite, fixture, predictions, secret, outside, root / "run")


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class RunResult:
    ws: Workspace
    proc: subprocess.CompletedProcess[str]
    records: dict[str, dict[str, Any]]
    summary: dict[str, Any] | None
    fixture_before: str
    fixture_after: str

    def explain(self) -> str:
        return (
            f"exit {self.proc.returncode}\n--- stdout (tail) ---\n{self.proc.stdout[-3000:]}"
            f"\n--- stderr (tail) ---\n{self.proc.stderr[-3000:]}"
        )


def score_via_cli(ws: Workspace) -> RunResult:
    before = tree_digest(ws.fixture)
    # A crash is printed as a plain traceback: rich's pretty one of a RecursionError (1,000
    # frames with locals) takes ~30 s to render.
    env = dict(os.environ, TYPER_STANDARD_TRACEBACK="1")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "score",
            str(ws.suite),
            "--predictions",
            str(ws.predictions),
            "--out",
            str(ws.out),
        ],
        capture_output=True,
        text=True,
        timeout=CLI_LIMIT_S,
        env=env,
        cwd=ws.root,
    )
    records: dict[str, dict[str, Any]] = {}
    samples = ws.out / "samples.jsonl"
    if samples.exists():
        for line in samples.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["id"]] = record
    summary_path = ws.out / "summary.json"
    summary = (
        json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.exists() else None
    )
    return RunResult(ws, proc, records, summary, before, tree_digest(ws.fixture))


def check_outcome(entry: dict[str, Any], record: dict[str, Any] | None, run: RunResult) -> None:
    name, expect = entry["name"], entry["expect"]
    assert record is not None, (
        f"[{name}] no record in samples.jsonl (the run died before scoring it)\n"
        f"sql: {entry['sql'][:300]}\n{run.explain()}"
    )
    status = record["status"]
    assert status in EXPECTED_STATUSES[expect], (
        f"[{name}] expected {expect}, got {status}: {record.get('reason')}\n"
        f"sql: {record.get('pred_sql', '')[:300]}\nexecuted: {record.get('executed_sql')}"
    )
    if status == "timeout":
        pred_s = record["timing"]["pred_s"]
        assert pred_s <= TIMEOUT_S + SLACK_S, (
            f"[{name}] ran {pred_s:.2f} s, past timeout_s={TIMEOUT_S:g} + {SLACK_S:g} s slack\n"
            f"sql: {record.get('pred_sql', '')[:300]}"
        )


# ------------------------------------------------------------------------------ the batch run


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    root = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HARNESS_CACHE_DIR", str(root / "cache"))
        return score_via_cli(make_workspace(root, BATCH))


def test_run_completes(hostile_run: RunResult) -> None:
    assert hostile_run.proc.returncode == 0, hostile_run.explain()
    assert (hostile_run.ws.out / "summary.json").exists(), hostile_run.explain()
    assert hostile_run.summary is not None


def test_every_statement_has_a_record(hostile_run: RunResult) -> None:
    missing = [e["name"] for e in BATCH if e["name"] not in hostile_run.records]
    assert not missing, f"no record for {missing}\n{hostile_run.explain()}"


def test_fixture_unchanged(hostile_run: RunResult) -> None:
    assert hostile_run.summary is not None, hostile_run.explain()
    fingerprint = hostile_run.summary["fixture_fingerprint"]
    assert fingerprint["unchanged"] is True
    assert fingerprint["before"] == fingerprint["after"]
    assert hostile_run.fixture_before == hostile_run.fixture_after, "fixture source files changed"


def test_secret_not_read(hostile_run: RunResult) -> None:
    ws = hostile_run.ws
    # The corpus does try to read the secret file.
    assert any("{SECRET}" in e["sql"] for e in BATCH)
    assert SECRET_TOKEN in ws.secret.read_text(encoding="utf-8")
    leaks = [
        str(p) for p in ws.out.rglob("*") if p.is_file() and SECRET_TOKEN.encode() in p.read_bytes()
    ]
    assert not leaks, f"secret token found in {leaks}"
    assert SECRET_TOKEN not in hostile_run.proc.stdout
    assert SECRET_TOKEN not in hostile_run.proc.stderr


def test_nothing_written_outside(hostile_run: RunResult) -> None:
    ws = hostile_run.ws
    assert any("{OUTSIDE}" in e["sql"] for e in BATCH)
    assert list(ws.outside.iterdir()) == [], f"files appeared in {ws.outside}"
    assert ws.secret.read_text(encoding="utf-8") == f"name,token\napi,{SECRET_TOKEN}\n"


@pytest.mark.parametrize("entry", cases(BATCH))
def test_hostile_statement(hostile_run: RunResult, entry: dict[str, Any]) -> None:
    check_outcome(entry, hostile_run.records.get(entry["name"]), hostile_run)


# ----------------------------------------------------------------- the safety check alone


@pytest.mark.parametrize("entry", cases([e for e in CORPUS if e["expect"] == "rejected"]))
def test_safety_check_rejects(tmp_path: Path, entry: dict[str, Any]) -> None:
    sql = fill(entry["sql"], tmp_path / "secret.csv", tmp_path / "outside")
    verdict = check_sql(sql)
    assert verdict.tree is None and verdict.status == "rejected", (
        f"[{entry['name']}] check_sql gave status={verdict.status!r} "
        f"reason={verdict.reason!r}\nsql: {sql[:300]}"
    )

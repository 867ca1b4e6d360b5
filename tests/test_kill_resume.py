"""A run killed with SIGKILL mid-way and started again ends with the same samples.jsonl."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from tests.helpers import write_suite

SLOW = (
    "SELECT COUNT(*) FROM ap_invoices_all a, ap_invoices_all b, ap_invoices_all c, "
    "ap_invoices_all d, ap_invoices_all e, ap_invoices_all f, ap_invoices_all g, "
    "ap_invoices_all h, ap_invoices_all i, ap_invoices_all j, ap_invoices_all k, "
    "ap_invoices_all l, ap_invoices_all m, ap_invoices_all n"
)
N = 24


def _suite(tmp_path):
    questions = "".join(
        f"- id: q{i:02d}\n  question: Count invoices of vendor {i % 3 + 1}.\n"
        f"  gold: SELECT COUNT(*) FROM ap_invoices_all WHERE vendor_id = {i % 3 + 1}\n"
        for i in range(N)
    )
    suite = write_suite(tmp_path, questions, timeout_s=0.4)
    preds = tmp_path / "preds.jsonl"
    with preds.open("w") as handle:
        for i in range(N):
            sql = (
                SLOW if i % 2 else f"SELECT COUNT(*) FROM ap_invoices_all WHERE vendor_id = {i % 3}"
            )
            handle.write(json.dumps({"id": f"q{i:02d}", "sql": sql}) + "\n")
    return suite, preds


def _score(suite, preds, out, env):
    return [
        sys.executable,
        "-m",
        "harness.cli",
        "score",
        str(suite),
        "--predictions",
        str(preds),
        "--out",
        str(out),
    ]


def _records(out):
    lines = (out / "samples.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        record.pop("timing")
    return records


def test_sigkill_then_resume_matches_uninterrupted(tmp_path):
    suite, preds = _suite(tmp_path)
    env = dict(os.environ)
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        _score(suite, preds, killed, env),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    samples = killed / "samples.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if samples.exists() and samples.read_text().count("\n") >= 6:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = samples.read_text().count("\n")
    assert 6 <= done_before < N, "the run must be killed mid-way"
    assert not (killed / "summary.json").exists()

    subprocess.run(_score(suite, preds, killed, env), env=env, check=True, capture_output=True)
    straight = tmp_path / "straight"
    subprocess.run(_score(suite, preds, straight, env), env=env, check=True, capture_output=True)

    resumed_records = _records(killed)
    assert len(resumed_records) == N
    assert resumed_records == _records(straight)
    assert {r["status"] for r in resumed_records} == {"correct", "wrong_result", "timeout"}
    assert json.loads((killed / "run.json").read_text())["resumed"] == 1

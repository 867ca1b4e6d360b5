"""Run configs: validation with file/line/field errors, extends, and the 70B configs down to
the engine arguments they would pass (no weights needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import InputError
from harness.gen.backends.vllm_backend import engine_args
from harness.gen.config import load_run_config

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"


def test_demo_config_runs_the_embedded_model_on_ebs_smoke() -> None:
    cfg = load_run_config(CONFIGS / "demo.yaml")
    assert cfg.model.backend == "vllm" and cfg.model.path == "embedded:smollm2"
    assert Path(cfg.suite) == ROOT / "benchmarks" / "suites" / "ebs-smoke"
    assert cfg.engine == "duckdb" and cfg.sampling.greedy


def test_sqlcoder70b_base_engine_arguments() -> None:
    cfg = load_run_config(CONFIGS / "sqlcoder70b-base.yaml")
    args = engine_args(cfg.model, cfg.model.path or "", cpu=False)
    assert args["model"] == "defog/sqlcoder-70b-alpha"
    assert args["tensor_parallel_size"] == 4
    assert args["dtype"] == "bfloat16"
    assert args["enable_prefix_caching"] is True
    assert args["max_model_len"] == 8192
    assert args["gpu_memory_utilization"] == 0.90
    assert args["revision"] == cfg.model.revision
    assert "enable_lora" not in args and "block_size" not in args
    assert cfg.prompt.template == "sqlcoder-defog" and cfg.prompt.schema_mode == "retrieved"


def test_sqlcoder70b_lora_extends_the_base_and_enables_lora() -> None:
    base = load_run_config(CONFIGS / "sqlcoder70b-base.yaml")
    lora = load_run_config(CONFIGS / "sqlcoder70b-lora.yaml")
    assert lora.sampling == base.sampling and lora.prompt == base.prompt
    assert lora.model.path == base.model.path and lora.suite == base.suite
    assert lora.model.adapter == [str(ROOT / "adapters" / "sqlcoder70b-ebs-r64" / "adapter")]
    args = engine_args(lora.model, lora.model.path or "", cpu=False)
    assert args["enable_lora"] is True and args["max_lora_rank"] == 64
    assert args["max_loras"] == 1
    assert lora.digest() != base.digest()


def test_cpu_engine_arguments_use_float32_and_small_blocks() -> None:
    cfg = load_run_config(CONFIGS / "sqlcoder70b-base.yaml")
    args = engine_args(cfg.model, "x", cpu=True)
    assert args["block_size"] == 32 and "gpu_memory_utilization" not in args


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("model: {backend: vllm}\nsuite: s\n", "model"),
        ("model: {backend: bogus, path: x}\nsuite: s\n", "model.backend"),
        ("model: {backend: transformers, path: x}\nsuite: s\nsampling:\n  top_p: 2\n",
         "sampling.top_p"),
        ("model: {backend: replay}\nsuite: s\n", "model"),
        ("model: {backend: openai}\nsuite: s\n", "model"),
        ("model: {backend: vllm, path: x, temperature: 0}\nsuite: s\n", "model.temperature"),
    ],
)
def test_bad_configs_name_the_field(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_run_config(path)
    assert "c.yaml" in str(err.value) and where in str(err.value)


def test_extends_merges_mappings_and_detects_loops(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(
        "model: {backend: vllm, path: m, dtype: bfloat16}\nsuite: s\nsampling: {max_tokens: 99}\n"
    )
    (tmp_path / "child.yaml").write_text("extends: base.yaml\nmodel: {adapter: a}\n")
    cfg = load_run_config(tmp_path / "child.yaml")
    assert cfg.model.dtype == "bfloat16" and cfg.sampling.max_tokens == 99
    assert cfg.model.adapter == ["a"] and cfg.name == "child"
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    with pytest.raises(InputError, match="extends loop"):
        load_run_config(tmp_path / "a.yaml")

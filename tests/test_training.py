"""train/: data preparation, the recipe configs down to trainer/launcher arguments, and a real
LoRA run on SmolLM2 (CPU) that is registered, merged and served by both backends."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from harness.cli import app
from harness.errors import HarnessError
from harness.gen.torch_env import prepare as hide_media
from harness.training.config import ALL_PROJECTIONS, load_train_config
from harness.training.trainer import launch_command, lora_kwargs, sft_kwargs

ROOT = Path(__file__).resolve().parents[1]
TRAIN_CONFIGS = ROOT / "configs" / "train"
CORPUS = ROOT / "train" / "data" / "ebs-train.jsonl"
runner = CliRunner()


def _sft_parameters() -> set[str]:
    hide_media()
    from trl import SFTConfig

    return set(inspect.signature(SFTConfig).parameters)


def test_70b_fsdp_recipe_down_to_trainer_and_launcher_arguments(tmp_path: Path) -> None:
    cfg = load_train_config(TRAIN_CONFIGS / "sqlcoder70b-lora-fsdp.yaml")
    kw = sft_kwargs(cfg, tmp_path, cuda=True, has_eval=True)
    assert set(kw) <= _sft_parameters()  # only current trl/transformers argument names
    assert kw["learning_rate"] == 2e-4 and kw["lr_scheduler_type"] == "cosine"
    assert kw["warmup_steps"] == 0.05 and kw["num_train_epochs"] == 3
    assert kw["per_device_train_batch_size"] == 2 and kw["gradient_accumulation_steps"] == 8
    assert kw["bf16"] is True and kw["tf32"] is True and kw["max_length"] == 2048
    assert kw["packing"] is False and kw["completion_only_loss"] is True
    assert kw["eval_strategy"] == "steps" and kw["gradient_checkpointing"] is True
    assert kw["report_to"] == ["tensorboard"]
    lk = lora_kwargs(cfg)
    assert (lk["r"], lk["lora_alpha"], lk["lora_dropout"]) == (64, 128, 0.05)
    assert lk["target_modules"] == ALL_PROJECTIONS and lk["task_type"] == "CAUSAL_LM"
    cmd = launch_command(cfg, TRAIN_CONFIGS / "sqlcoder70b-lora-fsdp.yaml")
    assert cmd[:2] == ["accelerate", "launch"]
    assert cmd[cmd.index("--num_processes") + 1] == "8"
    acc = yaml.safe_load(Path(cmd[cmd.index("--config_file") + 1]).read_text())
    assert acc["distributed_type"] == "FSDP" and acc["num_processes"] == 8
    assert acc["mixed_precision"] == "bf16"
    assert acc["fsdp_config"]["fsdp_transformer_layer_cls_to_wrap"] == "LlamaDecoderLayer"
    assert cmd[-3:] == [
        "-m",
        "harness.training.entry",
        str(TRAIN_CONFIGS / "sqlcoder70b-lora-fsdp.yaml"),
    ]
    zero3 = yaml.safe_load(
        (ROOT / "configs" / "accelerate" / "deepspeed-zero3-8gpu.yaml").read_text()
    )
    assert zero3["deepspeed_config"]["zero_stage"] == 3


def test_70b_qlora_recipe_and_print_launch() -> None:
    cfg = load_train_config(TRAIN_CONFIGS / "sqlcoder70b-qlora.yaml")
    assert cfg.lora.qlora and cfg.training.optim == "paged_adamw_8bit"
    assert sft_kwargs(cfg, Path("x"), cuda=True, has_eval=False)["optim"] == "paged_adamw_8bit"
    result = runner.invoke(
        app, ["train", str(TRAIN_CONFIGS / "sqlcoder70b-qlora.yaml"), "--print-launch"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("accelerate launch --config_file ")
    assert "ddp-2gpu.yaml --num_processes 2" in result.stdout


def test_cpu_arguments_build_a_real_sft_config(tmp_path: Path) -> None:
    hide_media()
    from trl import SFTConfig

    cfg = load_train_config(TRAIN_CONFIGS / "smollm2-cpu.yaml")
    args = SFTConfig(**sft_kwargs(cfg, tmp_path, cuda=False, has_eval=True))
    assert args.max_length == 640 and args.completion_only_loss is True
    assert args.bf16 is False and args.use_cpu is True and args.optim == "adamw_torch"


def _rows(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_prepare_drops_failures_and_duplicates_and_refuses_leaks(tmp_path: Path) -> None:
    good = [json.loads(line) for line in CORPUS.read_text().splitlines()[:3]]
    broken = {**good[0], "id": "broken", "output": "SELECT no_such_column FROM ap_suppliers"}
    data = _rows(tmp_path / "d.jsonl", [*good, good[1], broken])
    out = tmp_path / "prep"
    result = runner.invoke(app, ["data", "prepare", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    card = json.loads((out / "card.json").read_text())
    assert card["rows_read"] == 5 and card["duplicates_dropped"] == 1 and card["failing"] == 1
    assert card["train"] + card["eval"] == 3 and len(card["data_sha256"]) == 64
    hide_media()
    from datasets import load_from_disk

    ds = load_from_disk(str(out / "dataset"))
    row = ds["train"][0]
    assert row["prompt"].startswith("### Task") and row["prompt"].endswith("```sql\n")
    assert row["completion"].endswith("\n```")
    suite_q = yaml.safe_load((ROOT / "benchmarks/suites/ebs-dev/questions.yaml").read_text())[0]
    leak = {"instruction": "anything", "schema": "", "output": suite_q["gold"]}
    leaky = _rows(tmp_path / "leaky.jsonl", [*good, leak])
    refused = runner.invoke(app, ["data", "prepare", str(leaky), "--out", str(tmp_path / "l")])
    assert refused.exit_code == 2 and "leak the evaluation suites" in refused.output
    allowed = runner.invoke(
        app, ["data", "prepare", str(leaky), "--out", str(tmp_path / "l"), "--allow-leaks"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert json.loads((tmp_path / "l" / "card.json").read_text())["leaks"] == 1


def test_bad_train_config_names_the_field(tmp_path: Path) -> None:
    from harness.errors import InputError

    bad = tmp_path / "t.yaml"
    bad.write_text("name: x\nbase_model: m\ndata: d\nlora:\n  r: 0\n")
    with pytest.raises(InputError, match=r"t.yaml:5.*lora.r"):
        load_train_config(bad)


@pytest.mark.slow
def test_cpu_lora_run_is_registered_merged_and_served(tmp_path: Path) -> None:
    prep = tmp_path / "slice"
    result = runner.invoke(
        app,
        [
            "data",
            "prepare",
            str(CORPUS),
            "--out",
            str(prep),
            "--limit",
            "24",
            "--max-prompt-chars",
            "1500",
        ],
    )
    assert result.exit_code == 0, result.output
    body = yaml.safe_load((TRAIN_CONFIGS / "smollm2-cpu.yaml").read_text())
    body.update(data=str(prep), adapters_dir=str(tmp_path / "adapters"))
    body["training"].update(max_steps=4, save_steps=2, max_length=512)
    body["selection"]["suite"] = str(ROOT / "benchmarks" / "suites" / "ebs-smoke")
    cfg_path = tmp_path / "train.yaml"
    cfg_path.write_text(yaml.safe_dump(body))
    trained = runner.invoke(app, ["train", str(cfg_path)])
    assert trained.exit_code == 0, trained.output
    root = tmp_path / "adapters" / "smollm2-cpu-lora"
    from harness.training.registry import REQUIRED, load_manifest

    manifest = load_manifest(root)
    assert all(manifest[k] is not None for k in REQUIRED if k != "merge")
    assert manifest["training"]["global_step"] == 4
    assert {"torch", "transformers", "peft", "trl", "datasets"} <= set(manifest["libraries"])
    assert manifest["data"]["data_sha256"] and manifest["adapter"]["sha256"]
    sel = manifest["selection"]
    assert sel["before"]["n"] == 2 and [c["step"] for c in sel["curve"]] == [0, 2, 4]
    assert sel["best"]["step"] in (2, 4)
    curves = json.loads((root / "curves.json").read_text())
    evals = [h["eval_loss"] for h in curves["log_history"] if "eval_loss" in h]
    assert len(evals) == 2 and evals[-1] < evals[0], evals  # the loss fell
    assert (root / "adapter" / "adapter_model.safetensors").exists()
    assert "## Evidence" in (root / "README.md").read_text()
    listed = runner.invoke(app, ["adapters", "list", "--json", "--root",
                                 str(tmp_path / "adapters")])
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert row["name"] == "smollm2-cpu-lora" and row["steps"] == 4 and row["weights"]

    merged = tmp_path / "merged"
    done = runner.invoke(app, ["merge", str(root), "--out", str(merged), "--probes", "2"])
    assert done.exit_code == 0, done.output
    assert load_manifest(root)["merge"]["probes"] == 2
    assert load_manifest(root)["merge"]["agree"] >= 1

    from harness.gen.backends.base import Request
    from harness.gen.backends.hf import TransformersBackend
    from harness.gen.config import ModelConfig, SamplingConfig

    req = [Request("q", "### Task\nList the ledgers.\n```sql\n")]
    hf = TransformersBackend(ModelConfig(backend="transformers", path=str(merged), dtype="float32"))
    assert hf.generate(req, SamplingConfig(max_tokens=8))[0].completion_tokens > 0
    hf.close()
    pytest.importorskip("vllm")
    from harness.gen.backends.vllm_backend import VLLMBackend

    engine = VLLMBackend(ModelConfig(backend="vllm", path=str(merged), dtype="float32"))
    try:
        assert engine.generate(req, SamplingConfig(max_tokens=8))[0].completion_tokens > 0
    finally:
        engine.close()
    shutil.rmtree(merged)
    with pytest.raises(HarnessError, match="no manifest"):
        load_manifest(tmp_path)

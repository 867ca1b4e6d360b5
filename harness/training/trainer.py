"""``harness train CONFIG``: LoRA/QLoRA with trl's SFTTrainer; checkpoints chosen by execution.

A callback scores every saved checkpoint on the selection suite through the harness (the same
prompt template and schema rendering as the training data, the transformers generate path, the
scoring core) and keeps the best by execution accuracy, not by loss. Curves (loss, dev
accuracy) go to ``curves.json``; the adapter, ``manifest.yaml`` and a model card land in
``adapters/<name>/``.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from harness.training.config import TrainConfig


def sft_kwargs(
    config: TrainConfig, output_dir: Path, *, cuda: bool, has_eval: bool
) -> dict[str, Any]:
    """Keyword arguments for trl's SFTConfig (current API), testable without weights."""
    t = config.training
    kwargs: dict[str, Any] = {
        "output_dir": str(output_dir),
        "learning_rate": t.learning_rate,
        "lr_scheduler_type": t.lr_scheduler_type,
        "warmup_steps": t.warmup_ratio,  # a float below 1 is a ratio of the total steps
        "num_train_epochs": t.num_train_epochs,
        "max_steps": t.max_steps,
        "per_device_train_batch_size": t.per_device_train_batch_size,
        "per_device_eval_batch_size": t.per_device_train_batch_size,
        "gradient_accumulation_steps": t.gradient_accumulation_steps,
        "optim": t.optim if cuda else "adamw_torch",
        "bf16": t.bf16 and cuda,
        "tf32": t.tf32 if cuda else None,
        "max_length": t.max_length,
        "packing": t.packing,
        "completion_only_loss": True,
        "gradient_checkpointing": t.gradient_checkpointing,
        "weight_decay": t.weight_decay,
        "max_grad_norm": t.max_grad_norm,
        "logging_steps": t.logging_steps,
        "save_strategy": "steps",
        "save_steps": t.save_steps,
        "save_total_limit": t.save_total_limit,
        "eval_strategy": "steps" if has_eval else "no",
        "eval_steps": t.save_steps if has_eval else None,
        "seed": t.seed,
        "data_seed": t.seed,
        "report_to": t.report_to or "none",
        "use_cpu": t.use_cpu or not cuda,
        "include_num_input_tokens_seen": True,
        "dataloader_num_workers": 0,
    }
    if t.gradient_checkpointing:
        kwargs["gradient_checkpointing_kwargs"] = {"use_reentrant": False}
    return kwargs


def lora_kwargs(config: TrainConfig) -> dict[str, Any]:
    lo = config.lora
    return {
        "r": lo.r,
        "lora_alpha": lo.alpha,
        "lora_dropout": lo.dropout,
        "target_modules": list(lo.target_modules),
        "bias": "none",
        "task_type": "CAUSAL_LM",
    }


def launch_command(config: TrainConfig, config_path: Path) -> list[str]:
    """The exact command that runs this config (multi-GPU through accelerate or torchrun)."""
    entry = ["-m", "harness.training.entry", str(config_path)]
    la = config.launch
    if la.launcher == "accelerate":
        cmd = ["accelerate", "launch"]
        if la.accelerate_config:
            cmd += ["--config_file", la.accelerate_config]
        cmd += ["--num_processes", str(la.num_processes), "--num_machines", str(la.num_machines)]
        return [*cmd, *entry]
    if la.launcher == "torchrun":
        return [
            "torchrun",
            f"--nproc_per_node={la.num_processes}",
            f"--nnodes={la.num_machines}",
            *entry,
        ]
    return ["python", *entry]


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in (
        "harness",
        "torch",
        "transformers",
        "peft",
        "trl",
        "datasets",
        "accelerate",
        "bitsandbytes",
    ):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            continue
    return out


def _hardware(torch: Any) -> dict[str, Any]:
    import os
    import platform

    info: dict[str, Any] = {
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
    }
    if torch.cuda.is_available():
        info["gpus"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    return info


class Evaluator:
    """Scores the in-memory model on the selection suite through the harness."""

    def __init__(self, config: TrainConfig, tokenizer: Any, out_root: Path) -> None:
        from harness.gen.config import PromptConfig
        from harness.gen.prompts import PromptBuilder
        from harness.suite import load_suite

        sel = config.selection
        assert sel.suite is not None
        self.config = config
        self.suite = load_suite(sel.suite)
        questions = self.suite.questions
        self.questions = questions[: sel.limit] if sel.limit else questions
        # The training rows' schema: gold tables, comments, no join hints (render_schema).
        builder = PromptBuilder(
            self.suite.fixture,
            PromptConfig(
                template=config.prompt_template,
                schema_mode="gold_tables",
                comments=True,
                join_hints=False,
            ),
        )
        self.prompts = [builder.build(q.question, q.gold[0]).text for q in self.questions]
        self.tail = builder.template[-40:]
        self.tokenizer = tokenizer
        self.root = out_root / "selection"

    def score(self, model: Any, label: str) -> dict[str, Any]:
        from harness.gen.backends.base import Request
        from harness.gen.backends.hf import TransformersBackend
        from harness.gen.config import SamplingConfig
        from harness.gen.extract import extract_sql
        from harness.runner import score_predictions

        sel = self.config.selection
        backend = TransformersBackend.from_loaded(model, self.tokenizer, sel.batch_size)
        was_training = model.training
        model.eval()
        began = time.perf_counter()
        try:
            outs = backend.generate(
                [Request(q.id, p) for q, p in zip(self.questions, self.prompts, strict=True)],
                SamplingConfig(max_tokens=sel.max_tokens),
            )
        finally:
            if was_training:
                model.train()
        folder = self.root / label
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        preds = folder / "predictions.jsonl"
        preds.write_text(
            "".join(
                json.dumps(
                    {
                        "id": q.id,
                        "sql": extract_sql(o.text, prompt_tail=self.tail).sql,
                        "completion": o.text,
                    }
                )
                + "\n"
                for q, o in zip(self.questions, outs, strict=True)
            )
        )
        _, summary = score_predictions(
            self.suite.path,
            preds,
            engine_name=sel.engine,
            out=folder,
            only=[q.id for q in self.questions],
        )
        acc = summary["execution_accuracy"]
        return {
            "label": label,
            "accuracy": acc["accuracy"],
            "correct": acc["correct"],
            "n": acc["n"],
            "ci95": acc["ci95"],
            "seconds": round(time.perf_counter() - began, 2),
            "statuses": summary["status_counts"],
        }


def _make_callback(evaluator: Evaluator | None, records: list[dict[str, Any]]) -> Any:
    from transformers import TrainerCallback

    class SelectByExecution(TrainerCallback):
        def on_train_begin(self, args, state, control, model=None, **kw):
            if (
                evaluator
                and evaluator.config.selection.evaluate_base
                and state.global_step == 0
                and state.is_world_process_zero
                and not any(r["step"] == 0 for r in records)
            ):
                with model.disable_adapter():
                    records.append({"step": 0, **evaluator.score(model, "step-0-base")})

        def on_save(self, args, state, control, model=None, **kw):
            if evaluator and state.is_world_process_zero:
                step = state.global_step
                records.append({"step": step, **evaluator.score(model, f"step-{step}")})
                (Path(args.output_dir) / "selection.json").write_text(json.dumps(records, indent=1))

    return SelectByExecution()


def _last_checkpoint(folder: Path) -> str | None:
    ckpts = sorted(folder.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[-1]))
    return str(ckpts[-1]) if ckpts else None


def train(config: TrainConfig) -> Path:
    """Train, select, register; returns adapters/<name>."""
    from harness.gen.torch_env import prepare

    prepare()
    import torch
    from datasets import load_from_disk
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, set_seed
    from trl import SFTConfig, SFTTrainer

    from harness.gen.backends.hf import resolve_path
    from harness.training.registry import write_manifest

    set_seed(config.training.seed)
    base_path = resolve_path(config.base_model)
    out_root = Path(config.adapters_dir) / config.name
    ckpt_dir = out_root / "checkpoints"
    out_root.mkdir(parents=True, exist_ok=True)
    data_dir = Path(config.data)
    if not (data_dir / "dataset").exists():
        raise HarnessError(f"{data_dir}: not a prepared dataset (run harness data prepare)")
    ds = load_from_disk(str(data_dir / "dataset"))
    cuda = torch.cuda.is_available()
    tokenizer = AutoTokenizer.from_pretrained(base_path, revision=config.revision)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model_kwargs: dict[str, Any] = {
        "dtype": torch.bfloat16 if (cuda and config.training.bf16) else torch.float32,
        "revision": config.revision,
    }
    if config.lora.qlora:
        from transformers import BitsAndBytesConfig

        model_kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16,
        )
    model = AutoModelForCausalLM.from_pretrained(base_path, **model_kwargs)
    if config.lora.qlora:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(
            model, use_gradient_checkpointing=config.training.gradient_checkpointing
        )
    has_eval = "eval" in ds
    args = SFTConfig(**sft_kwargs(config, ckpt_dir, cuda=cuda, has_eval=has_eval))
    evaluator = Evaluator(config, tokenizer, out_root) if config.selection.suite else None
    records: list[dict[str, Any]] = []
    previous = ckpt_dir / "selection.json"
    if previous.exists():
        records = json.loads(previous.read_text())
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=ds["train"],
        eval_dataset=ds["eval"] if has_eval else None,
        processing_class=tokenizer,
        peft_config=LoraConfig(**lora_kwargs(config)),
        callbacks=[_make_callback(evaluator, records)],
    )
    resume = _last_checkpoint(ckpt_dir) if config.resume else None
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    began = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=resume)
    wall = time.perf_counter() - began
    if not trainer.is_world_process_zero():
        return out_root
    final = out_root / "final"
    trainer.save_model(str(final))
    scored = [r for r in records if r["step"] > 0 and r.get("accuracy") is not None]
    best = max(scored, key=lambda r: (r["accuracy"], -r["step"])) if scored else None
    chosen = Path(ckpt_dir / f"checkpoint-{best['step']}") if best else final
    if best and not (chosen / "adapter_config.json").exists():
        chosen = final
    adapter = out_root / "adapter"
    shutil.rmtree(adapter, ignore_errors=True)
    shutil.copytree(
        chosen,
        adapter,
        ignore=shutil.ignore_patterns(
            "optimizer.pt", "scheduler.pt", "rng_state*", "trainer_state.json", "training_args.bin"
        ),
    )
    tokenizer.save_pretrained(str(adapter))
    history = trainer.state.log_history
    losses = [h["loss"] for h in history if "loss" in h]
    curves = {"log_history": history, "selection": records}
    (out_root / "curves.json").write_text(json.dumps(curves, indent=1, default=str))
    tokens = getattr(trainer.state, "num_input_tokens_seen", 0) or 0
    stats = {
        "wall_time_s": round(wall, 2),
        "global_step": trainer.state.global_step,
        "train_loss": result.training_loss,
        "first_logged_loss": losses[0] if losses else None,
        "last_logged_loss": losses[-1] if losses else None,
        "tokens_seen": int(tokens),
        "tokens_per_s": round(tokens / wall, 1) if wall else None,
        "peak_gpu_memory_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2)
        if cuda
        else None,
        "resumed_from": resume,
    }
    write_manifest(
        out_root,
        config,
        base_path=base_path,
        stats=stats,
        records=records,
        best=best,
        chosen=str(chosen),
        versions=_versions(),
        hardware=_hardware(torch),
    )
    return out_root

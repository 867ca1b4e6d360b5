"""Training configs (YAML, pydantic, ``extends:`` like run configs).

The default recipe is the one shared for SQLCoder-70B on ~1,500 examples (r=64, alpha=128,
dropout 0.05 on q/k/v/o/gate/up/down, lr 2e-4 cosine, 5% warm-up, 3 epochs, per-device batch 2
x grad-accum 8, paged_adamw_8bit, bf16, tf32, max length 2048, no packing), expressed in
current trl terms: ``SFTConfig(max_length=..., eval_strategy=...)``, ``processing_class=``,
prompt/completion data trained on the completion only.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from harness.gen.config import _load_raw
from harness.yamlio import load_yaml, validate

ALL_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class LoraSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    r: int = Field(default=64, ge=1)
    alpha: int = Field(default=128, ge=1)
    dropout: float = Field(default=0.05, ge=0, lt=1)
    target_modules: list[str] = Field(default_factory=lambda: list(ALL_PROJECTIONS))
    qlora: bool = False
    """4-bit NF4 base (bitsandbytes) with prepare_model_for_kbit_training."""


class Optim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    learning_rate: float = Field(default=2e-4, gt=0)
    lr_scheduler_type: str = "cosine"
    warmup_ratio: float = Field(default=0.05, ge=0, lt=1)
    num_train_epochs: float = Field(default=3, gt=0)
    max_steps: int = -1
    per_device_train_batch_size: int = Field(default=2, ge=1)
    gradient_accumulation_steps: int = Field(default=8, ge=1)
    optim: str = "paged_adamw_8bit"
    bf16: bool = True
    tf32: bool = True
    max_length: int = Field(default=2048, ge=64)
    packing: bool = False
    gradient_checkpointing: bool = True
    weight_decay: float = 0.0
    max_grad_norm: float = 1.0
    logging_steps: int = Field(default=10, ge=1)
    save_steps: int = Field(default=100, ge=1)
    save_total_limit: int | None = 3
    seed: int = 42
    report_to: list[str] = Field(default_factory=list)
    """e.g. [tensorboard] or [wandb]; empty reports nowhere."""
    use_cpu: bool = False


class Selection(BaseModel):
    """Execution-grounded checkpoint selection: score each saved checkpoint on a suite."""

    model_config = ConfigDict(extra="forbid")
    suite: str | None = None
    """Suite to evaluate checkpoints on (ebs-dev); None disables selection."""
    limit: int | None = Field(default=None, ge=1)
    engine: str = "duckdb"
    max_tokens: int = Field(default=300, ge=1)
    batch_size: int = Field(default=16, ge=1)
    evaluate_base: bool = True
    """Also score the base model before training (the 'before' figure)."""


class Launch(BaseModel):
    model_config = ConfigDict(extra="forbid")
    launcher: Literal["python", "accelerate", "torchrun"] = "python"
    accelerate_config: str | None = None
    """An accelerate config file (FSDP or DeepSpeed ZeRO-3), relative to the config."""
    num_processes: int = Field(default=1, ge=1)
    num_machines: int = Field(default=1, ge=1)


class TrainConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    """Adapter name: the run lands in adapters/<name>/."""
    base_model: str
    """Folder, hub name, or embedded:smollm2."""
    revision: str | None = None
    data: str
    """A prepared dataset folder (harness data prepare)."""
    prompt_template: str = "sqlcoder"
    lora: LoraSettings = Field(default_factory=LoraSettings)
    training: Optim = Field(default_factory=Optim)
    selection: Selection = Field(default_factory=Selection)
    launch: Launch = Field(default_factory=Launch)
    adapters_dir: str = "adapters"
    resume: bool = True
    """Resume from the last checkpoint in the output folder when there is one."""
    source: str | None = Field(default=None, exclude=True)

    def digest(self) -> str:
        return hashlib.sha256(
            json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        ).hexdigest()


_TRAIN_PATHS = ("data", "adapters_dir", ("selection", "suite"), ("launch", "accelerate_config"))


def load_train_config(path: Path | str) -> TrainConfig:
    path = Path(path)
    data: dict[str, Any] = _load_raw(path, ())
    folder = path.resolve().parent
    for loc in _TRAIN_PATHS:
        keys = (loc,) if isinstance(loc, str) else loc
        node: Any = data
        for key in keys[:-1]:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, dict) and isinstance(node.get(keys[-1]), str):
            value = node[keys[-1]]
            if not Path(value).is_absolute():
                node[keys[-1]] = str((folder / value).resolve())
    base = data.get("base_model")
    if isinstance(base, str) and base.startswith("."):
        data["base_model"] = str((folder / base).resolve())
    doc = load_yaml(path)
    config = validate(TrainConfig, data, path=path, located=doc)
    config.source = str(path.resolve())
    return config

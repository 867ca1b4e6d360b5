"""adapters/<name>/: the peft adapter, manifest.yaml, a model card, curves; listed as a table."""

from __future__ import annotations

import datetime as dt
import json
import platform
from pathlib import Path
from typing import Any

import yaml

from harness.errors import HarnessError
from harness.training.config import TrainConfig

REQUIRED = (
    "name",
    "created_at",
    "base_model",
    "data",
    "training_config",
    "git_revision",
    "libraries",
    "hardware",
    "training",
    "selection",
    "adapter",
)


def _git_revision() -> str | None:
    from harness.runner import git_revision

    return git_revision()


def _rel(path: str | None) -> str | None:
    """Paths inside the working directory are recorded relative to it (manifests travel)."""
    if not path:
        return path
    import os

    p = Path(path).resolve()
    try:
        return os.path.relpath(p, Path.cwd()) if p.is_relative_to(Path.cwd()) else str(p)
    except ValueError:
        return str(p)


def write_manifest(
    out_root: Path,
    config: TrainConfig,
    *,
    base_path: str,
    stats: dict[str, Any],
    records: list[dict[str, Any]],
    best: dict[str, Any] | None,
    chosen: str,
    versions: dict[str, str],
    hardware: dict[str, Any],
) -> dict[str, Any]:
    from harness.gen.backends.base import folder_hash

    card_path = Path(config.data) / "card.json"
    card = json.loads(card_path.read_text()) if card_path.exists() else {}
    base_identity: dict[str, Any] = {"path": config.base_model, "revision": config.revision}
    if Path(base_path).is_dir():
        base_identity["weights_sha256"] = folder_hash(Path(base_path))["sha256"]
    before = next((r for r in records if r["step"] == 0), None)
    manifest: dict[str, Any] = {
        "name": config.name,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base_model": base_identity,
        "data": {"path": _rel(config.data), "data_sha256": card.get("data_sha256"), "card": card},
        "training_config": config.model_dump(mode="json"),
        "git_revision": _git_revision(),
        "libraries": {**versions, "python": platform.python_version()},
        "hardware": hardware,
        "training": stats,
        "selection": {
            "suite": _rel(config.selection.suite),
            "limit": config.selection.limit,
            "before": None
            if before is None
            else {k: before[k] for k in ("accuracy", "correct", "n")},
            "best": None
            if best is None
            else {k: best[k] for k in ("step", "accuracy", "correct", "n")},
            "curve": [{k: r.get(k) for k in ("step", "accuracy", "correct", "n")} for r in records],
            "chosen_checkpoint": _rel(chosen),
        },
        "adapter": {"path": "adapter", "sha256": folder_hash(out_root / "adapter")["sha256"]},
        "merge": None,
    }
    (out_root / "manifest.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    (out_root / "README.md").write_text(model_card(manifest))
    return manifest


def _pct(value: Any) -> str:
    return "-" if value is None else f"{100 * float(value):.1f}%"


def model_card(m: dict[str, Any]) -> str:
    sel = m["selection"]
    tc = m["training_config"]
    t = m["training"]
    best = sel.get("best") or {}
    before = sel.get("before") or {}
    lines = [
        f"# {m['name']}",
        "",
        f"LoRA adapter for `{m['base_model']['path']}` (revision "
        f"{m['base_model'].get('revision') or 'unpinned'}), trained by `harness train` on "
        f"{m['created_at']}.",
        "",
        "## Evidence",
        f"- selection suite: `{sel['suite']}`"
        + (f" (first {sel['limit']} questions)" if sel.get("limit") else ""),
        f"- execution accuracy before training: {_pct(before.get('accuracy'))} "
        f"({before.get('correct', '-')}/{before.get('n', '-')})",
        f"- best checkpoint: step {best.get('step', '-')}, {_pct(best.get('accuracy'))} "
        f"({best.get('correct', '-')}/{best.get('n', '-')}); chosen by execution accuracy",
        f"- training: {t['global_step']} steps in {t['wall_time_s']} s, "
        f"{t.get('tokens_per_s')} tokens/s, loss {t.get('first_logged_loss')} -> "
        f"{t.get('last_logged_loss')}, peak GPU memory {t.get('peak_gpu_memory_gib')} GiB",
        "",
        "## Recipe",
        f"- LoRA r={tc['lora']['r']} alpha={tc['lora']['alpha']} dropout={tc['lora']['dropout']} "
        f"on {', '.join(tc['lora']['target_modules'])}; QLoRA: {tc['lora']['qlora']}",
        f"- lr {tc['training']['learning_rate']} {tc['training']['lr_scheduler_type']}, warm-up "
        f"{tc['training']['warmup_ratio']}, epochs {tc['training']['num_train_epochs']}, "
        f"max steps {tc['training']['max_steps']}, batch "
        f"{tc['training']['per_device_train_batch_size']} x accumulation "
        f"{tc['training']['gradient_accumulation_steps']}, max length "
        f"{tc['training']['max_length']}, completion-only loss",
        f"- data: `{m['data']['path']}` sha256 `{m['data'].get('data_sha256')}`",
        f"- libraries: {', '.join(f'{k} {v}' for k, v in m['libraries'].items())}",
        f"- hardware: {m['hardware']}",
        f"- git revision: {m['git_revision']}",
        "",
        "Weights (`adapter/*.safetensors`, `checkpoints/`) are not committed; this card and",
        "`manifest.yaml` are.",
    ]
    if m.get("merge"):
        mg = m["merge"]
        lines += [
            "",
            "## Merge",
            f"- merged into `{mg['out']}`; greedy probe agreement "
            f"merged vs unmerged: {mg['agree']}/{mg['probes']}",
        ]
    return "\n".join(lines) + "\n"


def load_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.yaml"
    if not path.exists():
        raise HarnessError(f"{folder}: no manifest.yaml (not a registered adapter)")
    data: dict[str, Any] = yaml.safe_load(path.read_text())
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise HarnessError(f"{path}: manifest lacks {', '.join(missing)}")
    return data


def list_adapters(root: Path) -> list[dict[str, Any]]:
    rows = []
    for folder in (
        sorted(p for p in root.iterdir() if (p / "manifest.yaml").exists()) if root.exists() else []
    ):
        m = load_manifest(folder)
        sel = m["selection"]
        rows.append(
            {
                "name": m["name"],
                "base": m["base_model"]["path"],
                "r": m["training_config"]["lora"]["r"],
                "steps": m["training"]["global_step"],
                "before": (sel.get("before") or {}).get("accuracy"),
                "best": (sel.get("best") or {}).get("accuracy"),
                "best_step": (sel.get("best") or {}).get("step"),
                "data": (m["data"].get("data_sha256") or "")[:12],
                "weights": (folder / "adapter" / "adapter_model.safetensors").exists(),
                "merged": bool(m.get("merge")),
                "created": m["created_at"],
            }
        )
    return rows

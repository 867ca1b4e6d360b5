"""Model backends behind one batch-first protocol (see base.py)."""

from harness.registry import Registry

BACKENDS: Registry[object] = Registry("backend")
BACKENDS.register("transformers", "harness.gen.backends.hf:TransformersBackend")
BACKENDS.register("vllm", "harness.gen.backends.vllm_backend:VLLMBackend")
BACKENDS.register("openai", "harness.gen.backends.openai_backend:OpenAIBackend")
BACKENDS.register("replay", "harness.gen.backends.replay:ReplayBackend")

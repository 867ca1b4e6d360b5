"""Batched vs one-at-a-time generation with the transformers backend, same 64 prompts.

    python benchmarks/perf/generation.py                       # embedded SmolLM2, ebs-dev prompts
    python benchmarks/perf/generation.py --model DIR --dtype bfloat16 --batch-size 64
    python benchmarks/perf/generation.py --prompts prompts.jsonl   # pre-built {id, prompt} lines

Every prompt generates exactly --new-tokens tokens (min = max), so tokens/s compare like for
like. Prints prompts/s and tokens/s of both modes and the speed-up; --json writes the figures.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def build_prompts(n: int) -> list[tuple[str, str]]:
    from harness.gen.config import PromptConfig
    from harness.gen.prompts import PromptBuilder
    from harness.suite import load_suite

    suite = load_suite(ROOT / "benchmarks" / "suites" / "ebs-dev")
    builder = PromptBuilder(
        suite.fixture, PromptConfig(schema_mode="gold_tables", comments=False, join_hints=True)
    )
    return [(q.id, builder.build(q.question, q.gold[0]).text) for q in suite.questions[:n]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="embedded:smollm2")
    parser.add_argument("--dtype", default="auto")
    parser.add_argument("--prompts", type=Path, help="JSONL of {id, prompt}")
    parser.add_argument("--n", type=int, default=64)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--single", type=int, default=0,
                        help="time one-at-a-time on only this many prompts (0 = all)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from harness.gen.backends.base import Request
    from harness.gen.backends.hf import TransformersBackend
    from harness.gen.config import ModelConfig, SamplingConfig

    if args.prompts:
        rows = [json.loads(line) for line in args.prompts.read_text().splitlines() if line]
        prompts = [(r["id"], r["prompt"]) for r in rows][: args.n]
    else:
        prompts = build_prompts(args.n)
    reqs = [Request(i, p) for i, p in prompts]
    sampling = SamplingConfig(max_tokens=args.new_tokens, min_tokens=args.new_tokens)
    backend = TransformersBackend(ModelConfig(
        backend="transformers", path=args.model, dtype=args.dtype, batch_size=args.batch_size,
    ))
    torch = backend.torch
    device = str(backend.device)
    name = torch.cuda.get_device_name(0) if torch.cuda.is_available() else platform.processor()

    def sync() -> None:
        if torch.cuda.is_available():
            torch.cuda.synchronize()

    backend.generate(reqs[:2], SamplingConfig(max_tokens=4))  # warm-up
    sync()
    t0 = time.perf_counter()
    batched = backend.generate(reqs, sampling)
    sync()
    batched_s = time.perf_counter() - t0
    single_reqs = reqs[: args.single] if args.single else reqs
    backend.config.batch_size = 1
    t0 = time.perf_counter()
    single = [backend.generate([r], sampling)[0] for r in single_reqs]
    sync()
    single_s = time.perf_counter() - t0
    tok_b = sum(c.completion_tokens for c in batched)
    tok_s = sum(c.completion_tokens for c in single)
    peak = torch.cuda.max_memory_allocated() / 2**30 if torch.cuda.is_available() else None
    figures = {
        "device": device, "device_name": name, "model": args.model,
        "dtype": str(next(backend.model.parameters()).dtype),
        "torch": torch.__version__, "prompts": len(reqs), "new_tokens_per_prompt": args.new_tokens,
        "mean_prompt_tokens": round(sum(c.prompt_tokens for c in batched) / len(batched), 1),
        "batched": {"batch_size": args.batch_size, "seconds": round(batched_s, 3),
                    "prompts_per_s": round(len(reqs) / batched_s, 3),
                    "tokens_per_s": round(tok_b / batched_s, 1)},
        "one_at_a_time": {"prompts": len(single_reqs), "seconds": round(single_s, 3),
                          "prompts_per_s": round(len(single_reqs) / single_s, 3),
                          "tokens_per_s": round(tok_s / single_s, 1)},
        "peak_gpu_memory_gib": None if peak is None else round(peak, 2),
    }
    figures["speedup_tokens_per_s"] = round(
        figures["batched"]["tokens_per_s"] / figures["one_at_a_time"]["tokens_per_s"], 2
    )
    print(f"{name} ({device}), {figures['dtype']}, {len(reqs)} prompts x {args.new_tokens} "
          f"new tokens, mean prompt {figures['mean_prompt_tokens']} tokens")
    for mode in ("one_at_a_time", "batched"):
        f = figures[mode]
        print(f"  {mode:14s} {f['prompts_per_s']:8.2f} prompts/s {f['tokens_per_s']:9.1f} tok/s "
              f"({f['seconds']:.1f} s)")
    print(f"  speed-up       {figures['speedup_tokens_per_s']}x"
          + (f"; peak GPU memory {peak:.2f} GiB" if peak is not None else ""))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    backend.close()


if __name__ == "__main__":
    main()

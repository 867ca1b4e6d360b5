"""OpenAI-compatible completions endpoint (``vllm serve``, TGI, llama.cpp server...).

Requests go to ``POST {base_url}/completions`` concurrently (``batch_size`` in flight), each
with a timeout; connection errors, timeouts, 429 and 5xx are retried with exponential backoff
(``max_retries``); other 4xx fail at once with the server's message.
"""

from __future__ import annotations

import json
import os
import random
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from harness.errors import HarnessError
from harness.gen.backends.base import Completion, Request
from harness.gen.config import ModelConfig, SamplingConfig

RETRYABLE = {408, 409, 429, 500, 502, 503, 504}


class OpenAIBackend:
    name = "openai"

    def __init__(self, config: ModelConfig) -> None:
        assert config.base_url is not None
        self.config = config
        self.url = config.base_url.rstrip("/") + "/completions"
        self.model = config.served_name or config.path or "default"
        self.key = os.environ.get(config.api_key_env, "")
        self.retries_done = 0

    def identity(self) -> dict[str, Any]:
        return {
            "backend": "openai",
            "base_url": self.config.base_url,
            "model": self.model,
            "revision": self.config.revision or "unpinned",
            "adapters": list(self.config.adapter),
        }

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if self.key:
            headers["Authorization"] = f"Bearer {self.key}"
        last = ""
        for attempt in range(self.config.max_retries + 1):
            if attempt:
                self.retries_done += 1
                time.sleep(min(8.0, 0.25 * 2**attempt) * (0.5 + random.random()))
            req = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.config.timeout_s) as resp:
                    reply: dict[str, Any] = json.loads(resp.read().decode())
                    return reply
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode(errors="replace")[:300]
                last = f"HTTP {exc.code}: {detail}"
                if exc.code not in RETRYABLE:
                    raise HarnessError(f"{self.url}: {last}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                last = f"{type(exc).__name__}: {exc}"
        raise HarnessError(
            f"{self.url}: gave up after {self.config.max_retries + 1} attempts ({last})"
        )

    def _one(self, req: Request, sampling: SamplingConfig, adapter: str | None) -> Completion:
        body: dict[str, Any] = {
            "model": adapter or self.model,
            "prompt": req.prompt,
            "max_tokens": sampling.max_tokens,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "seed": sampling.seed,
        }
        if sampling.stop:
            body["stop"] = sampling.stop
        if sampling.num_beams > 1:
            body.update(use_beam_search=True, n=1, best_of=sampling.num_beams)
        began = time.perf_counter()
        reply = self._post(body)
        choice = (reply.get("choices") or [{}])[0]
        usage = reply.get("usage") or {}
        return Completion(
            text=choice.get("text") or "",
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
            finish_reason=str(choice.get("finish_reason") or ""),
            latency_s=time.perf_counter() - began,
        )

    def generate(
        self, requests: list[Request], sampling: SamplingConfig, adapter: str | None = None
    ) -> list[Completion]:
        with ThreadPoolExecutor(max_workers=self.config.batch_size) as pool:
            return list(pool.map(lambda r: self._one(r, sampling, adapter), requests))

    def close(self) -> None:
        pass

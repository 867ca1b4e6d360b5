"""A small local OpenAI-compatible completions server backed by a real model (for tests).

It serves ``POST /v1/completions`` with the transformers backend (SmolLM2), and can be told to
fail the first N requests with 503 or to stall, to exercise the client's retries and timeouts.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from harness.gen.backends.base import Request
from harness.gen.config import SamplingConfig


class CompletionServer:
    def __init__(self, backend: Any) -> None:
        self.backend = backend
        self.lock = threading.Lock()
        self.fail_next = 0
        self.stall_s = 0.0
        self.requests = 0
        self.failed = 0
        self.max_in_flight = 0
        self._in_flight = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with server.lock:
                    server.requests += 1
                    server._in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server._in_flight)
                    fail = server.fail_next > 0
                    if fail:
                        server.fail_next -= 1
                        server.failed += 1
                try:
                    if self.path != "/v1/completions":
                        return self._reply(404, {"error": {"message": "not found"}})
                    if fail:
                        return self._reply(503, {"error": {"message": "overloaded"}})
                    if "prompt" not in body:
                        return self._reply(400, {"error": {"message": "prompt is required"}})
                    time.sleep(server.stall_s)
                    sampling = SamplingConfig(
                        max_tokens=int(body.get("max_tokens", 16)),
                        temperature=float(body.get("temperature", 0)),
                        stop=list(body.get("stop") or []),
                    )
                    with server.lock:  # one generate at a time on the model
                        out = server.backend.generate([Request("r", body["prompt"])], sampling)[0]
                    self._reply(200, {
                        "id": "cmpl-test", "object": "text_completion", "model": body.get("model"),
                        "choices": [{"index": 0, "text": out.text,
                                     "finish_reason": out.finish_reason}],
                        "usage": {"prompt_tokens": out.prompt_tokens,
                                  "completion_tokens": out.completion_tokens},
                    })
                finally:
                    with server.lock:
                        server._in_flight -= 1

            def _reply(self, code: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> CompletionServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        deadline = time.monotonic() + 30
        while self._in_flight and time.monotonic() < deadline:  # let stalled handlers finish
            time.sleep(0.05)
        self.httpd.shutdown()
        self.httpd.server_close()

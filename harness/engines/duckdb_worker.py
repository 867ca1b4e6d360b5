"""The child process that holds the sandboxed DuckDB connection.

Untrusted SQL runs here, never in the scoring process: the child interrupts a query at its
timeout, and the parent kills the child outright when a query does not stop (a single huge
function call, a plan that explodes before it starts) or grows past the memory cap.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing.connection
import os
import pickle
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import duckdb

from harness.errors import EngineUnavailable

WATCH_INTERVAL_S = 0.02  # how often the parent checks a running query's time and memory

# Messages: ("run", sql, timeout_s, max_rows) -> ("ok", columns, rows, truncated, elapsed)
#           | ("timeout", elapsed) | ("error", kind, message, elapsed)
#           ("fingerprint", [table names]) -> ("ok", [(name, row)])


def _run(
    conn: duckdb.DuckDBPyConnection, sql: str, timeout_s: float, max_rows: int
) -> tuple[Any, ...]:
    timer = threading.Timer(timeout_s, conn.interrupt)
    start = time.perf_counter()
    timer.start()
    try:
        cursor = conn.execute(sql)
        rows = cursor.fetchmany(max_rows + 1)
        columns = [str(d[0]).upper() for d in cursor.description or []]
    except duckdb.InterruptException:
        return ("timeout", time.perf_counter() - start)
    except duckdb.OutOfMemoryException as exc:
        return ("memory", str(exc).splitlines()[0], time.perf_counter() - start)
    except duckdb.Error as exc:
        elapsed = time.perf_counter() - start
        if timer.finished.is_set() and elapsed >= timeout_s:
            return ("timeout", elapsed)
        return ("error", type(exc).__name__, str(exc).splitlines()[0], elapsed)
    except Exception as exc:  # a UDF raised (e.g. an invalid TO_DATE input)
        return ("error", type(exc).__name__, str(exc).splitlines()[0], time.perf_counter() - start)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - start
    truncated = len(rows) > max_rows
    return ("ok", columns, [tuple(r) for r in rows[:max_rows]], truncated, elapsed)


def serve(inbound: Connection, pipe: Connection) -> None:
    """Child main loop: open the sandboxed connection, answer requests until told to stop."""
    from harness.engines.duckdb_udfs import register_oracle_functions

    path, config, as_of = pickle.loads(inbound.recv())
    conn = duckdb.connect(path, read_only=True, config=config)
    register_oracle_functions(conn, as_of)
    conn.execute("SET lock_configuration = true")
    pipe.send(("ready",))
    while True:
        try:
            message = inbound.recv()
        except EOFError:
            break
        if message is None:
            break
        if message[0] == "run":
            _, sql, timeout_s, max_rows = message
            pipe.send(_run(conn, sql, timeout_s, max_rows))
        elif message[0] == "fingerprint":
            out = []
            for name in message[1]:
                row = conn.execute(
                    f'SELECT count(*), bit_xor(hash(t)) FROM "{name}" AS t'
                ).fetchone()
                out.append((name, row))
            pipe.send(("ok", out))
    conn.close()


# ---------------------------------------------------------------- parent side


class _Pipe:
    """Pickled messages over a pair of file descriptors."""

    def __init__(self, read_fd: int, write_fd: int) -> None:
        self._in = multiprocessing.connection.Connection(read_fd, writable=False)
        self._out = multiprocessing.connection.Connection(write_fd, readable=False)

    def send(self, message: Any) -> None:
        self._out.send(message)

    def recv(self) -> Any:
        return self._in.recv()

    def poll(self, timeout: float) -> bool:
        return self._in.poll(timeout)

    def close(self) -> None:
        self._in.close()
        self._out.close()


class WorkerClient:
    """Parent side of the DuckDB child process: send a request, wait, kill when it overruns."""

    def __init__(
        self, path: Path, config: dict[str, Any], as_of: dt.datetime, memory_cap_bytes: int
    ) -> None:
        self.path = path
        self.config = config
        self.as_of = as_of
        self.memory_cap_bytes = memory_cap_bytes
        self._process: subprocess.Popen[bytes] | None = None
        self._pipe: Any = None

    def _start(self) -> None:
        # A fresh interpreter (not fork: the scoring process has threads; not multiprocessing's
        # spawn: it re-imports __main__). Requests and answers are pickled over two pipes.
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        setup = pickle.dumps((str(self.path), self.config, self.as_of))
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "harness.engines.duckdb_worker",
                str(to_child_r),
                str(from_child_w),
            ],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        pipe = _Pipe(from_child_r, to_child_w)
        pipe.send(setup)
        if not pipe.poll(60) or pipe.recv() != ("ready",):
            process.kill()
            raise EngineUnavailable(f"the DuckDB worker for {self.path} did not start")
        self._process, self._pipe = process, pipe

    def kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait(5)
        if self._pipe is not None:
            self._pipe.close()
        self._process = self._pipe = None

    def _rss(self) -> int:
        assert self._process is not None
        try:
            with open(f"/proc/{self._process.pid}/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return 0

    def call(self, message: tuple[Any, ...], deadline_s: float) -> tuple[Any, ...]:
        """The child's answer, or ("killed", why) after killing it at the deadline."""
        if self._process is None or self._process.poll() is not None:
            self._start()
        self._pipe.send(message)
        end = time.monotonic() + deadline_s
        while not self._pipe.poll(WATCH_INTERVAL_S):
            if time.monotonic() > end:
                self.kill()
                return ("killed", "did not stop at the timeout; the worker was killed")
            if self._rss() > self.memory_cap_bytes:
                self.kill()
                return (
                    "killed",
                    f"used more than {self.memory_cap_bytes >> 20} MiB; the worker was killed",
                )
        try:
            answer: tuple[Any, ...] = self._pipe.recv()
        except (EOFError, OSError):
            self.kill()
            return ("killed", "the worker process died")
        return answer

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            try:
                self._pipe.send(None)
                self._process.wait(2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()


if __name__ == "__main__":
    serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )

"""The child process that holds the sandboxed DuckDB connection.

Untrusted SQL runs here, never in the scoring process: the child interrupts a query at its
timeout, and the parent kills the child outright when a query does not stop (a single huge
function call, a plan that explodes before it starts) or grows past the memory cap.
"""

from __future__ import annotations

import pickle
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

import duckdb

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


if __name__ == "__main__":
    serve(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )

"""Engines by short name, imported lazily."""

from __future__ import annotations

from harness.registry import Registry

ENGINES: Registry[object] = Registry("engine")
ENGINES.register("duckdb", "harness.engines.duckdb:DuckDBEngine", install_hint="pip install duckdb")
ENGINES.register(
    "postgres",
    "harness.engines.postgres:PostgresEngine",
    install_hint="pip install 'harness[postgres]'",
)
ENGINES.register(
    "oracle", "harness.engines.oracle:OracleEngine", install_hint="pip install 'harness[oracle]'"
)

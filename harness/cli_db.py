"""``harness db up/down/status``: a local database server for server engines (Oracle for now)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from harness import dbctl
from harness.cli_common import friendly
from harness.errors import HarnessError

db_app = typer.Typer(
    no_args_is_help=True, help="Start, stop and inspect a local database for the oracle engine."
)
F = TypeVar("F", bound=Callable[..., Any])
ENGINES_WITH_CONTAINERS = ("oracle",)


def _check_engine(engine: str) -> None:
    if engine not in ENGINES_WITH_CONTAINERS:
        raise HarnessError(
            f"`harness db` manages a container for: {', '.join(ENGINES_WITH_CONTAINERS)} "
            f"(not '{engine}'; duckdb is embedded, postgres is named by HARNESS_PG_DSN)"
        )


EngineOption = Annotated[str, typer.Option(help="Engine whose server to manage.")]
RuntimeOption = Annotated[
    str | None, typer.Option(help="docker or podman (default: the first whose daemon answers).")
]


@db_app.command("up")
@friendly
def up(
    fixture: Annotated[Path, typer.Option(help="Fixture folder to load.")],
    engine: EngineOption = "oracle",
    image: Annotated[str, typer.Option(help="Oracle Free image.")] = dbctl.DEFAULT_IMAGE,
    port: Annotated[
        int | None, typer.Option(help="Host port on 127.0.0.1 (default: a free one).")
    ] = None,
    runtime: RuntimeOption = None,
    wait: Annotated[
        float, typer.Option(help="Seconds to wait for the database to start.")
    ] = dbctl.READY_TIMEOUT_S,
) -> None:
    """Start an Oracle Free container (or reuse the running one) and load a fixture into it."""
    _check_engine(engine)
    state = dbctl.up(fixture, image=image, port=port, runtime=runtime, ready_timeout_s=wait)
    from harness.engines.oracle_server import credentials_path

    print(f"Oracle is ready at {state.dsn}; queries run as {state.user} (SELECT only).")
    print(f"fixture: {state.fixture} (hash {(state.fixture_hash or '')[:12]})")
    print(
        f"credentials: {credentials_path()} (mode 0600); the oracle engine reads it when "
        "HARNESS_ORACLE_* are unset. Try: harness score SUITE -p FILE --engine oracle"
    )


@db_app.command("down")
@friendly
def down(engine: EngineOption = "oracle", runtime: RuntimeOption = None) -> None:
    """Remove the container and forget its credentials."""
    _check_engine(engine)
    state = dbctl.down(runtime=runtime)
    print(f"removed container {state.container_id[:12]} ({state.dsn or 'never ready'})")


@db_app.command("status")
@friendly
def status(engine: EngineOption = "oracle", runtime: RuntimeOption = None) -> None:
    """Show the recorded container and whether it runs (exit 1 when it does not)."""
    _check_engine(engine)
    report = dbctl.status(runtime=runtime)
    if report.state is None:
        print(report.detail)
        raise typer.Exit(1)
    state = report.state
    print(f"container: {state.container_id[:12]} ({state.image}, via {state.runtime})")
    print(f"state: {report.detail}")
    print(f"dsn: {state.dsn or '-'}; query user {state.user}; owner {state.admin_user}")
    print(f"fixture: {state.fixture or '-'} (hash {(state.fixture_hash or '-')[:12]})")
    if not report.running:
        raise typer.Exit(1)

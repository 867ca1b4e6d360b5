"""A throwaway PostgreSQL cluster for tests: initdb + pg_ctl in a temp dir, loopback only.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is created and
started as the ``postgres`` OS user (created by the Debian packages) in a directory it owns.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ENV_BINDIR = "HARNESS_PG_BINDIR"
DEFAULT_BINDIRS = ("/usr/lib/postgresql/15/bin",)
ADMIN_USER = "harness_admin"
START_TIMEOUT_S = 60


class ServerUnavailable(RuntimeError):
    """PostgreSQL binaries (or the orafce extension) are not installed here."""


@dataclass
class PgServer:
    """A running throwaway cluster; :meth:`stop` shuts it down and deletes its files."""

    bindir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def dsn(self) -> str:
        return f"postgresql://{ADMIN_USER}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            _run(
                self.run_as,
                [str(self.bindir / "pg_ctl"), "stop", "-D", str(self.datadir), "-m", "immediate"],
                timeout=30,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def find_bindir() -> Path:
    """The directory holding initdb and pg_ctl, or :class:`ServerUnavailable` saying why not."""
    candidates = [os.environ[ENV_BINDIR]] if os.environ.get(ENV_BINDIR) else []
    candidates += list(DEFAULT_BINDIRS)
    for candidate in candidates:
        path = Path(candidate)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            share = _sharedir(path)
            if share is not None and not (share / "extension" / "orafce.control").is_file():
                raise ServerUnavailable(
                    f"PostgreSQL at {path} has no orafce extension "
                    "(apt-get install postgresql-15-orafce)"
                )
            return path
    raise ServerUnavailable(
        f"no initdb/pg_ctl in {', '.join(candidates)} "
        f"(apt-get install postgresql-15 postgresql-15-orafce, or set {ENV_BINDIR})"
    )


def _sharedir(bindir: Path) -> Path | None:
    pg_config = bindir / "pg_config"
    if not pg_config.is_file():
        return None
    try:
        out = subprocess.run(
            [str(pg_config), "--sharedir"], capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(out.stdout.strip())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run(run_as: str | None, argv: list[str], *, timeout: float) -> str:
    if run_as is not None:
        argv = ["runuser", "-u", run_as, "--", *argv]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        output = proc.stdout[-2000:] + proc.stderr[-2000:]
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}): {output}")
    return proc.stdout


def start_server() -> PgServer:
    """initdb and start a cluster on a free loopback port; trust auth, fsync off."""
    bindir = find_bindir()
    run_as = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="harness-pg-"))
    if run_as is not None:
        shutil.chown(root, user=run_as, group=None)
    os.chmod(root, 0o700)
    try:
        _run(
            run_as,
            [
                str(bindir / "initdb"),
                "-D",
                str(root / "data"),
                "-U",
                ADMIN_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ],
            timeout=120,
        )
        last_error: Exception | None = None
        for _ in range(3):  # the port may be taken between choosing and binding it
            port = _free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={port} "
                f"-c unix_socket_directories={root} -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off "
                "-c shared_buffers=32MB -c max_connections=40"
            )
            try:
                _run(
                    run_as,
                    [
                        str(bindir / "pg_ctl"),
                        "start",
                        "-D",
                        str(root / "data"),
                        "-l",
                        str(root / "server.log"),
                        "-o",
                        options,
                        "-w",
                        "-t",
                        str(START_TIMEOUT_S),
                    ],
                    timeout=START_TIMEOUT_S + 10,
                )
            except RuntimeError as exc:
                last_error = exc
                time.sleep(0.2)
                continue
            return PgServer(bindir=bindir, root=root, port=port, run_as=run_as)
        raise RuntimeError(f"could not start PostgreSQL: {last_error}")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise

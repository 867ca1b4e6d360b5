"""``harness db up/down/status``: a local Oracle Free container for the oracle engine.

One container per cache folder (``$HARNESS_CACHE_DIR/oracle/``), named ``harness-oracle``, its
port 1521 published on 127.0.0.1 only. Users, in the PDB ``FREEPDB1``:

- SYSTEM: creates the query user, nothing else;
- HARNESS (the image's APP_USER): owns the fixture tables and loads them;
- HARNESS_RO: CREATE SESSION and SELECT on the fixture tables; every query runs as this user.

Secrets: passwords are generated here and handed to the runtime through its environment (``-e
NAME`` without a value), never on a command line. They are kept only in ``credentials.env``
(mode 0600) next to ``state.json``, which holds no secret. The oracle engine reads that file when
``HARNESS_ORACLE_*`` are unset; ``set -a; . credentials.env`` exports them for other tools.

Commands are built by pure functions (:func:`run_command` ...) so they can be tested without a
container runtime; per-runtime differences are data (:data:`QUALIFY_SHORT_IMAGES`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import string
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from harness.errors import HarnessError
from harness.fixture import cache_dir, load_fixture
from harness.runstore import now_iso

DEFAULT_IMAGE = "gvenzl/oracle-free:23-slim-faststart"
CONTAINER_NAME = "harness-oracle"
ORACLE_PORT = 1521
SERVICE = "FREEPDB1"
OWNER_USER = "HARNESS"
READER_USER = "HARNESS_RO"
RUNTIMES = ("docker", "podman")
# podman resolves short image names through its registries.conf and may refuse or prompt.
QUALIFY_SHORT_IMAGES = {"docker": False, "podman": True}
READY_LINE = "DATABASE IS READY TO USE!"
FAILED_LINES = ("DATABASE STARTUP FAILED!", "SCRIPT ERROR", "are mutually exclusive")
READY_TIMEOUT_S = 900.0
POLL_S = 2.0
COMMAND_TIMEOUT_S = 60.0
PULL_TIMEOUT_S = 3600.0
CONNECT_RETRY_S = 60.0
SYSTEM_PASSWORD_KEY = "HARNESS_ORACLE_SYSTEM_PASSWORD"
Progress = Callable[[str], None]


class ContainerError(HarnessError):
    """The container runtime is missing or unreachable, or the container failed."""


class DbState(BaseModel):
    """``state.json``: the container that ``harness db up`` started (no secrets)."""

    runtime: str
    """Container runtime executable (docker or podman)."""
    container_id: str
    """Container id."""
    image: str
    """Image the container runs."""
    port: int
    """Host port (on 127.0.0.1) published for Oracle's 1521."""
    dsn: str
    """Easy Connect string of the PDB."""
    user: str
    """Query user (SELECT only)."""
    admin_user: str
    """Owner and loader of the fixture tables."""
    fixture: str | None = None
    """Fixture folder last loaded."""
    fixture_hash: str | None = None
    """Content hash of that fixture."""
    started_at: str
    """ISO timestamp of the start."""


@dataclass
class DbStatus:
    """What ``harness db status`` reports."""

    state: DbState | None
    running: bool | None  # None: the runtime could not be asked
    detail: str = ""


# --- pure command builders ------------------------------------------------------------------


def runtime_kind(runtime: str) -> str:
    return "podman" if Path(runtime).name.startswith("podman") else "docker"


def qualify_image(image: str, kind: str) -> str:
    """``docker.io/`` before a short image name where the runtime does not assume it."""
    first = image.split("/", 1)[0]
    has_registry = "/" in image and ("." in first or ":" in first or first == "localhost")
    if not QUALIFY_SHORT_IMAGES.get(kind) or has_registry:
        return image
    return f"docker.io/{image}" if "/" in image else f"docker.io/library/{image}"


def info_command(runtime: str) -> list[str]:
    return [runtime, "info"]


def image_present_command(runtime: str, image: str) -> list[str]:
    return [runtime, "image", "inspect", qualify_image(image, runtime_kind(runtime))]


def pull_command(runtime: str, image: str) -> list[str]:
    return [runtime, "pull", qualify_image(image, runtime_kind(runtime))]


def run_command(
    runtime: str, *, image: str = DEFAULT_IMAGE, name: str = CONTAINER_NAME, port: int | None = None
) -> list[str]:
    """Start Oracle Free detached; passwords come from the environment (``--env NAME``)."""
    return [
        runtime,
        "run",
        "--detach",
        "--name",
        name,
        "--publish",
        f"127.0.0.1:{port or ''}:{ORACLE_PORT}",
        "--env",
        "ORACLE_PASSWORD",
        "--env",
        f"APP_USER={OWNER_USER}",
        "--env",
        "APP_USER_PASSWORD",
        "--label",
        "org.harness.role=oracle",
        qualify_image(image, runtime_kind(runtime)),
    ]


def logs_command(runtime: str, container: str) -> list[str]:
    return [runtime, "logs", container]


def running_command(runtime: str, container: str) -> list[str]:
    return [runtime, "inspect", "--format", "{{.State.Running}}", container]


def port_command(runtime: str, container: str) -> list[str]:
    return [runtime, "port", container, f"{ORACLE_PORT}/tcp"]


def remove_command(runtime: str, container: str) -> list[str]:
    return [runtime, "rm", "--force", "--volumes", container]


def parse_port(text: str) -> int:
    """The host port from ``docker port`` output (``127.0.0.1:49153``, maybe several lines)."""
    for line in text.splitlines():
        tail = line.strip().rsplit(":", 1)[-1]
        if tail.isdigit():
            return int(tail)
    raise ContainerError(f"cannot read the published port from {text.strip()[:80]!r}")


def readiness(log_text: str) -> Literal["ready", "failed", "starting"]:
    """Where the container's start-up stands, from its log."""
    if any(line in log_text for line in FAILED_LINES):
        return "failed"
    return "ready" if READY_LINE in log_text else "starting"


def new_password() -> str:
    """Letters and digits only (safe in Oracle's quoted passwords and in shells), 24 long."""
    alphabet = string.ascii_letters + string.digits
    return "Hx7" + "".join(secrets.choice(alphabet) for _ in range(21))


# --- running the runtime --------------------------------------------------------------------


def _call(
    command: list[str], *, env: dict[str, str] | None = None, timeout: float = COMMAND_TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ContainerError(f"`{' '.join(command[:3])}` failed: {exc}") from None


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "no output"


def find_runtime(preferred: str | None = None, *, search_path: str | None = None) -> str:
    """A docker or podman executable whose daemon answers, or one clear error saying why not."""
    names = [preferred] if preferred else list(RUNTIMES)
    present = [(n, exe) for n in names if (exe := shutil.which(n, path=search_path))]
    if not present:
        missing = f"{preferred} is not" if preferred else "neither docker nor podman is"
        raise ContainerError(
            f"{missing} on PATH: install one, or point HARNESS_ORACLE_DSN at an existing "
            "Oracle server"
        )
    problems = []
    for name, exe in present:
        answer = _call(info_command(exe), timeout=30)
        if answer.returncode == 0:
            return exe
        problems.append(f"`{name} info`: {_first_line(answer.stderr or answer.stdout)}")
    names_found = " and ".join(n for n, _ in present)
    verb = "is" if len(present) == 1 else "are"
    raise ContainerError(
        f"{names_found} {verb} installed but no daemon answers ({'; '.join(problems)}); start "
        "it, or point HARNESS_ORACLE_DSN at an existing Oracle server"
    )


def wait_ready(
    read_logs: Callable[[], str],
    is_running: Callable[[], bool],
    *,
    timeout_s: float = READY_TIMEOUT_S,
    poll_s: float = POLL_S,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll the container's log until Oracle says it is ready; fail on errors or timeout."""
    end = clock() + timeout_s
    while True:
        logs = read_logs()
        state = readiness(logs)
        if state == "ready":
            return
        tail = " | ".join(logs.strip().splitlines()[-3:])
        if state == "failed":
            raise ContainerError(f"Oracle failed to start: {tail}")
        if not is_running():
            raise ContainerError(f"the Oracle container stopped during start-up: {tail}")
        if clock() >= end:
            raise ContainerError(f"Oracle was not ready after {timeout_s:g} s: {tail}")
        sleep(poll_s)


def is_running(runtime: str, container: str) -> bool:
    answer = _call(running_command(runtime, container))
    return answer.returncode == 0 and answer.stdout.strip().lower() == "true"


def run_container(
    runtime: str, *, image: str, port: int | None, env: dict[str, str], progress: Progress
) -> str:
    """Pull the image if needed and start the container; returns its id."""
    if _call(image_present_command(runtime, image)).returncode != 0:
        progress(f"pulling {image} (once; about 1 GB)")
        pulled = subprocess.run(pull_command(runtime, image), timeout=PULL_TIMEOUT_S, check=False)
        if pulled.returncode != 0:
            raise ContainerError(f"could not pull {image}")
    answer = _call(run_command(runtime, image=image, port=port), env=env)
    if answer.returncode != 0:
        raise ContainerError(
            f"could not start the container: {_first_line(answer.stderr)} (an old one? "
            f"`{runtime_kind(runtime)} rm -f {CONTAINER_NAME}`)"
        )
    return answer.stdout.strip().splitlines()[-1]


def wait_container(
    runtime: str, container: str, *, timeout_s: float, poll_s: float = POLL_S
) -> int:
    """Wait until Oracle in the container is ready; returns the published host port."""
    wait_ready(
        lambda: _joined(_call(logs_command(runtime, container))),
        lambda: is_running(runtime, container),
        timeout_s=timeout_s,
        poll_s=poll_s,
    )
    return parse_port(_call(port_command(runtime, container)).stdout)


def _joined(answer: subprocess.CompletedProcess[str]) -> str:
    return (answer.stdout or "") + (answer.stderr or "")


# --- state ----------------------------------------------------------------------------------


def state_path() -> Path:
    return cache_dir("oracle") / "state.json"


def read_state() -> DbState | None:
    path = state_path()
    return DbState.model_validate_json(path.read_text()) if path.exists() else None


def write_state(state: DbState) -> None:
    path = state_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(state.model_dump_json(indent=2) + "\n")
    os.replace(tmp, path)


def _forget() -> None:
    from harness.engines.oracle_server import credentials_path

    for path in (state_path(), credentials_path()):
        path.unlink(missing_ok=True)


def create_reader(dsn: str, system_password: str, user: str, password: str) -> None:
    """Create (or reset) the SELECT-only query user as SYSTEM; retry while the PDB opens."""
    from harness.engines.oracle_server import driver, error_code

    db = driver()
    end = time.monotonic() + CONNECT_RETRY_S
    while True:
        try:
            conn = db.connect(user="SYSTEM", password=system_password, dsn=dsn)
            break
        except db.Error as exc:
            if time.monotonic() > end:
                raise ContainerError(f"cannot connect as SYSTEM: {error_code(exc)[1]}") from None
            time.sleep(POLL_S)
    try:
        with conn.cursor() as cursor:
            try:
                cursor.execute(f'CREATE USER {user} IDENTIFIED BY "{password}"')
            except db.Error as exc:
                if error_code(exc)[0] != "ORA-01920":  # the user exists already
                    raise
                cursor.execute(f'ALTER USER {user} IDENTIFIED BY "{password}"')
            cursor.execute(f"GRANT CREATE SESSION TO {user}")
    except db.Error as exc:
        raise ContainerError(f"cannot create the query user: {error_code(exc)[1]}") from None
    finally:
        with contextlib.suppress(Exception):
            conn.close()


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


# --- commands -------------------------------------------------------------------------------


def up(
    fixture_dir: Path,
    *,
    image: str = DEFAULT_IMAGE,
    port: int | None = None,
    runtime: str | None = None,
    ready_timeout_s: float = READY_TIMEOUT_S,
    progress: Progress = _stderr,
) -> DbState:
    """Start (or reuse) the container, create the users, load the fixture; returns the state."""
    from harness.engines import oracle_server as ora

    fixture = load_fixture(Path(fixture_dir))
    ora.driver()  # the install hint comes before minutes of container start-up
    state = read_state()
    exe = find_runtime(runtime or (runtime_kind(state.runtime) if state else None))
    credentials = ora.read_credentials(ora.credentials_path())
    if state is None or not is_running(exe, state.container_id) or not credentials:
        if state is not None:
            _call(remove_command(exe, state.container_id))
            _forget()
        system_pw, owner_pw, reader_pw = new_password(), new_password(), new_password()
        env = {**os.environ, "ORACLE_PASSWORD": system_pw, "APP_USER_PASSWORD": owner_pw}
        container = run_container(exe, image=image, port=port, env=env, progress=progress)
        state = DbState(
            runtime=exe,
            container_id=container,
            image=image,
            port=port or 0,
            dsn="",
            user=READER_USER,
            admin_user=OWNER_USER,
            started_at=now_iso(),
        )
        write_state(state)  # before the wait: `harness db down` can remove a failed start
        progress(f"waiting for Oracle in container {container[:12]}")
        bound = wait_container(exe, container, timeout_s=ready_timeout_s)
        state = state.model_copy(update={"port": bound, "dsn": f"127.0.0.1:{bound}/{SERVICE}"})
        credentials = {
            ora.ENV_DSN: state.dsn,
            ora.ENV_USER: READER_USER,
            ora.ENV_PASSWORD: reader_pw,
            ora.ENV_ADMIN_USER: OWNER_USER,
            ora.ENV_ADMIN_PASSWORD: owner_pw,
            SYSTEM_PASSWORD_KEY: system_pw,
        }
        ora.write_credentials(ora.credentials_path(), credentials)
        write_state(state)
        progress("creating the query user")
        create_reader(state.dsn, system_pw, READER_USER, reader_pw)
    progress(f"loading fixture {fixture.name}")
    settings = ora.resolve_settings(
        dsn=credentials[ora.ENV_DSN],
        user=credentials[ora.ENV_USER],
        password=credentials[ora.ENV_PASSWORD],
        admin_user=credentials[ora.ENV_ADMIN_USER],
        admin_password=credentials[ora.ENV_ADMIN_PASSWORD],
    )
    ora.load_fixture_into(settings, fixture)
    state = state.model_copy(
        update={"fixture": str(fixture.path), "fixture_hash": fixture.content_hash}
    )
    write_state(state)
    return state


def down(*, runtime: str | None = None) -> DbState:
    """Remove the recorded container and forget its state and credentials."""
    state = read_state()
    if state is None:
        raise ContainerError(f"no harness database container is recorded ({state_path()})")
    exe = find_runtime(runtime or runtime_kind(state.runtime))
    answer = _call(remove_command(exe, state.container_id))
    if answer.returncode != 0 and "no such container" not in answer.stderr.lower():
        raise ContainerError(f"could not remove the container: {_first_line(answer.stderr)}")
    _forget()
    return state


def status(*, runtime: str | None = None) -> DbStatus:
    """The recorded container and whether it runs (never raises for a stopped runtime)."""
    state = read_state()
    if state is None:
        return DbStatus(None, False, "no container recorded; start one with `harness db up`")
    try:
        exe = find_runtime(runtime or runtime_kind(state.runtime))
    except ContainerError as exc:
        return DbStatus(state, None, str(exc))
    running = is_running(exe, state.container_id)
    return DbStatus(state, running, "running" if running else "not running")

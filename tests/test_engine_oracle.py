"""The Oracle engine and `harness db`: everything that runs without a server (SQL preparation,
loading code, settings, error classification, the query loop over a fake connection, container
commands over a fake runtime), then server tests that run when HARNESS_ORACLE_DSN is set."""

from __future__ import annotations

import datetime as dt
import os
import socket
import stat
import threading
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from typer.testing import CliRunner

from harness import dbctl
from harness.cli_db import db_app
from harness.engines import ENGINES
from harness.engines import oracle as ora
from harness.engines import oracle_server as srv
from harness.errors import EngineUnavailable, FixtureError
from harness.fixture import Table, load_fixture, parse_schema


def need_oracledb() -> object:
    """The driver (no server needed): an error in CI, a clean skip elsewhere."""
    if os.environ.get("CI"):
        import oracledb

        return oracledb
    return pytest.importorskip("oracledb", reason="pip install 'harness[oracle]'")


ROOT = Path(__file__).resolve().parents[1]
EBS_MINI = ROOT / "benchmarks" / "fixtures" / "ebs-mini"
SUITE = ROOT / "benchmarks" / "suites" / "ebs-mini"
AS_OF = dt.datetime(2024, 6, 30, 8, 0)
SECRET = "Pw4QueryUser9zz"
ADMIN_SECRET = "Pw4Owner7yy"
DATE_LIT = "TO_DATE('2024-06-30 08:00:00', 'YYYY-MM-DD HH24:MI:SS')"
TS_TZ_LIT = (
    "TO_TIMESTAMP_TZ('2024-06-30 08:00:00.000000 +00:00', 'YYYY-MM-DD HH24:MI:SS.FF6 TZH:TZM')"
)
TS_LIT = "TO_TIMESTAMP('2024-06-30 08:00:00.000000', 'YYYY-MM-DD HH24:MI:SS.FF6')"
ALL_TYPES = """
CREATE TABLE t_all (
  id NUMBER(10) PRIMARY KEY, amount NUMBER(12,2), ratio NUMBER, whole INTEGER,
  code CHAR(3), flag CHAR, name VARCHAR2(40), title VARCHAR2(20 CHAR), born DATE,
  stamp TIMESTAMP(3), at TIMESTAMP, body CLOB, weight FLOAT(63), score FLOAT,
  CONSTRAINT t_all_uk UNIQUE (name)
);
CREATE TABLE t_two (a NUMBER(5) NOT NULL, b VARCHAR2(5), CONSTRAINT t_two_pk PRIMARY KEY (a, b));
CREATE INDEX t_two_b ON t_two (b);
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def tables(tmp_path: Path) -> dict[str, Table]:
    return parse_schema(write(tmp_path / "schema.sql", ALL_TYPES))


# --- SQL preparation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT SYSDATE FROM DUAL", f"SELECT {DATE_LIT} FROM DUAL"),
        ("select trunc(sysdate) - 1 from dual;", f"select trunc({DATE_LIT}) - 1 from dual"),
        (
            "SELECT CURRENT_TIMESTAMP(3), SYSTIMESTAMP, LOCALTIMESTAMP(2), CURRENT_DATE FROM DUAL",
            f"SELECT {TS_TZ_LIT}, {TS_TZ_LIT}, {TS_LIT}, {DATE_LIT} FROM DUAL",
        ),
        # Strings, quoted names and comments are not calls.
        (
            "SELECT 'SYSDATE' AS s, \"NAME\" FROM t_all -- SYSDATE\n",
            "SELECT 'SYSDATE' AS s, \"NAME\" FROM t_all",
        ),
        # Owner prefixes on fixture tables (and on columns qualified with them) are dropped.
        (
            "SELECT APPS.T_ALL.ID FROM APPS.T_ALL WHERE t_all.born < SYSDATE",
            f"SELECT T_ALL.ID FROM T_ALL WHERE t_all.born < {DATE_LIT}",
        ),
        ('SELECT a.id FROM "AP"."T_ALL" a', 'SELECT a.id FROM "T_ALL" a'),
        # Oracle-only syntax passes through untouched: it is Oracle that runs it.
        (
            "SELECT a.id FROM t_all a, t_two b WHERE a.id = b.a(+) AND ROWNUM <= 5",
            "SELECT a.id FROM t_all a, t_two b WHERE a.id = b.a(+) AND ROWNUM <= 5",
        ),
        ("WITH x AS (SELECT 1 AS n FROM dual) SELECT n FROM x", None),
    ],
)
def test_prepare_query_edits_only_time_and_owners(tables, sql, expected):
    prepared = ora.prepare_query(sql, tables, AS_OF)
    assert prepared.status == "ok", prepared.reason
    assert prepared.sql == (expected if expected is not None else sql)


@pytest.mark.parametrize(
    ("sql", "status", "reason"),
    [
        ("DELETE FROM t_all", "rejected", "DELETE"),
        ("SELECT 1 FROM dual; DROP TABLE t_all", "rejected", "DROP"),
        ("SELECT * FROM all_users", "rejected", "dictionary"),
        ("SELECT * FROM t_all FOR UPDATE", "rejected", "UPDATE"),
        ("SELECT FROM WHERE", "syntax_error", ""),
        ("SELECT * FROM not_in_fixture", "error", "ORA-00942"),
        ("SELECT * FROM apps.not_in_fixture", "error", "ORA-00942"),
    ],
)
def test_prepare_query_refusals(tables, sql, status, reason):
    prepared = ora.prepare_query(sql, tables, AS_OF)
    assert prepared.sql is None
    assert (prepared.status, reason in prepared.reason) == (status, True), prepared.reason


def test_unaliased_time_columns_are_renamed_like_the_stand_ins(tables):
    prepared = ora.prepare_query("SELECT SYSDATE, id, SYSDATE d FROM t_all", tables, AS_OF)
    assert prepared.renames == {0: "SYSDATE"}
    star = ora.prepare_query("SELECT t_all.*, SYSDATE FROM t_all", tables, AS_OF)
    assert star.renames == {}


def test_now_literals_keep_oracle_types():
    literals = ora.now_literals(dt.datetime(2024, 2, 29, 13, 5, 7, 120000))
    assert literals["DATE"] == "TO_DATE('2024-02-29 13:05:07', 'YYYY-MM-DD HH24:MI:SS')"
    assert "'2024-02-29 13:05:07.120000 +00:00'" in literals["TIMESTAMP_TZ"]
    assert literals["TIMESTAMP"].startswith("TO_TIMESTAMP('2024-02-29 13:05:07.120000'")


# --- loading code -------------------------------------------------------------------------------


def test_ddl_from_table_models(tables):
    assert srv.create_table_sql(tables["T_ALL"]) == (
        'CREATE TABLE "T_ALL" ("ID" NUMBER(10) NOT NULL, "AMOUNT" NUMBER(12,2), '
        '"RATIO" NUMBER, "WHOLE" NUMBER(38), "CODE" CHAR(3), "FLAG" CHAR(1), '
        '"NAME" VARCHAR2(40), "TITLE" VARCHAR2(20 CHAR), "BORN" DATE, "STAMP" TIMESTAMP(3), '
        '"AT" TIMESTAMP, "BODY" CLOB, "WEIGHT" FLOAT(63), "SCORE" FLOAT, PRIMARY KEY ("ID"))'
    )
    assert srv.create_table_sql(tables["T_TWO"]) == (
        'CREATE TABLE "T_TWO" ("A" NUMBER(5) NOT NULL, "B" VARCHAR2(5) NOT NULL, '
        'PRIMARY KEY ("A", "B"))'
    )


def test_index_statements_run_as_written(tmp_path):
    path = write(tmp_path / "schema.sql", ALL_TYPES)
    assert srv.index_statements(path) == [(9, "CREATE INDEX t_two_b ON t_two (b)")]


def _csv_fixture(tmp_path: Path, rows: list[str], header: str = "id,amount,born,name,stamp"):
    fixture = tmp_path / "fx"
    write(fixture / "schema.sql", ALL_TYPES)
    write(fixture / "data" / "T_ALL.csv", "\n".join([header, *rows]) + "\n")
    return load_fixture(fixture)


def test_csv_rows_are_converted_and_batched(tmp_path):
    rows = [f"{i},{i}.25,2024-01-{1 + i % 28:02d},n{i},2024-03-01 10:00:00.5" for i in range(2500)]
    rows[3] = "3,,,,"
    fixture = _csv_fixture(tmp_path, rows)
    batches = list(srv.csv_batches(fixture.data_files[0], fixture.tables["T_ALL"], 1000))
    assert [len(b.rows) for b in batches] == [1000, 1000, 500]
    assert batches[0].rows[1] == (
        Decimal("1"),
        Decimal("1.25"),
        dt.datetime(2024, 1, 2),
        "n1",
        dt.datetime(2024, 3, 1, 10, 0, 0, 500000),
    )
    assert batches[0].rows[3] == (Decimal("3"), None, None, None, None)
    assert batches[2].lines[-1] == 2501  # CSV line of the last row (header is line 1)
    assert srv.insert_sql(fixture.tables["T_ALL"], batches[0].columns) == (
        'INSERT INTO "T_ALL" ("ID", "AMOUNT", "BORN", "NAME", "STAMP") VALUES (:1, :2, :3, :4, :5)'
    )


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        (["1,abc,,x,"], "id,amount,born,name,stamp", "T_ALL.csv:2: AMOUNT: 'abc' is not a number"),
        (["1,1,2024-13-01,x,"], "id,amount,born,name,stamp", ":2: BORN"),
        (["1,NaN,,x,"], "id,amount,born,name,stamp", "not a finite number"),
        (["1,2"], "id,amount,born,name,stamp", ":2: 2 fields for 5 columns"),
        (["1"], "id,nope", "column 'nope' is not in table T_ALL"),
    ],
)
def test_csv_errors_name_file_and_line(tmp_path, rows, header, message):
    fixture = _csv_fixture(tmp_path, rows, header)
    with pytest.raises(FixtureError, match=message.replace("(", r"\(")):
        list(srv.csv_batches(fixture.data_files[0], fixture.tables["T_ALL"]))


def test_insert_files_run_as_written_minus_owner(tmp_path):
    fixture = tmp_path / "fx"
    write(fixture / "schema.sql", ALL_TYPES)
    data = write(
        fixture / "data" / "a.sql",
        "INSERT INTO apps.t_two (a, b) VALUES (1, '');\n"
        "INSERT INTO t_all (id, born) VALUES (2, TO_DATE('2024-01-02', 'YYYY-MM-DD'));\n",
    )
    loaded = load_fixture(fixture)
    assert list(srv.insert_statements(data, loaded)) == [
        (1, "INSERT INTO t_two (a, b) VALUES (1, '')"),
        (2, "INSERT INTO t_all (id, born) VALUES (2, TO_DATE('2024-01-02', 'YYYY-MM-DD'))"),
    ]
    for bad, message in [
        ("INSERT INTO t_all (id, born) VALUES (1, SYSDATE);", "SYSDATE"),
        ("UPDATE t_all SET id = 1;", "only INSERT"),
        ("INSERT INTO other (a) VALUES (1);", "not in schema.sql"),
    ]:
        data.write_text(bad)
        with pytest.raises(FixtureError, match=f"a.sql:1: .*{message}"):
            list(srv.insert_statements(data, loaded))


def test_fingerprint_sql_is_deterministic_and_chunked(tables):
    sql = ora.fingerprint_sql(tables["T_ALL"])
    assert sql.startswith("SELECT COUNT(*), SUM(TO_NUMBER(SUBSTR(RAWTOHEX(STANDARD_HASH(")
    assert "ORA_HASH(TO_CHAR(\"BORN\", 'SYYYY-MM-DD HH24:MI:SS'))" in sql
    assert 'ORA_HASH(LENGTH("BODY") || \':\' || TO_CHAR(SUBSTR("BODY", 1, 1000)))' in sql
    wide = Table(name="W", columns=tables["T_ALL"].columns[:1] * 301)
    assert ora.fingerprint_sql(wide).count("SUM(") == 2


# --- settings and secrets -----------------------------------------------------------------------


def test_settings_from_environment_hide_passwords():
    env = {
        srv.ENV_DSN: "db.example:1521/FREEPDB1",
        srv.ENV_USER: "reader",
        srv.ENV_PASSWORD: SECRET,
    }
    settings = srv.resolve_settings(env=env)
    assert (settings.admin_user, settings.admin_password) == ("reader", SECRET)
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert str(settings) == "reader@db.example:1521/FREEPDB1"
    with pytest.raises(EngineUnavailable, match=srv.ENV_ADMIN_PASSWORD):
        srv.resolve_settings(env={**env, srv.ENV_ADMIN_USER: "owner"})


def test_one_variable_with_embedded_credentials_is_enough():
    settings = srv.resolve_settings(env={srv.ENV_DSN: f"harness/{SECRET}@db:1521/FREEPDB1"})
    assert (settings.dsn, settings.user, settings.password) == (
        "db:1521/FREEPDB1",
        "harness",
        SECRET,
    )
    assert settings.admin_user == "harness" and SECRET not in repr(settings)


def test_missing_dsn_says_what_to_set():
    with pytest.raises(EngineUnavailable, match=r"HARNESS_ORACLE_DSN.*harness db up"):
        srv.resolve_settings(env={})


def test_credentials_file_fallback_and_permissions():
    path = srv.credentials_path()
    srv.write_credentials(
        path, {srv.ENV_DSN: "127.0.0.1:1/FREEPDB1", srv.ENV_USER: "R", srv.ENV_PASSWORD: "a b'c"}
    )
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert srv.resolve_settings(env={}).password == "a b'c"
        path.chmod(0o644)
        with pytest.raises(EngineUnavailable, match="readable by other users"):
            srv.resolve_settings(env={})
    finally:
        path.unlink()


def test_redact_dsn():
    assert srv.redact_dsn("scott/tiger@db:1521/FREE") == "scott/***@db:1521/FREE"
    assert srv.redact_dsn("db:1521/FREE") == "db:1521/FREE"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_failure_is_one_line_without_password(fixture_dir):
    need_oracledb()
    dsn = f"127.0.0.1:{_closed_port()}/FREEPDB1"
    with pytest.raises(EngineUnavailable) as info:
        ora.OracleEngine(load_fixture(fixture_dir), as_of=AS_OF, dsn=dsn, user="r", password=SECRET)
    assert "cannot connect to Oracle at" in str(info.value)
    assert SECRET not in str(info.value) and "\n" not in str(info.value)


# --- error classification -----------------------------------------------------------------------


def _oracle_error(message: str, code: int = 0) -> Exception:
    """A real python-oracledb exception, shaped as the driver raises it."""
    oracledb = need_oracledb()
    from oracledb import errors

    if message.startswith("DPY-"):
        number = int(message[4:8])
        return oracledb.DatabaseError(errors._create_err(number, timeout=1000))
    return oracledb.DatabaseError(errors._Error(message, code=code))


@pytest.mark.parametrize(
    ("message", "code", "timed_out", "status", "needle"),
    [
        ("DPY-4024", 0, True, "timeout", "DPY-4024"),
        ("ORA-01013: user requested cancel of current operation", 1013, True, "timeout", "01013"),
        ("ORA-01652: unable to extend temp segment", 1652, False, "timeout", "temporary"),
        ("DPY-4011", 0, True, "timeout", "dropped at the timeout"),
        ("DPY-4011", 0, False, "error", "DPY-4011"),
        ('ORA-00904: "X": invalid identifier', 904, False, "error", "ORA-00904"),
        ("ORA-01476: divisor is equal to zero", 1476, False, "error", "ORA-01476"),
    ],
)
def test_classify_real_driver_errors(message, code, timed_out, status, needle):
    exc = _oracle_error(message, code)
    got_status, reason = ora.classify_error(exc, timed_out=timed_out)
    assert (got_status, needle in reason) == (status, True), reason
    assert "\n" not in reason  # the driver's help URL line is dropped


def test_classify_duck_typed_errors():
    fake = Exception(SimpleNamespace(full_code="DPY-4024", message="DPY-4024: call timeout"))
    assert ora.classify_error(fake, timed_out=False)[0] == "timeout"
    bare = Exception("ORA-00942: table or view does not exist")
    assert srv.error_code(bare) == ("ORA-00942", "ORA-00942: table or view does not exist")


# --- the query loop over a fake connection ------------------------------------------------------


class FakeCursor:
    def __init__(self, conn: FakeConnection) -> None:
        self.conn = conn
        self.arraysize = 100
        self.prefetchrows = 2
        self.description: list[tuple[str]] | None = None
        self._rows: list[tuple[Any, ...]] = []

    def execute(self, sql: str) -> None:
        self.conn.statements.append(sql)
        self.conn.timeouts.append(self.conn.call_timeout)
        if sql != "SET TRANSACTION READ ONLY":
            self.conn.on_query(self.conn)
            self.description = [(c,) for c in self.conn.columns]
            self._rows = list(self.conn.rows)

    def fetchmany(self, size: int) -> list[tuple[Any, ...]]:
        batch, self._rows = self._rows[:size], self._rows[size:]
        return batch

    def close(self) -> None:
        pass

    def __enter__(self) -> FakeCursor:
        return self

    def __exit__(self, *args: object) -> None:
        pass


class FakeConnection:
    def __init__(self, rows: list[tuple[Any, ...]], on_query: Callable[[Any], None]) -> None:
        self.rows, self.on_query = rows, on_query
        self.columns = ["A"]
        self.call_timeout = 0
        self.statements: list[str] = []
        self.timeouts: list[int] = []
        self.rollbacks = self.cancels = 0
        self.closed = False
        self.cancelled = threading.Event()

    def cursor(self) -> FakeCursor:
        return FakeCursor(self)

    def rollback(self) -> None:
        self.rollbacks += 1

    def cancel(self) -> None:
        self.cancels += 1
        self.cancelled.set()

    def close(self) -> None:
        self.closed = True


@pytest.fixture
def offline(monkeypatch, fixture_dir) -> Iterator[Callable[..., tuple[Any, FakeConnection]]]:
    """An engine whose loading is skipped and whose query connection is a fake."""
    monkeypatch.setattr(ora, "load_fixture_into", lambda settings, fixture: "HARNESS")
    engines = []

    def make(rows=(), on_query=lambda conn: None) -> tuple[Any, FakeConnection]:
        engine = ora.OracleEngine(
            load_fixture(fixture_dir),
            as_of=AS_OF,
            dsn="127.0.0.1:1521/FREEPDB1",
            user="harness_ro",
            password=SECRET,
            admin_user="harness",
            admin_password=ADMIN_SECRET,
        )
        conn = FakeConnection(list(rows), on_query)
        engine._conn = conn
        engines.append(engine)
        return engine, conn

    yield make
    for engine in engines:
        engine.close()


def test_query_runs_read_only_capped_and_rolled_back(offline):
    engine, conn = offline(rows=[(Decimal(i),) for i in range(5)])
    result = engine.execute("SELECT vendor_id AS a FROM apps.ap_suppliers", timeout_s=3, max_rows=2)
    assert result.status == "ok", result.reason
    assert result.result is not None
    assert (result.result.rows, result.result.truncated) == ([(Decimal(0),), (Decimal(1),)], True)
    assert conn.statements == [
        "SET TRANSACTION READ ONLY",
        "SELECT vendor_id AS a FROM ap_suppliers",
    ]
    assert all(0 < t <= 3000 for t in conn.timeouts)
    assert conn.rollbacks == 1 and engine._conn is conn
    assert SECRET not in repr(engine) and ADMIN_SECRET not in repr(engine)
    assert SECRET not in repr(result) and ADMIN_SECRET not in str(vars(engine))


def test_frozen_time_columns_keep_their_names(offline):
    engine, conn = offline(rows=[(AS_OF,)])
    conn.columns = [ora.now_literals(AS_OF)["DATE"].replace(" ", "")]
    result = engine.execute("SELECT SYSDATE FROM dual", timeout_s=3, max_rows=10)
    assert result.result is not None and result.result.columns == ["SYSDATE"]
    assert result.executed_sql == f"SELECT {DATE_LIT} FROM dual"


def test_refusals_never_reach_the_server(offline):
    engine, conn = offline()
    assert engine.execute("DELETE FROM ap_suppliers", timeout_s=1, max_rows=1).status == "rejected"
    assert engine.execute("SELECT * FROM gone", timeout_s=1, max_rows=1).status == "error"
    assert conn.statements == []


def test_driver_timeout_keeps_the_connection(offline):
    error = _oracle_error("DPY-4024")

    def raise_timeout(conn: Any) -> None:
        raise error

    engine, conn = offline(on_query=raise_timeout)
    result = engine.execute("SELECT 1 AS a FROM dual", timeout_s=1, max_rows=1)
    assert (result.status, "interrupted after 1 s" in result.reason) == ("timeout", True)
    assert conn.rollbacks == 1 and engine._conn is conn and conn.cancels == 0


def test_watchdog_cancels_a_call_that_overruns(offline, monkeypatch):
    monkeypatch.setattr(ora, "CANCEL_GRACE_S", 0.05)
    cancelled = _oracle_error("ORA-01013: user requested cancel of current operation", 1013)

    def hang_until_cancelled(conn: Any) -> None:
        assert conn.cancelled.wait(5)
        raise cancelled

    engine, conn = offline(on_query=hang_until_cancelled)
    start = time.monotonic()
    result = engine.execute("SELECT 1 AS a FROM dual", timeout_s=0.2, max_rows=1)
    assert result.status == "timeout" and time.monotonic() - start < 2
    assert conn.cancels == 1 and conn.closed and engine._conn is None  # reconnects next time


def test_lost_connection_is_replaced(offline):
    def drop(conn: Any) -> None:
        raise _oracle_error("DPY-4011")

    engine, _ = offline(on_query=drop)
    result = engine.execute("SELECT 1 AS a FROM dual", timeout_s=5, max_rows=1)
    assert result.status == "error" and "DPY-4011" in result.reason
    assert engine._conn is None


def test_registry_entry_imports_the_engine():
    if "oracle" not in ENGINES.names():
        ENGINES.register("oracle", "harness.engines.oracle:OracleEngine", install_hint="x")
    assert ENGINES.get("oracle") is ora.OracleEngine


# --- container control --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("runtime", "image"),
    [
        ("docker", "gvenzl/oracle-free:23-slim-faststart"),
        ("/usr/bin/podman", "docker.io/gvenzl/oracle-free:23-slim-faststart"),
    ],
)
def test_run_command_keeps_passwords_off_the_command_line(runtime, image):
    command = dbctl.run_command(runtime)
    assert command[:3] == [runtime, "run", "--detach"] and command[-1] == image
    assert "127.0.0.1::1521" in command and "APP_USER=HARNESS" in command
    for name in ("ORACLE_PASSWORD", "APP_USER_PASSWORD"):
        assert command[command.index(name) - 1] == "--env"
    assert not any("PASSWORD=" in part for part in command)
    assert "127.0.0.1:15210:1521" in dbctl.run_command(runtime, port=15210)


def test_other_commands_and_image_names():
    assert dbctl.remove_command("podman", "abc") == ["podman", "rm", "--force", "--volumes", "abc"]
    assert dbctl.port_command("docker", "abc") == ["docker", "port", "abc", "1521/tcp"]
    assert dbctl.running_command("docker", "c")[1:3] == ["inspect", "--format"]
    assert dbctl.qualify_image("quay.io/x/y:1", "podman") == "quay.io/x/y:1"
    assert dbctl.qualify_image("oraclelinux:9", "podman") == "docker.io/library/oraclelinux:9"
    assert dbctl.qualify_image("gvenzl/oracle-free", "docker") == "gvenzl/oracle-free"


@pytest.mark.parametrize(
    ("log", "state"),
    [
        ("CONTAINER: starting up...\nCONTAINER: starting up Oracle Database...", "starting"),
        ("...\n#########################\nDATABASE IS READY TO USE!\n####", "ready"),
        ("DATABASE STARTUP FAILED!\nCHECK LOG OUTPUT ABOVE", "failed"),
        ("Both $ORACLE_RANDOM_PASSWORD and $ORACLE_PASSWORD are mutually exclusive.", "failed"),
    ],
)
def test_readiness_from_log_text(log, state):
    assert dbctl.readiness(log) == state


def test_parse_port():
    assert dbctl.parse_port("127.0.0.1:49153\n") == 49153
    assert dbctl.parse_port("0.0.0.0:32768\n[::]:32768\n") == 32768
    with pytest.raises(dbctl.ContainerError):
        dbctl.parse_port("Error: no public port")


def test_wait_ready_polls_fails_and_times_out():
    now = [0.0]
    sleep = lambda s: now.__setitem__(0, now[0] + s)  # noqa: E731
    logs = iter(["starting", "starting", "DATABASE IS READY TO USE!"])
    dbctl.wait_ready(lambda: next(logs), lambda: True, clock=lambda: now[0], sleep=sleep)
    assert now[0] == 2 * dbctl.POLL_S
    with pytest.raises(dbctl.ContainerError, match="failed to start"):
        dbctl.wait_ready(lambda: "DATABASE STARTUP FAILED!", lambda: True, sleep=sleep)
    with pytest.raises(dbctl.ContainerError, match="stopped during start-up"):
        dbctl.wait_ready(lambda: "starting", lambda: False, sleep=sleep)
    with pytest.raises(dbctl.ContainerError, match="not ready after 5 s"):
        dbctl.wait_ready(lambda: "x", lambda: True, timeout_s=5, clock=lambda: now[0], sleep=sleep)


FAKE_RUNTIME = """#!/bin/sh
echo "$@" >> "{log}"
case "$1" in
  info) {info} ;;
  image) exit 0 ;;
  run) [ -n "$ORACLE_PASSWORD" ] && [ -n "$APP_USER_PASSWORD" ] || exit 3
       echo 0123456789abcdef ;;
  logs) echo "CONTAINER: starting up..."; echo "DATABASE IS READY TO USE!" >&2 ;;
  inspect) echo true ;;
  port) echo 127.0.0.1:49153 ;;
  rm) exit 0 ;;
esac
"""
NO_DAEMON = (
    'echo "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. '
    'Is the docker daemon running?" >&2; exit 1'
)


def fake_runtime(folder: Path, name: str = "docker", info: str = "exit 0") -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / name
    script.write_text(FAKE_RUNTIME.format(log=folder / f"{name}.log", info=info))
    script.chmod(0o755)
    return script


def test_no_runtime_on_path_is_one_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(dbctl.ContainerError, match="neither docker nor podman is on PATH"):
        dbctl.find_runtime(search_path=str(tmp_path / "empty"))
    with pytest.raises(dbctl.ContainerError, match="podman is not on PATH"):
        dbctl.find_runtime("podman", search_path=str(tmp_path / "empty"))


def test_runtime_without_daemon_is_one_clear_error(tmp_path):
    fake_runtime(tmp_path / "bin", info=NO_DAEMON)
    with pytest.raises(dbctl.ContainerError) as info:
        dbctl.find_runtime(search_path=str(tmp_path / "bin"))
    message = str(info.value)
    assert "docker is installed but no daemon answers" in message
    assert "Cannot connect to the Docker daemon" in message and "\n" not in message
    fake_runtime(tmp_path / "bin", "podman", info="exit 0")
    assert dbctl.find_runtime(search_path=str(tmp_path / "bin")).endswith("podman")


def test_container_start_over_a_fake_runtime(tmp_path):
    exe = str(fake_runtime(tmp_path / "bin"))
    env = {**os.environ, "ORACLE_PASSWORD": SECRET, "APP_USER_PASSWORD": ADMIN_SECRET}
    container = dbctl.run_container(exe, image="img:1", port=None, env=env, progress=print)
    assert container == "0123456789abcdef"
    assert dbctl.wait_container(exe, container, timeout_s=5, poll_s=0.01) == 49153
    calls = (tmp_path / "bin" / "docker.log").read_text()
    assert "run --detach --name harness-oracle" in calls and "port 0123456789abcdef" in calls
    assert SECRET not in calls and ADMIN_SECRET not in calls
    with pytest.raises(dbctl.ContainerError, match="could not start"):
        dbctl.run_container(exe, image="img:1", port=None, env=dict(os.environ), progress=print)


def test_down_and_status_over_a_fake_runtime(tmp_path):
    exe = str(fake_runtime(tmp_path / "bin"))
    state = dbctl.DbState(
        runtime=exe,
        container_id="0123456789abcdef",
        image="img",
        port=49153,
        dsn="127.0.0.1:49153/FREEPDB1",
        user="HARNESS_RO",
        admin_user="HARNESS",
        started_at="2024-06-30T00:00:00",
    )
    dbctl.write_state(state)
    assert dbctl.status(runtime=exe).running is True
    assert dbctl.down(runtime=exe) == state
    assert dbctl.read_state() is None
    assert "rm --force --volumes 0123456789abcdef" in (tmp_path / "bin" / "docker.log").read_text()


def test_cli_db_commands_fail_in_one_line(tmp_path, monkeypatch, fixture_dir):
    fake_runtime(tmp_path / "bin", info=NO_DAEMON)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ.get('PATH', '')}")
    runner = CliRunner()
    up = runner.invoke(db_app, ["up", "--fixture", str(fixture_dir), "--runtime", "docker"])
    assert up.exit_code == 2
    assert up.output.startswith("error: docker is installed but no daemon answers")
    assert up.output.count("\n") == 1
    status = runner.invoke(db_app, ["status"])
    assert (status.exit_code, "no container recorded" in status.output) == (1, True)
    down = runner.invoke(db_app, ["down"])
    assert down.exit_code == 2 and "no harness database container" in down.output
    other = runner.invoke(db_app, ["up", "--fixture", str(fixture_dir), "--engine", "duckdb"])
    assert other.exit_code == 2 and "duckdb is embedded" in other.output


# --- on a real server (HARNESS_ORACLE_DSN) ------------------------------------------------------

server = pytest.mark.skipif(
    not os.environ.get(srv.ENV_DSN),
    reason="needs an Oracle server: set HARNESS_ORACLE_DSN/_USER/_PASSWORD (and _ADMIN_*), "
    "or run `harness db up --engine oracle --fixture benchmarks/fixtures/ebs-mini`",
)


@pytest.fixture(scope="module")
def ebs() -> Iterator[Any]:
    need_oracledb()
    engine = ora.OracleEngine(load_fixture(EBS_MINI), as_of=AS_OF)
    yield engine
    engine.close()


def run(engine: Any, sql: str, *, timeout_s: float = 30, max_rows: int = 1000) -> Any:
    result = engine.execute(sql, timeout_s=timeout_s, max_rows=max_rows)
    assert result.status == "ok", f"{result.status}: {result.reason}"
    return result.result


@pytest.mark.oracle
@server
def test_server_loads_fixture_with_oracle_types(ebs):
    csv_rows = len((EBS_MINI / "data" / "FND_USER.csv").read_text().strip().splitlines()) - 1
    assert run(ebs, "SELECT COUNT(*) FROM apps.fnd_user").rows == [(Decimal(csv_rows),)]
    result = run(ebs, "SELECT user_id, start_date, end_date FROM fnd_user ORDER BY user_id")
    assert result.columns == ["USER_ID", "START_DATE", "END_DATE"]
    first = result.rows[0]
    assert isinstance(first[0], Decimal) and isinstance(first[1], dt.datetime)
    assert first[2] is None
    capped = run(ebs, "SELECT user_id FROM fnd_user", max_rows=3)
    assert len(capped.rows) == 3 and capped.truncated


@pytest.mark.oracle
@server
def test_server_time_is_frozen_at_as_of(ebs):
    result = run(ebs, "SELECT SYSDATE, TRUNC(SYSDATE) - 1, CURRENT_DATE FROM DUAL")
    assert result.columns[0] == "SYSDATE"
    assert result.rows == [(AS_OF, dt.datetime(2024, 6, 29), AS_OF)]


@pytest.mark.oracle
@server
def test_server_errors_carry_the_ora_code(ebs):
    result = ebs.execute("SELECT no_such_column FROM fnd_user", timeout_s=10, max_rows=1)
    assert result.status == "error" and result.reason.startswith("ORA-00904")
    assert run(ebs, "SELECT 1 FROM DUAL").rows == [(Decimal(1),)]


@pytest.mark.oracle
@server
def test_server_timeout_stops_a_heavy_query(ebs):
    heavy = (
        "SELECT COUNT(*) FROM gl_je_lines a, gl_je_lines b, gl_je_lines c, gl_je_lines d, "
        "gl_je_lines e, gl_je_lines f WHERE a.je_line_num + b.je_line_num + c.je_line_num "
        "+ d.je_line_num + e.je_line_num + f.je_line_num > -1"
    )
    start = time.monotonic()
    result = ebs.execute(heavy, timeout_s=1, max_rows=1)
    assert result.status == "timeout", result.reason
    assert time.monotonic() - start < 1 + ora.CANCEL_GRACE_S + 10
    assert run(ebs, "SELECT COUNT(*) FROM gl_je_lines").rows[0][0] > 0  # still usable


@pytest.mark.oracle
@server
def test_server_query_user_cannot_write(ebs):
    oracledb = need_oracledb()
    settings = ebs.settings
    if settings.user.upper() == settings.admin_user.upper():
        pytest.skip("the query user owns the tables; set HARNESS_ORACLE_ADMIN_USER/_PASSWORD")
    conn = oracledb.connect(user=settings.user, password=settings.password, dsn=settings.dsn)
    try:
        with conn.cursor() as cursor:
            for statement in (
                f"DELETE FROM {ebs.owner}.fnd_user",
                f"UPDATE {ebs.owner}.fnd_user SET user_name = 'X'",
                f"INSERT INTO {ebs.owner}.fnd_user (user_id) VALUES (-1)",
                "CREATE TABLE harness_probe (x NUMBER)",
            ):
                with pytest.raises(oracledb.DatabaseError) as info:
                    cursor.execute(statement)
                assert info.value.args[0].full_code == "ORA-01031", statement
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.oracle
@server
def test_server_fingerprint_is_stable(ebs):
    assert ebs.fingerprint() == ebs.fingerprint()


@pytest.mark.oracle
@server
def test_server_scores_gold_predictions_perfectly(ebs, tmp_path):
    from harness.runner import score_predictions

    if "oracle" not in ENGINES.names():
        ENGINES.register(
            "oracle", "harness.engines.oracle:OracleEngine", install_hint="pip install oracledb"
        )
    _, summary = score_predictions(
        SUITE, SUITE / "predictions" / "gold.jsonl", engine_name="oracle", out=tmp_path / "run"
    )
    assert summary["execution_accuracy"]["accuracy"] == 1.0, summary["status_counts"]
    assert summary["fixture_fingerprint"]["unchanged"]

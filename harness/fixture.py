"""Fixtures: a folder of Oracle DDL plus data (INSERT scripts and/or CSV), or a named generator."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Literal

import sqlglot
from pydantic import BaseModel, ConfigDict, Field
from sqlglot import exp
from sqlglot.errors import ParseError

from harness.errors import InputError
from harness.registry import Registry
from harness.sqlfile import split_statements
from harness.yamlio import load_yaml, validate

# Bump when the way fixtures are parsed or loaded changes, so cached databases are rebuilt.
LOADER_VERSION = "1"

OracleKind = Literal["NUMBER", "VARCHAR2", "CHAR", "DATE", "TIMESTAMP", "CLOB", "FLOAT"]

# sqlglot's reading of Oracle type names -> the Oracle type family we support.
_KIND_OF: dict[exp.DType, OracleKind] = {
    exp.DataType.Type.DECIMAL: "NUMBER",
    exp.DataType.Type.INT: "NUMBER",
    exp.DataType.Type.SMALLINT: "NUMBER",
    exp.DataType.Type.VARCHAR: "VARCHAR2",
    exp.DataType.Type.NVARCHAR: "VARCHAR2",
    exp.DataType.Type.CHAR: "CHAR",
    exp.DataType.Type.NCHAR: "CHAR",
    exp.DataType.Type.DATE: "DATE",
    exp.DataType.Type.TIMESTAMP: "TIMESTAMP",
    exp.DataType.Type.TEXT: "CLOB",
    exp.DataType.Type.FLOAT: "FLOAT",
    exp.DataType.Type.DOUBLE: "FLOAT",
}


class Column(BaseModel):
    """One column of a fixture table, as declared in Oracle DDL."""

    name: str
    """Upper-case column name (Oracle folds unquoted identifiers to upper case)."""
    kind: OracleKind
    """Oracle type family."""
    oracle_type: str
    """The declared type as Oracle DDL, e.g. ``NUMBER(15,2)``."""
    precision: int | None = None
    """NUMBER precision or character length, when declared."""
    scale: int | None = None
    """NUMBER scale, when declared."""
    nullable: bool = True
    """False when declared NOT NULL or part of the primary key."""
    comment: str | None = None
    """COMMENT ON COLUMN text, used later by prompts."""


class Table(BaseModel):
    """One fixture table."""

    name: str
    """Upper-case table name."""
    columns: list[Column]
    """Columns in declaration order."""
    primary_key: list[str] = Field(default_factory=list)
    """Primary key column names, if any."""
    comment: str | None = None
    """COMMENT ON TABLE text."""

    def column(self, name: str) -> Column | None:
        upper = name.upper()
        return next((c for c in self.columns if c.name == upper), None)


class GeneratorSpec(BaseModel):
    """A fixture produced by a registered generator instead of files."""

    model_config = ConfigDict(extra="forbid")
    name: str
    """Registered generator name, e.g. ``ebs``."""
    scale: float = 1.0
    """Size multiplier; 1 loads in seconds."""
    seed: int = 0
    """Random seed; the same seed gives the same data."""


class FixtureManifest(BaseModel):
    """``fixture.yaml`` (optional): a description, or a generator to build the fixture from."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    """Display name; defaults to the folder name."""
    description: str | None = None
    """Free text."""
    generator: GeneratorSpec | None = None
    """Build the fixture with this generator instead of reading schema.sql and data/."""


Generator = object  # callable(out_dir: Path, scale: float, seed: int) -> None
GENERATORS: Registry[Generator] = Registry("fixture generator")
GENERATORS.register("ebs", "harness.generators.ebs:generate")


class Fixture:
    """A loaded fixture description (schema parsed, data files listed, content hashed)."""

    def __init__(
        self,
        path: Path,
        name: str,
        tables: dict[str, Table],
        data_files: list[Path],
        content_hash: str,
    ) -> None:
        self.path = path
        self.name = name
        self.tables = tables
        self.data_files = data_files
        self.content_hash = content_hash

    @property
    def schema_sql(self) -> Path:
        return self.path / "schema.sql"

    def __repr__(self) -> str:
        return f"Fixture({self.name!r}, tables={len(self.tables)}, hash={self.content_hash[:12]})"


def _cache_root() -> Path:
    return Path(os.environ.get("HARNESS_CACHE_DIR", Path.home() / ".cache" / "harness"))


def cache_dir(kind: str) -> Path:
    path = _cache_root() / kind
    path.mkdir(parents=True, exist_ok=True)
    return path


def _column_from_def(col: exp.ColumnDef, path: Path, line: int) -> Column:
    name = col.name.upper()
    kind_type = col.args.get("kind")
    if not isinstance(kind_type, exp.DataType) or kind_type.this not in _KIND_OF:
        declared = kind_type.sql("oracle") if kind_type is not None else "no type"
        if isinstance(kind_type, exp.DataType) and kind_type.this == exp.DataType.Type.BIGINT:
            declared = "LONG"  # sqlglot reads Oracle's LONG (character data) as BIGINT
        raise InputError(
            f"column {name}: type {declared} is not supported "
            "(use NUMBER, VARCHAR2, CHAR, DATE, TIMESTAMP, CLOB or FLOAT)",
            path=path,
            line=line,
            field=name,
        )
    kind = _KIND_OF[kind_type.this]
    params = [p.this for p in kind_type.expressions if isinstance(p, exp.DataTypeParam)]
    # NUMBER(*, s) means the maximum precision, 38.
    nums = [
        38 if isinstance(p, exp.Star) else int(p.this)
        for p in params
        if isinstance(p, exp.Star) or (isinstance(p, exp.Literal) and not p.is_string)
    ]
    precision = nums[0] if nums else None
    integral = kind_type.this in (exp.DataType.Type.INT, exp.DataType.Type.SMALLINT)
    scale = nums[1] if len(nums) > 1 else (0 if integral else None)
    if kind == "NUMBER" and precision is None and scale == 0:
        precision = 38  # Oracle INTEGER is NUMBER(38)
    if kind == "NUMBER" and precision is not None and scale is None:
        scale = 0
    nullable = True
    for constraint in col.args.get("constraints") or []:
        if isinstance(
            constraint.args.get("kind"),
            (exp.NotNullColumnConstraint, exp.PrimaryKeyColumnConstraint),
        ) and not constraint.args["kind"].args.get("allow_null"):
            nullable = False
    return Column(
        name=name,
        kind=kind,
        oracle_type=kind_type.sql("oracle"),
        precision=precision,
        scale=scale,
        nullable=nullable,
    )


def parse_schema(path: Path) -> dict[str, Table]:
    """Parse ``schema.sql``: CREATE TABLE, COMMENT ON and CREATE INDEX (ignored) statements."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("a fixture needs schema.sql", path=path) from None
    tables: dict[str, Table] = {}
    try:
        statements = split_statements(text)
    except ValueError as exc:
        raise InputError(f"cannot tokenize: {exc}", path=path) from None
    for stmt in statements:
        try:
            tree = sqlglot.parse_one(stmt.text, read="oracle")
        except ParseError as exc:
            first = exc.errors[0] if exc.errors else {}
            line = stmt.line + int(first.get("line", 1)) - 1
            raise InputError(
                f"cannot parse: {first.get('description', exc)}", path=path, line=line
            ) from None
        if isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() == "TABLE":
            schema = tree.this
            if not isinstance(schema, exp.Schema):
                raise InputError("CREATE TABLE needs a column list", path=path, line=stmt.line)
            name = schema.this.name.upper()
            if name == "DUAL":
                raise InputError(
                    "DUAL is provided by every engine; do not define it", path=path, line=stmt.line
                )
            if name in tables:
                raise InputError(f"table {name} is defined twice", path=path, line=stmt.line)
            columns: list[Column] = []
            pk: list[str] = []
            for item in schema.expressions:
                if isinstance(item, exp.ColumnDef):
                    column = _column_from_def(item, path, stmt.line)
                    if any(c.name == column.name for c in columns):
                        raise InputError(
                            f"column {column.name} is declared twice",
                            path=path,
                            line=stmt.line,
                            field=f"{name}.{column.name}",
                        )
                    columns.append(column)
                    if any(
                        isinstance(c.args.get("kind"), exp.PrimaryKeyColumnConstraint)
                        for c in item.args.get("constraints") or []
                    ):
                        pk.append(column.name)
                else:
                    key = item.find(exp.PrimaryKey)
                    if key is not None:
                        pk.extend(e.name.upper() for e in key.expressions)
            for key_col in pk:
                found = next((c for c in columns if c.name == key_col), None)
                if found is None:
                    raise InputError(
                        f"primary key names unknown column {key_col}",
                        path=path,
                        line=stmt.line,
                        field=name,
                    )
                found.nullable = False
            tables[name] = Table(name=name, columns=columns, primary_key=pk)
        elif isinstance(tree, exp.Comment):
            target = tree.this
            text_value = tree.expression.name if tree.expression is not None else None
            kind = str(tree.args.get("kind", "")).upper()
            if kind == "TABLE" and isinstance(target, exp.Table):
                table = tables.get(target.name.upper())
                if table is None:
                    raise InputError(
                        f"COMMENT ON unknown table {target.name}", path=path, line=stmt.line
                    )
                table.comment = text_value
            elif kind == "COLUMN" and isinstance(target, exp.Column):
                table = tables.get(target.table.upper())
                commented = table.column(target.name) if table is not None else None
                if commented is None:
                    raise InputError(
                        f"COMMENT ON unknown column {target.sql('oracle')}",
                        path=path,
                        line=stmt.line,
                    )
                commented.comment = text_value
        elif isinstance(tree, exp.Create) and str(tree.args.get("kind", "")).upper() == "INDEX":
            continue
        else:
            raise InputError(
                "schema.sql may hold only CREATE TABLE, CREATE INDEX and COMMENT ON statements",
                path=path,
                line=stmt.line,
            )
    if not tables:
        raise InputError("schema.sql defines no tables", path=path)
    return tables


def _hash_files(files: list[Path], root: Path) -> str:
    digest = hashlib.sha256(f"loader={LOADER_VERSION}\n".encode())
    for file in files:
        digest.update(str(file.relative_to(root)).encode() + b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def _materialize_generated(path: Path, spec: GeneratorSpec) -> Path:
    generate = GENERATORS.get(spec.name)
    version = getattr(generate, "VERSION", "0")  # generators bump it when their output changes
    out = cache_dir("fixtures") / f"{spec.name}-v{version}-scale{spec.scale:g}-seed{spec.seed}"
    if not (out / "schema.sql").exists():
        tmp = out.with_name(out.name + f".tmp{os.getpid()}")
        tmp.mkdir(parents=True, exist_ok=True)
        generate(tmp, spec.scale, spec.seed)  # type: ignore[operator]
        os.replace(tmp, out)
    return out


def load_fixture(path: Path) -> Fixture:
    """Read a fixture folder (or build it from its generator) and hash its content."""
    path = Path(path)
    if not path.is_dir():
        raise InputError("fixture folder not found", path=path)
    manifest = FixtureManifest()
    manifest_path = path / "fixture.yaml"
    if manifest_path.exists():
        located = load_yaml(manifest_path)
        manifest = validate(
            FixtureManifest, located.data or {}, path=manifest_path, located=located
        )
    source = path
    if manifest.generator is not None:
        source = _materialize_generated(path, manifest.generator)
    tables = parse_schema(source / "schema.sql")
    data_dir = source / "data"
    data_files = (
        sorted(data_dir.glob("*.sql")) + sorted(data_dir.glob("*.csv")) if data_dir.is_dir() else []
    )
    for csv_file in (f for f in data_files if f.suffix == ".csv"):
        if csv_file.stem.upper() not in tables:
            raise InputError(
                f"CSV file names no table of schema.sql ({csv_file.stem.upper()})", path=csv_file
            )
    content_hash = _hash_files([source / "schema.sql", *data_files], source)
    return Fixture(source, manifest.name or path.name, tables, data_files, content_hash)

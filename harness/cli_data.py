"""``harness data``: build and check the training corpus, and check it for suite leaks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from harness.cli_common import friendly
from harness.errors import HarnessError

data_app = typer.Typer(no_args_is_help=True, help="Training data: corpus, checks, leaks.")
console = Console()

DEFAULT_TEMPLATES = Path("train/templates")
DEFAULT_FIXTURE = Path("benchmarks/fixtures/ebs")
DEFAULT_CORPUS = Path("train/data/ebs-train.jsonl")
DEFAULT_AS_OF = "2024-06-30"


def _engine(fixture_path: Path, as_of: str, engine: str = "duckdb") -> tuple[Any, Any]:
    from harness.engines import ENGINES
    from harness.fixture import load_fixture

    fixture = load_fixture(fixture_path.resolve())
    factory = ENGINES.get(engine)
    when = dt.datetime.fromisoformat(as_of)
    return fixture, factory(fixture, as_of=when)  # type: ignore[operator]


@data_app.command("corpus")
@friendly
def corpus(
    templates: Annotated[
        list[Path] | None,
        typer.Argument(help="Template files or folders (default train/templates)."),
    ] = None,
    fixture: Annotated[Path, typer.Option(help="Fixture folder.")] = DEFAULT_FIXTURE,
    as_of: Annotated[str, typer.Option(help="SYSDATE of the fixture.")] = DEFAULT_AS_OF,
    out: Annotated[Path | None, typer.Option(help="JSONL to write (none: dry run).")] = None,
    against: Annotated[
        Path | None, typer.Option(help="Drop examples leaking these suites.")
    ] = Path("benchmarks/suites"),
    threshold: Annotated[float, typer.Option(help="Near-duplicate cosine threshold.")] = 0.90,
) -> None:
    """Instantiate templates over the fixture; keep examples that execute non-vacuously."""
    from harness.corpus import build_corpus, corpus_card, load_templates

    files: list[Path] = []
    for item in templates or [DEFAULT_TEMPLATES]:
        files += sorted(item.glob("*.yaml")) if item.is_dir() else [item]
    if not files:
        raise HarnessError("no template files found")
    located = load_templates(files)
    fx, engine = _engine(fixture, as_of)
    try:
        report = build_corpus(engine, fx, located)
    finally:
        engine.close()
    for where, why in report.dropped:
        console.print(f"[yellow]dropped[/] {where}: {why}", highlight=False)
    for where in report.barren:
        console.print(f"[red]no examples[/] from template {where}", highlight=False)
    kept = report.kept
    console.print(f"{len(kept)} examples from {len(located)} templates", highlight=False)
    if out is None:
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text("".join(ex.to_json() + "\n" for ex in kept), encoding="utf-8")
    extra = ""
    if against is not None:
        from harness.decontam import decontaminate

        leaks, _, n_suite = decontaminate(tmp, against, threshold=threshold)
        bad = {lk.train_id for lk in leaks}
        for lk in leaks:
            console.print(
                f"[yellow]leak[/] {lk.train_id} ~ {lk.suite}/{lk.qid} ({lk.kind}"
                + (f" {lk.score:.3f}" if lk.score is not None else "")
                + ")",
                highlight=False,
            )
        kept = [ex for ex in kept if ex.id not in bad]
        tmp.write_text("".join(ex.to_json() + "\n" for ex in kept), encoding="utf-8")
        extra = (
            f"Decontaminated against `{against}` ({n_suite} questions, threshold "
            f"{threshold:.2f}): {len(bad)} examples dropped."
        )
    tmp.replace(out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (out.parent / "README.md").write_text(corpus_card(rows, out, extra), encoding="utf-8")
    console.print(f"wrote {len(kept)} examples -> {out}", highlight=False)


@data_app.command("check")
@friendly
def check(
    train: Annotated[Path, typer.Argument(help="JSONL {instruction, schema, output}.")],
    fixture: Annotated[Path, typer.Option(help="Fixture folder.")] = DEFAULT_FIXTURE,
    as_of: Annotated[str, typer.Option(help="SYSDATE of the fixture.")] = DEFAULT_AS_OF,
    engine: Annotated[str, typer.Option(help="Engine to execute on.")] = "duckdb",
) -> None:
    """Execute every output; fail on errors and on empty or all-NULL results."""
    from harness.corpus import load_corpus, non_vacuous

    rows = load_corpus(train)
    _, eng = _engine(fixture, as_of, engine)
    problems = []
    try:
        for line, row in rows:
            res = eng.execute(row.output, timeout_s=30, max_rows=20000)
            if res.status != "ok" or res.result is None:
                problems.append(f"{train}:{line}: {res.status}: {res.reason}")
            elif not non_vacuous(res.result.rows):
                problems.append(f"{train}:{line}: vacuous (no non-NULL value)")
    finally:
        eng.close()
    for p in problems:
        console.print(p, highlight=False, markup=False)
    console.print(f"{len(rows)} outputs executed on {engine}: {len(problems)} problems")
    if problems:
        raise typer.Exit(1)


@data_app.command("decontaminate")
@friendly
def decontaminate_cmd(
    train: Annotated[Path, typer.Argument(help="JSONL {instruction, schema, output}.")],
    against: Annotated[Path, typer.Option(help="Suite folder or a folder of suites.")] = Path(
        "benchmarks/suites"
    ),
    threshold: Annotated[float, typer.Option(help="Near-duplicate cosine threshold.")] = 0.90,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write leaks as JSON.")] = None,
) -> None:
    """Report exact, normalised-SQL and near-duplicate-question leaks; exit 1 on any."""
    from harness.decontam import decontaminate

    leaks, n_train, n_suite = decontaminate(train, against, threshold=threshold)
    table = Table("kind", "train", "suite question", "score")
    for lk in leaks:
        score = f"{lk.score:.3f}" if lk.score is not None else ""
        table.add_row(
            lk.kind, f"{lk.train_id} (line {lk.train_line})", f"{lk.suite}/{lk.qid}", score
        )
    if leaks:
        console.print(table)
    counts = {
        k: sum(1 for lk in leaks if lk.kind == k) for k in ("exact", "normalized", "near-duplicate")
    }
    console.print(
        f"{n_train} training examples vs {n_suite} suite questions (threshold {threshold:.2f}): "
        + ", ".join(f"{v} {k}" for k, v in counts.items()),
        highlight=False,
    )
    if json_out is not None:
        json_out.write_text(
            json.dumps(
                {"threshold": threshold, "counts": counts, "leaks": [lk.as_dict() for lk in leaks]},
                indent=1,
            )
        )
    if leaks:
        raise typer.Exit(1)

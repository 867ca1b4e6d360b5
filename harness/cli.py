"""The ``harness`` command line (typer + rich)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from harness.cli_common import friendly
from harness.cli_data import data_app
from harness.cli_db import db_app
from harness.errors import HarnessError
from harness.records import SampleRecord

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Execution-grounded evaluation of text-to-SQL on Oracle EBS.",
)
suites_app = typer.Typer(no_args_is_help=True, help="List and validate question suites.")
app.add_typer(suites_app, name="suites")
app.add_typer(db_app, name="db")
app.add_typer(data_app, name="data")
fixture_app = typer.Typer(no_args_is_help=True, help="Build generated fixtures.")
app.add_typer(fixture_app, name="fixture")
console = Console()
err_console = Console(stderr=True)

from harness.cli_train import register as _register_train  # noqa: E402

_register_train(app)
F = TypeVar("F", bound=Callable[..., Any])


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _progress(quiet: bool) -> Progress:
    """The stderr progress bar of long commands; each task names its stage."""
    return Progress(
        TextColumn("[bold]{task.fields[stage]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet,
    )


def _summary_table(summary: dict[str, Any]) -> Table:
    acc = summary["execution_accuracy"]
    table = Table(
        title=f"{summary['suite']['name']} v{summary['suite']['version']} on {summary['engine']}",
        show_header=False,
    )
    low, high = acc["ci95"]
    table.add_row(
        "execution accuracy",
        f"{_pct(acc['accuracy'])}  ({acc['correct']}/{acc['n']}, 95% CI {_pct(low)}-{_pct(high)})",
    )
    table.add_row("non-vacuous accuracy", _pct(summary["non_vacuous"]["accuracy"]))
    table.add_row("over all items (unscored = wrong)", _pct(summary["accuracy_over_all_items"]))
    if summary["unverifiable_predictions"]:
        table.add_row(
            "unverifiable predictions",
            f"{summary['unverifiable_predictions']} (accuracy if all were right: "
            f"{_pct(summary['accuracy_if_unverifiable_were_correct'])})",
        )
    table.add_row("valid SQL rate", _pct(summary["valid_sql_rate"]))
    table.add_row("exact match (normalised)", _pct(summary["exact_match_rate"]))
    table.add_row(
        "statuses", ", ".join(f"{k} {v}" for k, v in summary["status_counts"].items() if v)
    )
    if summary.get("gold_unstable"):
        table.add_row("unstable golds", str(summary["gold_unstable"]))
    for module, row in summary["by_module"].items():
        table.add_row(
            f"  module {module}", f"{_pct(row['accuracy'])} ({row['correct']}/{row['n']})"
        )
    return table


@app.command()
@friendly
def score(
    suite: Annotated[Path, typer.Argument(help="Suite folder (holding suite.yaml).")],
    predictions: Annotated[
        Path, typer.Option("--predictions", "-p", help="JSONL file of {id, sql}.")
    ],
    engine: Annotated[str, typer.Option(help="Engine name.")] = "duckdb",
    out: Annotated[Path | None, typer.Option(help="Run folder (default runs/<suite>-...).")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print summary.json.")] = False,
) -> None:
    """Score a predictions file against a suite; writes a resumable run folder."""
    from harness.runner import score_predictions

    with _progress(json_output) as bar:
        task = bar.add_task("", total=None, stage="scoring")

        def report(done: int, total: int, record: SampleRecord | None) -> None:
            desc = f"{record.id}: {record.status}" if record else ""
            bar.update(task, completed=done, total=total, description=desc)

        store, summary = score_predictions(
            suite, predictions, engine_name=engine, out=out, progress=report
        )
    if json_output:
        print(json.dumps(summary, indent=2, default=str))
        return
    console.print(_summary_table(summary))
    console.print(f"run folder: {store.folder}")


@app.command("run")
@friendly
def run_cmd(
    config: Annotated[Path, typer.Argument(help="Run config YAML (see configs/).")],
    out: Annotated[Path | None, typer.Option(help="Run folder (overrides the config).")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N questions.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print summary.json.")] = False,
    generate_only: Annotated[
        bool, typer.Option("--generate-only", help="Write predictions.jsonl; do not score.")
    ] = False,
) -> None:
    """Generate SQL with a model, execute it and score it (cached, resumable)."""
    from harness.gen.config import load_run_config
    from harness.gen.run import run_config

    cfg = load_run_config(config)
    if out is not None:
        cfg.out = str(out)
    if limit is not None:
        cfg.limit = limit
    with _progress(json_output) as bar:
        task = bar.add_task("", total=None, stage="generating")

        def gen(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, stage="generating")

        def scored(done: int, total: int, record: SampleRecord | None) -> None:
            desc = f"{record.id}: {record.status}" if record else ""
            bar.update(task, completed=done, total=total, description=desc, stage="scoring")

        results = run_config(cfg, gen_progress=gen, score_progress=scored, score=not generate_only)
    if generate_only:
        for result in results:
            console.print(json.dumps(result.generation), highlight=False, markup=False)
            console.print(f"predictions: {result.folder / 'predictions.jsonl'}", highlight=False)
        return
    if json_output:
        print(json.dumps([r.summary for r in results], indent=2, default=str))
        return
    for result in results:
        g = result.generation
        console.print(_summary_table(result.summary))
        console.print(
            f"generation: {g['generated']} generated, {g['cached']} from cache"
            + (f", {g['tokens_per_s']} tok/s" if g.get("tokens_per_s") else "")
            + f"; schema {g['schema_mode']} (gold-table recall "
            f"{g['schema_recall_of_gold_tables']})",
            highlight=False,
        )
        console.print(f"run folder: {result.folder}", highlight=False)


@app.command("compare")
@friendly
def compare_cmd(
    a: Annotated[Path, typer.Argument(help="Baseline: a run folder or a run config.")],
    b: Annotated[Path, typer.Argument(help="Candidate: a run folder or a run config.")],
    out: Annotated[
        Path | None, typer.Option(help="Report folder (default reports/A-vs-B).")
    ] = None,
    previews: Annotated[bool, typer.Option(help="Re-execute won/lost SQL for previews.")] = True,
) -> None:
    """Paired comparison of two runs: difference, 95% CI, McNemar, per group, won/lost."""
    from harness.compare import compare_runs, load_run
    from harness.report import _ci, _pct, _pp, _verdict, write_reports

    ra, rb = load_run(a), load_run(b)
    report = compare_runs(ra, rb, previews=previews)
    folder = out or Path("reports") / f"{ra.label}-vs-{rb.label}"
    paths = write_reports(report, folder)
    o = report["overall"]
    console.print(
        f"{ra.label}: {_pct(o['acc_a'])}  {rb.label}: {_pct(o['acc_b'])}  B - A "
        f"{_pp(o['diff'])} {_ci(o['ci95'])}, McNemar p={o['p_mcnemar']:.4g}, "
        f"won {o['b_only']} lost {o['a_only']} of {o['n']}: {_verdict(o)}",
        highlight=False,
    )
    for kind, path in paths.items():
        console.print(f"{kind}: {path}", highlight=False)


@app.command("review")
@friendly
def review_cmd(
    baseline: Annotated[Path, typer.Argument(help="Baseline run folder or config.")],
    candidates: Annotated[list[Path], typer.Argument(help="Candidate run folders or configs.")],
    final_suite: Annotated[
        Path | None, typer.Option(help="Report the chosen one once on this suite (ebs-test).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Report folder.")] = Path("reports/review"),
    alpha: Annotated[float, typer.Option(help="Significance level.")] = 0.05,
) -> None:
    """Rank candidates against a baseline (Holm-corrected) and recommend one."""
    from harness.review import review, write_review

    result = review(baseline, candidates, final_suite=final_suite, alpha=alpha)
    paths = write_review(result, out)
    console.print(f"recommendation: {result['recommendation']}", highlight=False)
    for kind, path in paths.items():
        console.print(f"{kind}: {path}", highlight=False)


@app.command("exec")
@friendly
def exec_sql(
    sql: Annotated[str, typer.Argument(help="Oracle SQL (one SELECT/WITH query).")],
    fixture: Annotated[Path, typer.Option(help="Fixture folder.")],
    engine: Annotated[str, typer.Option(help="Engine name.")] = "duckdb",
    as_of: Annotated[str, typer.Option(help="Frozen SYSDATE (ISO date/time).")] = "2024-06-30",
    timeout: Annotated[float, typer.Option(help="Seconds before the query is interrupted.")] = 30,
    max_rows: Annotated[int, typer.Option(help="Rows to fetch at most.")] = 1000,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run one query on a fixture and print the result set the engine returns."""
    from harness.engines import ENGINES
    from harness.fixture import load_fixture

    fx = load_fixture(fixture)
    try:
        frozen = dt.datetime.fromisoformat(as_of)
    except ValueError:
        raise HarnessError(f"--as-of {as_of!r} is not an ISO date or timestamp") from None
    eng = ENGINES.get(engine)(fx, as_of=frozen)  # type: ignore[operator]
    try:
        result = eng.execute(sql, timeout_s=timeout, max_rows=max_rows)
    finally:
        eng.close()
    if json_output:
        payload: dict[str, Any] = {
            "status": result.status,
            "reason": result.reason,
            "executed_sql": result.executed_sql,
            "elapsed_s": result.elapsed_s,
        }
        if result.result is not None:
            payload.update(
                columns=result.result.columns,
                rows=[list(r) for r in result.result.rows],
                truncated=result.result.truncated,
            )
        print(json.dumps(payload, default=str, indent=2))
    else:
        if result.result is None:
            err_console.print(f"[bold]{result.status}[/]: {result.reason}", highlight=False)
        else:
            table = Table(*result.result.columns)
            for row in result.result.rows:
                table.add_row(*["NULL" if v is None else str(v) for v in row])
            console.print(table)
            note = " (truncated)" if result.result.truncated else ""
            err_console.print(
                f"{len(result.result.rows)} row(s){note} in "
                f"{result.elapsed_s:.3f} s; ran: {result.executed_sql}",
                highlight=False,
            )
    if result.status != "ok":
        raise typer.Exit(1)


@suites_app.command("list")
@friendly
def suites_list(
    root: Annotated[Path, typer.Argument(help="Folder to search.")] = Path("benchmarks/suites"),
) -> None:
    """List the suites under a folder."""
    from harness.suite import discover_suites, load_suite

    table = Table("name", "version", "questions", "modules", "fixture", "path")
    for path in discover_suites(root):
        suite = load_suite(path)
        modules = sorted({q.module or "-" for q in suite.questions})
        table.add_row(
            suite.name,
            suite.config.version,
            str(len(suite.questions)),
            ",".join(modules),
            suite.fixture.name,
            str(path),
        )
    console.print(table)


@fixture_app.command("build")
@friendly
def fixture_build(
    name: Annotated[str, typer.Argument(help="Generator name, e.g. ebs.")],
    out: Annotated[Path, typer.Option(help="Folder to write schema.sql and data/ into.")],
    scale: Annotated[float, typer.Option(help="Size multiplier; 1 loads in seconds.")] = 1.0,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same bytes.")] = 7,
) -> None:
    """Write a generated fixture folder (Oracle DDL + CSV data)."""
    import time

    from harness.fixture import GENERATORS

    generate = GENERATORS.get(name)
    if out.exists() and any(out.iterdir()):
        raise HarnessError(f"{out} is not empty; choose a new --out")
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    generate(out, scale, seed)  # type: ignore[operator]
    files = sorted(out.rglob("*.csv"))
    rows = sum(max(0, sum(1 for _ in f.open()) - 1) for f in files)
    console.print(
        f"{name} scale {scale:g} seed {seed}: {len(files)} tables, {rows:,} rows in "
        f"{time.perf_counter() - start:.1f} s -> {out}",
        highlight=False,
    )


@suites_app.command("stats")
@friendly
def suites_stats(
    suites: Annotated[
        list[Path] | None,
        typer.Argument(help="Suite folders (default: ebs-dev, ebs-test, ebs-smoke)."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    update_readme: Annotated[
        Path | None, typer.Option(help="Rewrite the generated block of this README.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 unless the EBS data requirements hold.")
    ] = False,
) -> None:
    """Counts per suite, module, difficulty and tag, and the EBS data requirements."""
    from harness.suite import load_suite
    from harness.suite_stats import EBS_SUITES, requirements, stats_markdown, suite_stats
    from harness.suite_stats import update_readme as rewrite

    paths = list(suites) if suites else default_stats_suites()
    stats = suite_stats([load_suite(p) for p in paths])
    reqs = requirements(stats) if set(EBS_SUITES) <= set(stats["suites"]) else []
    if update_readme is not None:
        update_readme.write_text(rewrite(update_readme, stats_markdown(stats)), encoding="utf-8")
        console.print(f"updated {update_readme}", highlight=False)
    elif json_output:
        stats["requirements"] = [{"requirement": r, "measured": m, "met": ok} for r, m, ok in reqs]
        print(json.dumps(stats, indent=2))
    else:
        for section in ("suites", "modules", "difficulty", "tags"):
            table = Table(section, "questions")
            for key, count in stats[section].items():
                table.add_row(key, str(count))
            console.print(table)
        if reqs:
            table = Table("requirement", "measured", "met")
            for r, m, ok in reqs:
                table.add_row(r, m, "[green]yes[/]" if ok else "[red]NO[/]")
            console.print(table)
        console.print(
            f"{stats['questions']} questions, {stats['golds']} golds, "
            f"{stats['alternative_golds']} with alternatives",
            highlight=False,
        )
    if check:
        if not reqs:
            raise HarnessError("--check needs the ebs-dev, ebs-test and ebs-smoke suites")
        if not all(ok for _, _, ok in reqs):
            raise typer.Exit(1)


def default_stats_suites() -> list[Path]:
    """ebs-dev, ebs-test and ebs-smoke when present, else every suite under benchmarks/suites."""
    from harness.suite import discover_suites
    from harness.suite_stats import EBS_SUITES

    root = Path("benchmarks/suites")
    ebs = [root / name for name in EBS_SUITES if (root / name / "suite.yaml").exists()]
    return ebs if len(ebs) == len(EBS_SUITES) else discover_suites(root)


@suites_app.command("validate")
@friendly
def suites_validate(
    suite: Annotated[Path, typer.Argument(help="Suite folder.")],
    engine: Annotated[str, typer.Option(help="Engine name.")] = "duckdb",
) -> None:
    """Check every gold: it runs, is deterministic, and is non-vacuous (unless tagged)."""
    from harness.validate import validate_suite

    problems, checked = validate_suite(Path(suite), engine)
    for problem in problems:
        console.print(f"x {problem}", highlight=False, markup=False)
    console.print(f"{checked} gold queries checked, {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)


@app.command()
@friendly
def fidelity(
    engines: Annotated[str, typer.Option(help="Comma-separated engines to compare.")] = (
        "duckdb,postgres"
    ),
    suites: Annotated[
        list[Path] | None,
        typer.Argument(help="Suite folders (default: all under benchmarks/suites)."),
    ] = None,
    skip_unavailable: Annotated[
        bool, typer.Option(help="Leave out engines that cannot start here (with a note).")
    ] = True,
) -> None:
    """Run every gold on every engine; fail on any difference between engines."""
    from harness.errors import EngineUnavailable
    from harness.fidelity import compare_engines, default_suites

    names = [n.strip() for n in engines.split(",") if n.strip()]
    paths = list(suites) if suites else default_suites()
    if not paths:
        raise HarnessError("no suites found (give suite folders or run from the repository root)")
    usable = []
    for name in names:
        try:
            from harness.runner import open_engine

            open_engine(load_first(paths[0]), name).close()
            usable.append(name)
        except EngineUnavailable as exc:
            if not skip_unavailable:
                raise
            err_console.print(f"note: engine {name} left out: {exc}", highlight=False, markup=False)
    if len(usable) < 2:
        raise HarnessError(f"fidelity needs two engines; available here: {', '.join(usable)}")
    report = compare_engines(paths, usable)
    for gap in report.gaps:
        console.print(f"gap: {gap}", highlight=False, markup=False)
    for difference in report.differences:
        console.print(f"DIFFERENCE: {difference}", highlight=False, markup=False)
    per_engine = "; ".join(
        f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        for name, counts in report.per_engine.items()
    )
    console.print(
        f"{report.golds} golds on {', '.join(usable)}: {report.agreed} agree, "
        f"{len(report.differences)} differ, {len(report.gaps)} gaps ({per_engine})",
        highlight=False,
        markup=False,
    )
    if not report.ok:
        raise typer.Exit(1)


def load_first(path: Path) -> Any:
    from harness.suite import load_suite

    return load_suite(path)


def main() -> None:  # pragma: no cover - console script
    import logging

    logging.getLogger("sqlglot").setLevel(logging.ERROR)  # parser fallbacks are not user news
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

"""``harness train``, ``harness adapters list``, ``harness merge`` and ``harness data prepare``."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from harness.cli_common import friendly
from harness.cli_data import DEFAULT_AS_OF, DEFAULT_FIXTURE, data_app

console = Console()
adapters_app = typer.Typer(no_args_is_help=True, help="Candidate adapters in adapters/.")


@data_app.command("prepare")
@friendly
def data_prepare(
    inputs: Annotated[
        list[Path],
        typer.Argument(help="JSONL {instruction, schema, output} files and/or suite folders."),
    ],
    out: Annotated[Path, typer.Option(help="Folder for the dataset and its card.")],
    fixture: Annotated[Path, typer.Option(help="Fixture to execute outputs on.")] = DEFAULT_FIXTURE,
    as_of: Annotated[str, typer.Option(help="SYSDATE of the fixture.")] = DEFAULT_AS_OF,
    template: Annotated[
        str, typer.Option(help="Prompt template (as in run configs).")
    ] = "sqlcoder",
    against: Annotated[Path | None, typer.Option(help="Suites to check leaks against.")] = Path(
        "benchmarks/suites"
    ),
    allow_leaks: Annotated[bool, typer.Option(help="Write data even if it leaks.")] = False,
    skip_leak_check: Annotated[
        bool,
        typer.Option(
            help="Do not run the leak check (data already checked, e.g. the shipped corpus)."
        ),
    ] = False,
    keep_failing: Annotated[bool, typer.Option(help="Keep (flagged) failing outputs.")] = False,
    limit: Annotated[int | None, typer.Option(help="Sample this many examples.")] = None,
    max_prompt_chars: Annotated[
        int | None,
        typer.Option(
            help="Drop examples whose prompt is longer (instead of truncating completions)."
        ),
    ] = None,
    eval_fraction: Annotated[float, typer.Option(help="Held-out share for eval loss.")] = 0.05,
) -> None:
    """Build prompt/completion training data with the evaluation prompt builder."""
    from harness.training.data import prepare

    report = prepare(
        inputs,
        out,
        fixture_path=fixture,
        as_of=as_of,
        template=template,
        against=None if skip_leak_check else against,
        allow_leaks=allow_leaks,
        keep_failing=keep_failing,
        limit=limit,
        max_prompt_chars=max_prompt_chars,
        eval_fraction=eval_fraction,
    )
    for line in report.failing[:20]:
        console.print(f"[yellow]failing[/] {line}", highlight=False)
    console.print(
        f"{report.read} read, {report.duplicates} duplicates, {report.too_long} too long, "
        f"{len(report.failing)} failing, {len(report.leaks)} leaks -> {report.kept} examples "
        f"in {out}",
        highlight=False,
    )


def train_cmd(
    config: Annotated[Path, typer.Argument(help="Training config YAML (configs/train/).")],
    print_launch: Annotated[
        bool, typer.Option("--print-launch", help="Print the exact launch command and exit.")
    ] = False,
) -> None:
    """Train a LoRA/QLoRA adapter; checkpoints are chosen by execution accuracy."""
    from harness.training.config import load_train_config
    from harness.training.trainer import launch_command, train

    cfg = load_train_config(config)
    if print_launch:
        print(shlex.join(launch_command(cfg, config)))
        return
    if cfg.launch.launcher != "python" and cfg.launch.num_processes > 1:
        console.print("multi-GPU config: run it with the launcher:", highlight=False)
        print(shlex.join(launch_command(cfg, config)))
        raise typer.Exit(2)
    folder = train(cfg)
    console.print(f"adapter registered in {folder}", highlight=False)


@adapters_app.command("list")
@friendly
def adapters_list(
    root: Annotated[Path, typer.Option(help="Registry folder.")] = Path("adapters"),
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Registered adapters with their evidence."""
    import json

    from harness.training.registry import list_adapters

    if json_output:
        print(json.dumps(list_adapters(root), indent=2))
        return

    def pct(v: float | None) -> str:
        return "-" if v is None else f"{100 * v:.1f}%"

    table = Table(
        "name",
        "base",
        "r",
        "steps",
        "dev before",
        "dev best (step)",
        "data",
        "weights",
        "merged",
        "created",
    )
    for row in list_adapters(root):
        table.add_row(
            row["name"],
            row["base"],
            str(row["r"]),
            str(row["steps"]),
            pct(row["before"]),
            f"{pct(row['best'])} ({row['best_step']})",
            row["data"],
            "yes" if row["weights"] else "no",
            "yes" if row["merged"] else "no",
            row["created"],
        )
    console.print(table)


def merge_cmd(
    adapter: Annotated[Path, typer.Argument(help="adapters/<name>")],
    out: Annotated[Path, typer.Option(help="Folder for the merged model.")],
    probes: Annotated[int, typer.Option(help="Probe prompts for the agreement check.")] = 4,
) -> None:
    """Merge an adapter into its base (vLLM-ready folder) and check greedy agreement."""
    from harness.training.merge import merge

    result = merge(adapter, out, probes=probes)
    console.print(
        f"merged into {out}: merged and unmerged agree on {result['agree']}/"
        f"{result['probes']} greedy probes",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("train")(friendly(train_cmd))
    app.command("merge")(friendly(merge_cmd))
    app.add_typer(adapters_app, name="adapters")

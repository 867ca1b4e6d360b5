"""``harness review BASELINE CANDIDATE...``: pick one of N candidates, with evidence.

Every candidate is compared with the baseline on the selection suite (ebs-dev) with the paired
statistics of ``harness compare``; p-values are Holm-adjusted across candidates (N comparisons
against one baseline). The recommendation is the most accurate candidate that beats the
baseline significantly after adjustment; when none does, the baseline stays. The chosen
candidate (and the baseline) are then run once on the final suite (ebs-test) and that single
comparison is reported: the test suite is never used to choose.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harness.compare import RunView, compare_runs, load_run
from harness.errors import HarnessError
from harness.stats import holm


def _on_suite(target: Path, suite: Path) -> RunView:
    if not target.is_file():
        raise HarnessError(f"{target}: the final-suite run needs a run config, not a run folder")
    from harness.gen.config import load_run_config
    from harness.gen.run import run_config

    cfg = load_run_config(target)
    cfg.suite = str(suite.resolve())
    cfg.out = None
    cfg.limit = None
    [result] = run_config(cfg)
    return load_run(result.folder, label=f"{cfg.name}@{suite.name}")


def review(
    baseline: Path, candidates: list[Path], *, final_suite: Path | None, alpha: float = 0.05
) -> dict[str, Any]:
    if not candidates:
        raise HarnessError("give at least one candidate")
    base = load_run(baseline)
    rows = []
    for target in candidates:
        run = load_run(target)
        rep = compare_runs(base, run, previews=False)
        o = rep["overall"]
        rows.append(
            {
                "label": run.label,
                "target": str(target),
                "folder": str(run.folder),
                "acc": o["acc_b"],
                "diff": o["diff"],
                "ci95": o["ci95"],
                "wins": o["b_only"],
                "losses": o["a_only"],
                "p": o["p_mcnemar"],
                "n": o["n"],
            }
        )
    for row, p in zip(rows, holm([r["p"] for r in rows]), strict=True):
        row["p_holm"] = p
        row["significant"] = p < alpha and row["diff"] > 0
    ranked = sorted(rows, key=lambda r: (-r["acc"], r["p_holm"], r["label"]))
    winners = [r for r in ranked if r["significant"]]
    chosen = winners[0] if winners else None
    result: dict[str, Any] = {
        "baseline": {
            "label": base.label,
            "folder": str(base.folder),
            "acc": sum(r.correct for r in base.records.values() if r.scored)
            / max(1, sum(1 for r in base.records.values() if r.scored)),
        },
        "suite": base.info.suite,
        "alpha": alpha,
        "correction": "holm",
        "candidates": ranked,
        "chosen": chosen["label"] if chosen else None,
        "recommendation": (
            f"ship {chosen['label']}: {chosen['diff'] * 100:+.1f} pp over {base.label} on "
            f"{base.info.suite} (95% CI {chosen['ci95'][0] * 100:+.1f} to "
            f"{chosen['ci95'][1] * 100:+.1f} pp, Holm-adjusted McNemar p={chosen['p_holm']:.3g})"
            if chosen
            else f"keep {base.label}: no candidate is significantly better after Holm adjustment"
        ),
        "final": None,
    }
    if chosen and final_suite is not None:
        final_base = _on_suite(baseline, final_suite)
        final_cand = _on_suite(Path(chosen["target"]), final_suite)
        rep = compare_runs(final_base, final_cand, previews=False)
        result["final"] = {
            "suite": final_base.info.suite,
            "overall": rep["overall"],
            "by_module": rep["by_module"],
        }
    return result


def review_markdown(r: dict[str, Any]) -> str:
    lines = [
        f"# Model-selection review on {r['suite']}",
        "",
        f"Baseline: {r['baseline']['label']} ({r['baseline']['acc'] * 100:.1f}%). "
        f"Candidates ranked by accuracy; p-values Holm-adjusted over "
        f"{len(r['candidates'])} comparisons (alpha {r['alpha']}).",
        "",
        "| rank | candidate | accuracy | vs baseline | 95% CI | wins/losses | p | p (Holm) "
        "| significant |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, c in enumerate(r["candidates"], start=1):
        lines.append(
            f"| {i} | {c['label']} | {c['acc'] * 100:.1f}% | {c['diff'] * 100:+.1f} pp | "
            f"[{c['ci95'][0] * 100:+.1f}, {c['ci95'][1] * 100:+.1f}] | {c['wins']}/{c['losses']} "
            f"| {c['p']:.3g} | {c['p_holm']:.3g} | {'yes' if c['significant'] else 'no'} |"
        )
    lines += ["", f"**Recommendation: {r['recommendation']}.**"]
    if r["final"]:
        o = r["final"]["overall"]
        lines += [
            "",
            f"## Final report on {r['final']['suite']} (run once)",
            "",
            f"{o['acc_a'] * 100:.1f}% -> {o['acc_b'] * 100:.1f}% "
            f"({o['diff'] * 100:+.1f} pp, 95% CI [{o['ci95'][0] * 100:+.1f}, "
            f"{o['ci95'][1] * 100:+.1f}] pp, McNemar p={o['p_mcnemar']:.3g}, "
            f"n={o['n']})",
        ]
    return "\n".join(lines) + "\n"


def write_review(r: dict[str, Any], out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "review.md", "json": out / "review.json"}
    paths["md"].write_text(review_markdown(r))
    paths["json"].write_text(json.dumps(r, indent=1, default=str) + "\n")
    return paths

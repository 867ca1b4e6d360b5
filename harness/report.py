"""Comparison reports: Markdown, a self-contained HTML page with SVG charts, and JSON."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.1f}%"


def _pp(v: float) -> str:
    return f"{100 * v:+.1f} pp"


def _ci(ci: list[float]) -> str:
    return f"[{100 * ci[0]:+.1f}, {100 * ci[1]:+.1f}] pp"


def _verdict(o: dict[str, Any]) -> str:
    if o["p_mcnemar"] < 0.05 and o["ci95"][0] > 0:
        return "B is better (significant)"
    if o["p_mcnemar"] < 0.05 and o["ci95"][1] < 0:
        return "B is worse (significant)"
    return "no significant difference"


def markdown(r: dict[str, Any]) -> str:
    o = r["overall"]
    a, b = r["a"]["label"], r["b"]["label"]
    lines = [
        f"# {a} (A) vs {b} (B) on {r['suite']['name']} v{r['suite']['version']}",
        "",
        f"{r['paired_questions']} paired questions on {r['engine']}"
        + (
            f" ({r['excluded_unscored']} unscored items left out of both)"
            if r["excluded_unscored"]
            else ""
        )
        + ".",
        "",
        "| | A | B | B - A (95% bootstrap CI) | McNemar p | wins / losses |",
        "|---|---|---|---|---|---|",
        f"| execution accuracy | {_pct(o['acc_a'])} | {_pct(o['acc_b'])} | {_pp(o['diff'])} "
        f"{_ci(o['ci95'])} | {o['p_mcnemar']:.4g} | {o['b_only']} / {o['a_only']} |",
        "",
        f"**Verdict: {_verdict(o)}.**",
    ]
    modes = r.get("schema_modes") or {}
    if "gold_tables" in modes.values():
        lines += [
            "",
            "> Note: a run used `schema_mode: gold_tables` (an upper bound that shows "
            "the gold's tables).",
        ]
    for key, title in (
        ("by_module", "module"),
        ("by_difficulty", "difficulty"),
        ("by_tag", "EBS trap tag"),
    ):
        lines += [
            "",
            f"## By {title}",
            "",
            f"| {title} | n | A | B | B - A | 95% CI | p (Holm) |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, g in r[key].items():
            lines.append(
                f"| {name} | {g['n']} | {_pct(g['acc_a'])} | {_pct(g['acc_b'])} | "
                f"{_pp(g['diff'])} | {_ci(g['ci95'])} | {g['p_holm']:.3g} |"
            )
    lines += ["", "## Status transitions (A -> B)", "", "| transition | questions |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in r["transitions"].items()] or ["| (none) | 0 |"]
    for key, title in (("won", "Won by B"), ("lost", "Lost by B")):
        lines += ["", f"## {title} ({len(r[key])})"]
        for it in r[key]:
            lines += [
                "",
                f"### {it['id']} ({it['module']}): {it['question']}",
                f"A: `{it['status_a']}` -> B: `{it['status_b']}`",
                "",
                "A:",
                "```sql",
                it["sql_a"] or "(no SQL)",
                "```",
                "B:",
                "```sql",
                it["sql_b"] or "(no SQL)",
                "```",
            ]
            if it["preview_a"] or it["preview_b"]:
                lines += [
                    "Result previews:",
                    "```",
                    f"A: {it['preview_a']}",
                    f"B: {it['preview_b']}",
                    "```",
                ]
    sa, sb = r["speed"]["a"], r["speed"]["b"]
    lines += ["", "## Latency and throughput", "", "| | A | B |", "|---|---|---|"]
    for k in ("generation_seconds", "tokens_per_s", "generated", "mean_pred_exec_s"):
        lines.append(f"| {k} | {sa.get(k)} | {sb.get(k)} |")
    lines += ["", "## Config differences", "", "| key | A | B |", "|---|---|---|"]
    lines += [f"| {k} | {v['a']} | {v['b']} |" for k, v in r["config_diff"].items()] or [
        "| (none) | | |"
    ]
    return "\n".join(lines) + "\n"


def _bars_svg(groups: dict[str, Any], chart_id: str) -> str:
    """Per-group accuracy bars for A and B with 95% interval whiskers on B - A."""
    names = list(groups)
    row_h, left, width = 26, 150, 520
    height = 40 + row_h * max(1, len(names))
    parts = [
        f'<svg id="{chart_id}" class="chart" xmlns="http://www.w3.org/2000/svg" '
        f'width="{left + width + 40}" height="{height}" role="img">',
        f'<text x="{left}" y="14" font-size="11">accuracy: A (grey) vs B (blue), '
        "whisker = A + 95% CI of (B - A)</text>",
    ]
    for i, name in enumerate(names):
        g = groups[name]
        y = 24 + i * row_h
        wa, wb = width * g["acc_a"], width * g["acc_b"]
        lo = max(0.0, g["acc_a"] + g["ci95"][0])
        hi = min(1.0, g["acc_a"] + g["ci95"][1])
        parts += [
            f'<text x="{left - 6}" y="{y + 14}" font-size="11" text-anchor="end">'
            f"{html.escape(str(name))} (n={g['n']})</text>",
            f'<rect class="bar-a" x="{left}" y="{y + 2}" width="{wa:.1f}" height="9" '
            'fill="#9e9e9e"/>',
            f'<rect class="bar-b" x="{left}" y="{y + 12}" width="{wb:.1f}" height="9" '
            'fill="#1f6fd1"/>',
            f'<line class="ci" x1="{left + width * lo:.1f}" x2="{left + width * hi:.1f}" '
            f'y1="{y + 16}" y2="{y + 16}" stroke="#111" stroke-width="1.5"/>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def _winloss_svg(r: dict[str, Any]) -> str:
    won, lost = len(r["won"]), len(r["lost"])
    total = max(1, won + lost)
    w = 520
    return (
        '<svg id="winloss" class="chart" xmlns="http://www.w3.org/2000/svg" width="600" '
        'height="60" role="img">'
        f'<rect class="won" x="0" y="10" width="{w * won / total:.1f}" height="24" '
        'fill="#2e9d4a"/>'
        f'<rect class="lost" x="{w * won / total:.1f}" y="10" width="{w * lost / total:.1f}" '
        'height="24" fill="#d1452f"/>'
        f'<text x="0" y="52" font-size="12">won by B: {won}, lost by B: {lost}</text></svg>'
    )


def html_page(r: dict[str, Any]) -> str:
    from markdown_it import MarkdownIt  # comes with rich

    body = MarkdownIt("commonmark").enable("table").render(markdown(r))
    charts = (
        "<h2>Charts</h2><h3>Per module</h3>"
        + _bars_svg(r["by_module"], "chart-module")
        + "<h3>Per difficulty</h3>"
        + _bars_svg(r["by_difficulty"], "chart-difficulty")
        + "<h3>Won and lost</h3>"
        + _winloss_svg(r)
    )
    head = body.split("</p>", 2)
    title = html.escape(f"{r['a']['label']} vs {r['b']['label']}")
    style = (
        "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;"
        "color:#111}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
        "padding:2px 8px;font-size:13px}pre{background:#f5f5f5;padding:6px;"
        "overflow-x:auto;font-size:12px}.chart{display:block;margin:6px 0}"
    )
    first = "</p>".join(head[:2]) + "</p>" if len(head) > 2 else body
    rest = head[2] if len(head) > 2 else ""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>{style}</style></head><body>{first}{charts}{rest}</body></html>\n"
    )


def write_reports(r: dict[str, Any], out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"md": out / "report.md", "html": out / "report.html", "json": out / "report.json"}
    paths["md"].write_text(markdown(r), encoding="utf-8")
    paths["html"].write_text(html_page(r), encoding="utf-8")
    paths["json"].write_text(json.dumps(r, indent=1, default=str) + "\n", encoding="utf-8")
    return paths

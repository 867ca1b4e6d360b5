"""Leak checks between training data and suites: planted leaks are caught, clean data passes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from typer.testing import CliRunner

from harness.cli import app
from harness.decontam import DEFAULT_THRESHOLD, embed, load_suite_items, normalized_key

ROOT = Path(__file__).resolve().parents[1]
SUITES = ROOT / "benchmarks" / "suites"
CORPUS = ROOT / "train" / "data" / "ebs-train.jsonl"
PARAPHRASES = ROOT / "tests" / "decontam" / "paraphrases.yaml"
runner = CliRunner()

def _items() -> dict[str, object]:
    return {item.qid: item for item in load_suite_items(SUITES)}


def test_normalized_key_ignores_aliases_case_and_layout_but_not_meaning() -> None:
    a = "SELECT aps.vendor_name FROM ap_suppliers aps WHERE aps.segment1 = '1001'"
    b = "select  S.VENDOR_NAME\nfrom AP_SUPPLIERS s\n where s.segment1='1001';"
    c = "SELECT aps.vendor_name FROM ap_suppliers aps WHERE aps.segment1 = '1002'"
    assert normalized_key(a) == normalized_key(b)
    assert normalized_key(a) != normalized_key(c)
    assert normalized_key("SELEC nonsense (") is None


def test_light_rewordings_score_above_the_threshold() -> None:
    items = _items()
    pairs = yaml.safe_load(PARAPHRASES.read_text())
    ours = embed([p["reworded"] for p in pairs])
    theirs = embed([items[p["suite_id"]].question for p in pairs])  # type: ignore[attr-defined]
    sims = (ours * theirs).sum(axis=1)
    assert len(pairs) >= 10
    ids = [p["suite_id"] for p in pairs]
    assert (sims >= DEFAULT_THRESHOLD).all(), list(zip(ids, sims, strict=True))


def test_distinct_questions_mostly_score_below_the_threshold() -> None:
    items = list(_items().values())
    dev = [i.question for i in items if i.suite == "ebs-dev"]  # type: ignore[attr-defined]
    test = [i.question for i in items if i.suite == "ebs-test"]  # type: ignore[attr-defined]
    best = (embed(dev) @ embed(test).T).max(axis=1)
    assert float(sorted(best)[len(best) // 2]) < 0.80  # the median distinct pair is far below


def _write_corpus(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_planted_leaks_are_caught(tmp_path: Path) -> None:
    items = _items()
    gold = items["dev-ap-017"].golds[0]  # type: ignore[attr-defined]
    original = items["test-ap-009"].golds[0]  # type: ignore[attr-defined]
    renamed = re.sub(r"\baps\b", "sup", re.sub(r"\baia\b", "inv", original))
    disguised = " ".join(renamed.split()).upper()  # new aliases, case and layout
    assert disguised != original
    para = yaml.safe_load(PARAPHRASES.read_text())[0]
    clean = [json.loads(line) for line in CORPUS.read_text().splitlines()[:5]]
    rows = [
        *clean[:2],
        {"id": "exact", "instruction": "Blocked validated invoices", "schema": "", "output": gold},
        {"id": "normalized", "instruction": "Per vendor, count invoices nobody validated",
         "schema": "", "output": disguised},
        {"id": "near", "instruction": para["reworded"], "schema": "",
         "output": "SELECT 1 FROM dual"},
        *clean[2:],
    ]
    train = tmp_path / "train.jsonl"
    _write_corpus(train, rows)
    report = tmp_path / "leaks.json"
    result = runner.invoke(
        app, ["data", "decontaminate", str(train), "--against", str(SUITES), "--json", str(report)]
    )
    assert result.exit_code == 1, result.output
    leaks = json.loads(report.read_text())["leaks"]
    found = {(lk["train_id"], lk["kind"], lk["qid"]) for lk in leaks}
    assert ("exact", "exact", "dev-ap-017") in found
    assert ("normalized", "normalized", "test-ap-009") in found
    assert ("near", "near-duplicate", para["suite_id"]) in found
    assert {lk["train_id"] for lk in leaks} == {"exact", "normalized", "near"}


def test_shipped_corpus_has_no_leaks(tmp_path: Path) -> None:
    report = tmp_path / "leaks.json"
    result = runner.invoke(
        app, ["data", "decontaminate", str(CORPUS), "--against", str(SUITES), "--json", str(report)]
    )
    assert result.exit_code == 0, result.output
    counts = json.loads(report.read_text())["counts"]
    assert counts == {"exact": 0, "normalized": 0, "near-duplicate": 0}


def test_suites_do_not_leak_into_each_other() -> None:
    """ebs-dev (model selection) and ebs-test (final reports) share no question or gold."""
    by_suite: dict[str, list[object]] = {}
    for item in _items().values():
        by_suite.setdefault(item.suite, []).append(item)  # type: ignore[attr-defined]
    names = ["ebs-dev", "ebs-test", "ebs-smoke"]
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            qa = {x.question.lower() for x in by_suite[a]}  # type: ignore[attr-defined]
            qb = {x.question.lower() for x in by_suite[b]}  # type: ignore[attr-defined]
            assert not qa & qb, (a, b, qa & qb)
            ga = {normalized_key(g) for x in by_suite[a] for g in x.golds}  # type: ignore[attr-defined]
            gb = {normalized_key(g) for x in by_suite[b] for g in x.golds}  # type: ignore[attr-defined]
            assert not (ga & gb) - {None}, (a, b)

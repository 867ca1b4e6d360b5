"""Bad input gets one clear error naming the file, line and field."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from harness.errors import InputError
from harness.predictions import load_predictions
from harness.suite import load_suite
from tests.helpers import write_suite

GOOD = """\
- id: a
  question: Supplier names.
  gold: SELECT vendor_name FROM ap_suppliers
"""


@pytest.mark.parametrize(
    ("questions", "line", "field", "message"),
    [
        pytest.param(
            GOOD + "- id: b\n  question: x\n  gold: SELECT 1 FROM dual\n  difficulty: hardest\n",
            7,
            "[1].difficulty",
            "easy",
            id="bad-difficulty",
        ),
        pytest.param(
            GOOD + "- id: a\n  question: again\n  gold: SELECT 1 FROM dual\n",
            4,
            "[1].id",
            "duplicate id",
            id="duplicate-id",
        ),
        pytest.param(
            GOOD + "- id: c\n  question: no gold\n",
            4,
            "[1].gold",
            "Field required",
            id="missing-gold",
        ),
        pytest.param(
            GOOD + "- id: d\n  question: q\n  gold: SELECT 1 FROM dual\n  tgas: [x]\n",
            7,
            "[1].tgas",
            "unknown field",
            id="misspelt-field",
        ),
        pytest.param(
            GOOD + "- id: e\n  question: q\n  gold: []\n",
            6,
            "[1].gold",
            "non-empty",
            id="empty-gold",
        ),
        pytest.param(
            GOOD + "- id: f\n  question: [unclosed\n", 6, None, "starts at line 5", id="yaml-syntax"
        ),
        pytest.param(
            GOOD + "- id: g\n  question: q\n  gold: SELECT 1 FROM dual\n  decimals: -1\n",
            7,
            "[1].decimals",
            "greater than",
            id="negative-decimals",
        ),
    ],
)
def test_question_errors(tmp_path, questions, line, field, message):
    suite = write_suite(tmp_path, questions)
    with pytest.raises(InputError) as info:
        load_suite(suite)
    err = info.value
    assert err.path.endswith("questions.yaml")
    assert err.line == line, str(err)
    assert err.field == field, str(err)
    assert message in str(err)


def test_suite_yaml_errors(tmp_path):
    suite = write_suite(tmp_path, GOOD)
    text = (suite / "suite.yaml").read_text()
    (suite / "suite.yaml").write_text(text.replace("timeout_s: 5", "timeout_s: -3"))
    with pytest.raises(InputError) as info:
        load_suite(suite)
    assert info.value.path.endswith("suite.yaml") and info.value.field == "timeout_s"
    assert info.value.line == 5
    (suite / "suite.yaml").write_text(text.replace("fixture: ../fixture", "fixture: ../nowhere"))
    with pytest.raises(InputError, match="does not exist") as info:
        load_suite(suite)
    assert info.value.field == "fixture" and info.value.line == 3


def test_prediction_errors(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "a", "sql": "SELECT 1 FROM dual"}\n{"id": "b", "sql": \n')
    with pytest.raises(InputError) as info:
        load_predictions(path)
    assert info.value.line == 2 and "invalid JSON" in str(info.value)
    path.write_text('{"id": "a", "sql": "x"}\n\n{"id": "a", "sql": "y"}\n')
    with pytest.raises(InputError, match="duplicate") as info:
        load_predictions(path)
    assert info.value.line == 3
    path.write_text('{"id": "a"}\n')
    with pytest.raises(InputError) as info:
        load_predictions(path)
    assert info.value.field == "sql"
    path.write_text('{"id": "zz", "sql": null}\n')
    with pytest.raises(InputError, match="not a question") as info:
        load_predictions(path, {"a"})
    assert info.value.line == 1
    path.write_text('{"id": "a", "sql": 42}\n')
    with pytest.raises(InputError) as info:
        load_predictions(path)
    assert info.value.field == "sql"


def test_cli_prints_one_line_without_traceback(tmp_path):
    suite = write_suite(
        tmp_path,
        GOOD + "- id: b\n  question: q\n  gold: SELECT 1 FROM dual\n  difficulty: impossible\n",
    )
    preds = tmp_path / "p.jsonl"
    preds.write_text(json.dumps({"id": "a", "sql": "SELECT 1 FROM dual"}) + "\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "harness.cli",
            "score",
            str(suite),
            "--predictions",
            str(preds),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "questions.yaml:7 [[1].difficulty]" in " ".join(proc.stderr.split())

"""Every `--json` line is strict JSON (RFC 8259): a figure that is not a finite number
is null, never the NaN / Infinity that Python's json writes by default and every other
parser (JavaScript's JSON.parse, Go, serde, jq) rejects."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from lstm_tui.json_out import dumps, finite
from tests.cli.helpers import run_main
from tests.conftest import TINY_JA

TINY = ["--hidden", "16", "--embed", "8", "--seq-len", "8", "--batch-size", "4", "--threads", "1"]


def _refuse(constant: str) -> Any:
    raise AssertionError(f"{constant} is not JSON")


def strict_lines(text: str) -> list[dict[str, Any]]:
    """Each line parsed as a strict parser would: NaN, Infinity and -Infinity refused."""
    return [json.loads(line, parse_constant=_refuse) for line in text.splitlines() if line.strip()]


def test_a_fine_tune_starts_with_an_evaluation_whose_train_loss_is_null(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = tmp_path / "mine.txt"
    corpus.write_text(TINY_JA, encoding="utf-8")
    parent, child = tmp_path / "parent", tmp_path / "child"
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--from", "scratch", "--steps", "2",
                            *TINY, "--no-hybrid", "--out", str(parent))  # fmt: skip
    assert code == 0, err
    # a fine-tune evaluates its parent before any step: no training loss exists yet
    code, out, err = run_main(capsys, "train", "--corpus", str(corpus), "--from", str(parent), "--steps", "1",
                              "--threads", "1", "--json", "--out", str(child))  # fmt: skip
    assert code == 0, err
    events = strict_lines(out)
    first = next(e for e in events if e["event"] == "evaluated")
    assert first["step"] == 0 and first["train_loss"] is None
    assert isinstance(first["val_loss"], float) and math.isfinite(first["val_loss"])
    assert events[-1]["event"] == "finished" and isinstance(events[-1]["train_loss"], float)
    # the other commands' --json output over that run parses strictly too
    for argv in (
        ("runs", "--json"),
        ("eval", "--model", str(child), "--corpus", str(corpus), "--json"),
        ("inspect", "--model", str(child), "--text", "🦊こんにちは🦊", "--json"),
        ("baseline", "--corpus", str(corpus), "--json"),
        ("corpora", "--json"),
    ):
        code, out, err = run_main(capsys, *argv)
        assert code == 0, (argv, err)
        assert strict_lines(out), argv


def test_finite_turns_every_non_finite_float_into_none() -> None:
    nan, inf = math.nan, math.inf
    value = {"a": nan, "b": [1.5, inf, (-inf, 2)], "c": {"d": {"e": nan}}, "f": "NaN", "g": True, "h": None, "i": 0}
    assert finite(value) == {
        "a": None,
        "b": [1.5, None, [None, 2]],
        "c": {"d": {"e": None}},
        "f": "NaN",
        "g": True,
        "h": None,
        "i": 0,
    }
    assert finite(nan) is None and finite(1e308 * 10) is None and finite(-0.0) == 0.0


def test_dumps_is_strict_and_keeps_text_readable() -> None:
    line = dumps({"train_loss": math.nan, "val_loss": 3.1, "name": "日記", "top": [["猫", math.inf]]})
    assert line == '{"train_loss": null, "val_loss": 3.1, "name": "日記", "top": [["猫", null]]}'
    assert json.loads(line, parse_constant=_refuse)["top"] == [["猫", None]]
    assert dumps({"a": [1, 2]}, indent=2) == '{\n  "a": [\n    1,\n    2\n  ]\n}'


def test_numpy_float64_is_a_float_and_checked_too() -> None:
    np = pytest.importorskip("numpy")
    assert dumps({"x": np.float64("nan"), "y": np.float64(0.5)}) == '{"x": null, "y": 0.5}'

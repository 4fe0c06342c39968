"""`lstm-tui inspect` and `lstm-tui cells`: JSON shapes, eval agreement, bad input."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.encoding import sha256_text
from tests.cli.helpers import run_main
from tests.core.bracket_model import BRACKET_TEXT, UNIT, bracket_model


def _save(folder: Path, text: str, model: torch.nn.Module | None = None) -> Path:
    torch.manual_seed(0)
    vocab = Vocab.from_text(text)
    config = TrainConfig(embed=8, hidden=16).validate()
    model = model if model is not None else build_model(config, len(vocab))
    save_run(folder, model, vocab, config, {"name": "tiny-ja", "sha256": sha256_text(text)}, RunProgress())
    return folder


@pytest.fixture
def tiny_run(tmp_path: Path, tiny_ja_file: Path) -> Path:
    return _save(tmp_path / "run", tiny_ja_file.read_text(encoding="utf-8"))


def test_json_shape_and_consistency(capsys: pytest.CaptureFixture[str], tiny_run: Path) -> None:
    code, out, err = run_main(
        capsys, "inspect", "--model", str(tiny_run), "--text", "今日は晴れです。☃楽しい", "--json"
    )
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"summary", "chars"}
    assert result["summary"]["chars"] == len("今日は晴れです。☃楽しい") == len(result["chars"])
    scored = [c for c in result["chars"] if c["p"] is not None]
    assert result["summary"]["mean_surprisal"] == pytest.approx(sum(c["surprisal"] for c in scored) / len(scored))
    assert result["summary"]["unknown_chars"] == 1 and result["chars"][8].get("unknown") is True
    for c in scored:
        assert set(c) == {"char", "p", "rank", "surprisal", "entropy", "top"}
        assert c["surprisal"] == pytest.approx(-math.log(c["p"]), rel=1e-6)
        probs = [p for _, p in c["top"]]
        assert len(probs) == 10 and probs == sorted(probs, reverse=True)
        assert (c["rank"] == 1) == (c["top"][0][0] == c["char"])


def test_split_mean_equals_eval(capsys: pytest.CaptureFixture[str], tiny_run: Path, tiny_ja_file: Path) -> None:
    for split, key in (("val", "val_loss"), ("test", "test_loss")):
        code, out, err = run_main(
            capsys, "inspect", "--model", str(tiny_run), "--corpus", str(tiny_ja_file), "--split", split, "--json"
        )
        assert code == 0, err
        mean = json.loads(out)["summary"]["mean_surprisal"]
        code, out, err = run_main(capsys, "eval", "--model", str(tiny_run), "--corpus", str(tiny_ja_file), "--json")
        evaluated = json.loads(out)
        # the pure LSTM's figure, where eval also reports an LSTM + n-gram mixture
        expected = evaluated.get(f"lstm_{key}", evaluated[key]) if key == "test_loss" else evaluated[key]
        assert abs(mean - expected) <= 0.005


def test_text_output_is_coloured(capsys: pytest.CaptureFixture[str], tiny_run: Path) -> None:
    code, out, err = run_main(
        capsys, "inspect", "--model", str(tiny_run), "--text", "今日は晴れ\nです", "--color", "always"
    )
    assert code == 0, err
    assert "\x1b[" in out and "↵" in out and "mean surprisal" in out
    code, out, _ = run_main(capsys, "inspect", "--model", str(tiny_run), "--text", "今日は晴れ", "--color", "never")
    assert "\x1b[" not in out and "今日は晴れ" in out


def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tiny_run: Path, tmp_path: Path, tiny_en_file: Path
) -> None:
    empty_run = tmp_path / "empty"
    empty_run.mkdir()
    cases = [
        ("--model", str(tiny_run), "--text", ""),
        ("--model", str(tiny_run), "--text", "☃☃☃"),
        ("--model", str(empty_run), "--text", "今日"),
        ("--model", str(tiny_run), "--corpus", str(tiny_en_file)),  # not what it trained on
        ("--model", str(tiny_run), "--text-file", str(tmp_path / "missing.txt")),
        ("--model", str(tiny_run), "--text", "今日は", "--top-k", "0"),
    ]
    for argv in cases:
        code, out, err = run_main(capsys, "inspect", *argv)
        assert code == 2, argv
        assert err.count("\n") == 1 and "Traceback" not in err, err
    code, _, err = run_main(capsys, "cells", "--model", str(tiny_run), "--corpus", str(tiny_en_file))
    assert code == 2 and err.count("\n") == 1


def test_cells_finds_the_bracket_unit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text_file = tmp_path / "brackets.txt"
    text_file.write_text(BRACKET_TEXT, encoding="utf-8")
    run = _save(tmp_path / "run", BRACKET_TEXT, bracket_model(Vocab.from_text(BRACKET_TEXT)))
    code, out, err = run_main(capsys, "cells", "--model", str(run), "--corpus", str(text_file), "--json")
    assert code == 0, err
    result = json.loads(out)
    by_name = {p["name"]: p for p in result["predicates"]}
    assert {"inside 「」", "inside brackets", "script: kanji", "position in line", "after 。 or ."} <= set(by_name)
    best = by_name["inside 「」"]["units"][0]
    assert best["unit"] == UNIT and best["corr"] > 0.99
    assert set(best) >= {"unit", "corr"}
    code, out, err = run_main(capsys, "cells", "--model", str(run), "--text-file", str(text_file), "--regex", "晴れ")
    assert code == 0, err
    assert "regex: 晴れ" in out
    code, _, err = run_main(capsys, "cells", "--model", str(run), "--text-file", str(text_file), "--regex", "(")
    assert code == 2 and "regular expression" in err

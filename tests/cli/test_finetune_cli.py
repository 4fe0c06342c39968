"""`lstm-tui train` starts Japanese text from the pretrained base; `eval --model base-ja`
gives its zero-shot figures beside the n-gram on the same text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lstm_tui.core.checkpoint import load_run
from tests.cli.helpers import run_main
from tests.conftest import TINY_JA


def test_train_on_japanese_fine_tunes_base_ja_without_flags(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "mine.txt"
    corpus.write_text(TINY_JA + "🦊と🦊\n", encoding="utf-8")
    out = tmp_path / "run"
    code, stdout, _ = run_main(capsys, "train", "--corpus", str(corpus), "--steps", "3", "--threads", "1",
                               "--json", "--out", str(out))  # fmt: skip
    assert code == 0
    finished = json.loads(stdout.strip().splitlines()[-1])
    assert finished["event"] == "finished" and finished["from"] == "base-ja"
    for key in ("test_loss", "lstm_test_loss", "ngram_test_loss"):
        assert isinstance(finished[key], float)
    run = load_run(out)
    assert run.parent is not None and run.parent["name"] == "base-ja" and run.parent["added"] >= 1
    assert run.corpus["name"] == "mine"  # the corpus's own name, not its parent's
    assert "🦊" in run.vocab and run.config.hidden == load_run("base-ja").config.hidden
    # the human line says where it started and what it added
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--steps", "2", "--threads", "1",
                            "--out", str(tmp_path / "run2"))  # fmt: skip
    assert code == 0 and "starting from base-ja" in err and "added 1 distinct character" in err


def test_from_scratch_and_a_bad_architecture_change(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "mine.txt"
    corpus.write_text(TINY_JA, encoding="utf-8")
    code, stdout, _ = run_main(capsys, "train", "--corpus", str(corpus), "--from", "scratch", "--steps", "2",
                               "--hidden", "16", "--embed", "8", "--seq-len", "8", "--batch-size", "4",
                               "--threads", "1", "--json", "--out", str(tmp_path / "s"))  # fmt: skip
    assert code == 0 and json.loads(stdout.strip().splitlines()[-1])["from"] is None
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--hidden", "16", "--out", str(tmp_path / "x"))
    assert code == 2 and "--hidden" in err and "--from scratch" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_eval_base_zero_shot_maps_unknown_characters_for_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = tmp_path / "mine.txt"
    corpus.write_text(TINY_JA + "🦊" * 3, encoding="utf-8")
    code, stdout, _ = run_main(capsys, "eval", "--model", "base-ja", "--corpus", str(corpus), "--json")
    assert code == 0
    row = json.loads(stdout)
    assert row["unknown_chars_mapped"] == 3 and row["unknown_chars_dropped"] == 0
    assert row["lstm_test_loss"] == row["test_loss"] and row["hybrid_lambda"] is None  # the base is an LSTM
    assert isinstance(row["ngram_test_loss"], float)
    # three occurrences of one character: said as occurrences (train says "added 1 distinct")
    code, stdout, _ = run_main(capsys, "eval", "--model", "base-ja", "--corpus", str(corpus))
    assert code == 0 and "3 occurrences of characters it does not know" in stdout

"""`lstm-tui freq` end to end, via a subprocess like a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "今日は楽しかったです。写真を撮ってくださいました！\n"


def freq(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    # one torch thread: the tiny test model is slower, not faster, on a shared CPU
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LSTM_TUI_HOME": str(home), "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "lstm_tui", "freq", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    return proc


@pytest.fixture
def sentence_file(tmp_path: Path) -> Path:
    p = tmp_path / "s.txt"
    p.write_text(SENTENCE * 3, encoding="utf-8")
    return p


def test_seed_format(sentence_file: Path, isolated_home: Path) -> None:
    r = freq("--text-file", str(sentence_file), "--pos", "verb", "--format", "seed", home=isolated_home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "'くださる': 3, '撮る': 3"


def test_json_and_csv(sentence_file: Path, isolated_home: Path) -> None:
    r = freq("--text-file", str(sentence_file), "--pos", "adjective", "--format", "json", home=isolated_home)
    assert json.loads(r.stdout)["rows"] == [{"word": "楽しい", "count": 3}]
    r = freq("--text-file", str(sentence_file), "--pos", "noun", "--format", "csv", "--surface", home=isolated_home)
    assert r.stdout.splitlines() == ["word,count", "今日,3", "写真,3"]


def test_table_with_filters(sentence_file: Path, isolated_home: Path) -> None:
    r = freq(
        "--text-file",
        str(sentence_file),
        "--pos",
        "all",
        "--top",
        "3",
        "--min-freq",
        "2",
        "--stopwords",
        "た",
        "--hide-hiragana",
        home=isolated_home,
    )
    assert r.returncode == 0, r.stderr
    assert "rank" in r.stdout and "た " not in r.stdout and "くださる" not in r.stdout


def test_named_corpus(tiny_ja_file: Path, isolated_home: Path) -> None:
    r = freq("--corpus", str(tiny_ja_file), "--pos", "noun", "--format", "seed", home=isolated_home)
    assert r.returncode == 0 and "'今日': 40" in r.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--text-file", "/no/such/file.txt"],
        ["--corpus", "no-such-corpus-name"],
        ["--text-file", "{f}", "--min-freq", "0"],
        ["--text-file", "{f}", "--top", "-3"],
        ["--text-file", "{f}", "--compare-model", "/no/such/run"],
    ],
)
def test_bad_input_is_one_line_exit_2(args: list[str], sentence_file: Path, isolated_home: Path) -> None:
    r = freq(*(a.format(f=sentence_file) for a in args), home=isolated_home)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_empty_and_symbol_only_files(tmp_path: Path, isolated_home: Path) -> None:
    sym = tmp_path / "sym.txt"
    sym.write_text("。！？「」…\n", encoding="utf-8")
    r = freq("--text-file", str(sym), home=isolated_home)
    assert r.returncode == 0 and "no words" in r.stdout
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = freq("--text-file", str(empty), home=isolated_home)
    assert r.returncode == 2 and "empty" in r.stderr


def _tiny_run(folder: Path, text: str) -> Path:
    """A small untrained run saved with the core's own API (a changed API fails here, never skips)."""
    from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
    from lstm_tui.core.config import TrainConfig
    from lstm_tui.core.corpus import Vocab

    config = TrainConfig(embed=8, hidden=16)
    vocab = Vocab("".join(sorted(set(text))))
    save_run(folder, build_model(config, len(vocab.chars)), vocab, config, {"name": "s"}, RunProgress())
    return folder


def test_model_and_compare_model(sentence_file: Path, tmp_path: Path, isolated_home: Path) -> None:
    run = _tiny_run(tmp_path / "run", SENTENCE)
    r = freq("--model", str(run), "--chars", "30", "--pos", "all", home=isolated_home)
    assert r.returncode == 0, r.stderr
    r = freq(
        "--text-file",
        str(sentence_file),
        "--compare-model",
        str(run),
        "--chars",
        "40",
        "--format",
        "json",
        home=isolated_home,
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"spearman", "jensen_shannon_bits", "invented"} <= set(data)

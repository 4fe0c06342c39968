"""`lstm-tui kwic` end to end as a subprocess, on the bundled 吾輩は猫である and small files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NEKO = ROOT / "corpora" / "ja-neko.txt"


def kwic(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LSTM_TUI_HOME": str(home), "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "lstm_tui", "kwic", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_every_neko_in_neko_each_line_a_span(isolated_home: Path) -> None:
    """Every 猫 of 吾輩は猫である, each line a span of the text; the cache makes a second call the same."""
    from lstm_tui.core.encoding import read_text
    from lstm_tui.morph.cache import MorphCache

    text = read_text(NEKO)
    r = kwic("--corpus", "ja-neko", "--word", "猫", "--json", home=isolated_home)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"word", "count", "lines"} and data["word"] == "猫"
    tok = MorphCache(isolated_home / "cache").tokens(text)  # the stream the command cached
    expected = [tok.span(i) for i in tok.positions("猫")]
    assert data["count"] == len(data["lines"]) == len(expected) > 200
    at = 0
    for line, (start, end) in zip(data["lines"], expected):
        assert line["match"] == "猫" == text[start:end]
        span = line["left"] + line["match"] + line["right"]
        assert text[start - len(line["left"]) : end + len(line["right"])] == span
        at = text.index(span, at)  # in text order, each a substring
    # the 猫 not listed are inside other words (野良猫, 猫又, …), never a lone 猫 missed
    inside = [tok.morpheme(i).surface for i in range(len(tok)) if tok.morpheme(i).surface != "猫"]
    assert text.count("猫") - data["count"] == sum(s.count("猫") for s in inside)


def test_sort_right_sorts_by_the_right_context(isolated_home: Path) -> None:
    r = kwic("--corpus", str(NEKO), "--word", "猫", "--sort", "right", "--json", "--width", "8", home=isolated_home)
    assert r.returncode == 0, r.stderr
    rights = [ln["right"] for ln in json.loads(r.stdout)["lines"]]
    assert rights == sorted(rights) and len(rights) > 200


def test_text_output_aligned_with_a_count(tmp_path: Path, isolated_home: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("吾輩は猫である。\n黒い猫が鳴いた。\n", encoding="utf-8")
    r = kwic("--text-file", str(f), "--word", "猫", "--width", "4", home=isolated_home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["猫 (base): 2 occurrences", "吾輩は │猫│ である。", "  黒い │猫│ が鳴いた"]


def test_no_occurrence_gives_0_and_nearest_forms(tmp_path: Path, isolated_home: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("赤シャツが来た。猫が鳴いた。\n", encoding="utf-8")
    r = kwic("--text-file", str(f), "--word", "赤シャツ", home=isolated_home)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("赤シャツ (base): 0 occurrences\nnearest forms that occur: ")
    assert "MeCab splits it" in r.stdout
    comp = tmp_path / "c.txt"
    comp.write_text("赤シャツ\n", encoding="utf-8")
    r = kwic("--text-file", str(f), "--word", "赤シャツ", "--compounds", str(comp), "--json", home=isolated_home)
    assert json.loads(r.stdout)["count"] == 1


def test_out_of_range_and_bad_files_exit_2_with_one_line(tmp_path: Path, isolated_home: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("猫がいる。\n", encoding="utf-8")
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes("赤シャツ\n".encode("cp932"))
    cases = [
        (["--width", "0"], "1–200"),
        (["--width", "500"], "1–200"),
        (["--collocates", "--window", "11"], "1–10"),
        (["--compounds", str(sjis)], "not UTF-8"),
        (["--compounds", str(tmp_path / "none.txt")], "does not exist"),
    ]
    for extra, message in cases:
        r = kwic("--text-file", str(f), "--word", "猫", *extra, home=isolated_home)
        assert r.returncode == 2, (extra, r.stdout)
        assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_collocates(tmp_path: Path, isolated_home: Path) -> None:
    f = tmp_path / "t.txt"
    f.write_text("白い猫が鳴く。\n白い猫が眠る。\n白い猫だ。\n", encoding="utf-8")
    r = kwic("--text-file", str(f), "--word", "猫", "--collocates", "--window", "2", home=isolated_home)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "猫: 3 occurrences; collocates within ±2 words" and lines[2].startswith("白い")


def test_model_source_samples_then_looks(tmp_path: Path, isolated_home: Path) -> None:
    """--model DIR: the concordance is of text sampled from the run (the same text for one seed)."""
    from lstm_tui.core.checkpoint import RunProgress, build_model, save_run
    from lstm_tui.core.config import TrainConfig
    from lstm_tui.core.corpus import Vocab

    config = TrainConfig(embed=8, hidden=16)
    vocab = Vocab("".join(sorted(set("猫が鳴く。犬が走る。\n"))))
    run = tmp_path / "run"
    save_run(run, build_model(config, len(vocab.chars)), vocab, config, {"name": "s"}, RunProgress())
    first = kwic("--model", str(run), "--word", "猫", "--by", "surface", "--chars", "300", "--json", home=isolated_home)
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["count"] == len(data["lines"]) and all(ln["match"] == "猫" for ln in data["lines"])
    again = kwic("--model", str(run), "--word", "猫", "--by", "surface", "--chars", "300", "--json", home=isolated_home)
    assert again.stdout == first.stdout

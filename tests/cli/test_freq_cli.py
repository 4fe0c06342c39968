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


# ---- keyness, a second corpus, compounds and stop-list files (issue 13) ------------------


def test_keyness_of_bocchan_against_ginga_reproduces_g2(tmp_path: Path, isolated_home: Path) -> None:
    """坊っちゃん vs 銀河鉄道の夜 (bundled slices): every row's G² follows from its own counts."""
    import math

    from tests.morph.slices import bocchan, ginga

    a, b = tmp_path / "bocchan.txt", tmp_path / "ginga.txt"
    a.write_text(bocchan(), encoding="utf-8")
    b.write_text(ginga(), encoding="utf-8")
    r = freq(
        "--text-file",
        str(a),
        "--compare-corpus",
        str(b),
        "--keyness",
        "--format",
        "json",
        "--top",
        "0",
        home=isolated_home,
    )
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"total_a", "total_b", "rows"}
    ta, tb = data["total_a"], data["total_b"]
    assert ta > 10_000 and tb > 5_000
    for row in data["rows"]:
        assert set(row) == {"word", "a", "b", "g2", "log_ratio"}
        n = row["a"] + row["b"]
        ea, eb = ta * n / (ta + tb), tb * n / (ta + tb)
        g2 = 2 * sum(o * math.log(o / e) for o, e in ((row["a"], ea), (row["b"], eb)) if o)
        assert row["g2"] == pytest.approx(g2, rel=1e-9) and row["g2"] >= 3.84
        ratio = math.log2(((row["a"] or 0.5) / ta) / ((row["b"] or 0.5) / tb))
        assert row["log_ratio"] == pytest.approx(ratio, rel=1e-9)
    words = {row["word"]: row for row in data["rows"]}
    assert words["ジョバンニ"]["log_ratio"] < 0 < words["山嵐"]["log_ratio"]  # both directions
    table = freq("--text-file", str(a), "--compare-corpus", str(b), "--keyness", "--top", "5", home=isolated_home)
    assert "bocchan uses more" in table.stdout and "ginga uses more ジョバンニ" in table.stdout
    csv_out = freq(
        "--text-file", str(a), "--compare-corpus", str(b), "--keyness", "--format", "csv", home=isolated_home
    )
    assert csv_out.stdout.splitlines()[0] == "word,a,b,g2,log_ratio"


def test_compounds_make_red_shirt_one_noun(tmp_path: Path, isolated_home: Path) -> None:
    from tests.morph.slices import bocchan

    a = tmp_path / "bocchan.txt"
    a.write_text(bocchan(), encoding="utf-8")
    comp = tmp_path / "compounds.txt"
    comp.write_text("赤シャツ\n野だ\n", encoding="utf-8")
    r = freq(
        "--text-file",
        str(a),
        "--pos",
        "noun",
        "--top",
        "0",
        "--format",
        "json",
        "--compounds",
        str(comp),
        home=isolated_home,
    )
    assert r.returncode == 0, r.stderr
    counts = {row["word"]: row["count"] for row in json.loads(r.stdout)["rows"]}
    assert 160 <= counts["赤シャツ"] <= 180 and counts["野だ"] > 60
    plain = freq("--text-file", str(a), "--pos", "noun", "--top", "0", "--format", "json", home=isolated_home)
    before = {row["word"]: row["count"] for row in json.loads(plain.stdout)["rows"]}
    assert "赤シャツ" not in before and before["シャツ"] - counts.get("シャツ", 0) == counts["赤シャツ"]


def test_bad_compound_and_stoplist_files_exit_2(tmp_path: Path, sentence_file: Path, isolated_home: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    sjis = tmp_path / "sjis.txt"
    sjis.write_bytes("写真\n".encode("cp932"))
    for flag, path, message in [
        ("--compounds", empty, "has no words"),
        ("--stoplist", sjis, "not UTF-8"),
        ("--stoplist", tmp_path / "missing.txt", "does not exist"),
    ]:
        r = freq("--text-file", str(sentence_file), flag, str(path), home=isolated_home)
        assert r.returncode == 2 and message in r.stderr and not r.stdout, (flag, r.stderr)
    stop = tmp_path / "stop.txt"
    stop.write_text("写真\n", encoding="utf-8")
    r = freq("--text-file", str(sentence_file), "--pos", "noun", "--stoplist", str(stop), home=isolated_home)
    assert r.returncode == 0 and "写真" not in r.stdout


def test_keyness_needs_a_second_text(sentence_file: Path, isolated_home: Path) -> None:
    r = freq("--text-file", str(sentence_file), "--keyness", home=isolated_home)
    assert r.returncode == 2 and "--compare-corpus" in r.stderr


def test_keyness_against_a_model(tmp_path: Path, isolated_home: Path) -> None:
    """freq --compare-model DIR --keyness: the corpus is A, the sampled text B; G² recomputes."""
    import math

    corpus = tmp_path / "c.txt"
    corpus.write_text("先生は猫を見た。先生は犬を見た。\n" * 20, encoding="utf-8")
    run = _tiny_run(tmp_path / "run", corpus.read_text(encoding="utf-8"))
    args = ["--text-file", str(corpus), "--compare-model", str(run), "--keyness", "--pos", "all", "--chars", "400"]
    r = freq(*args, "--format", "json", "--min-g2", "0", home=isolated_home)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    ta, tb = data["total_a"], data["total_b"]
    assert ta > 0 and tb > 0 and data["rows"]
    for row in data["rows"]:
        n = row["a"] + row["b"]
        g2 = 2 * sum(o * math.log(o / (t * n / (ta + tb))) for o, t in ((row["a"], ta), (row["b"], tb)) if o)
        assert row["g2"] == pytest.approx(g2, rel=1e-9)
    table = freq(*args, home=isolated_home)
    assert table.returncode == 0 and "the model overuses" in table.stdout

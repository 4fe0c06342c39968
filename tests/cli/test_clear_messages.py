"""Issue 16's unclear messages, damaged caches and runaway settings, through the real
command line in this process: each gives one clear line (or works), never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lstm_tui.terminal import sanitize
from tests.cli.helpers import run_main
from tests.reliability.helpers import SMALL, TEXT, assert_one_line, make_run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("msg") / "run")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    p = tmp_path / "tiny.txt"
    p.write_text(TEXT, encoding="utf-8")
    return p


# ---- control sequences are shown, never obeyed ----


def test_sanitize_escapes_every_control_but_tab_and_newline() -> None:
    assert sanitize("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert sanitize("\x1b]0;title\x07") == "\\x1b]0;title\\x07"
    assert sanitize("x\ty\nz") == "x\ty\nz"
    assert sanitize("\x9b31m\r\x7f") == "\\x9b31m\\x0d\\x7f"


def test_escape_sequences_in_a_prefix_never_reach_the_terminal(capsys, run_dir: Path) -> None:
    prefix = "the \x1b[2J\x1b]0;pwned\x07 cat"
    code, out, err = run_main(capsys, "sample", "--model", str(run_dir), "--prefix", prefix, "--length", "5")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x1b" not in err
    assert out.startswith("the \\x1b[2J\\x1b]0;pwned\\x07 cat")
    assert "skipped" in err


def test_a_file_name_with_an_escape_is_shown_escaped(capsys, tmp_path: Path) -> None:
    code, _, err = run_main(capsys, "train", "--corpus", str(tmp_path / "\x1b[2Jevil.txt"))
    line = assert_one_line(code, err, "no such corpus file")
    assert "\x1b" not in line and "\\x1b[2Jevil.txt" in line


# ---- unclear messages ----


def test_a_dash_value_gets_the_equals_hint(capsys, run_dir: Path) -> None:
    code, _, err = run_main(capsys, "sample", "--model", str(run_dir), "--prefix", "-abc")
    assert_one_line(code, err, "expected one argument", "--prefix=-abc")
    code, out, _ = run_main(capsys, "sample", "--model", str(run_dir), "--prefix=-abc", "--length", "1")
    assert code == 0 and out.startswith("-abc")


def test_an_empty_lstm_tui_home_is_reported(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LSTM_TUI_HOME", "")
    code, _, err = run_main(capsys, "corpora")
    assert_one_line(code, err, "LSTM_TUI_HOME is set but empty")


def test_an_empty_name_is_reported(capsys, corpus: Path) -> None:
    code, _, err = run_main(capsys, "import", str(corpus), "--name", "")
    assert_one_line(code, err, "bad corpus name ''")


def test_a_folder_named_like_a_corpus_is_not_listed(capsys, isolated_home: Path) -> None:
    (isolated_home / "corpora" / "x.txt").mkdir(parents=True)
    code, out, err = run_main(capsys, "corpora", "--json")
    assert code == 0 and err == ""
    assert "x" not in {json.loads(line)["name"] for line in out.splitlines()}
    code, _, err = run_main(capsys, "train", "--corpus", "x")
    assert_one_line(code, err, "unknown corpus 'x'")


def test_resuming_after_the_corpus_file_was_deleted_names_it(capsys, tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "run"
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--steps", "2", "--out", str(out), *SMALL)
    assert code == 0, err
    corpus.unlink()
    code, _, err = run_main(capsys, "train", "--resume", str(out), "--steps", "2")
    assert_one_line(code, err, "was trained on corpus 'tiny'", str(corpus), "no longer there", "--corpus")


def test_seed_format_with_no_words_says_so(capsys, tmp_path: Path) -> None:
    text = tmp_path / "kana.txt"
    text.write_text("あいうえお。\n" * 20, encoding="utf-8")
    code, out, err = run_main(capsys, "freq", "--text-file", str(text), "--pos", "adjective", "--format", "seed")
    assert code == 0 and out == ""
    assert "no adjective words" in err


# ---- runaway settings ----


def test_threads_beyond_the_cores_are_capped_with_a_warning(capsys, tmp_path: Path, corpus: Path) -> None:
    from lstm_tui.core.cpus import usable_cores

    out = tmp_path / "run"
    small = [a for a in SMALL if a not in ("--threads", "1")]
    code, _, err = run_main(
        capsys, "train", "--corpus", str(corpus), "--steps", "2", "--out", str(out), *small, "--threads", "1024"
    )
    assert code == 0, err
    assert f"--threads 1024 is more than the {usable_cores()} usable cores" in err
    from lstm_tui.core.checkpoint import load_run

    assert load_run(out).config.threads == usable_cores()


def test_a_model_too_big_for_memory_is_refused_before_it_is_built(capsys, tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "huge"
    code, _, err = run_main(
        capsys, "train", "--corpus", str(corpus), "--steps", "1", "--out", str(out),
        "--hidden", "8192", "--layers", "8", "--embed", "4096",
    )  # fmt: skip
    assert_one_line(code, err, "needs about", "GB", "choose a smaller")
    assert not out.exists()  # refused before any folder was made


def test_an_allocation_failure_is_one_line(capsys, monkeypatch, tmp_path: Path, corpus: Path) -> None:
    from lstm_tui.core import checkpoint

    def fail(*a: object, **k: object) -> None:
        raise RuntimeError("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory")

    monkeypatch.setattr(checkpoint, "build_model", fail)
    monkeypatch.setattr("lstm_tui.core.training.check_memory", lambda *a: None)
    out = tmp_path / "run"
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--steps", "1", "--out", str(out), *SMALL)
    assert_one_line(code, err, "not enough memory", "smaller model")
    assert not out.exists()


def test_a_nan_clock_is_refused_not_trained_forever(capsys, tmp_path: Path, run_dir: Path, corpus: Path) -> None:
    run = shutil.copytree(run_dir, tmp_path / "run")
    text = (run / "run.json").read_text(encoding="utf-8")
    meta = json.loads(text)
    meta["progress"]["elapsed_s"] = float("nan")
    (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")
    code, _, err = run_main(capsys, "train", "--resume", str(run), "--corpus", str(corpus), "--time-limit", "3")
    assert_one_line(code, err, "elapsed_s", "finite")


# ---- damaged caches are rebuilt, never fatal ----


@pytest.mark.parametrize(
    "content",
    ["[1, 2, 3]", "{not json", "[" * 50_000, '{"/x.txt": {"chars": "many"}}', "null", '"a string"'],
    ids=["list", "broken", "nested", "wrong-types", "null", "string"],
)
def test_a_damaged_corpus_count_cache_is_rebuilt(capsys, isolated_home: Path, content: str) -> None:
    cache = isolated_home / "cache" / "corpus-counts.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(content, encoding="utf-8")
    code, out, err = run_main(capsys, "corpora")
    assert code == 0 and err == "" and "default:" in out


def test_a_count_cache_entry_with_wrong_types_is_counted_again(capsys, isolated_home: Path) -> None:
    from lstm_tui.catalog import list_corpora

    first = list_corpora()[0]
    cache = isolated_home / "cache" / "corpus-counts.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    for entry in data.values():
        entry["chars"] = "lots"
    cache.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_main(capsys, "corpora")
    assert code == 0 and err == "" and f"{first.chars:,}" in out


@pytest.mark.parametrize("content", ["[]", '"x"', "[" * 50_000, '{"tag": 5}'], ids=["list", "string", "nested", "odd"])
def test_a_damaged_morph_cache_is_rebuilt(
    capsys, monkeypatch: pytest.MonkeyPatch, isolated_home: Path, tmp_path: Path, content: str
) -> None:
    from lstm_tui.morph import cache as morph_cache

    # each run starts with an empty memory cache, as a fresh process does
    monkeypatch.setattr(morph_cache, "_shared", None)
    text = tmp_path / "ja.txt"
    text.write_text("今日は楽しい一日でした。\n" * 10, encoding="utf-8")
    code, first, err = run_main(capsys, "freq", "--text-file", str(text), "--format", "json")
    assert code == 0, err
    files = list((isolated_home / "cache").glob("*.json"))
    assert files
    for f in files:
        f.write_text(content, encoding="utf-8")
    monkeypatch.setattr(morph_cache, "_shared", None)
    code, again, err = run_main(capsys, "freq", "--text-file", str(text), "--format", "json")
    assert code == 0 and err == "" and again == first


def test_an_unexpected_error_is_one_line_with_exit_1(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    import lstm_tui.commands.corpora as corpora

    def boom(args: object) -> int:
        raise AttributeError("'list' object has no attribute 'get'")

    monkeypatch.setattr(corpora, "run", boom)
    monkeypatch.delenv("LSTM_TUI_DEBUG", raising=False)
    code, _, err = run_main(capsys, "corpora")
    assert_one_line(code, err, "internal error", "AttributeError", "LSTM_TUI_DEBUG=1", exit_code=1)


@pytest.mark.parametrize("content", ["[]", "[" * 50_000, "{}", "fifo"], ids=["list", "nested", "empty", "fifo"])
def test_a_damaged_ngram_cache_is_rebuilt(capsys, tmp_path: Path, corpus: Path, content: str) -> None:
    import os

    from lstm_tui.core import ngram_cache

    ngram_cache._MEMORY.clear()  # as a fresh process starts
    code, first, err = run_main(capsys, "baseline", "--corpus", str(corpus), "--json")
    assert code == 0, err
    files = list(ngram_cache.cache_dir().glob("*.json"))
    assert files
    for f in files:
        f.unlink()
        if content == "fifo":
            os.mkfifo(f)  # opening it would block: it must be skipped and rebuilt
        else:
            f.write_text(content, encoding="utf-8")
    ngram_cache._MEMORY.clear()
    code, again, err = run_main(capsys, "baseline", "--corpus", str(corpus), "--json")
    assert code == 0, err
    a, b = json.loads(first), json.loads(again)
    assert a["val_loss"] == b["val_loss"] and a["test_loss"] == b["test_loss"] and a["order"] == b["order"]


def test_listing_runs_survives_a_log_that_is_a_folder(capsys, isolated_home: Path, run_dir: Path) -> None:
    run = shutil.copytree(run_dir, isolated_home / "models" / "odd")
    (run / "metrics.jsonl").unlink()
    (run / "metrics.jsonl").mkdir()  # only a log: listing shows the run; resume refuses it
    code, out, err = run_main(capsys, "runs", "--json")
    assert code == 0, err
    assert "odd" in out


def test_the_app_with_an_empty_lstm_tui_home_is_one_line(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LSTM_TUI_HOME", "")
    code, _, err = run_main(capsys)
    assert_one_line(code, err, "LSTM_TUI_HOME is set but empty")

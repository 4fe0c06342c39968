"""The commands' aligned tables pad by terminal columns, not characters: a kanji or kana
takes two columns, so a column after a Japanese name starts where it does after an ASCII
one (`runs`, `corpora`, `cells`, `freq --compare-corpus`), and a cut path is cut to its
width in columns (`corpora`'s SOURCE)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lstm_tui.paths import user_models_dir
from lstm_tui.terminal import char_width, columns, display_width, keep_end, pad
from tests.cli.helpers import run_main
from tests.conftest import TINY_JA

TINY = ["--hidden", "16", "--embed", "8", "--seq-len", "8", "--batch-size", "4", "--threads", "1"]

# Widths known independently of unicodedata: every character of these strings is drawn
# two columns wide by a terminal; "…", "—" and "‰" one (a cut mark, the filler, a heading).
WIDE = set(
    "日記長い名前のフォルダ猫犬鳥が好きですとも見る走る花咲く空青いを"
    "「」『』。、！（）こんにちは今晴れ写真撮ってくださいましたライブありがとうござおよろしく願"
)
NARROW = set("…—‰")


def cols(text: str) -> int:
    """Terminal columns of text, from the table above (an unlisted character fails)."""
    total = 0
    for ch in text:
        if ch.isascii():
            total += 1
        elif ch in WIDE:
            total += 2
        elif ch in NARROW:
            total += 1
        else:
            raise AssertionError(f"no known width for {ch!r}: add it to WIDE or NARROW")
    return total


def _column_at(line: str, index: int) -> int:
    """The terminal column where line[index] is drawn."""
    return cols(line[:index])


def test_runs_table_aligns_japanese_run_and_corpus_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for stem in ("日記", "diary"):
        corpus = tmp_path / f"{stem}.txt"
        corpus.write_text(TINY_JA, encoding="utf-8")
        out = user_models_dir() / f"{stem}-20261207-020827"
        code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--from", "scratch", "--steps", "2", *TINY,
                                "--no-hybrid", "--out", str(out))  # fmt: skip
        assert code == 0, err
    code, out, err = run_main(capsys, "runs")
    assert code == 0, err
    lines = out.splitlines()
    header = lines[0]
    rows = [next(line for line in lines if line.startswith(f"{stem}-20261207-020827 ")) for stem in ("日記", "diary")]
    # the corpus column (the second), "from" (the third) and "saved" (the last) start at
    # the same terminal column in the header and in both rows
    assert {_column_at(r, r.index(stem, 5)) for r, stem in zip(rows, ("日記", "diary"))} == {
        _column_at(header, header.index("corpus"))
    }
    assert {_column_at(r, r.index("scratch")) for r in rows} == {_column_at(header, header.index("from"))}
    saved = [re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d$", r) for r in rows]
    assert all(saved)
    assert {_column_at(r, m.start()) for r, m in zip(rows, saved) if m} == {_column_at(header, header.index("saved"))}


def test_corpora_table_aligns_japanese_names_and_cuts_the_source_by_columns(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / ("長い名前のフォルダ" * 3)
    folder.mkdir()
    source = folder / "日記.txt"
    source.write_text(TINY_JA, encoding="utf-8")
    code, _, err = run_main(capsys, "import", str(source))
    assert code == 0, err
    code, out, err = run_main(capsys, "corpora", "--json")
    assert code == 0, err
    listed = {r["name"]: r for r in map(json.loads, out.splitlines())}
    code, out, err = run_main(capsys, "corpora")
    assert code == 0, err
    lines = out.splitlines()
    header = lines[0]
    names = ("日記", "ja-soseki")
    rows = [next(line for line in lines if line.startswith(f"{name} ")) for name in names]
    lang = [re.match(r"(\S+) +(ja) ", r) for r in rows]
    assert all(lang)
    assert {_column_at(r, m.start(2)) for r, m in zip(rows, lang) if m} == {_column_at(header, header.index("LANG"))}
    # CHARS is right-aligned: its figures end where the heading ends
    ends = {
        _column_at(r, r.index(f"{listed[n]['chars']:,}") + len(f"{listed[n]['chars']:,}")) for r, n in zip(rows, names)
    }
    assert ends == {_column_at(header, header.index("CHARS") + len("CHARS"))}
    assert {_column_at(r, r.index(listed[n]["path"])) for r, n in zip(rows, names)} == {
        _column_at(header, header.index("PATH"))
    }
    # the source path is longer than 40 columns: its end is kept, within 40 columns
    cell = rows[0][: rows[0].index(listed["日記"]["path"])].rstrip().rsplit("  ", 1)[-1]
    assert cell.startswith("…") and cell.endswith("/日記.txt") and cols(cell) <= 40 and cols(cell) >= 39


def test_cells_table_aligns_names_holding_wide_brackets(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    corpus = tmp_path / "c.txt"
    corpus.write_text(TINY_JA, encoding="utf-8")
    run = tmp_path / "run"
    code, _, err = run_main(capsys, "train", "--corpus", str(corpus), "--from", "scratch", "--steps", "2", *TINY,
                            "--no-hybrid", "--out", str(run))  # fmt: skip
    assert code == 0, err
    code, out, err = run_main(capsys, "cells", "--model", str(run), "--text-file", str(corpus), "--regex", "晴れ")
    assert code == 0, err
    rows = out.splitlines()[1:]
    assert any(r.startswith("inside 「」 ") for r in rows) and any(r.startswith("regex: 晴れ ") for r in rows)
    starts = {_column_at(r, re.match(r".*?\S {2,}(?=\S)", r).end()) for r in rows}  # type: ignore[union-attr]
    assert len(starts) == 1, rows


def test_freq_comparison_table_aligns_japanese_words(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("猫が好きです。犬も好きです。鳥を見る。空が青い。花が咲く。\n" * 5, encoding="utf-8")
    b.write_text("犬が走る。猫も走る。空が青い。花が咲く。\n" * 5, encoding="utf-8")
    code, out, err = run_main(capsys, "freq", "--text-file", str(a), "--compare-corpus", str(b), "--pos", "all")
    assert code == 0, err
    lines = out.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("word ")))
    table = lines[start : lines.index("", start)]
    assert len(table) > 3
    # the figures are right-aligned: every line of the table ends at the same column
    assert len({cols(line) for line in table}) == 1, table


def test_widths_of_the_helper() -> None:
    assert [char_width(c) for c in "aア日ｱ！\u3099\u200b\x1b"] == [1, 2, 2, 1, 2, 0, 0, 4]
    assert display_width("日記-2026") == 9 and display_width("か\u3099") == 2 and display_width("") == 0
    assert display_width("🦊") == 2 and display_width("…—") == 2
    assert pad("日記", 6) == "日記  " and pad("日記", 6, right=True) == "  日記" and pad("日記", 3) == "日記"
    assert keep_end("abc", 3) == "abc" and keep_end("/a/日記.txt", 9) == "…日記.txt"
    assert keep_end("/a/長い日記.txt", 10) == "…日記.txt"  # 長い would make 12; 11 is one too many
    assert columns([["名前", "n"], ["ab", "10"]], right={1}) == ["名前   n", "ab    10"]
    assert columns([]) == []

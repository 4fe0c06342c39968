"""Analyzer: base forms, unknown words, edge input, bounded chunks, clear errors."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from lstm_tui.morph import analyzer
from lstm_tui.morph.analyzer import MAX_CHUNK, Analyzer, MorphError, analyze, iter_chunks, wakati

SENTENCE = "今日は楽しかったです。写真を撮ってくださいました！"


def test_base_forms_from_orthbase() -> None:
    bases = {m.surface: m.base for m in analyze(SENTENCE)}
    assert bases["撮っ"] == "撮る"
    assert bases["ください"] == "くださる"
    assert bases["楽しかっ"] == "楽しい"


def test_unknown_word_falls_back_to_surface() -> None:
    ms = list(analyze("Zzyzxqq"))
    assert ms and all(m.base == m.surface for m in ms)


def test_fast_rows_match_node_walk() -> None:
    a = analyzer.get_analyzer()
    text = SENTENCE + "\nZzyzx a,b 1,000円　三\n\n" + SENTENCE
    assert list(a.morphemes(text)) == list(a.nodes(text))
    assert a.count(text) == Counter(a.nodes(text))


@pytest.mark.parametrize("text", ["", "\n\n", "\x00\x00", "。、！？「」", "hello world 123", "\t \t"])
def test_edge_inputs_do_not_crash(text: str) -> None:
    ms = list(analyze(text))
    assert all(m.surface and "\x00" not in m.surface for m in ms)
    assert isinstance(wakati(text), str)


def test_nul_is_removed() -> None:
    assert [m.surface for m in analyze("写\x00真")] == ["写真"]


def test_long_line_is_cut_into_bounded_chunks() -> None:
    line = "今日は楽しかった" * 200_000  # ≈1.6 M chars, no newline, no punctuation
    chunks = iter_chunks(line)
    first = next(chunks)
    assert len(first) <= MAX_CHUNK
    assert sum(len(c) for c in iter_chunks("あ。" * 5000)) == 10000


def test_one_megabyte_line_is_counted() -> None:
    text = "写真を撮った。" * 150_000  # ≈1 MB, no newline
    counts = analyzer.get_analyzer().count(text)
    assert sum(n for m, n in counts.items() if m.base == "写真") == 150_000


def test_wakati_keeps_lines() -> None:
    out = wakati("今日は楽しかった\n\n写真を撮った")
    assert out.split("\n") == ["今日 は 楽しかっ た", "", "写真 を 撮っ た"]


def test_dictionary_path_with_spaces(tmp_path: Path) -> None:
    import unidic_lite

    spaced = tmp_path / "a folder with spaces"
    spaced.mkdir()
    (spaced / "dic dir").symlink_to(unidic_lite.DICDIR, target_is_directory=True)
    a = Analyzer(spaced / "dic dir")
    assert [m.base for m in a.morphemes("撮って")][0] == "撮る"


def test_missing_dictionary_is_one_clear_line(tmp_path: Path) -> None:
    with pytest.raises(MorphError) as info:
        Analyzer(tmp_path / "nowhere")
    msg = str(info.value)
    assert "\n" not in msg and "pip install" in msg


def test_missing_mecab_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def fake_import(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "MeCab":
            raise ImportError("no MeCab")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", fake_import)
    with pytest.raises(MorphError, match="pip install mecab-python3"):
        analyzer.make_tagger()


def test_tagger_args_quote_spaces() -> None:
    args = analyzer.tagger_args(Path("/x y/dic"))
    assert "'/x y/dic'" in args and "-r" in args and os.sep in args

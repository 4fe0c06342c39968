"""User compounds counted as one noun; word-list files read strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_tui.errors import ConfigError
from lstm_tui.morph.compounds import COMPOUND_POS2, merge_compounds, parse_words, read_word_list
from lstm_tui.morph.tokens import tokenize

TEXT = "赤シャツと野だが来た。野だいこは赤いシャツを着た。\n赤シャツ\n"


def _count(tok, word: str) -> int:  # type: ignore[no-untyped-def]
    return sum(n for m, n in tok.counts().items() if m.base == word)


def test_compounds_count_as_one_noun() -> None:
    plain = tokenize(TEXT)
    assert _count(plain, "赤シャツ") == 0 and _count(plain, "シャツ") == 3
    merged = merge_compounds(plain, ["赤シャツ", "野だ"])
    assert _count(merged, "赤シャツ") == 2
    assert _count(merged, "シャツ") == 1  # 赤いシャツ: not the compound
    assert _count(merged, "野だ") == 1  # 野だいこ is 野 + だいこ: the compound's end falls inside a token
    forms = {m for m in merged.counts() if m.base == "赤シャツ"}
    assert {(m.pos1, m.pos2) for m in forms} == {("名詞", COMPOUND_POS2)}
    for i in range(len(merged)):  # every token is still a span of the text
        s, e = merged.span(i)
        assert merged.text[s:e] == merged.morpheme(i).surface


def test_nothing_to_join_returns_the_same_tokens() -> None:
    tok = tokenize(TEXT)
    assert merge_compounds(tok, []) is tok
    assert merge_compounds(tok, ["青シャツ"]) is tok


def test_bocchan_red_shirt(tmp_path: Path) -> None:
    """坊っちゃん from the bundled ja-soseki: 赤シャツ is one noun about 170 times."""
    from tests.morph.slices import bocchan

    text = bocchan()
    merged = merge_compounds(tokenize(text), ["赤シャツ"])
    n = _count(merged, "赤シャツ")
    assert n == text.count("赤シャツ") and 160 <= n <= 180


def test_word_lists_one_per_line_with_comments() -> None:
    assert parse_words("赤シャツ\n# a comment\n野だ, 山嵐\n\n赤シャツ\n") == ("赤シャツ", "野だ", "山嵐")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "has no words"),
        (b"# only a comment\n\n", "has no words"),
        ("赤シャツ\n".encode("cp932"), r"not UTF-8 \(it looks like Shift_JIS\)"),
        (b"\x00\x01binary", "not text"),
    ],
)
def test_bad_word_list_files_are_refused_clearly(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / "list.txt"
    p.write_bytes(content)
    with pytest.raises(ConfigError, match=message):
        read_word_list(p, "compounds")


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        read_word_list(tmp_path / "nope.txt")
    with pytest.raises(ConfigError, match="folder"):
        read_word_list(tmp_path)


def test_utf8_with_bom_is_fine(tmp_path: Path) -> None:
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff赤シャツ\r\n野だ\r\n".encode())
    assert read_word_list(p) == ("赤シャツ", "野だ")


def test_user_compounds_file_per_corpus_then_global(isolated_home: Path) -> None:
    from lstm_tui.morph.compounds import user_compounds_file, words_or_file

    assert user_compounds_file("ja-soseki") is None
    (isolated_home / "compounds.txt").write_text("赤シャツ\n", encoding="utf-8")
    assert user_compounds_file("ja-soseki") == isolated_home / "compounds.txt"
    own = isolated_home / "compounds" / "ja-soseki.txt"
    own.parent.mkdir()
    own.write_text("野だ\n", encoding="utf-8")
    assert user_compounds_file("ja-soseki") == own
    assert words_or_file(str(own), "compounds") == ("野だ",)
    assert words_or_file("赤シャツ, 野だ 山嵐", "compounds") == ("赤シャツ", "野だ", "山嵐")
    assert words_or_file("  ", "compounds") == ()

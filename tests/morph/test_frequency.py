"""Frequency tables: the must-show sentence, filters, renderers, edge input, 坊っちゃん."""

from __future__ import annotations

import json

import pytest

from lstm_tui.errors import UserError
from lstm_tui.morph.cache import frequency_table
from lstm_tui.morph.frequency import (
    DEFAULT_STOPWORDS,
    FreqOptions,
    format_seed,
    is_hiragana_only,
    parse_stopwords,
    render,
)

SENTENCE = "今日は楽しかったです。写真を撮ってくださいました！"


def table(text: str, **kw: object) -> dict[str, int]:
    return frequency_table(text, FreqOptions(top=0, **kw)).as_dict()  # type: ignore[arg-type]


def test_must_show_sentence() -> None:
    assert table(SENTENCE, pos="adjective") == {"楽しい": 1}
    verbs = table(SENTENCE, pos="verb")
    assert {"撮る", "くださる"} <= set(verbs)
    nouns = table(SENTENCE, pos="noun")
    assert {"今日", "写真"} <= set(nouns)
    assert set(table(SENTENCE, pos="content")) == {"楽しい", "撮る", "くださる", "今日", "写真"}


def test_surface_switch() -> None:
    assert table(SENTENCE, pos="verb", use_surface=True) == {"撮っ": 1, "ください": 1}


def test_keiyodoshi_and_pronouns_are_optional() -> None:
    text = "私は静かな部屋が好きだ。"
    assert "静か" not in table(text, pos="adjective")
    assert "静か" in table(text, pos="adjective", with_keiyodoshi=True)
    assert "私" not in table(text, pos="noun")
    assert "私" in table(text, pos="noun", with_pronouns=True)


def test_stopwords_numerals_symbols_hidden() -> None:
    text = "そういうことがある。三人で1,000円のものを買う。！？"
    words = table(text, pos="all")
    assert not {"こと", "もの", "三", "1", "000", "。", "！"} & set(words)
    assert "こと" in table(text, pos="noun", stopwords=frozenset())


def test_hide_hiragana_and_min_freq_and_top() -> None:
    text = "ことばを食べる。ことばを食べる。猫を見る。"
    assert "ことば" not in table(text, pos="noun", hide_hiragana=True)
    assert table(text, pos="verb", min_freq=2) == {"食べる": 2}
    assert len(frequency_table(text, FreqOptions(pos="content", top=1)).rows) == 1


def test_options_are_frozen_hashable_and_validated() -> None:
    o = FreqOptions(stopwords=["ため", " "])  # type: ignore[arg-type]
    assert o.stopwords == frozenset({"ため"}) and hash(o)
    assert FreqOptions().stopwords == DEFAULT_STOPWORDS
    for bad in ({"pos": "adverb"}, {"top": -1}, {"min_freq": 0}):
        with pytest.raises(UserError):
            FreqOptions(**bad)  # type: ignore[arg-type]
    assert json.loads(o.key())["stopwords"] == ["ため"]


def test_parse_stopwords() -> None:
    assert parse_stopwords("default") == DEFAULT_STOPWORDS
    assert parse_stopwords("") == frozenset()
    assert parse_stopwords("事, 物、時") == {"事", "物", "時"}


def test_is_hiragana_only() -> None:
    assert is_hiragana_only("ありがとー") and not is_hiragana_only("写真") and not is_hiragana_only("")


def test_seed_style_matches_the_ancestor() -> None:
    assert format_seed([("する", 21), ("くださる", 10), ("楽しい", 3)]) == "'する': 21, 'くださる': 10, '楽しい': 3"


def test_renderers() -> None:
    t = frequency_table(SENTENCE, FreqOptions(pos="verb"))
    assert render(t, "csv").splitlines()[0] == "word,count"
    assert json.loads(render(t, "json"))["rows"][0]["count"] == 1
    assert "撮る" in render(t, "table")
    assert render(t, "seed") == "'くださる': 1, '撮る': 1"
    with pytest.raises(UserError):
        render(t, "xml")


@pytest.mark.parametrize("text", ["", "\x00写真\x00", "。！？…「」（）", "only ascii words here 123", "　\n\n"])
def test_edge_inputs_give_tables(text: str) -> None:
    t = frequency_table(text, FreqOptions(pos="all"))
    assert "\x00" not in "".join(w for w, _ in t.rows)
    assert render(t, "table")  # an empty table renders as a clear message


def test_empty_table_message() -> None:
    assert "no words" in render(frequency_table("", FreqOptions()), "table")


def test_ascii_words_are_nouns() -> None:
    assert "hello" in table("hello world hello", pos="noun")


def _botchan() -> str:
    """坊っちゃん as bundled: the first work of ja-soseki, cleaned by the importer."""
    from lstm_tui.core.encoding import read_text
    from lstm_tui.paths import bundled_corpora_dir

    text = read_text(bundled_corpora_dir() / "ja-soseki.txt")
    end = "（明治三十九年四月）\n"  # the last line of 坊っちゃん
    return text[: text.index(end) + len(end)]


def test_botchan_top_words_are_sensible() -> None:
    text = _botchan()
    tops = {
        pos: [w for w, _ in frequency_table(text, FreqOptions(pos=pos, top=10)).rows]
        for pos in ("noun", "verb", "adjective")
    }
    for pos, words in tops.items():
        print(pos, words)
    assert {"山嵐", "学校", "シャツ"} <= set(tops["noun"])
    assert {"する", "云う", "いる"} <= set(tops["verb"])
    assert {"ない", "いい"} <= set(tops["adjective"])
    assert not any("《" in w or "＃" in w for ws in tops.values() for w in ws)

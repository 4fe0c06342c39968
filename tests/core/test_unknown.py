"""The one rule for characters outside a vocabulary (core/unknown.py)."""

from __future__ import annotations

from lstm_tui.core.corpus import Vocab, build_corpus
from lstm_tui.core.unknown import UNKNOWN, map_unknown, unknown_chars, vocabulary_of


def test_vocabulary_keeps_characters_seen_often_enough_plus_unknown() -> None:
    chars = vocabulary_of(["aaab", "ac", "a"], min_count=2)
    assert chars == "".join(sorted({"a", UNKNOWN}))
    Vocab(chars)  # a valid Vocab: sorted, no repeats


def test_map_unknown_replaces_every_outside_character_and_keeps_length() -> None:
    text = "abcxyzb"
    mapped = map_unknown(text, "ab" + UNKNOWN)
    assert mapped == f"ab{UNKNOWN * 4}b"
    assert map_unknown("abba", "ab") == "abba"  # nothing outside: the same string


def test_unknown_chars_most_frequent_first() -> None:
    assert unknown_chars("zzzyyx" + "aaaa", "a") == ["z", "y", "x"]
    assert unknown_chars("aaa", "a") == []


def test_a_vocabulary_with_unknown_maps_instead_of_dropping() -> None:
    vocab = Vocab("".join(sorted("ab \n" + UNKNOWN)))
    text = "ab ba xy ab\n" * 50
    corpus = build_corpus(text, "t", vocab=vocab)
    assert len(corpus.text) == len(text)  # nothing dropped: the splits stay the text's own
    assert corpus.text.count(UNKNOWN) == 2 * 50
    without = build_corpus(text, "t", vocab=Vocab("".join(sorted("ab \n"))))
    assert "x" not in without.text and len(without.text) == len(text) - 100  # no UNKNOWN: dropped

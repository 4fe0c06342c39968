"""Vocabulary, compact encoding, the three splits and the contiguous streams."""

from __future__ import annotations

import pytest
import torch

from lstm_tui.core.corpus import Streams, Vocab, build_corpus, text_stats
from lstm_tui.errors import CorpusError


def test_vocab_is_sorted_and_round_trips() -> None:
    text = "こんにちは、世界。hello\n"
    v = Vocab.from_text(text)
    assert list(v.chars) == sorted(set(text))
    ids = v.encode(text)
    assert ids.dtype == torch.uint16
    assert v.decode(ids) == text


def test_large_vocab_uses_int32() -> None:
    chars = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 70000) if not 0xD800 <= c <= 0xDFFF)
    v = Vocab(chars)
    assert v.dtype == torch.int32
    assert v.decode(v.encode(chars[-5:])) == chars[-5:]


def test_unknown_character_is_a_corpus_error() -> None:
    with pytest.raises(CorpusError, match="not in the vocabulary"):
        Vocab("abc").encode("abd")


def test_three_contiguous_splits_90_5_5() -> None:
    text = "".join(chr(0x3041 + i % 80) for i in range(1000))
    c = build_corpus(text, "t")
    assert (len(c.train), len(c.val), len(c.test)) == (900, 50, 50)
    assert c.vocab.decode(c.train) + c.vocab.decode(c.val) + c.vocab.decode(c.test) == text
    assert c.vocab.decode(c.test) == text[950:]


def test_val_fraction_is_ignored() -> None:
    a = build_corpus("abcdefghij" * 100, "t", 0.3)
    b = build_corpus("abcdefghij" * 100, "t")
    assert (len(a.val), len(a.test)) == (len(b.val), len(b.test)) == (50, 50)


def test_build_with_foreign_vocab_drops_unknown() -> None:
    c = build_corpus("abcxyz" * 10, "t", vocab=Vocab("abc"))
    assert set(c.text) == {"a", "b", "c"}


def test_streams_are_contiguous_rows_and_targets_shift_by_one() -> None:
    data = torch.arange(0, 101, dtype=torch.int32)
    s = Streams(data, batch_size=4, seq_len=5)
    x0, y0 = s.batch(0)
    x1, _ = s.batch(1)
    assert x0.dtype == torch.int64
    assert x0[1, 0].item() == 25  # row 1 starts a quarter of the way in
    assert torch.equal(y0, x0 + 1)
    assert x1[0, 0].item() == x0[0, -1].item() + 1  # batch 1 continues batch 0's rows
    assert s.batches_per_epoch == 5


def test_corpus_shorter_than_a_sequence_is_refused() -> None:
    with pytest.raises(CorpusError, match="too short"):
        Streams(torch.arange(10), batch_size=1, seq_len=64)


def test_stats() -> None:
    st = text_stats("aab\nc\n")
    assert (st.chars, st.distinct, st.lines) == (6, 4, 2)
    assert st.top_chars[0] == ("a", 2)

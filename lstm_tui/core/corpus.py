"""A corpus in memory: text, stats, vocabulary, the encoded tensor and its splits.

The encoded corpus is one compact integer tensor (uint16 when the vocabulary fits,
else int32); batches are cut from it as int64 views only when used, never one-hot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch

from lstm_tui.core.encoding import read_text, sha256_text
from lstm_tui.core.facts import count_lines
from lstm_tui.core.splits import split_bounds
from lstm_tui.core.unknown import UNKNOWN, map_unknown
from lstm_tui.errors import CorpusError


@dataclass(frozen=True)
class CorpusStats:
    """What a person wants to know about a text at a glance."""

    chars: int
    distinct: int
    lines: int
    top_chars: list[tuple[str, int]] = field(default_factory=list)


def text_stats(text: str, top: int = 20) -> CorpusStats:
    """Characters, distinct characters, lines and the most frequent characters."""
    counts = Counter(text)
    return CorpusStats(len(text), len(counts), count_lines(text), counts.most_common(top))


class Vocab:
    """The sorted set of characters a model knows; id i is chars[i]."""

    def __init__(self, chars: str) -> None:
        if len(set(chars)) != len(chars):
            raise CorpusError("vocabulary has repeated characters")
        if not chars:
            raise CorpusError("vocabulary is empty")
        if list(chars) != sorted(chars):
            raise CorpusError("vocabulary is not sorted by code point")
        self.chars = chars
        self.stoi = {c: i for i, c in enumerate(chars)}

    @classmethod
    def from_text(cls, text: str) -> Vocab:
        """Vocabulary of every character in the text, sorted by code point."""
        return cls("".join(sorted(set(text))))

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, ch: object) -> bool:
        return ch in self.stoi

    @property
    def dtype(self) -> torch.dtype:
        """The smallest integer dtype holding every id."""
        return torch.uint16 if len(self.chars) <= 65535 else torch.int32

    def encode(self, text: str) -> torch.Tensor:
        """Text → 1-D compact integer tensor; unknown characters raise CorpusError.

        Works in chunks through numpy so a 100 MB text never becomes a list of ints.
        """
        points = np.frombuffer(self.chars.encode("utf-32-le"), dtype=np.uint32)
        out = np.empty(len(text), dtype=np.uint16 if self.dtype == torch.uint16 else np.int32)
        chunk = 1 << 20
        for start in range(0, len(text), chunk):
            part = np.frombuffer(text[start : start + chunk].encode("utf-32-le"), dtype=np.uint32)
            ids = np.searchsorted(points, part)  # chars are sorted by code point
            ids[ids >= len(points)] = 0
            bad = points[ids] != part
            if bad.any():
                ch = chr(int(part[int(np.argmax(bad))]))
                raise CorpusError(f"character {ch!r} is not in the vocabulary")
            out[start : start + len(part)] = ids
        return torch.from_numpy(out)

    def decode(self, ids: list[int] | torch.Tensor) -> str:
        """Ids → text."""
        if isinstance(ids, torch.Tensor):
            ids = ids.to(torch.int64).tolist()
        return "".join(self.chars[i] for i in ids)


@dataclass
class Corpus:
    """A named text with its vocabulary and contiguous encoded splits (core/splits.py):
    train (the first 90%), val (the next 5%: evaluation, early stopping, best weights)
    and test (the last 5%: the figures we publish)."""

    name: str
    text: str
    vocab: Vocab
    train: torch.Tensor
    val: torch.Tensor
    path: str | None = None  # where the text came from, recorded in run folders
    test: torch.Tensor = field(default_factory=lambda: torch.zeros(0, dtype=torch.int32))

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    @property
    def bounds(self) -> tuple[int, int]:
        """(train_end, val_end): where the splits meet in the text."""
        train_end = len(self.train)
        return train_end, train_end + len(self.val)


def build_corpus(
    text: str, name: str, val_fraction: float | None = None, vocab: Vocab | None = None, path: str | None = None
) -> Corpus:
    """Encode the text with its own vocabulary (or the given one) and cut it into
    train / validation / test at `split_bounds` (90/5/5).

    Characters outside a given vocabulary become its UNKNOWN symbol when it has one
    (a base model's: core/unknown.py), else they are dropped, so a run can be evaluated
    on a text that holds a few characters it never saw. `val_fraction` is ignored (the
    splits are fixed so every run and the n-gram baseline score the same text); it is
    still accepted for callers written before the test split.
    """
    if not text:
        raise CorpusError(f"corpus {name!r} is empty")
    if vocab is None:
        vocab = Vocab.from_text(text)
    elif UNKNOWN in vocab:
        text = map_unknown(text, vocab.chars)
    else:
        text = "".join(c for c in text if c in vocab)
    ids = vocab.encode(text)
    train_end, val_end = split_bounds(len(ids))
    train, val, test = ids[:train_end], ids[train_end:val_end], ids[val_end:]
    return Corpus(name=name, text=text, vocab=vocab, train=train, val=val, path=path, test=test)


def load_corpus(path: str | Path, name: str | None = None, val_fraction: float | None = None) -> Corpus:
    """Read, decode and encode a corpus file (`val_fraction` is ignored, see build_corpus)."""
    p = Path(path)
    return build_corpus(read_text(p), name or p.stem, val_fraction, path=str(p.resolve()))


class Streams:
    """B contiguous streams over one id tensor, for truncated back-propagation in time.

    Row b holds characters [b*L, (b+1)*L) of the data; batch k is columns
    [k*T, k*T+T) with targets shifted by one. Carrying the LSTM state from one batch to
    the next then continues each row's text exactly where it stopped.
    """

    def __init__(self, data: torch.Tensor, batch_size: int, seq_len: int, text_chars: int | None = None) -> None:
        self.batch_size, self.seq_len = batch_size, seq_len
        length = (len(data) - 1) // batch_size
        if length < seq_len:
            # the whole text's length too: "2 characters" alone misreads a 3-character file
            whole = f" (of {text_chars:,} in the text)" if text_chars is not None else ""
            raise CorpusError(
                f"corpus too short: its training split of {len(data):,} characters{whole} gives fewer than "
                f"sequence length {seq_len} + 1 per stream for batch size {batch_size}; use a longer text "
                "or a smaller --seq-len/--batch-size"
            )
        self.length = length
        self.inputs = data[: batch_size * length].view(batch_size, length)
        self.targets = data[1 : batch_size * length + 1].view(batch_size, length)
        self.batches_per_epoch = length // seq_len

    def batch(self, index: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Batch `index` of an epoch (0 ≤ index < batches_per_epoch) as int64 tensors."""
        start = index * self.seq_len
        x = self.inputs[:, start : start + self.seq_len].to(torch.int64)
        y = self.targets[:, start : start + self.seq_len].to(torch.int64)
        return x, y


def epoch_streams(corpus: Corpus, batch_size: int, seq_len: int, seed: int, epoch: int) -> Streams:
    """The training split's streams for one epoch. Each epoch after the first shifts the
    stream boundaries by an offset fixed by (seed, epoch), so batches differ between
    epochs and a resumed run rebuilds the same ones; a text too short to shift keeps 0."""
    offset = 0 if epoch == 0 else (seed * 7919 + epoch * 104729) % seq_len
    train = corpus.train
    data = train[offset:] if len(train) - offset > seq_len * batch_size + 1 else train
    return Streams(data, batch_size, seq_len, len(corpus.text))

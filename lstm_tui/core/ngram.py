"""The n-gram baseline: a count-based character model every LSTM loss is shown beside.

    from lstm_tui.core.ngram import fit_baseline
    b = fit_baseline(text)          # seconds per million characters; baseline_for caches it
    b.order, b.val_loss, b.test_loss, b.by_order
    b.score("some text")            # mean nats/char under the chosen order
    b.log_probs("some text")        # per character, natural log

What it is: interpolated Kneser–Ney over characters, with modified KN's three
discounts per order (see core/ngram_counts.py for the formulas and how unknown
characters are scored). It is trained on the train split only (the first 90%,
core/splits.py). The order is the one with the lowest validation loss (`by_order`);
then each order's discounts are scaled by a factor tuned on validation (coordinate
search; the scales become `Baseline.discount`). On the bundled corpora that lowered
the test loss by 0.005–0.02 nats/char on five of six and raised it by 0.018 on
ja-akutagawa, whose validation and test splits are different works
(benchmarks/results/ngram_baseline.json). `val_loss` (the tuned model on the data it
was tuned on) is therefore a little optimistic;
`test_loss`, on the test split nothing was fitted or chosen on, is the figure to
compare. Each character of a split is predicted with the text before it as
history (the end of train for the first validation characters), and every character
is scored: one never seen in training costs what the uniform floor over the corpus's
vocabulary + 1 gives it, so the figure compares with an LSTM whose vocabulary is the
whole corpus.

Fitted baselines are cached in memory and on disk by core/ngram_cache.py
(`baseline_for`); NGRAM_VERSION, part of its cache key, stays here beside the code
whose changes move the figures. No torch here.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lstm_tui.core.encoding import sha256_text
from lstm_tui.core.ngram_counts import MODIFIED, Discount, NGramCounts
from lstm_tui.core.splits import split_bounds
from lstm_tui.errors import CorpusError

NGRAM_VERSION = 2  # part of the cache key: bump when a change moves the figures
DEFAULT_MAX_ORDER = 16
# Stop trying higher orders after this many in a row that improve validation by less
# than MIN_GAIN: modified KN's loss flattens (rather than rising) past its best order,
# so without this the search would count every order up to the cap for ~0.0001 nats.
PATIENCE = 2
MIN_GAIN = 1e-3
# Discount scales tried per order in the first sweep, then nudged by ±STEP. The lower
# orders of char models want smaller discounts and the unigram level much larger ones
# (more mass for characters training never saw), so the grid spans both ways.
SCALE_GRID = (0.5, 0.7, 0.85, 1.0, 1.2, 1.4, 1.7, 2.0, 2.5)
SCALE_STEP = 1.08
MIN_CHARS = 6  # split_bounds leaves an empty validation split below this


@dataclass
class _Source:
    """What a Baseline needs to score new text: its training text, counted on first use."""

    train: str
    uniform_size: int
    discount: Discount
    order: int
    counts: NGramCounts | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _counts(self) -> NGramCounts:
        if self.counts is None:
            counts = NGramCounts(self.train, self.uniform_size)
            counts.forget_above(self.order)
            self.counts = counts
        return self.counts

    def log_probs(self, text: str, context: str) -> np.ndarray:
        # One lock for counting and scoring: the counts' table cache is not thread-safe,
        # and the app may score from a worker while another asks for the same corpus.
        with self.lock:
            return self._counts().log_probs(text, self.order, self.discount, context)


class NextChars:
    """The baseline's next-character distribution over a fixed set of characters (a
    run's vocabulary), following a text one character at a time: what a sampler needs.

        nc = baseline.next_chars(vocab.chars)
        nc.reset("吾輩は")          # the text so far
        p = nc.probs()             # P(next = c) for each c of chars
        nc.push("猫")              # the text grew by one character

    Pushing a character costs one lookup per order (the state is the ids of the
    k-grams that end the text), and `probs` one pass over the characters per order:
    ~0.1 ms together at order 7 over 3,000 characters. Probabilities are the model's
    own: they sum to 1 less what it keeps for characters outside `chars`.
    """

    def __init__(self, source: _Source, chars: str) -> None:
        self._source = source
        with source.lock:
            counts = source._counts()
            points = np.frombuffer(chars.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)
            idx = np.minimum(np.searchsorted(counts.char_points, points), counts.n_chars - 1)
            unknown = counts.char_points[idx] != points  # never seen in training
            # None when chars are exactly the training characters: probs is then p itself
            self._idx = None if len(idx) == counts.n_chars and not unknown.any() else idx
            self._unknown = np.flatnonzero(unknown)  # few: assigned by index, not by mask
            self._ends = counts.context_ends("", source.order)

    def reset(self, context: str) -> None:
        """Start over after `context` (only its last order − 1 characters matter)."""
        with self._source.lock:
            self._ends = self._source._counts().context_ends(context, self._source.order)

    def push(self, char: str) -> None:
        """The text grew by `char`."""
        with self._source.lock:
            self._ends = self._source._counts().advance(self._ends, char)

    def probs(self) -> np.ndarray:
        """P(next character = c | the text so far) for each c of the characters, float64."""
        src = self._source
        with src.lock:
            p, other = src._counts().probs_after(self._ends, src.order, src.discount)
        if self._idx is None:
            return p
        out = p[self._idx]
        out[self._unknown] = other
        return out


@dataclass(frozen=True)
class Baseline:
    """A fitted n-gram baseline and its figures (losses in nats per character).

    `by_order` maps each order tried to its validation loss with the estimated
    discounts; `order` is its argmin. `discount` is what scores: "modified", a float, or
    a tuple of per-order scales of the modified discounts (tuned on validation;
    `val_loss` is then the tuned loss, at most by_order[order]). `unknown_val` /
    `unknown_test` count characters of those splits never seen in training (each is
    scored, not dropped). `build_s` is how long fitting took.
    """

    order: int
    val_loss: float
    test_loss: float
    by_order: dict[int, float]
    discount: Discount
    chars: int
    vocab: int
    train_chars: int
    val_chars: int
    test_chars: int
    unknown_val: int
    unknown_test: int
    build_s: float
    sha256: str
    _source: _Source | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        """A short name for the chart and the live strip, e.g. "5-gram"."""
        return f"{self.order}-gram"

    def log_probs(self, text: str, context: str = "") -> np.ndarray:
        """Natural-log probability of each character of `text`, each predicted from the
        characters before it (`context` first). Counts the training text on first use."""
        if self._source is None:
            raise RuntimeError("this Baseline was made without its training text; use baseline_for(text)")
        return self._source.log_probs(text, context)

    def distribution(self, context: str, chars: str) -> np.ndarray:
        """P(next character = c | context) for each c of `chars` (say, a run's
        vocabulary), as float64 in that order. These are the model's own probabilities:
        they sum to 1 less what it keeps for characters outside `chars`. A character
        never seen in training gets the floor every unseen character gets. To follow
        a growing text (sampling), `next_chars` is faster."""
        nc = self.next_chars(chars)
        nc.reset(context)
        return nc.probs()

    def next_chars(self, chars: str) -> NextChars:
        """A NextChars over `chars`, at the start of a text (see NextChars)."""
        if self._source is None:
            raise RuntimeError("this Baseline was made without its training text; use baseline_for(text)")
        return NextChars(self._source, chars)

    def prepare(self) -> Baseline:
        """Count the training text now (else the first scoring does); returns self."""
        if self._source is None:
            raise RuntimeError("this Baseline was made without its training text; use baseline_for(text)")
        with self._source.lock:
            self._source._counts()
        return self

    def score(self, text: str, context: str = "") -> float:
        """Mean nats per character of `text` under this baseline (nan for an empty text)."""
        return float(-self.log_probs(text, context).mean()) if text else float("nan")

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict (what the cache stores and `baseline --json` prints)."""

        def r(x: float) -> float:
            return round(x, 6)  # a millionth of a nat is far below any difference that matters

        return {
            "order": self.order,
            "val_loss": r(self.val_loss),
            "test_loss": r(self.test_loss),
            "by_order": {str(k): r(v) for k, v in self.by_order.items()},
            "discount": list(self.discount) if isinstance(self.discount, tuple) else self.discount,
            "chars": self.chars,
            "vocab": self.vocab,
            "train_chars": self.train_chars,
            "val_chars": self.val_chars,
            "test_chars": self.test_chars,
            "unknown_val": self.unknown_val,
            "unknown_test": self.unknown_test,
            "build_s": self.build_s,
            "sha256": self.sha256,
        }


def _unknown(split: str, train_chars: set[str]) -> int:
    return sum(1 for c in split if c not in train_chars)


def tune_scales(counts: NGramCounts, order: int, val: str, context: str) -> tuple[tuple[float, ...], float]:
    """Per-order scales of the modified discounts that lower the validation loss, and
    that loss: two coordinate sweeps, highest order first (its counts matter most)."""
    scales = [1.0] * order

    def loss() -> float:
        return counts.loss(val, order, tuple(scales), context=context, remember=True)

    best = loss()
    for sweep in range(2):
        for k in range(order - 1, -1, -1):
            start = scales[k]
            # rounded as they are stored, so the loss returned is exactly the stored model's
            tries = SCALE_GRID if sweep == 0 else (round(start / SCALE_STEP, 4), round(start * SCALE_STEP, 4))
            chosen = start
            for s in tries:
                if s == start:
                    continue
                scales[k] = s
                got = loss()
                if got < best:
                    best, chosen = got, s
            scales[k] = chosen
    counts.forget_text()
    return tuple(scales), best


def fit_baseline(
    text: str,
    max_order: int = DEFAULT_MAX_ORDER,
    *,
    bounds: tuple[int, int] | None = None,
    discount: Discount = MODIFIED,
    orders: list[int] | tuple[int, ...] | None = None,
    tune: bool = True,
) -> Baseline:
    """Fit the n-gram baseline of `text` and choose its order on validation.

    bounds: (train_end, val_end) as split_bounds gives them (the default); train is
    text[:train_end], validation text[train_end:val_end], test the rest. discount:
    "modified" (modified KN, three estimated discounts per order) or a float (plain
    interpolated KN with one absolute discount, e.g. 0.75). orders: the orders to try
    (default 1..max_order, stopping early once validation stops improving). tune: with
    "modified", also scale each order's discounts to fit validation (tune_scales). With
    a single order and an empty validation split (bounds=(k, k)), val_loss is nan and
    nothing is tuned: that is how the reference 90/10 figures are computed.
    """
    start = time.perf_counter()
    if len(text) < MIN_CHARS and bounds is None:
        raise CorpusError(f"text too short for an n-gram baseline: {len(text)} characters; need at least {MIN_CHARS}")
    train_end, val_end = bounds if bounds is not None else split_bounds(len(text))
    if not 0 < train_end <= val_end <= len(text):
        raise ValueError(f"bad split bounds {(train_end, val_end)} for {len(text)} characters")
    train, val, test = text[:train_end], text[train_end:val_end], text[val_end:]
    candidates = list(orders) if orders is not None else list(range(1, max_order + 1))
    if not candidates or min(candidates) < 1:
        raise ValueError("orders must be a non-empty list of orders ≥ 1")
    if not val and len(candidates) > 1:
        raise CorpusError("the validation split is empty, so there is nothing to choose the order on")
    vocab = len(set(text))
    counts = NGramCounts(train, uniform_size=vocab + 1)

    by_order: dict[int, float] = {}
    best, stale = math.inf, 0
    for k in candidates:
        loss = counts.loss(val, k, discount, context=train, remember=True) if val else float("nan")
        by_order[k] = loss
        if orders is None:  # the early stop applies to the default search only
            stale = stale + 1 if loss > best - MIN_GAIN else 0
            best = min(best, loss)
            if stale >= PATIENCE:
                break
    order = min(by_order, key=lambda k: (by_order[k], k)) if val else candidates[0]
    val_loss = by_order[order]
    if tune and val and discount == MODIFIED:
        scales, tuned = tune_scales(counts, order, val, train)
        if tuned < val_loss:
            discount, val_loss = scales, tuned
    counts.forget_text()
    counts.forget_above(order)  # the orders above the choice are only dead weight now
    test_loss = counts.loss(test, order, discount, context=text[:val_end])
    train_set = set(train)
    return Baseline(
        order=order,
        val_loss=val_loss,
        test_loss=test_loss,
        by_order=by_order,
        discount=discount,
        chars=len(text),
        vocab=vocab,
        train_chars=len(train),
        val_chars=len(val),
        test_chars=len(test),
        unknown_val=_unknown(val, train_set),
        unknown_test=_unknown(test, train_set),
        build_s=round(time.perf_counter() - start, 3),
        sha256=sha256_text(text),
        _source=_Source(train=train, uniform_size=vocab + 1, discount=discount, order=order, counts=counts),
    )

"""The counting engine of the n-gram baseline: interpolated Kneser–Ney with numpy.

lstm_tui.core.ngram builds the baseline (order choice) on top of this, and
lstm_tui.core.ngram_cache caches it. The model is interpolated Kneser–Ney (Chen &
Goodman 1999):

    P_k(w | h) = (max(c(hw) - D(c(hw)), 0) + gamma(h) * P_{k-1}(w | h')) / c(h)
    gamma(h)   = sum over w of D(c(hw))              (the mass the discounts freed)

where h' is h without its first character. The highest order uses raw counts; every
lower order uses continuation counts N1+(• h w) (how many distinct characters precede
the n-gram), which is what makes it Kneser–Ney. A context never seen in training
(c(h) = 0) hands the whole prediction to the next lower order.

Discounts: ``"modified"`` (the default) is modified KN, three discounts per order and
count type (D1, D2, D3+) estimated from counts of counts (Chen & Goodman's
Y = n1 / (n1 + 2 n2), D1 = 1 - 2Y n2/n1, D2 = 2 - 3Y n3/n2, D3 = 3 - 4Y n4/n3). A float
is plain interpolated KN with that one absolute discount for every count (0.75 is the
textbook figure; the reference figures in the tests use it). A tuple of floats is
modified KN with each order's estimated discounts multiplied by its entry (entry k-1
for order k, clamped to D_j ≤ j): core/ngram.py tunes those multipliers on validation.

Unknown characters. The unigram level is interpolated with a uniform distribution over
U = (distinct characters of the whole corpus) + 1 outcomes; the extra one stands for
"any other character". The model is then a proper distribution over those U outcomes:
a validation or test character that never occurs in training gets the unigram's freed
mass times 1/U (typically 10–15 nats, an honest penalty instead of a crash or a skip),
and every character is scored — none is dropped. A character outside the corpus
vocabulary (scoring some other text) is scored as the "other" outcome.

Counting is exact, not hashed: the k-grams of the training text are numbered densely
order by order (key = dense id of the (k-1)-gram prefix * |train chars| + char, then
np.unique), so keys never overflow int64 however large the order or the vocabulary.
Scoring looks those keys up with np.searchsorted. No torch here: numpy only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Discount = float | str | tuple[float, ...]  # absolute, "modified", or modified × per-order scales
MODIFIED = "modified"


def encode_points(text: str) -> np.ndarray:
    """Text → its Unicode code points as a uint32 array (no Python-level loop); a lone
    surrogate (a str made elsewhere can hold one) is kept as its own code point."""
    return np.frombuffer(text.encode("utf-32-le", errors="surrogatepass"), dtype=np.uint32)


@dataclass
class _Order:
    """The k-grams of the training text for one order k."""

    keys: np.ndarray  # sorted unique int64 keys: prefix id * n_chars + char index
    raw: np.ndarray  # how often each k-gram occurs in training
    cont: np.ndarray | None = None  # N1+(• g): distinct left neighbours; set once order k+1 is counted


@dataclass
class _Tables:
    """What scoring needs for one (order, count type, discount)."""

    num: np.ndarray  # per k-gram: max(c - D(c), 0)
    total: np.ndarray  # per context ((k-1)-gram id): c(h)
    gamma: np.ndarray  # per context: freed mass sum D(c(hw))
    discounts: tuple[float, float, float]
    # order 1 only: its whole next-character distribution (there is one context), kept by
    # probs_after so sampling does not recompute it for every character
    unigram: tuple[np.ndarray, float] | None = None


def modified_discounts(counts: np.ndarray) -> tuple[float, float, float]:
    """(D1, D2, D3+) from counts of counts, Chen & Goodman's estimates, kept in range.

    With too few n-grams for an estimate (a tiny text), falls back to 0.5 / 1.0 / 1.5.
    """
    n = np.bincount(np.minimum(counts, 5).astype(np.int64), minlength=6)[1:5].astype(np.float64)
    n1, n2, n3, n4 = n
    fallback = (0.5, 1.0, 1.5)
    if n1 <= 0 or n2 <= 0:
        return fallback
    y = n1 / (n1 + 2 * n2)
    d1 = 1 - 2 * y * n2 / n1
    d2 = 2 - 3 * y * n3 / n2 if n2 > 0 else fallback[1]
    d3 = 3 - 4 * y * n4 / n3 if n3 > 0 else fallback[2]
    # An estimate outside (0, j] would give a negative or over-full probability.
    return tuple(float(min(max(d, 0.05), j)) for d, j in zip((d1, d2, d3), (1.0, 2.0, 3.0)))  # type: ignore[return-value]


class NGramCounts:
    """The n-gram counts of one training text, up to some order, and scoring with them.

    Orders are counted on demand (``ensure(order)``) so choosing the order on validation
    only pays for the orders it tries. ``uniform_size`` is U above: the number of
    outcomes of the uniform floor (default: training characters + 1).
    """

    def __init__(self, train: str, uniform_size: int | None = None) -> None:
        if not train:
            raise ValueError("an n-gram model needs a non-empty training text")
        points = encode_points(train)
        self.char_points = np.unique(points)  # the training vocabulary, sorted by code point
        self.n_chars = len(self.char_points)
        self.uniform_size = max(uniform_size or 0, self.n_chars + 1)
        self._cids = np.searchsorted(self.char_points, points).astype(np.int64)
        self.orders: list[_Order] = []  # orders[k-1] holds the k-grams
        self._ids: np.ndarray | None = None  # dense ids of the highest counted order, per position
        self._tables: dict[tuple[int, bool, object], _Tables] = {}
        # the ids of the last text scored with remember=True (tuning scores one
        # validation text many times; the lookups are most of a scoring's cost)
        self._last_ids: tuple[str, list[np.ndarray]] | None = None

    @property
    def max_order(self) -> int:
        """The highest order counted so far."""
        return len(self.orders)

    def ensure(self, order: int) -> None:
        """Count every order up to `order` (each new order also gives the previous
        order its continuation counts)."""
        if len(self.orders) < order and self._ids is None and self.orders:
            raise RuntimeError(f"orders above {len(self.orders)} were dropped; count again to go higher")
        while len(self.orders) < order:
            self._count_next()

    def _count_next(self) -> None:
        k = len(self.orders) + 1
        cids = self._cids
        if k == 1:
            keys_at = cids  # the empty context has id 0
        else:
            assert self._ids is not None
            # the k-gram ending at i = the (k-1)-gram ending at i-1, then char i
            keys_at = self._ids[:-1] * self.n_chars + cids[k - 1 :]
        keys, first, inverse, raw = np.unique(keys_at, return_index=True, return_inverse=True, return_counts=True)
        if k > 1:
            # Continuation count of a (k-1)-gram g: how many distinct k-grams end in g,
            # i.e. how many distinct characters precede g. The suffix of the k-gram that
            # first occurs at offset j (ending at position j + k - 1) is the (k-1)-gram
            # ending there, whose id is self._ids[j + 1].
            assert self._ids is not None
            prev = self.orders[-1]
            suffix = self._ids[first + 1]
            prev.cont = np.bincount(suffix, minlength=len(prev.keys)).astype(np.int64)
        self.orders.append(_Order(keys=keys.astype(np.int64), raw=raw.astype(np.int64)))
        self._ids = inverse.reshape(-1).astype(np.int64)  # ids[j]: k-gram ending at position j + k - 1

    def forget_above(self, order: int) -> None:
        """Drop the counts of orders above `order` to save memory. Scoring at orders up
        to `order` still works; counting higher orders afterwards does not."""
        self.ensure(order)
        del self.orders[order:]
        self._ids = None  # the per-position ids belong to the highest order: gone
        self._last_ids = None
        self._cids = np.empty(0, dtype=np.int64)
        self._tables = {}  # tuning's leftovers; scoring rebuilds the few it needs in milliseconds

    def _table(self, k: int, top: bool, discount: Discount) -> _Tables:
        if isinstance(discount, tuple):  # per-order scales of the modified discounts
            spec: object = ("x", float(discount[k - 1]) if k <= len(discount) else 1.0)
        else:
            spec = discount
        key = (k, top, spec)
        cached = self._tables.pop(key, None)
        if cached is not None:
            self._tables[key] = cached  # most recently used last
            return cached
        o = self.orders[k - 1]
        counts = o.raw if top else o.cont
        if counts is None:
            raise RuntimeError(f"order {k + 1} must be counted before order {k} can be a lower order")
        if isinstance(spec, tuple):
            scale = float(spec[1])
            d1, d2, d3 = modified_discounts(counts)
            ds = (min(d1 * scale, 1.0), min(d2 * scale, 2.0), min(d3 * scale, 3.0))
        elif discount == MODIFIED:
            ds = modified_discounts(counts)
        else:
            d = float(discount)  # type: ignore[arg-type]
            ds = (d, d, d)
        d_of = np.array([0.0, *ds])[np.minimum(counts, 3)]  # a zero count frees nothing
        prefix = o.keys // self.n_chars
        n_ctx = 1 if k == 1 else len(self.orders[k - 2].keys)
        table = _Tables(
            num=np.maximum(counts - d_of, 0.0),
            total=np.bincount(prefix, weights=counts, minlength=n_ctx).astype(np.float64),
            gamma=np.bincount(prefix, weights=d_of, minlength=n_ctx),
            discounts=ds,
        )
        self._tables[key] = table
        # Keep the tables of about two models: tuning tries dozens of discount scales,
        # and a table per try would hold hundreds of MB for a 1 M-character corpus.
        while len(self._tables) > 2 * len(self.orders) + 2:
            self._tables.pop(next(iter(self._tables)))
        return table

    def _lookup_ids(self, text: str, order: int) -> list[np.ndarray]:
        """Per order k up to `order`, per position of `text`: the id of the k-gram of
        training ending there (-1 if unseen, or if its character is unknown)."""
        points = encode_points(text)
        idx = np.searchsorted(self.char_points, points)
        idx = np.minimum(idx, self.n_chars - 1)
        cids = np.where(self.char_points[idx] == points, idx, -1).astype(np.int64)
        ids: list[np.ndarray] = []
        prev = np.zeros(len(text) + 1, dtype=np.int64)  # the empty context, shifted by one
        for o in self.orders[:order]:
            if len(o.keys) == 0:  # training is shorter than this order: no k-gram was seen
                prev = np.full(len(text) + 1, -1, dtype=np.int64)
                ids.append(prev[1:])
                continue
            # prev[i] is the id of the (k-1)-gram ending at i-1 (prev is shifted by one)
            ctx = prev[:-1]
            ok = (ctx >= 0) & (cids >= 0)
            want = np.where(ok, ctx * self.n_chars + np.maximum(cids, 0), 0)
            pos = np.minimum(np.searchsorted(o.keys, want), len(o.keys) - 1)
            found = ok & (o.keys[pos] == want)
            cur = np.where(found, pos, -1)
            ids.append(cur)
            prev = np.concatenate(([-1], cur))
        return ids

    def log_probs(
        self, text: str, order: int, discount: Discount = MODIFIED, context: str = "", remember: bool = False
    ) -> np.ndarray:
        """Natural-log probability of each character of `text` under the order-`order`
        model, each predicted from the characters before it (`context`, then `text`).

        remember=True keeps this text's n-gram lookups for the next call on the same
        text (until another remembered text or forget_text)."""
        if order < 1:
            raise ValueError("order must be at least 1")
        # Counting order N also gives orders 1..N-1 the continuation counts they need.
        self.ensure(order)
        context = context[-(order - 1) :] if order > 1 else ""
        full = context + text
        last = self._last_ids
        if last is not None and len(last[1]) >= order and last[0] == full:
            ids = last[1]
        else:
            ids = self._lookup_ids(full, order)
            if remember:
                self._last_ids = (full, ids)
        n = len(full)
        p = np.full(n, 1.0 / self.uniform_size)
        for k in range(1, order + 1):
            t = self._table(k, k == order, discount)
            if len(t.num) == 0:  # no k-gram in training (it is shorter than k): every context unseen
                continue
            g = ids[k - 1]
            if k == 1:
                h = np.zeros(n, dtype=np.int64)
            else:
                h = np.concatenate(([-1], ids[k - 2][:-1]))  # the (k-1)-gram ending at i-1
            safe_h = np.maximum(h, 0)
            total = t.total[safe_h]
            use = (h >= 0) & (total > 0)
            num = np.where(g >= 0, t.num[np.maximum(g, 0)], 0.0)
            p = np.where(use, (num + t.gamma[safe_h] * p) / np.where(use, total, 1.0), p)
        return np.log(p[len(context) :])

    def loss(
        self, text: str, order: int, discount: Discount = MODIFIED, context: str = "", remember: bool = False
    ) -> float:
        """Mean nats per character of `text` (nan for an empty text)."""
        if not text:
            return float("nan")
        return float(-self.log_probs(text, order, discount, context, remember).mean())

    def forget_text(self) -> None:
        """Drop the remembered lookups of the last text (see log_probs)."""
        self._last_ids = None

    def next_probs(self, context: str, order: int, discount: Discount = MODIFIED) -> tuple[np.ndarray, float]:
        """P(next character | context) for every training character (aligned with
        `char_points`), and the probability of each single outcome outside them.

        The same recursion as `log_probs`, run once over the whole vocabulary: at each
        order the lower order's distribution is scaled by gamma(h) / c(h) and the
        discounted counts of the characters seen after h (one contiguous run of the
        sorted keys) are added. Where `distribution` scores each character on its own,
        this is one pass (for sampling; see also `context_ends` and `advance`).
        """
        return self.probs_after(self.context_ends(context, order), order, discount)

    def context_ends(self, context: str, order: int) -> list[int]:
        """The ids of the training k-grams (k = 1 … order − 1) that end the context
        (-1: unseen, or the context is shorter than k): the state `probs_after` needs."""
        if order < 1:
            raise ValueError("order must be at least 1")
        self.ensure(order)
        context = context[-(order - 1) :] if order > 1 else ""
        return [int(ids[-1]) for ids in self._lookup_ids(context, order - 1)] if context else [-1] * (order - 1)

    def advance(self, ends: list[int], char: str) -> list[int]:
        """`context_ends` of the context with `char` appended, from those of the context:
        one lookup per order instead of reading the whole context again."""
        point = ord(char)
        i = int(np.searchsorted(self.char_points, point))
        cid = i if i < self.n_chars and int(self.char_points[i]) == point else -1
        new: list[int] = []
        for k in range(1, len(ends) + 1):
            # the k-gram ending at char = the (k-1)-gram ending just before it, then char
            prefix = 0 if k == 1 else ends[k - 2]
            if prefix < 0 or cid < 0:
                new.extend([-1] * (len(ends) - k + 1))  # no longer k-gram can be known either
                break
            keys = self.orders[k - 1].keys
            key = prefix * self.n_chars + cid
            pos = int(keys.searchsorted(key))
            new.append(pos if pos < len(keys) and int(keys[pos]) == key else -1)
        return new

    def probs_after(self, ends: list[int], order: int, discount: Discount = MODIFIED) -> tuple[np.ndarray, float]:
        """`next_probs` from the context's `context_ends`.

        Unrolled, the recursion is P = s_2…s_N·P_1 + Σ_k s_{k+1}…s_N·D_k/c(h_k), with
        s_k = gamma(h_k)/c(h_k) and D_k the discounted counts after h_k (sparse): the
        scalars first, top order down, then one pass over the vocabulary (P_1, the
        unigram level, has one context and is kept) and a few short scatters.
        """
        parts: list[tuple[np.ndarray, np.ndarray, int]] = []  # (char indices, D_k / c(h), index into scales)
        scales: list[float] = []
        unigram: tuple[np.ndarray, float] | None = None
        for k in range(1, order + 1):
            t = self._table(k, k == order, discount)
            if len(t.num) == 0:
                continue
            h = 0 if k == 1 else (ends[k - 2] if k - 2 < len(ends) else -1)
            if h < 0 or t.total[h] <= 0:
                continue  # as in log_probs: an unseen context leaves the lower order's prediction
            if k == 1:
                unigram = t.unigram if t.unigram is not None else self._unigram(t)
                continue
            total = float(t.total[h])
            keys = self.orders[k - 1].keys
            lo, hi = int(keys.searchsorted(h * self.n_chars)), int(keys.searchsorted((h + 1) * self.n_chars))
            parts.append((keys[lo:hi] - h * self.n_chars, t.num[lo:hi] / total, len(scales)))
            scales.append(float(t.gamma[h]) / total)
        # above[i]: the product of the scales of the orders above part i (1 for the top)
        above = np.cumprod([1.0, *scales[::-1]])[::-1]
        if unigram is None:
            p = np.full(self.n_chars, above[0] / self.uniform_size)
            other = above[0] / self.uniform_size
        else:
            p = unigram[0] * above[0]
            other = unigram[1] * above[0]
        for idx, vals, i in parts:
            p[idx] += vals * above[i + 1]
        return p, other

    def _unigram(self, t: _Tables) -> tuple[np.ndarray, float]:
        """The order-1 distribution (its one context, id 0), kept on its table."""
        p = np.full(self.n_chars, 1.0 / self.uniform_size)
        keys = self.orders[0].keys
        total = float(t.total[0])
        p *= float(t.gamma[0]) / total
        p[keys] += t.num / total
        t.unigram = (p, float(t.gamma[0]) / total / self.uniform_size)
        return t.unigram

    def distribution(self, context: str, order: int, discount: Discount = MODIFIED) -> dict[str, float]:
        """P(next char | context) over the training characters, plus "" for all the other
        U - n_chars outcomes together (unseen and unknown characters). Sums to 1.

        One scoring call per character: meant for tests and small vocabularies."""
        chars = [chr(int(c)) for c in self.char_points]
        probs = {c: float(math.exp(self.log_probs(c, order, discount, context)[0])) for c in chars}
        outside = next(chr(cp) for cp in range(0x10FFFF, 0, -1) if chr(cp) not in probs)
        # every outcome outside the training characters gets the same probability
        probs[""] = float(math.exp(self.log_probs(outside, order, discount, context)[0])) * (
            self.uniform_size - self.n_chars
        )
        return probs

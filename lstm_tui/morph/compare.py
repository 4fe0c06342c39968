"""How close is a model's Japanese to its corpus? Word-frequency comparison of two texts.

Pure Python (no scipy): relative frequencies, words the model invented, Spearman rank
correlation and Jensen–Shannon divergence of the content-word distributions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lstm_tui.morph.frequency import FreqOptions, word_counts


@dataclass(frozen=True)
class WordRow:
    """One word's counts and relative frequencies (per 1,000 tokens) in both texts."""

    word: str
    corpus_count: int
    generated_count: int
    corpus_per_mille: float
    generated_per_mille: float


@dataclass(frozen=True)
class Comparison:
    """The comparison of a corpus and a generated text.

    spearman: rank correlation over the union of each side's `top` words (None when
    fewer than two words or no variation). jsd: Jensen–Shannon divergence in bits,
    0 (same distribution) … 1 (nothing in common), over all words.
    invented: generated words absent from the corpus, most frequent first.
    """

    rows: tuple[WordRow, ...]
    invented: tuple[tuple[str, int], ...]
    spearman: float | None
    jsd: float | None
    corpus_tokens: int
    generated_tokens: int
    invented_share: float

    def summary(self) -> str:
        """One line of the headline numbers."""
        rho = "n/a" if self.spearman is None else f"{self.spearman:+.3f}"
        jsd = "n/a" if self.jsd is None else f"{self.jsd:.3f} bits"
        return (
            # "not in the corpus", not "invented": a fine-tuned model's such words are
            # mostly real ones it read in pretraining (帰る where the corpus writes 歸る)
            f"Spearman ρ {rho} · Jensen–Shannon {jsd} · not in the corpus: {len(self.invented)} words "
            f"({self.invented_share:.1%} of generated tokens) · tokens {self.corpus_tokens} vs "
            f"{self.generated_tokens}"
        )


def rank(values: Sequence[float]) -> list[float]:
    """Ranks 1..n, ties given their average rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        avg = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = avg
        i = j + 1
    return ranks


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman rank correlation (Pearson on tie-averaged ranks); None if undefined."""
    if len(x) != len(y):
        raise ValueError("spearman needs two sequences of the same length")
    if len(x) < 2:
        return None
    rx, ry = rank(x), rank(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return cov / math.sqrt(vx * vy)


def js_divergence(p: Mapping[str, float], q: Mapping[str, float]) -> float | None:
    """Jensen–Shannon divergence (base 2, in [0, 1]) of two count maps; None if one is empty."""
    sp, sq = sum(p.values()), sum(q.values())
    if sp <= 0 or sq <= 0:
        return None
    total = 0.0
    for w in set(p) | set(q):
        a, b = p.get(w, 0) / sp, q.get(w, 0) / sq
        m = (a + b) / 2
        if a > 0:
            total += a * math.log2(a / m)
        if b > 0:
            total += b * math.log2(b / m)
    # clamp rounding noise so callers can rely on the documented range
    return min(1.0, max(0.0, total / 2))


def compare_counts(
    corpus: Mapping[str, int],
    generated: Mapping[str, int],
    corpus_vocabulary: set[str] | frozenset[str] | None = None,
    top: int = 100,
) -> Comparison:
    """Compare two word-count maps.

    corpus_vocabulary: every word form seen in the corpus (any part of speech); a
    generated word is "invented" only if absent from it (defaults to corpus's keys).
    top: Spearman uses the union of each side's `top` most frequent words.
    """
    vocab = set(corpus) if corpus_vocabulary is None else corpus_vocabulary
    ct, gt = sum(corpus.values()), sum(generated.values())
    c_top = [w for w, _ in sorted(corpus.items(), key=lambda wn: (-wn[1], wn[0]))[:top]]
    g_top = [w for w, _ in sorted(generated.items(), key=lambda wn: (-wn[1], wn[0]))[:top]]
    words = list(dict.fromkeys(c_top + g_top))
    rho = spearman([corpus.get(w, 0) for w in words], [generated.get(w, 0) for w in words])
    rows = tuple(
        WordRow(
            w,
            corpus.get(w, 0),
            generated.get(w, 0),
            1000 * corpus.get(w, 0) / ct if ct else 0.0,
            1000 * generated.get(w, 0) / gt if gt else 0.0,
        )
        for w in words
    )
    invented = tuple(sorted(((w, n) for w, n in generated.items() if w not in vocab), key=lambda wn: (-wn[1], wn[0])))
    share = sum(n for _, n in invented) / gt if gt else 0.0
    return Comparison(rows, invented, rho, js_divergence(corpus, generated), ct, gt, share)


def compare_texts(corpus_text: str, generated_text: str, options: FreqOptions | None = None) -> Comparison:
    """Compare the content words (or options.pos) of a corpus and a generated text.

    Uses the shared cache, so comparing many samples against one corpus analyses the
    corpus once. options.top is the Spearman window; min_freq is ignored.
    """
    from lstm_tui.morph.cache import get_cache

    opts = options or FreqOptions(pos="content")
    cache = get_cache()
    corpus_counts = cache.counts(corpus_text)
    generated_counts = cache.counts(generated_text)
    corpus_words = word_counts(corpus_counts, opts)
    generated_words = word_counts(generated_counts, opts)
    # "invented" means unseen in any form: check against every base and surface form
    vocabulary = {m.base for m in corpus_counts} | {m.surface for m in corpus_counts}
    return compare_counts(corpus_words, generated_words, vocabulary, top=opts.top or 100)


def relative_frequencies(counts: Mapping[str, int]) -> dict[str, float]:
    """word → share of all tokens (sums to 1; empty for no tokens)."""
    total = sum(counts.values())
    return {w: n / total for w, n in counts.items()} if total else {}


__all__ = [
    "Comparison",
    "WordRow",
    "compare_counts",
    "compare_texts",
    "js_divergence",
    "rank",
    "relative_frequencies",
    "spearman",
]

"""The one rule for characters a model has never seen.

A base model's vocabulary ends with UNKNOWN (U+FFFD, the replacement character): in
its pretraining text every character rarer than the vocabulary's threshold was
replaced by it, so the model learned how likely "some rare character" is in each
context. Scoring a text with such a model first maps each character outside the
vocabulary to UNKNOWN, and the n-gram shown beside it scores that same mapped text,
so the two losses are over the same characters and compare fairly. Pure Python: the
torch-free modules use it too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

UNKNOWN = "\ufffd"


def unknown_chars(text: str, known: str | set[str]) -> list[str]:
    """The distinct characters of `text` outside `known`, most frequent first."""
    known_set = set(known)
    counts = Counter(ch for ch in set(text) if ch not in known_set)
    if not counts:
        return []
    counts = Counter(ch for ch in text if ch in counts)
    return [ch for ch, _ in counts.most_common()]


def map_unknown(text: str, known: str | set[str]) -> str:
    """`text` with every character outside `known` replaced by UNKNOWN."""
    outside = set(text) - set(known)
    if not outside:
        return text
    return text.translate({ord(ch): UNKNOWN for ch in outside})


def vocabulary_of(texts: Iterable[str], min_count: int) -> str:
    """The characters occurring at least `min_count` times over `texts`, plus UNKNOWN,
    sorted by code point (a Vocab's order)."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(text)
    kept = {ch for ch, n in counts.items() if n >= min_count}
    kept.add(UNKNOWN)
    return "".join(sorted(kept))

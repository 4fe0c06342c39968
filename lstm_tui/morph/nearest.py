"""Nearest forms by edit distance: for a word that does not occur (a typo, or a word
the model made up), the forms of a text that are closest in spelling or in reading.

Pure Python Levenshtein with two cheap filters so a novel's ~15,000 forms take
milliseconds: a length bound (|len a - len b| ≤ the distance) and a shared-character
index (a form with no character in common is at distance max(len) and never wins).
Never imports textual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lstm_tui.morph.tokens import to_katakana


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance (insert, delete, substitute: 1 each); stops early and
    returns limit + 1 once the distance must exceed limit."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if limit is not None and min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@dataclass(frozen=True)
class Near:
    """A form near the query: its count, its distance in spelling and in reading."""

    word: str
    count: int
    spelling: int
    reading: int

    @property
    def distance(self) -> int:
        """The smaller of the two distances: what ranks it."""
        return min(self.spelling, self.reading)


class FormIndex:
    """The forms of one text (word → count, word → reading), indexed by character."""

    def __init__(self, counts: Mapping[str, int], readings: Mapping[str, str] | None = None) -> None:
        self.counts = dict(counts)
        self.readings = {w: to_katakana(r) for w, r in (readings or {}).items()}
        self._by_char: dict[str, set[str]] = defaultdict(set)
        self._by_reading_char: dict[str, set[str]] = defaultdict(set)
        for w in self.counts:
            for c in set(w):
                self._by_char[c].add(w)
            for c in set(self.readings.get(w, "")):
                self._by_reading_char[c].add(w)

    def nearest(self, word: str, reading: str = "", k: int = 5, max_distance: int | None = None) -> list[Near]:
        """Up to k forms closest to word (spelling) or to reading, nearest then most frequent.

        max_distance defaults to half the word's length, at least 1, so a 1-character
        query does not match every other 1-character word.
        """
        limit = max_distance if max_distance is not None else max(1, (len(word) + 1) // 2)
        reading = to_katakana(reading)
        candidates: set[str] = set()
        for c in set(word):
            candidates |= self._by_char.get(c, set())
        for c in set(reading):
            candidates |= self._by_reading_char.get(c, set())
        candidates.discard(word)
        found = []
        for w in candidates:
            d1 = edit_distance(word, w, limit)
            r = self.readings.get(w, "")
            d2 = edit_distance(reading, r, limit) if reading and r else limit + 1
            if min(d1, d2) <= limit:
                found.append(Near(w, self.counts[w], d1, d2))
        found.sort(key=lambda n: (n.distance, -n.count, n.word))
        return found[:k]


def nearest_forms(word: str, counts: Mapping[str, int], k: int = 5) -> list[tuple[str, int]]:
    """(word, count) of the k forms nearest in spelling (a one-off: builds the index)."""
    return [(n.word, n.count) for n in FormIndex(counts).nearest(word, k=k)]


def readings_of(forms: Iterable[tuple[str, str]]) -> dict[str, str]:
    """word → reading from (word, reading) pairs, the first reading seen winning."""
    out: dict[str, str] = {}
    for w, r in forms:
        out.setdefault(w, r)
    return out

"""Corpus facts for the Corpus pane: size, first lines, frequent characters, script mix.

Pure functions over a str. Counting goes through one collections.Counter (C speed)
and every distinct character is classified once, so a few MB take well under a second.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

SCRIPTS = ("kanji", "hiragana", "katakana", "latin", "digits", "other")


@dataclass(frozen=True)
class CorpusFacts:
    """What the Corpus pane shows about one text."""

    chars: int
    distinct: int
    lines: int
    first_lines: list[str] = field(default_factory=list)
    top_chars: list[tuple[str, int]] = field(default_factory=list)
    script_mix: dict[str, float] = field(default_factory=dict)


class LineCounter:
    """Counts the lines of a text given in pieces (a streamed file), by count_lines' rule."""

    def __init__(self) -> None:
        self.newlines = 0
        self.open = False  # the text so far ends inside a line (no newline after its last character)

    def add(self, piece: str) -> None:
        """Count one more piece of the text."""
        if piece:  # an empty piece leaves the last line as it was
            self.newlines += piece.count("\n")
            self.open = not piece.endswith("\n")

    @property
    def lines(self) -> int:
        """Lines so far; a last line without a newline still counts."""
        return self.newlines + self.open


def count_lines(text: str) -> int:
    """Lines in the text; a last line without a newline still counts ("" has none)."""
    counter = LineCounter()
    counter.add(text)
    return counter.lines


def script_of(ch: str) -> str:
    """One of SCRIPTS for a single non-space character."""
    cp = ord(ch)
    if (
        0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= cp <= 0x4DBF  # extension A
        or 0x20000 <= cp <= 0x3FFFF  # extensions B and later (planes 2 and 3)
        or 0xF900 <= cp <= 0xFAFF  # compatibility ideographs
        or ch in "々〆〇〻ヶ"  # written and read as kanji in Japanese text
    ):
        return "kanji"
    if 0x3041 <= cp <= 0x309F or 0x1B001 <= cp <= 0x1B11F:
        return "hiragana"
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or 0xFF66 <= cp <= 0xFF9F:
        return "katakana"
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return "digits"
    if cat.startswith("L") and "LATIN" in unicodedata.name(ch, ""):
        return "latin"
    return "other"


def script_mix(text: str, counts: Counter[str] | None = None) -> dict[str, float]:
    """Shares of kanji, hiragana, katakana, latin, digits and other among the
    non-whitespace characters (they sum to 1; all 0.0 for a text of only spaces)."""
    counts = Counter(text) if counts is None else counts
    totals = dict.fromkeys(SCRIPTS, 0)
    for ch, n in counts.items():
        if not ch.isspace():
            totals[script_of(ch)] += n
    total = sum(totals.values())
    return {k: (v / total if total else 0.0) for k, v in totals.items()}


def first_lines(text: str, n: int = 5, max_len: int = 200) -> list[str]:
    """The first n non-blank lines, each cut to max_len characters."""
    out: list[str] = []
    start = 0
    while len(out) < n and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if line.strip():
            out.append(line[:max_len])
        start = end + 1
    return out


def top_chars(
    text: str, n: int = 20, counts: Counter[str] | None = None, skip_space: bool = False
) -> list[tuple[str, int]]:
    """The n most frequent characters with their counts, most frequent first."""
    counts = Counter(text) if counts is None else counts
    if skip_space:
        counts = Counter({c: k for c, k in counts.items() if not c.isspace()})
    return counts.most_common(n)


def guess_language(mix: dict[str, float]) -> str:
    """'ja' when Japanese scripts are a fair share, 'en' when Latin letters dominate
    (a guess: any Latin-script language reads as 'en'), else 'und' (undetermined)."""
    japanese = mix.get("kanji", 0) + mix.get("hiragana", 0) + mix.get("katakana", 0)
    if japanese >= 0.2:
        return "ja"
    if mix.get("latin", 0) >= 0.5:
        return "en"
    return "und"


def corpus_facts(text: str, top: int = 20, n_lines: int = 5) -> CorpusFacts:
    """Everything the Corpus pane shows, from one pass of counting."""
    counts = Counter(text)
    return CorpusFacts(
        chars=len(text),
        distinct=len(counts),
        lines=count_lines(text),
        first_lines=first_lines(text, n_lines),
        top_chars=top_chars(text, top, counts),
        script_mix=script_mix(text, counts),
    )

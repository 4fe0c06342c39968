"""Key word in context: every occurrence of a word with its left and right context.

Each line is a real span of the text: text[start - len(left):end + len(right)] ==
left + match + right. Contexts are `width` characters at most and stop at a line
break (a line of an Aozora text is a paragraph), so a line never mixes paragraphs.
Lines sort by text order, by the left context read outward from the word, or by the
right context. Never imports textual.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from lstm_tui.errors import ConfigError
from lstm_tui.morph.tokens import TokenizedText
from lstm_tui.text_width import display_width

BY_CHOICES = ("base", "surface")
SORT_CHOICES = ("text", "left", "right")
WIDTH_RANGE = (1, 200)  # characters of context on each side
DEFAULT_WIDTH = 20

# Where a sentence ends: Japanese and Western full stops, and a line break.
_SENTENCE_END = "。！？!?．\n"
# Closing brackets and quotes that belong to the sentence they close: 「…。」
_CLOSERS = "」』）)】〕〉》’”"


def check_width(width: int) -> int:
    """width if it is in WIDTH_RANGE, else ConfigError naming the range."""
    low, high = WIDTH_RANGE
    if not isinstance(width, int) or not low <= width <= high:
        raise ConfigError(f"width must be {low}–{high} characters of context, not {width}")
    return width


@dataclass(frozen=True)
class KwicLine:
    """One occurrence: left context, the match as written, right context, and where
    the match is in the text (start, end)."""

    left: str
    match: str
    right: str
    start: int
    end: int

    def as_dict(self) -> dict[str, str]:
        """The JSON shape of a line: {"left", "match", "right"}."""
        return {"left": self.left, "match": self.match, "right": self.right}


@dataclass(frozen=True)
class Concordance:
    """All occurrences of `word` (base form or surface, `by`), sorted by `sort`."""

    word: str
    by: str
    lines: tuple[KwicLine, ...]
    sort: str = "text"

    @property
    def count(self) -> int:
        """How many occurrences."""
        return len(self.lines)


def _context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to width characters either side of [start, end), stopping at line breaks."""
    lo = max(0, start - width)
    nl = text.rfind("\n", lo, start)
    left = text[(nl + 1 if nl != -1 else lo) : start]
    hi = min(len(text), end + width)
    nl = text.find("\n", end, hi)
    right = text[end : (nl if nl != -1 else hi)]
    return left, right


def sort_lines(lines: Iterable[KwicLine], sort: str) -> list[KwicLine]:
    """Lines in text order, by left context (read from the word outward), or by right."""
    if sort not in SORT_CHOICES:
        raise ConfigError(f"unknown sort {sort!r}; choose one of {', '.join(SORT_CHOICES)}")
    # text order breaks ties, so the same text always gives the same listing
    if sort == "left":
        return sorted(lines, key=lambda ln: (ln.left[::-1], ln.start))
    if sort == "right":
        return sorted(lines, key=lambda ln: (ln.right, ln.start))
    return sorted(lines, key=lambda ln: ln.start)


def concordance(
    tokens: TokenizedText, word: str, by: str = "base", width: int = DEFAULT_WIDTH, sort: str = "text"
) -> Concordance:
    """Every token whose base form (or surface) is word, with its contexts."""
    if by not in BY_CHOICES:
        raise ConfigError(f"unknown form {by!r}; choose base or surface")
    check_width(width)
    text = tokens.text
    lines = []
    for i in tokens.positions(word, by):
        start, end = tokens.span(i)
        left, right = _context(text, start, end, width)
        lines.append(KwicLine(left, text[start:end], right, start, end))
    return Concordance(word, by, tuple(sort_lines(lines, sort)), sort)


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence holding text[start:end]: from after the previous
    sentence end (or line break) to the next one, closing brackets included."""
    s = start
    while s > 0 and text[s - 1] not in _SENTENCE_END:
        s -= 1
    # a sentence may begin right after 」 that closed the previous one: 。」 ends it too
    e = end
    n = len(text)
    while e < n and text[e] not in _SENTENCE_END:
        e += 1
    if e < n and text[e] != "\n":
        e += 1  # keep the full stop
        while e < n and text[e] in _CLOSERS:
            e += 1
    while s < e and text[s] in _CLOSERS:
        s += 1  # the closer of the previous sentence is not part of this one
    return s, e


def sentence(text: str, line: KwicLine) -> str:
    """The whole sentence a line comes from, without the indent or line break."""
    s, e = sentence_at(text, line.start, line.end)
    return text[s:e].strip()


# --- rendering ----------------------------------------------------------------------------


def _visible(s: str) -> str:
    """Control characters (a tab) shown as spaces so columns stay aligned."""
    return "".join(" " if c < " " else c for c in s)


def format_lines(lines: Iterable[KwicLine]) -> list[str]:
    """Aligned lines: left context right-aligned, the match between bars, right context."""
    lines = list(lines)
    if not lines:
        return []
    wide = max(display_width(_visible(ln.left)) for ln in lines)
    out = []
    for ln in lines:
        left = _visible(ln.left)
        out.append(" " * (wide - display_width(left)) + left + " │" + ln.match + "│ " + _visible(ln.right))
    return out


def format_text(conc: Concordance, nearest: Iterable[tuple[str, int]] = ()) -> str:
    """The concordance as plain text: a count line, then the aligned lines; with no
    occurrence, "0 occurrences" and the nearest forms that do occur."""
    head = f"{conc.word} ({conc.by}): {conc.count} occurrence{'s' if conc.count != 1 else ''}"
    if conc.sort != "text":
        head += f", sorted by {conc.sort} context"
    if conc.count:
        return "\n".join([head, *format_lines(conc.lines)])
    near = ", ".join(f"{w} ({n})" for w, n in nearest)
    return head + (f"\nnearest forms that occur: {near}" if near else "")


def format_json(conc: Concordance, nearest: Iterable[tuple[str, int]] = ()) -> str:
    """{"word", "count", "lines": [{"left", "match", "right"}, …]} (+ "nearest" when 0)."""
    data: dict[str, object] = {
        "word": conc.word,
        "count": conc.count,
        "lines": [ln.as_dict() for ln in conc.lines],
    }
    if not conc.count:
        data["nearest"] = [{"word": w, "count": n} for w, n in nearest]
    return json.dumps(data, ensure_ascii=False, indent=2)


# --- from a text to a concordance (the CLI and the app share this) ----------------------


def form_counts(tokens: TokenizedText, by: str = "base") -> tuple[dict[str, int], dict[str, str]]:
    """(word → count, word → reading) over the words of tokens (symbols left out)."""
    from collections import Counter

    from lstm_tui.morph.frequency import SYMBOL_POS1

    by_id = Counter(tokens.ids)
    counts: Counter[str] = Counter()
    readings: dict[str, str] = {}
    for k, n in by_id.items():
        m = tokens.forms[k]
        if m.pos1 in SYMBOL_POS1:
            continue
        w = m.base if by == "base" else m.surface
        counts[w] += n
        readings.setdefault(w, tokens.readings[k])
    return dict(counts), readings


def nearest_in(
    tokens: TokenizedText, word: str, by: str = "base", k: int = 5, reading: str = ""
) -> list[tuple[str, int]]:
    """The k forms of tokens nearest to word in spelling or reading (for "0 occurrences").

    reading: the word's reading in kana when known (a word the model wrote: from its own
    analysis); else the word itself, which is its reading when written in kana.
    """
    from lstm_tui.morph.nearest import FormIndex
    from lstm_tui.morph.tokens import to_katakana

    counts, readings = form_counts(tokens, by)
    index = FormIndex(counts, readings)
    return [(n.word, n.count) for n in index.nearest(word, reading or to_katakana(word), k=k)]


def reading_in(tokens: TokenizedText, word: str, by: str = "base") -> str:
    """The reading MeCab gave word in tokens (katakana), or "" when it does not occur."""
    for k, m in enumerate(tokens.forms):
        if (m.base if by == "base" else m.surface) == word:
            return tokens.readings[k]
    return ""


def tokens_for(text: str, compounds: Iterable[str] = ()) -> TokenizedText:
    """The text's token stream (cached), with the user's compounds joined."""
    from lstm_tui.morph.cache import get_cache
    from lstm_tui.morph.compounds import merge_compounds

    return merge_compounds(get_cache().tokens(text), compounds)


def split_hint(tokens: TokenizedText, word: str) -> str:
    """When word is absent as a token but present in the text, say MeCab splits it."""
    n = tokens.text.count(word) if word else 0
    if not n:
        return ""
    return f"{word} appears {n} times in the text but MeCab splits it; list it as a compound to count it as one word"

"""A text as a sequence of morphemes that know where they are: the input of KWIC,
collocations, compounds and readings.

Counting (analyzer.count) throws positions away, which is right for tables; a
concordance needs every token's offset in the text, so that a line is a real span of
it. MeCab does not report offsets, but it returns surfaces in order and only skips
blanks, so each surface is found from the previous one's end (str.find, in C).

The token stream is stored compactly: the distinct analyses once (`forms`), then one
form id and one start offset per token in two int arrays, which is what the cache
writes to disk as JSON. Never imports textual.
"""

from __future__ import annotations

import re
import shlex
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from lstm_tui.morph.analyzer import MAX_CHUNK, Analyzer, Morpheme, get_analyzer

# One row per morpheme: surface, pos1, pos2, orthBase (10), kanaBase (18; the base
# form's reading in katakana, for edit distance on reading). Unknown words have only
# 6 fields: their base and reading are the surface itself.
_TOKEN_FORMAT = "%m\\t%f[0]\\t%f[1]\\t%f[10]\\t%f[18]\\n"
_TOKEN_UNK = "%m\\t%f[0]\\t%f[1]\\t%m\\t%m\\n"
TOKEN_ARGS = " ".join(
    f"{flag} {shlex.quote(value)}"
    for flag, value in (("-O", ""), ("-F", _TOKEN_FORMAT), ("-U", _TOKEN_UNK), ("-B", ""), ("-E", ""))
)

_URL = re.compile(r"https?://[!-~]+")
_HIRAGANA = re.compile(r"[\u3041-\u3096]")


def to_katakana(s: str) -> str:
    """Hiragana → katakana (other characters kept): readings compare in one script."""
    return _HIRAGANA.sub(lambda m: chr(ord(m.group()) + 0x60), s)


def blank_urls(text: str) -> str:
    """URLs replaced by as many spaces: not words (see cache.strip_urls), but the
    offsets of everything else stay those of the original text."""
    return _URL.sub(lambda m: " " * len(m.group()), text)


def chunk_spans(text: str, max_len: int = MAX_CHUNK) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of text, long lines cut as analyzer.iter_chunks cuts them,
    but as offsets into the text itself (so nothing is removed or shifted)."""
    n, start = len(text), 0
    while start < n:
        nl = text.find("\n", start, start + max_len + 1)
        if nl != -1:
            yield start, nl
            start = nl + 1
            continue
        end = start + max_len
        if end >= n:
            yield start, n
            return
        cut = -1
        for ch in "。！？!?．.、，, 　":
            cut = text.rfind(ch, start + max_len // 2, end)
            if cut != -1:
                break
        end = cut + 1 if cut != -1 else end
        yield start, end
        start = end


@dataclass(frozen=True)
class TokenizedText:
    """The text and its morphemes in order, each with its start offset.

    forms: the distinct analyses; readings: each form's base reading in katakana;
    ids[i]: token i's index in forms; starts[i]: its offset in text (its end is
    start + len(surface)). lines[i]: the index of the line (chunk) it belongs to, so
    windows and contexts can stop at line breaks.
    """

    text: str
    forms: tuple[Morpheme, ...]
    readings: tuple[str, ...]
    ids: array = field(repr=False)  # array('i')
    starts: array = field(repr=False)  # array('i')
    lines: array = field(repr=False)  # array('i')

    def __len__(self) -> int:
        return len(self.ids)

    def morpheme(self, i: int) -> Morpheme:
        """Token i's analysis."""
        return self.forms[self.ids[i]]

    def span(self, i: int) -> tuple[int, int]:
        """Token i's (start, end) in the text."""
        start = self.starts[i]
        return start, start + len(self.forms[self.ids[i]].surface)

    def counts(self) -> Counter[Morpheme]:
        """How often each distinct morpheme occurs (the same shape as Analyzer.count)."""
        by_id = Counter(self.ids)
        out: Counter[Morpheme] = Counter()
        for i, n in by_id.items():
            out[self.forms[i]] += n
        return out

    def positions(self, word: str, by: str = "base") -> list[int]:
        """Token indices whose base form (by="base") or surface (by="surface") is word."""
        if by == "base":
            wanted = {k for k, m in enumerate(self.forms) if m.base == word}
        else:
            wanted = {k for k, m in enumerate(self.forms) if m.surface == word}
        if not wanted:
            return []
        return [i for i, k in enumerate(self.ids) if k in wanted]


def tokenize(text: str, analyzer: Analyzer | None = None) -> TokenizedText:
    """Analyse text into a TokenizedText (MeCab, one tagger per thread)."""
    tagger = (analyzer or get_analyzer())._tagger(TOKEN_ARGS)
    clean = blank_urls(text).replace("\x00", " ").replace("\t", " ")
    index: dict[str, int] = {}
    forms: list[Morpheme] = []
    readings: list[str] = []
    ids, starts, lines = array("i"), array("i"), array("i")
    for line_no, (a, b) in enumerate(chunk_spans(clean)):
        chunk = clean[a:b]
        if not chunk.strip():
            continue
        pos = 0
        for row in tagger.parse(chunk).split("\n"):
            if not row:
                continue
            k = index.get(row)
            if k is None:
                f = row.split("\t")
                if len(f) != 5 or not f[0]:
                    continue  # a malformed row: never seen, but never fatal
                base = f[3] if f[3] and f[3] != "*" else f[0]
                reading = f[4] if f[4] and f[4] != "*" else f[0]
                k = index[row] = len(forms)
                forms.append(Morpheme(f[0], f[1] or "*", f[2] or "*", base))
                readings.append(to_katakana(reading))
            surface = forms[k].surface
            at = chunk.find(surface, pos)
            if at == -1:
                continue  # MeCab changed the surface (never with unidic): drop, do not misplace
            ids.append(k)
            starts.append(a + at)
            lines.append(line_no)
            pos = at + len(surface)
    return TokenizedText(text, tuple(forms), tuple(readings), ids, starts, lines)


def from_parts(
    text: str, forms: list[Morpheme], readings: list[str], ids: list[int], starts: list[int], lines: list[int]
) -> TokenizedText:
    """A TokenizedText from its stored parts (the disk cache), checked for consistency."""
    if not (len(ids) == len(starts) == len(lines)) or len(forms) != len(readings):
        raise ValueError("token arrays of different lengths")
    tok = TokenizedText(text, tuple(forms), tuple(readings), array("i", ids), array("i", starts), array("i", lines))
    if ids and (max(tok.ids) >= len(forms) or min(tok.ids) < 0):
        raise ValueError("token ids out of range")
    return tok

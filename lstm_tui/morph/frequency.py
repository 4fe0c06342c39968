"""Frequency tables by part of speech from morpheme counts, with filters and renderers.

Counting is done once per text (see cache.py); every table, filter and form switch is
then derived from the distinct morphemes only, so changing an option is instant.
Nothing here runs MeCab or imports cache.py: text → table is cache.frequency_table,
which keeps the dependency one-way (cache imports frequency, never the reverse).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from lstm_tui.errors import ConfigError
from lstm_tui.morph.analyzer import Morpheme
from lstm_tui.text_width import display_width, pad

POS_CHOICES = ("adjective", "noun", "verb", "content", "all")
FORMATS = ("table", "csv", "json", "seed")

# Formal nouns that dominate every Japanese noun table while saying nothing.
DEFAULT_STOPWORDS: frozenset[str] = frozenset({"こと", "もの", "ところ", "ため", "はず", "わけ", "よう", "とき"})

# unidic pos1 values that are punctuation, symbols or whitespace.
SYMBOL_POS1 = frozenset({"補助記号", "記号", "空白"})

_HIRAGANA_ONLY = re.compile(r"[\u3041-\u309fー]+")


@dataclass(frozen=True)
class FreqOptions:
    """Every setting of a frequency table; frozen so it can key a cache.

    pos: adjective (形容詞), noun (名詞), verb (動詞), content (those three) or all.
    top: rows kept (0 = all). min_freq: drop words seen fewer times.
    use_surface: count surface forms (撮っ) instead of base forms (撮る).
    with_keiyodoshi: adjectives include 形状詞 (静か, 大切).
    with_pronouns: nouns include 代名詞 (私, これ).
    """

    pos: str = "content"
    top: int = 20
    min_freq: int = 1
    stopwords: frozenset[str] = field(default=DEFAULT_STOPWORDS)
    hide_hiragana: bool = False
    use_surface: bool = False
    with_keiyodoshi: bool = False
    with_pronouns: bool = False
    hide_numerals: bool = True
    hide_symbols: bool = True

    def __post_init__(self) -> None:
        if self.pos not in POS_CHOICES:
            raise ConfigError(f"unknown part of speech {self.pos!r}; choose one of {', '.join(POS_CHOICES)}")
        if not isinstance(self.top, int) or self.top < 0:
            raise ConfigError(f"top must be a whole number ≥ 0 (0 = all), not {self.top!r}")
        if not isinstance(self.min_freq, int) or self.min_freq < 1:
            raise ConfigError(f"minimum frequency must be a whole number ≥ 1, not {self.min_freq!r}")
        # accept any iterable of words (a list from a widget) but store it hashable
        object.__setattr__(self, "stopwords", frozenset(w.strip() for w in self.stopwords if w.strip()))

    def key(self) -> str:
        """A stable JSON string of the options, for cache keys."""
        d = asdict(self)
        d["stopwords"] = sorted(self.stopwords)
        return json.dumps(d, sort_keys=True, ensure_ascii=False)


def parse_stopwords(spec: str) -> frozenset[str]:
    """Comma- or space-separated words → a stop-list ("" → empty; "default" → the defaults)."""
    spec = spec.strip()
    if spec == "default":
        return DEFAULT_STOPWORDS
    return frozenset(w for w in re.split(r"[,\s、，]+", spec) if w)


def is_hiragana_only(word: str) -> bool:
    """True for words written only in hiragana (and ー), which KH Coder hides by default."""
    return _HIRAGANA_ONLY.fullmatch(word) is not None


def _pos_set(opts: FreqOptions) -> frozenset[str] | None:
    """The pos1 values a table keeps, or None for every part of speech."""
    adjective = {"形容詞"} | ({"形状詞"} if opts.with_keiyodoshi else set())
    noun = {"名詞"} | ({"代名詞"} if opts.with_pronouns else set())
    chosen = {
        "adjective": adjective,
        "noun": noun,
        "verb": {"動詞"},
        "content": adjective | noun | {"動詞"},
        "all": None,
    }[opts.pos]
    return None if chosen is None else frozenset(chosen)


def _is_numeral(word: str) -> bool:
    """Digits that MeCab left as unknown nouns (半角 1,000 / ５０) also count as numerals."""
    return bool(word) and all(unicodedata.category(c) == "Nd" or c in ",.，．" for c in word)


def keep_morpheme(m: Morpheme, opts: FreqOptions, pos_set: frozenset[str] | None = None) -> bool:
    """Whether a morpheme belongs in the table selected by opts (before counting)."""
    pos_set = _pos_set(opts) if pos_set is None else pos_set
    if pos_set is not None and m.pos1 not in pos_set:
        return False
    if opts.hide_symbols and m.pos1 in SYMBOL_POS1:
        return False
    if opts.hide_numerals and (m.pos2 == "数詞" or _is_numeral(m.surface)):
        return False
    if m.base in opts.stopwords or m.surface in opts.stopwords:
        return False
    word = m.surface if opts.use_surface else m.base
    if not word.strip():
        return False
    if opts.hide_hiragana and is_hiragana_only(word):
        return False
    return True


@dataclass(frozen=True)
class FreqTable:
    """A frequency table: rows (word, count) most frequent first, and totals.

    total: tokens that passed the filters (before top/min_freq); distinct: their words.
    """

    rows: tuple[tuple[str, int], ...]
    total: int
    distinct: int
    options: FreqOptions

    def as_dict(self) -> dict[str, int]:
        """The rows as an ordered dict word → count."""
        return dict(self.rows)


def word_counts(counts: Mapping[Morpheme, int], opts: FreqOptions) -> Counter[str]:
    """All words kept by opts with their counts (no top / min_freq cut)."""
    pos_set = _pos_set(opts)
    out: Counter[str] = Counter()
    for m, n in counts.items():
        if keep_morpheme(m, opts, pos_set):
            out[m.surface if opts.use_surface else m.base] += n
    return out


def table_from_counts(counts: Mapping[Morpheme, int], opts: FreqOptions) -> FreqTable:
    """Build the table selected by opts from morpheme counts (see Analyzer.count)."""
    words = word_counts(counts, opts)
    # ties broken by the word itself so the same text always gives the same table
    ranked = sorted(((w, n) for w, n in words.items() if n >= opts.min_freq), key=lambda wn: (-wn[1], wn[0]))
    if opts.top:
        ranked = ranked[: opts.top]
    return FreqTable(tuple(ranked), sum(words.values()), len(words), opts)


# --- renderers -----------------------------------------------------------------------


def format_seed(rows: Iterable[tuple[str, int]]) -> str:
    """The ancestor's style: `'する': 21, 'くださる': 10, '楽しい': 3`."""
    return ", ".join(f"'{w}': {n}" for w, n in rows)


def format_text_table(table: FreqTable, title: str = "") -> str:
    """A plain aligned table: rank, word, count, share of the filtered tokens."""
    if not table.rows:
        return f"{title}(no words of this kind in the text)" if title else "(no words of this kind in the text)"
    wide = max(4, *(display_width(w) for w, _ in table.rows))
    lines = [title.rstrip()] if title else []
    lines.append(f"{'rank':>4}  {pad('word', wide)}  {'count':>7}  {'share':>6}")
    for i, (w, n) in enumerate(table.rows, 1):
        share = n / table.total if table.total else 0.0
        lines.append(f"{i:>4}  {pad(w, wide)}  {n:>7}  {share:>6.1%}")
    lines.append(f"({table.distinct} distinct words, {table.total} tokens)")
    return "\n".join(lines)


def format_csv(rows: Iterable[tuple[str, int]]) -> str:
    """CSV with a header: word,count."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["word", "count"])
    w.writerows(rows)
    return buf.getvalue()


def format_json(table: FreqTable) -> str:
    """JSON object: options, totals and rows as [{"word", "count"}]."""
    return json.dumps(
        {
            "pos": table.options.pos,
            "form": "surface" if table.options.use_surface else "base",
            "total": table.total,
            "distinct": table.distinct,
            "rows": [{"word": w, "count": n} for w, n in table.rows],
        },
        ensure_ascii=False,
        indent=2,
    )


def render(table: FreqTable, fmt: str, title: str = "") -> str:
    """Render a table as table, csv, json or seed (the ancestor's one-line style)."""
    if fmt == "table":
        return format_text_table(table, title)
    if fmt == "csv":
        return format_csv(table.rows).rstrip("\n")
    if fmt == "json":
        return format_json(table)
    if fmt == "seed":
        return format_seed(table.rows)
    raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")

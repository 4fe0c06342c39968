"""Collocations: the words found within N tokens of a chosen word, ranked by association.

Positions count morphemes on the same line, punctuation and symbols skipped (they
are not words and would shrink every window). Candidates are the words the
frequency filter keeps (content words by default, stop-list applied), counted by
base form or surface like the tables. Each is scored three standard ways over the
co-occurrence frequency f_xy, the node's frequency f_x, the collocate's f_y and the
N tokens of the text:

- logDice (Rychlý 2008) = 14 + log2(2 f_xy / (f_x + f_y)), the ranking score: it does
  not depend on the size of the text and does not favour rare words as MI does;
- MI = log2(f_xy N / (f_x f_y S)), S the window span (2 × window), for reference;
- t-score = (f_xy - f_x f_y S / N) / √f_xy.

A frequency floor (f_xy ≥ min_freq) removes the one-off pairs. Never imports textual.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from lstm_tui.errors import ConfigError
from lstm_tui.morph.frequency import SYMBOL_POS1, FreqOptions, keep_morpheme
from lstm_tui.morph.tokens import TokenizedText

WINDOW_RANGE = (1, 10)  # tokens each side
DEFAULT_WINDOW = 5
DEFAULT_MIN_FREQ = 2


def check_window(window: int) -> int:
    """window if it is in WINDOW_RANGE, else ConfigError naming the range."""
    low, high = WINDOW_RANGE
    if not isinstance(window, int) or not low <= window <= high:
        raise ConfigError(f"window must be {low}–{high} words on each side, not {window}")
    return window


@dataclass(frozen=True)
class Collocate:
    """A word seen near the node: together f_xy times, f_y times in all; its scores."""

    word: str
    together: int
    frequency: int
    log_dice: float
    mi: float
    t_score: float


@dataclass(frozen=True)
class Collocations:
    """The collocates of `word` within ±window tokens, strongest (logDice) first."""

    word: str
    node_frequency: int
    window: int
    rows: tuple[Collocate, ...]


def collocations(
    tokens: TokenizedText,
    word: str,
    opts: FreqOptions | None = None,
    window: int = DEFAULT_WINDOW,
    min_freq: int = DEFAULT_MIN_FREQ,
    top: int = 50,
) -> Collocations:
    """Collocates of word (base form, or surface when opts.use_surface) in tokens."""
    check_window(window)
    if min_freq < 1:
        raise ConfigError(f"the frequency floor must be ≥ 1, not {min_freq}")
    opts = opts or FreqOptions(pos="content")
    forms = tokens.forms
    # per form: the word it counts as (None: symbol), and whether it may be a collocate
    key = [None if m.pos1 in SYMBOL_POS1 else (m.surface if opts.use_surface else m.base) for m in forms]
    keep = [keep_morpheme(m, opts) for m in forms]
    seq = [k for k in tokens.ids if key[k] is not None]  # positions: words only
    line_of = [ln for k, ln in zip(tokens.ids, tokens.lines) if key[k] is not None]
    freq: Counter[str] = Counter()
    for k in seq:
        if keep[k]:
            freq[key[k]] += 1
    n_tokens = len(seq)
    together: Counter[str] = Counter()
    node = 0
    for i, k in enumerate(seq):
        if key[k] != word:
            continue
        node += 1
        line = line_of[i]
        for j in range(max(0, i - window), min(n_tokens, i + window + 1)):
            if j == i or line_of[j] != line:
                continue
            c = seq[j]
            if keep[c] and key[c] != word:
                together[key[c]] += 1
    span = 2 * window
    rows = []
    for w, fxy in together.items():
        if fxy < min_freq:
            continue
        fy = freq[w]
        expected = node * fy * span / n_tokens if n_tokens else 0.0
        rows.append(
            Collocate(
                w,
                fxy,
                fy,
                14 + math.log2(2 * fxy / (node + fy)),
                math.log2(fxy / expected) if expected else 0.0,
                (fxy - expected) / math.sqrt(fxy),
            )
        )
    rows.sort(key=lambda c: (-c.log_dice, -c.together, c.word))
    return Collocations(word, node, window, tuple(rows[: top or None]))


def format_text(c: Collocations) -> str:
    """An aligned table of the collocates."""
    from lstm_tui.text_width import display_width

    head = f"{c.word}: {c.node_frequency} occurrences; collocates within ±{c.window} words"
    if not c.rows:
        return head + "\n(no collocate reaches the frequency floor)"
    wide = max(4, *(display_width(r.word) for r in c.rows))
    lines = [head, f"word{' ' * (wide - 4)}  {'with':>5}  {'freq':>6}  {'logDice':>7}  {'MI':>6}  {'t':>6}"]
    for r in c.rows:
        pad = " " * (wide - display_width(r.word))
        lines.append(
            f"{r.word}{pad}  {r.together:>5}  {r.frequency:>6}  {r.log_dice:>7.2f}  {r.mi:>6.2f}  {r.t_score:>6.2f}"
        )
    return "\n".join(lines)

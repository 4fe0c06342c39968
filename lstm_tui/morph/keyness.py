"""Keyness: which words set text A apart from text B, and which B from A.

Log-likelihood G² (Dunning 1993, as computed by Rayson & Garside 2000) over the 2×2
table of a word's count in each text against the texts' token totals, with Hardie's
(2014) log ratio as the effect size: log2 of the ratio of relative frequencies, +1
meaning twice as frequent in A, -1 twice as frequent in B. G² says how sure, the log
ratio how big; rows are ranked by G² and kept when G² reaches a significance
threshold (3.84 is p < 0.05 with one degree of freedom). Never imports textual.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

from lstm_tui.errors import ConfigError

P05 = 3.84  # G² critical value, p < 0.05, 1 d.f.
P01 = 6.63  # p < 0.01
# Hardie's adjustment: a zero count is taken as 0.5 for the log ratio only (G² needs none)
ZERO_ADJUST = 0.5


def g2(a: int, b: int, total_a: int, total_b: int) -> float:
    """Log-likelihood G² of a word seen a times in A (total_a tokens) and b in B.

    E_a = total_a (a + b) / (total_a + total_b), likewise E_b;
    G² = 2 (a ln(a / E_a) + b ln(b / E_b)), a term being 0 when its count is 0.
    """
    if a < 0 or b < 0 or total_a <= 0 or total_b <= 0 or a > total_a or b > total_b:
        raise ValueError(f"bad counts for G²: a={a} b={b} totals {total_a}, {total_b}")
    n = a + b
    if n == 0:
        return 0.0
    e_a = total_a * n / (total_a + total_b)
    e_b = total_b * n / (total_a + total_b)
    s = 0.0
    if a:
        s += a * math.log(a / e_a)
    if b:
        s += b * math.log(b / e_b)
    return max(0.0, 2.0 * s)  # rounding can leave -1e-13 for a word as frequent in both


def log_ratio(a: int, b: int, total_a: int, total_b: int) -> float:
    """Hardie's log ratio: log2((a / total_a) / (b / total_b)), zeros taken as 0.5."""
    if total_a <= 0 or total_b <= 0:
        raise ValueError("log ratio needs two non-empty texts")
    return math.log2(((a or ZERO_ADJUST) / total_a) / ((b or ZERO_ADJUST) / total_b))


@dataclass(frozen=True)
class KeyRow:
    """One word: its counts in A and B, G² and log ratio (> 0: more in A)."""

    word: str
    a: int
    b: int
    g2: float
    log_ratio: float

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of a row: {"word", "a", "b", "g2", "log_ratio"}."""
        return {"word": self.word, "a": self.a, "b": self.b, "g2": self.g2, "log_ratio": self.log_ratio}


@dataclass(frozen=True)
class Keyness:
    """Key words both ways: `rows` ranked by G², those of A (log ratio > 0) and of B."""

    total_a: int
    total_b: int
    rows: tuple[KeyRow, ...]
    label_a: str = "A"
    label_b: str = "B"

    @property
    def of_a(self) -> list[KeyRow]:
        """Words more frequent in A, strongest first."""
        return [r for r in self.rows if r.log_ratio > 0]

    @property
    def of_b(self) -> list[KeyRow]:
        """Words more frequent in B, strongest first."""
        return [r for r in self.rows if r.log_ratio < 0]


def keyness(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    min_g2: float = P05,
    top: int = 0,
    min_freq: int = 1,
    label_a: str = "A",
    label_b: str = "B",
) -> Keyness:
    """Key words of A against B and of B against A.

    The totals are the sums of the two maps (the tokens kept by the caller's filter).
    Rows need G² ≥ min_g2 and a + b ≥ min_freq; top keeps that many per direction
    (0 = all). ConfigError when a text has no tokens.
    """
    total_a, total_b = sum(counts_a.values()), sum(counts_b.values())
    if total_a <= 0 or total_b <= 0:
        empty = label_a if total_a <= 0 else label_b
        raise ConfigError(f"keyness needs words in both texts; {empty} has none of this kind")
    if min_g2 < 0:
        raise ConfigError(f"the G² threshold must be ≥ 0, not {min_g2}")
    rows = []
    for w in set(counts_a) | set(counts_b):
        a, b = counts_a.get(w, 0), counts_b.get(w, 0)
        if a + b < min_freq:
            continue
        score = g2(a, b, total_a, total_b)
        if score >= min_g2 and score > 0:
            rows.append(KeyRow(w, a, b, score, log_ratio(a, b, total_a, total_b)))
    rows.sort(key=lambda r: (-r.g2, r.word))
    if top:
        up = [r for r in rows if r.log_ratio > 0][:top]
        down = [r for r in rows if r.log_ratio < 0][:top]
        rows = sorted(up + down, key=lambda r: (-r.g2, r.word))
    return Keyness(total_a, total_b, tuple(rows), label_a, label_b)


def summary(k: Keyness, n: int = 5, generated: bool = False) -> str:
    """A plain sentence. For a model (B = generated): "the model overuses …; underuses …;
    never says …". For two texts: "A uses more …; B uses more …". A clause with no
    significant word is left out (it read "never says nothing significant")."""

    def clauses(pairs: list[tuple[str, list[KeyRow]]]) -> str:
        return "; ".join(f"{verb} {', '.join(r.word for r in rows[:n])}" for verb, rows in pairs if rows)

    if generated:
        said = clauses(
            [
                ("overuses", k.of_b),
                ("underuses", [r for r in k.of_a if r.b > 0]),
                ("never says", [r for r in k.of_a if r.b == 0]),
            ]
        )
        if not said:
            return f"Against {k.label_a}, the model uses no word significantly more or less."
        return f"Against {k.label_a}, the model {said}."
    said = clauses([(f"{k.label_a} uses more", k.of_a), (f"{k.label_b} uses more", k.of_b)])
    return f"{said}." if said else f"{k.label_a} and {k.label_b} use no word significantly more than the other."


def format_json(k: Keyness) -> str:
    """{"total_a", "total_b", "rows": [{"word", "a", "b", "g2", "log_ratio"}, …]}."""
    return json.dumps(
        {"total_a": k.total_a, "total_b": k.total_b, "rows": [r.as_dict() for r in k.rows]},
        ensure_ascii=False,
        indent=2,
    )


def format_csv(k: Keyness) -> str:
    """CSV with a header: word,a,b,g2,log_ratio (full precision, for re-analysis)."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["word", "a", "b", "g2", "log_ratio"])
    for r in k.rows:
        out.writerow([r.word, r.a, r.b, repr(r.g2), repr(r.log_ratio)])
    return buf.getvalue()


def format_text(k: Keyness, generated: bool = False) -> str:
    """An aligned table, one row per word, and the summary sentence under it."""
    from lstm_tui.text_width import display_width

    if not k.rows:
        return f"no key words at this threshold ({k.label_a}: {k.total_a} tokens, {k.label_b}: {k.total_b} tokens)"
    wide = max(4, *(display_width(r.word) for r in k.rows))
    lines = [f"{k.label_a}: {k.total_a} tokens · {k.label_b}: {k.total_b} tokens"]
    lines.append(f"{'word'}{' ' * (wide - 4)}  {'a':>6}  {'b':>6}  {'G²':>8}  {'log ratio':>9}  more in")
    for r in k.rows:
        side = k.label_a if r.log_ratio > 0 else k.label_b
        pad = " " * (wide - display_width(r.word))
        lines.append(f"{r.word}{pad}  {r.a:>6}  {r.b:>6}  {r.g2:>8.2f}  {r.log_ratio:>+9.2f}  {side}")
    lines += ["", summary(k, generated=generated)]
    return "\n".join(lines)


def render(k: Keyness, fmt: str, generated: bool = False) -> str:
    """table, csv or json."""
    if fmt == "json":
        return format_json(k)
    if fmt == "csv":
        return format_csv(k).rstrip("\n")
    if fmt in ("table", "seed"):
        return format_text(k, generated)
    raise ConfigError(f"unknown format {fmt!r} for keyness; choose table, csv or json")

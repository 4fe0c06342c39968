"""Find LSTM units that track something about the text: predicates and correlation.

A predicate gives one number per character of a text (1/0 for "inside 「」", the
column for "position in line"). Each unit's activation after reading a character (h or
c, from a Readout) is correlated with it over the characters the model read; units are
ranked by |Pearson r|. numpy only: the Inspect pane runs it in a worker and the CLI's
`cells` prints it, neither needing torch for this part.

Predicate values at position i describe the text *up to and including* character i,
because that is all the state after reading i can know: an opening 「 is inside, its
closing 」 is outside again, "after 。 or ." is the state just after reading one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

import numpy as np

from lstm_tui.core.readout import Readout
from lstm_tui.core.user_pattern import check_pattern, match_mask

PAIRS: dict[str, tuple[str, str]] = {
    "inside 「」": ("「", "」"),
    "inside 『』": ("『", "』"),
}
BRACKETS = {
    "(": ")",
    "（": "）",
    "[": "]",
    "［": "］",
    "{": "}",
    "｛": "｝",
    "【": "】",
    "〔": "〕",
    "〈": "〉",
    "《": "》",
}
CURLY_QUOTES = {"“": "”", "‘": "’"}
SCRIPTS = ("kanji", "hiragana", "katakana", "latin", "digit", "punctuation")
SENTENCE_ENDS = frozenset("。.")


@dataclass(frozen=True)
class UnitScore:
    """One unit's correlation with a predicate: layer, index in the layer, h or c, r."""

    unit: int
    layer: int
    state: str  # "h" or "c"
    corr: float

    def to_dict(self) -> dict[str, object]:
        return {"unit": self.unit, "layer": self.layer, "state": self.state, "corr": round(self.corr, 4)}


@dataclass(frozen=True)
class PredicateResult:
    """The best units for one predicate; `positive` counts characters where it holds
    (non-zero), and `note` says why a predicate could not be ranked."""

    name: str
    units: list[UnitScore]
    positive: int
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "units": [u.to_dict() for u in self.units],
            "positive": self.positive,
        }
        if self.note:
            out["note"] = self.note
        return out


def inside_pair(text: str, opening: str, closing: str) -> np.ndarray:
    """1 where the text is inside opening…closing (the opening included, nesting counted)."""
    out = np.zeros(len(text), dtype=np.float32)
    depth = 0
    for i, ch in enumerate(text):
        if ch == opening:
            depth += 1
        elif ch == closing and depth > 0:
            depth -= 1
        out[i] = depth > 0
    return out


def inside_any(text: str, pairs: dict[str, str]) -> np.ndarray:
    """1 where the text is inside any of the bracket pairs (a stack, so 【(】 closes 【)."""
    out = np.zeros(len(text), dtype=np.float32)
    closers = set(pairs.values())
    stack: list[str] = []
    for i, ch in enumerate(text):
        if ch in pairs:
            stack.append(pairs[ch])
        elif ch in closers and ch in stack:
            while stack and stack.pop() != ch:
                pass
        out[i] = bool(stack)
    return out


def inside_quotes(text: str) -> np.ndarray:
    """1 inside "…" (a straight double quote toggles; a newline ends it) or “…” / ‘…’."""
    out = np.zeros(len(text), dtype=np.float32)
    straight = False
    curly = inside_any(text, CURLY_QUOTES)
    for i, ch in enumerate(text):
        if ch == '"':
            straight = not straight
            out[i] = straight
        else:
            if ch == "\n":
                straight = False  # an unclosed quote must not colour the rest of the text
            out[i] = straight
    return np.maximum(out, curly)


def script_of(ch: str) -> str | None:
    """One of SCRIPTS for a character, or None (spaces, symbols, emoji, …)."""
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or ch in "々〆〇":
        return "kanji"
    if 0x3041 <= cp <= 0x309F:
        return "hiragana"
    if ch == "・":
        return "punctuation"
    if 0x30A0 <= cp <= 0x30FF or 0xFF66 <= cp <= 0xFF9F or 0x31F0 <= cp <= 0x31FF:
        return "katakana"
    if ch.isdigit():
        return "digit"
    if ("a" <= ch.lower() <= "z") or 0xFF21 <= cp <= 0xFF5A or 0x00C0 <= cp <= 0x024F:
        return "latin" if ch.isalpha() else "punctuation"
    if 0x3000 <= cp <= 0x303F or 0xFF01 <= cp <= 0xFF0F or (cp < 0x80 and not ch.isalnum() and not ch.isspace()):
        return "punctuation"
    if 0xFF1A <= cp <= 0xFF20 or 0xFF3B <= cp <= 0xFF40 or 0xFF5B <= cp <= 0xFF65 or 0x2010 <= cp <= 0x206F:
        return "punctuation"
    return None


@lru_cache(maxsize=2)
def _script_codes(text: str) -> np.ndarray:
    """Index into SCRIPTS of every character (-1 for none): one pass for all six masks."""
    codes = {name: i for i, name in enumerate(SCRIPTS)}
    of = {c: codes.get(script_of(c) or "", -1) for c in set(text)}  # distinct characters only
    return np.fromiter((of[c] for c in text), dtype=np.int8, count=len(text))


def script_mask(text: str, script: str) -> np.ndarray:
    """1 where the character is of that script class (SCRIPTS)."""
    return (_script_codes(text) == SCRIPTS.index(script)).astype(np.float32)


def line_position(text: str) -> np.ndarray:
    """The character's column in its line (0 at a line's first character; a newline
    itself is the last column of its line)."""
    out = np.zeros(len(text), dtype=np.float32)
    col = 0
    for i, ch in enumerate(text):
        out[i] = col
        col = 0 if ch == "\n" else col + 1
    return out


def after_sentence_end(text: str) -> np.ndarray:
    """1 at 。 and . themselves: the state after reading one knows a sentence just ended."""
    return np.fromiter((c in SENTENCE_ENDS for c in text), dtype=np.float32, count=len(text))


def regex_mask(text: str, pattern: str) -> np.ndarray:
    """1 on every character any match of the regex covers.

    The pattern is the user's, so it runs under a time budget in a worker process
    (core/user_pattern.py): PatternError when it does not compile or runs too long.
    """
    return np.frombuffer(match_mask(pattern, text), dtype=np.uint8).astype(np.float32)


def builtin_predicates() -> dict[str, Callable[[str], np.ndarray]]:
    """Name → function of the text, in the order they are listed."""
    preds: dict[str, Callable[[str], np.ndarray]] = {
        name: partial(inside_pair, opening=o, closing=c) for name, (o, c) in PAIRS.items()
    }
    preds["inside brackets"] = lambda t: inside_any(t, BRACKETS)
    preds["inside quotes"] = inside_quotes
    for script in SCRIPTS:
        preds[f"script: {script}"] = partial(script_mask, script=script)
    preds["position in line"] = line_position
    preds["after 。 or ."] = after_sentence_end
    return preds


class Centered:
    """Activations (n, units) centred once, with each column's norm, so each predicate
    costs one matrix-vector product instead of re-centring 100,000 × 512 numbers."""

    def __init__(self, acts: np.ndarray) -> None:
        self.a = acts - acts.mean(axis=0, dtype=np.float64).astype(acts.dtype)
        self.norms = np.sqrt(np.einsum("ij,ij->j", self.a, self.a, dtype=np.float64))

    def corr(self, values: np.ndarray) -> np.ndarray:
        """Pearson r of an (n,) predicate with every column; 0 for a constant column."""
        v = values.astype(np.float64) - values.mean()
        num = v.astype(self.a.dtype) @ self.a
        den = np.sqrt(float(v @ v)) * self.norms
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)


def correlations(values: np.ndarray, acts: np.ndarray) -> np.ndarray:
    """Pearson r of one (n,) predicate with every column of (n, units); 0 for a constant unit."""
    return Centered(acts).corr(values)


def find_cells(
    readout: Readout,
    top: int = 5,
    regex: str | None = None,
    predicates: dict[str, Callable[[str], np.ndarray]] | None = None,
    states: tuple[str, ...] = ("h", "c"),
) -> list[PredicateResult]:
    """Rank every unit (h and c of every layer) by |r| with each predicate.

    Only characters the model read count (unknown ones have no state). A predicate that
    is constant over them (no 『』 in the text, say) cannot be ranked and says so.
    `regex` adds a predicate "regex: PATTERN" (PatternError if it does not compile or
    runs past its time budget; see core/user_pattern.py).
    """
    preds = dict(predicates or builtin_predicates())
    if regex:
        check_pattern(regex)  # a bad pattern fails here, before any work
        preds[f"regex: {regex}"] = lambda t: regex_mask(t, regex)
    keep = readout.known
    every = bool(keep.all())  # then no boolean-mask copy of 100,000 × 256 floats
    blocks = [(s, Centered(readout.units(s) if every else readout.units(s)[keep])) for s in states]
    hidden = max(readout.hidden, 1)
    results = []
    for name, fn in preds.items():
        values = fn(readout.text) if every else fn(readout.text)[keep]
        positive = int(np.count_nonzero(values))
        if len(values) < 3 or float(values.std()) == 0.0:
            results.append(PredicateResult(name, [], positive, "constant over this text: nothing to correlate"))
            continue
        scored: list[UnitScore] = []
        for state, centred in blocks:
            r = centred.corr(values)
            best = np.argsort(-np.abs(r), kind="stable")[:top]
            scored += [UnitScore(int(j % hidden), int(j // hidden), state, float(r[j])) for j in best]
        scored.sort(key=lambda u: -abs(u.corr))
        results.append(PredicateResult(name, scored[:top], positive))
    return results

"""MeCab + unidic-lite → morphemes (surface, pos1, pos2, base form).

The dictionary paths are always passed explicitly (-d and -r), so an installed but
never-downloaded `unidic` package cannot hijack the tagger, and folders with spaces
work (mecab-python3 splits its argument string with shlex, so we quote with shlex).
Never imports textual: the morph layer must stay usable headless.
"""

from __future__ import annotations

import os
import shlex
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from lstm_tui.errors import UserError

# unidic feature index of orthBase (dictionary form in its usual spelling):
# 撮っ → 撮る, ください → くださる, 楽しかっ → 楽しい.
BASE_FIELD = 10

# Lines longer than this are cut before parsing so MeCab's lattice stays small.
MAX_CHUNK = 4096
# Preferred places to cut a long line, best first.
_CUT_CHARS = "。！？!?\n．.、，, 　"

# Output formats for the fast path: one "surface<TAB>pos1<TAB>pos2<TAB>base" row per
# morpheme, nothing for BOS/EOS. Formatting in C is what keeps the pipeline as fast as a
# bare parseToNode loop (per-node Python attribute access is the bottleneck).
_ROW_FORMAT = "%m\\t%f[0]\\t%f[1]\\t%f[10]\\n"
_UNK_FORMAT = "%m\\t%f[0]\\t%f[1]\\t%m\\n"  # unknown words: 6 fields, base = surface
_ROW_ARGS = " ".join(
    f"{flag} {shlex.quote(value)}"
    # -O "" first: unidic's dicrc sets output-format-type, which would override -F
    for flag, value in (("-O", ""), ("-F", _ROW_FORMAT), ("-U", _UNK_FORMAT), ("-B", ""), ("-E", ""))
)


class MorphError(UserError):
    """MeCab or its dictionary is missing or broken; the message says how to fix it."""


class Morpheme(NamedTuple):
    """One morpheme: its surface, two levels of part of speech and its base form."""

    surface: str
    pos1: str
    pos2: str
    base: str


def dictionary_dir(dicdir: str | os.PathLike[str] | None = None) -> Path:
    """The unidic-lite dictionary folder (or `dicdir` when given), checked to exist.

    Raises MorphError with an install hint when the package or its files are missing.
    """
    if dicdir is None:
        try:
            import unidic_lite
        except ImportError:
            raise MorphError("the unidic-lite dictionary is not installed; run `pip install unidic-lite`") from None
        dicdir = unidic_lite.DICDIR
    path = Path(dicdir)
    if not (path / "sys.dic").is_file():
        raise MorphError(
            f"no MeCab dictionary in {path}; reinstall it with `pip install --force-reinstall unidic-lite`"
        )
    return path


def tagger_args(dicdir: Path, extra: str = "") -> str:
    """The Tagger argument string naming the dictionary and its mecabrc explicitly."""
    rc = dicdir / "mecabrc"
    # an empty rc file is all MeCab needs; fall back to /dev/null style when absent
    rc_arg = str(rc) if rc.is_file() else os.devnull
    args = f"-d {shlex.quote(str(dicdir))} -r {shlex.quote(rc_arg)}"
    return f"{args} {extra}".strip()


def make_tagger(dicdir: str | os.PathLike[str] | None = None, extra: str = ""):  # -> MeCab.Tagger
    """A MeCab.Tagger on unidic-lite; MorphError (one line) when that is impossible."""
    try:
        import MeCab
    except ImportError:
        raise MorphError("MeCab is not installed; run `pip install mecab-python3 unidic-lite`") from None
    path = dictionary_dir(dicdir)
    try:
        return MeCab.Tagger(tagger_args(path, extra))
    except RuntimeError:
        # mecab-python3's own message is a multi-line guide; keep ours to one line
        raise MorphError(
            f"MeCab could not load the dictionary in {path}; reinstall it with "
            "`pip install --force-reinstall mecab-python3 unidic-lite`"
        ) from None


def iter_chunks(text: str, max_len: int = MAX_CHUNK) -> Iterator[str]:
    """Yield the text's lines (NUL removed), cutting lines longer than max_len.

    Long lines are cut after sentence punctuation when possible, so a 1 MB line with
    no newline is analysed in bounded memory.
    """
    text = text.replace("\x00", "")
    start, n = 0, len(text)
    while start < n:
        nl = text.find("\n", start, start + max_len + 1)
        if nl != -1:
            yield text[start:nl]
            start = nl + 1
            continue
        end = start + max_len
        if end >= n:
            yield text[start:]
            return
        cut = -1
        for ch in _CUT_CHARS:
            cut = text.rfind(ch, start + max_len // 2, end)
            if cut != -1:
                break
        end = cut + 1 if cut != -1 else end
        yield text[start:end]
        start = end


def split_feature(surface: str, feature: str) -> Morpheme:
    """A node's feature CSV → Morpheme; unknown words (6 fields) use the surface as base."""
    f = feature.split(",", BASE_FIELD + 1)
    pos2 = f[1] if len(f) > 1 else "*"
    base = f[BASE_FIELD] if len(f) > BASE_FIELD else surface
    if not base or base == "*":
        base = surface
    return Morpheme(surface, f[0], pos2, base)


def row_to_morpheme(row: str) -> Morpheme | None:
    """One fast-path output row → Morpheme, or None for a malformed row."""
    f = row.split("\t")
    if len(f) != 4 or not f[0]:
        return None
    # MeCab's %f[i] prints an unset field ("*") as empty; restore "*" to match nodes()
    base = f[3] if f[3] and f[3] != "*" else f[0]
    return Morpheme(f[0], f[1] or "*", f[2] or "*", base)


class Analyzer:
    """Morphological analysis with one MeCab tagger per thread (taggers are not thread-safe)."""

    def __init__(self, dicdir: str | os.PathLike[str] | None = None) -> None:
        self._dicdir = dictionary_dir(dicdir)
        self._local = threading.local()
        self._tagger("")  # fail now, with a clear message, rather than mid-analysis

    def _tagger(self, extra: str):  # -> MeCab.Tagger
        cache = getattr(self._local, "taggers", None)
        if cache is None:
            cache = self._local.taggers = {}
        tagger = cache.get(extra)
        if tagger is None:
            tagger = cache[extra] = make_tagger(self._dicdir, extra)
        return tagger

    def nodes(self, text: str) -> Iterator[Morpheme]:
        """Yield morphemes by walking parseToNode (slow path; kept as the reference)."""
        tagger = self._tagger("")
        for chunk in iter_chunks(text):
            if not chunk:
                continue
            node = tagger.parseToNode(chunk).next  # skip BOS
            while node is not None and node.next is not None:  # stop before EOS
                yield split_feature(node.surface, node.feature)
                node = node.next

    def rows(self, text: str) -> Iterator[list[str]]:
        """Yield, per chunk of text, the raw rows "surface\\tpos1\\tpos2\\tbase"."""
        tagger = self._tagger(_ROW_ARGS)
        for chunk in iter_chunks(text):
            if not chunk.strip():
                continue
            # a TAB inside the text would split a row; MeCab skips spaces anyway
            out = tagger.parse(chunk.replace("\t", " "))
            yield out.split("\n")

    def morphemes(self, text: str) -> Iterator[Morpheme]:
        """Yield the morphemes of text line by line; BOS/EOS skipped, NUL removed."""
        for rows in self.rows(text):
            for row in rows:
                if row:
                    m = row_to_morpheme(row)
                    if m is not None:
                        yield m

    def count(self, text: str) -> Counter[Morpheme]:
        """How often each distinct morpheme occurs in text (fast: counts raw rows first)."""
        raw: Counter[str] = Counter()
        for rows in self.rows(text):
            raw.update(rows)
        counts: Counter[Morpheme] = Counter()
        for row, n in raw.items():
            m = row_to_morpheme(row) if row else None
            if m is not None:
                counts[m] += n
        return counts

    def wakati(self, text: str) -> str:
        """Text split into morphemes with single spaces; line structure kept."""
        tagger = self._tagger("-Owakati")
        out: list[str] = []
        for line in text.replace("\x00", "").split("\n"):
            if not line.strip():
                out.append(line.strip())
                continue
            # long lines are parsed piecewise, then rejoined on one output line
            parts = [tagger.parse(c).strip() for c in iter_chunks(line)]
            out.append(" ".join(p for p in parts if p))
        return "\n".join(out)


_default: Analyzer | None = None
_default_lock = threading.Lock()


def get_analyzer() -> Analyzer:
    """The shared Analyzer on unidic-lite, built once on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Analyzer()
        return _default


def analyze(text: str) -> Iterator[Morpheme]:
    """Morphemes of text with the shared analyzer (see Analyzer.morphemes)."""
    return get_analyzer().morphemes(text)


def wakati(text: str) -> str:
    """Text split into morphemes with spaces, one output line per input line.

    >>> wakati("今日は楽しかった")
    '今日 は 楽しかっ た'
    """
    return get_analyzer().wakati(text)

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
from pathlib import Path
from typing import Iterator, NamedTuple

from lstm_tui.errors import UserError

# unidic feature index of orthBase (dictionary form in its usual spelling):
# 撮っ → 撮る, ください → くださる, 楽しかっ → 楽しい.
BASE_FIELD = 10

# Lines longer than this are cut before parsing so MeCab's lattice stays small.
MAX_CHUNK = 4096
# Preferred places to cut a long line, best first.
_CUT_CHARS = "。！？!?\n．.、，, 　"

# MeCab node.stat values for the sentence boundaries (BOS/EOS).
_BOS = 2
_EOS = 3


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
            raise MorphError(
                "the unidic-lite dictionary is not installed; run `pip install unidic-lite`"
            ) from None
        dicdir = unidic_lite.DICDIR
    path = Path(dicdir)
    if not (path / "sys.dic").is_file():
        raise MorphError(
            f"no MeCab dictionary in {path}; reinstall it with "
            "`pip install --force-reinstall unidic-lite`"
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
        raise MorphError(
            "MeCab is not installed; run `pip install mecab-python3 unidic-lite`"
        ) from None
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


def _split_feature(surface: str, feature: str) -> Morpheme:
    """Feature CSV → Morpheme; unknown words (6 fields) use the surface as base."""
    f = feature.split(",", BASE_FIELD + 1)
    pos2 = f[1] if len(f) > 1 else "*"
    if len(f) > BASE_FIELD:
        base = f[BASE_FIELD]
        if not base or base == "*" or base[0] == '"':
            base = surface
    else:
        base = surface
    return Morpheme(surface, f[0], pos2, base)


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

    def morphemes(self, text: str) -> Iterator[Morpheme]:
        """Yield the morphemes of text line by line; BOS/EOS skipped, NUL removed."""
        tagger = self._tagger("")
        for chunk in iter_chunks(text):
            if not chunk:
                continue
            node = tagger.parseToNode(chunk)
            while node is not None:
                stat = node.stat
                if stat != _BOS and stat != _EOS:
                    yield _split_feature(node.surface, node.feature)
                node = node.next

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

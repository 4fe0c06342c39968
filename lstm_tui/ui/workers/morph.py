"""The morph worker: read the corpus, count morphemes, compare; post progress and one result.

MeCab runs only here, never on the event loop. The shared morph cache makes a second
request for the same text instant (a filter change only re-derives the table).
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from lstm_tui.core.encoding import read_text
from lstm_tui.errors import UserError
from lstm_tui.morph.cache import get_cache
from lstm_tui.morph.compare import compare_texts
from lstm_tui.morph.frequency import FreqOptions, table_from_counts
from lstm_tui.ui.messages import CollocationsReady, KeynessReady, KwicReady, MorphProgress, MorphResult

SPEARMAN_WINDOW = 100  # the comparison ranks each side's top 100 words, whatever the table shows
STAGES = 4  # reading, corpus, generated, comparing


@dataclass(frozen=True)
class MorphRequest:
    """What to analyse: a corpus file and/or a generated text, under one set of options."""

    job: int
    options: FreqOptions
    corpus_path: Path | None = None
    generated: str = ""
    compounds: tuple[str, ...] = ()


_texts_lock = threading.Lock()
_texts: dict[tuple[Path, float, int], str] = {}


def corpus_text(path: Path) -> str:
    """The decoded corpus, read once per file version (filters change far more often)."""
    stat = path.stat()
    key = (path, stat.st_mtime, stat.st_size)
    with _texts_lock:
        hit = _texts.get(key)
    if hit is None:
        hit = read_text(path)
        with _texts_lock:
            _texts.clear()  # one corpus at a time is all the pane shows
            _texts[key] = hit
    return hit


def compute(request: MorphRequest, post: Callable[[Message], object], cancelled: Callable[[], bool]) -> None:
    """Build both tables and the comparison, posting progress and one MorphResult; never raises."""
    started = time.monotonic()
    opts = request.options
    try:
        text = None
        if request.corpus_path is not None:
            post(MorphProgress(request.job, "reading the corpus", 0))
            text = corpus_text(request.corpus_path)
        if cancelled():
            return
        post(MorphProgress(request.job, "analysing the corpus", 1))
        corpus_table = _table(text, opts, request.compounds) if text else None
        if cancelled():
            return
        post(MorphProgress(request.job, "analysing the generated text", 2))
        generated_table = _table(request.generated, opts, request.compounds) if request.generated.strip() else None
        if cancelled():
            return
        comparison = None
        if text and request.generated.strip():
            post(MorphProgress(request.job, "comparing", 3))
            window = dataclasses.replace(opts, top=SPEARMAN_WINDOW, min_freq=1)
            comparison = compare_texts(text, request.generated, window)
        post(
            MorphResult(
                request.job,
                corpus_table,
                generated_table,
                comparison,
                len(text or ""),
                seconds=time.monotonic() - started,
            )
        )
    except (UserError, OSError) as exc:
        post(MorphResult(request.job, None, None, None, error=str(exc)))
    except Exception as exc:  # MeCab or a bad file must become a message, never a dead worker
        post(MorphResult(request.job, None, None, None, error=f"analysis failed: {type(exc).__name__}: {exc}"))


def _table(text: str, opts: FreqOptions, compounds: tuple[str, ...]):  # -> FreqTable
    """The table of text; with compounds, counted from the token stream with them joined."""
    if not compounds:
        return get_cache().table(text, opts)
    from lstm_tui.morph.kwic import tokens_for

    return table_from_counts(tokens_for(text, compounds).counts(), opts)


# ---- KWIC, keyness, collocations (the Morphemes pane's screens, ui/morphemes/) -------------


@dataclass(frozen=True)
class KwicRequest:
    """A concordance of `word` in the corpus file and/or the generated text."""

    word: str
    by: str = "base"
    width: int = 20
    corpus_path: Path | None = None
    generated: str = ""
    compounds: tuple[str, ...] = ()


def compute_kwic(request: KwicRequest, post: Callable[[Message], object]) -> None:
    """Post one KwicReady: both concordances, and the nearest forms of a side with none."""
    from lstm_tui.morph import kwic

    try:
        out: dict[str, object] = {}
        notes = []
        streams = {}
        for side, text in (
            ("corpus", corpus_text(request.corpus_path) if request.corpus_path else ""),
            ("generated", request.generated),
        ):
            if not text.strip():
                continue
            tokens = streams[side] = kwic.tokens_for(text, request.compounds)
            out[side] = kwic.concordance(tokens, request.word, request.by, request.width)
            out[f"{side}_text"] = text
        for side, tokens in streams.items():
            if out[side].count:  # type: ignore[attr-defined]
                continue
            # a word the model made up: its reading from the side where it occurs
            reading = next(
                (kwic.reading_in(t, request.word, request.by) for t in streams.values() if t is not tokens), ""
            )
            out[f"{side}_near"] = kwic.nearest_in(tokens, request.word, request.by, reading=reading)
            if hint := kwic.split_hint(tokens, request.word):
                notes.append(hint)
        post(
            KwicReady(
                request.word,
                out.get("corpus"),  # type: ignore[arg-type]
                out.get("generated"),  # type: ignore[arg-type]
                str(out.get("corpus_text", "")),
                str(out.get("generated_text", "")),
                out.get("corpus_near"),  # type: ignore[arg-type]
                out.get("generated_near"),  # type: ignore[arg-type]
                note=notes[0] if notes else "",
            )
        )
    except (UserError, OSError) as exc:
        post(KwicReady(request.word, None, None, error=str(exc)))
    except Exception as exc:  # never a dead worker
        post(KwicReady(request.word, None, None, error=f"KWIC failed: {type(exc).__name__}: {exc}"))


@dataclass(frozen=True)
class KeynessRequest:
    """Keyness of the corpus file (A) against the generated text or a second file (B)."""

    options: FreqOptions
    corpus_path: Path
    corpus_label: str
    generated: str = ""
    other_path: Path | None = None
    other_label: str = "model"
    compounds: tuple[str, ...] = ()
    min_g2: float = 3.84


def compute_keyness(request: KeynessRequest, post: Callable[[Message], object]) -> None:
    """Post one KeynessReady (rows ranked by G², both directions)."""
    from lstm_tui.morph.frequency import word_counts
    from lstm_tui.morph.keyness import keyness
    from lstm_tui.morph.kwic import tokens_for

    def counts(text: str):  # noqa: ANN202 - Counter[str]
        whole = dataclasses.replace(request.options, top=0, min_freq=1)
        raw = tokens_for(text, request.compounds).counts() if request.compounds else get_cache().counts(text)
        return word_counts(raw, whole)

    try:
        a = corpus_text(request.corpus_path)
        generated = request.other_path is None
        b = request.generated if generated else read_text(request.other_path)  # type: ignore[arg-type]
        if not b.strip():
            raise UserError("nothing to compare with: generate some text or pick a second corpus")
        result = keyness(
            counts(a),
            counts(b),
            min_g2=request.min_g2,
            label_a=request.corpus_label,
            label_b=request.other_label,
        )
        post(KeynessReady(result, generated))
    except (UserError, OSError) as exc:
        post(KeynessReady(None, error=str(exc)))
    except Exception as exc:  # never a dead worker
        post(KeynessReady(None, error=f"keyness failed: {type(exc).__name__}: {exc}"))


@dataclass(frozen=True)
class CollocationsRequest:
    """Collocates of `word` in the corpus file within ±window words."""

    word: str
    options: FreqOptions
    corpus_path: Path | None
    generated: str = ""
    window: int = 5
    min_freq: int = 2
    compounds: tuple[str, ...] = ()


def compute_collocations(request: CollocationsRequest, post: Callable[[Message], object]) -> None:
    """Post one CollocationsReady."""
    from lstm_tui.morph.collocations import collocations
    from lstm_tui.morph.kwic import tokens_for

    try:
        text = corpus_text(request.corpus_path) if request.corpus_path else request.generated
        tokens = tokens_for(text, request.compounds)
        result = collocations(tokens, request.word, request.options, request.window, request.min_freq)
        post(CollocationsReady(result))
    except (UserError, OSError) as exc:
        post(CollocationsReady(None, error=str(exc)))
    except Exception as exc:  # never a dead worker
        post(CollocationsReady(None, error=f"collocations failed: {type(exc).__name__}: {exc}"))

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
from lstm_tui.morph.frequency import FreqOptions
from lstm_tui.ui.messages import MorphProgress, MorphResult

SPEARMAN_WINDOW = 100  # the comparison ranks each side's top 100 words, whatever the table shows
STAGES = 4  # reading, corpus, generated, comparing


@dataclass(frozen=True)
class MorphRequest:
    """What to analyse: a corpus file and/or a generated text, under one set of options."""

    job: int
    options: FreqOptions
    corpus_path: Path | None = None
    generated: str = ""


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
    cache = get_cache()
    opts = request.options
    try:
        text = None
        if request.corpus_path is not None:
            post(MorphProgress(request.job, "reading the corpus", 0))
            text = corpus_text(request.corpus_path)
        if cancelled():
            return
        post(MorphProgress(request.job, "analysing the corpus", 1))
        corpus_table = cache.table(text, opts) if text else None
        if cancelled():
            return
        post(MorphProgress(request.job, "analysing the generated text", 2))
        generated_table = cache.table(request.generated, opts) if request.generated.strip() else None
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

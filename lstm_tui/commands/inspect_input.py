"""What `inspect` and `cells` read: a run, and a text from --text, --text-file or a
corpus split. Not a command itself (cli.COMMANDS does not list it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lstm_tui.core.checkpoint import Run


@dataclass
class InspectInput:
    """A loaded run, the text to read, what it is, and (for a corpus split) the stretches
    eval reads it in."""

    run: Run
    text: str
    label: str
    segments: list[tuple[int, int]] | None = None


def read_file_text(path: str) -> str:
    """A text file in any encoding the corpus reader knows; CorpusError if it cannot."""
    from pathlib import Path

    from lstm_tui.core.encoding import read_text
    from lstm_tui.errors import CorpusError

    p = Path(path).expanduser()
    if not p.exists():
        raise CorpusError(f"no such text file: {path}")
    if not p.is_file():
        raise CorpusError(f"{path} is not a regular file (a folder, a device or a pipe): give a text file")
    return read_text(p)


def corpus_text(run: Run, spec: str, split: str) -> str:
    """The split of a corpus the run was trained on (CorpusError for any other corpus)."""
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.held_out import check_trained_on, split_text
    from lstm_tui.paths import resolve_corpus

    path = resolve_corpus(spec)
    text = read_text(path)
    check_trained_on(run.corpus, text, path)
    return text if split == "all" else split_text(text, run.vocab.chars, split)

"""Where corpora and models are looked for and written."""

from __future__ import annotations

import os
from pathlib import Path

from lstm_tui.errors import CorpusError

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for c in candidates:
        if c.is_dir():
            return c
    return candidates[0]


def bundled_corpora_dir() -> Path:
    """The project's corpora/ (a source checkout) or the copy packed into the wheel."""
    return _first_existing(_PACKAGE.parent / "corpora", _PACKAGE / "_bundled" / "corpora")


def bundled_models_dir() -> Path:
    """The project's models/ (demo run) or the copy packed into the wheel."""
    return _first_existing(_PACKAGE.parent / "models", _PACKAGE / "_bundled" / "models")


def home_dir() -> Path:
    """The user's data folder; LSTM_TUI_HOME overrides platformdirs' choice."""
    env = os.environ.get("LSTM_TUI_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("lstm-tui", appauthor=False))


def user_corpora_dir() -> Path:
    """Imported corpora live here."""
    return home_dir() / "corpora"


def user_models_dir() -> Path:
    """New training runs are written here unless --out says otherwise."""
    return home_dir() / "models"


def resolve_corpus(spec: str) -> Path:
    """A corpus name (bundled or imported) or a path to a text file → the file's path."""
    p = Path(spec).expanduser()
    if p.suffix or os.sep in spec or p.exists():
        if not p.exists():
            raise CorpusError(f"no such corpus file: {spec}; run `lstm-tui corpora` to list names")
        return p
    for folder in (user_corpora_dir(), bundled_corpora_dir()):
        candidate = folder / f"{spec}.txt"
        if candidate.is_file():
            return candidate
    raise CorpusError(f"unknown corpus {spec!r}; run `lstm-tui corpora` to list names")

"""Where corpora and models are looked for and written."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from lstm_tui.errors import CorpusError, UserError

_PACKAGE = Path(__file__).resolve().parent
# Corpus names are file stems: letters (any script), digits, "-" and "_". No dot, so
# resolve_corpus never mistakes a name for a path and a name never climbs out.
_NAME_OK = re.compile(r"^[^\W_][\w-]{0,63}$")


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
    if env is not None:
        if not env.strip():  # set but empty: a mistake to report, not a request for the default
            raise UserError("LSTM_TUI_HOME is set but empty; unset it (for the default folder) or give it a folder")
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


def resolve_run(spec: str | Path) -> Path:
    """A run folder path; or, when no such path exists, a run's name as `lstm-tui runs`
    lists it: one of the user's runs, else a bundled one (base-ja, demo-ja-soseki) → the
    folder to load."""
    p = Path(spec).expanduser()
    if not p.exists() and os.sep not in str(spec):
        for folder in (user_models_dir(), bundled_models_dir()):
            if (folder / str(spec)).is_dir():
                return folder / str(spec)
    return p


def bundled_catalog_file() -> Path:
    """corpora.toml beside the bundled corpora: title, language, source, licence."""
    return bundled_corpora_dir() / "corpora.toml"


def check_corpus_name(name: str) -> str:
    """The name if it is a usable corpus name, else a CorpusError saying what to use."""
    name = unicodedata.normalize("NFC", name.strip())
    if not _NAME_OK.match(name):
        raise CorpusError(
            f"bad corpus name {name!r}; use up to 64 letters, digits, '-' or '_', "
            "starting with a letter or digit (for example --name my-corpus)"
        )
    return name


def name_from_path(path: str | Path) -> str:
    """A corpus name made from a file name: its stem with odd characters turned into '-'."""
    stem = unicodedata.normalize("NFC", Path(path).stem)
    slug = re.sub(r"[^\w-]+", "-", stem).strip("-_")[:64].rstrip("-_")
    return slug or "corpus"


def user_corpus_files(name: str) -> tuple[Path, Path]:
    """(NAME.txt, NAME.json) of an imported corpus in the user corpora folder."""
    folder = user_corpora_dir()
    return folder / f"{name}.txt", folder / f"{name}.json"

"""The app's side of settings.py: what a remembered value means at launch, and what is
gathered from the panes when the app quits.

A remembered corpus or run that has since gone is simply not used (the app's usual
default takes its place); nothing here raises.
"""

from __future__ import annotations

from pathlib import Path

from lstm_tui import paths
from lstm_tui.core.runfiles import RUN_FILE
from lstm_tui.errors import UserError
from lstm_tui.settings import Settings
from lstm_tui.ui.sample_settings import parse_length, parse_top_k


def remembered_run(settings: Settings) -> Path | None:
    """The last run, when it is still a run folder."""
    if settings.run is None:
        return None
    path = Path(settings.run)
    return path if (path / RUN_FILE).is_file() else None


def remembered_corpus(settings: Settings) -> str | None:
    """The last corpus (a name or a file), when it can still be found."""
    if settings.corpus is None:
        return None
    try:
        paths.resolve_corpus(settings.corpus)
    except (UserError, OSError):
        return None
    return settings.corpus


def corpus_choice(name: str, path: Path) -> str:
    """How to remember a chosen corpus: its name when the name finds this file, else the path."""
    try:
        if paths.resolve_corpus(name).resolve() == Path(path).resolve():
            return name
    except (UserError, OSError):
        pass
    return str(Path(path).resolve())


def gathered(
    settings: Settings,
    theme: str,
    corpus: str | None,
    run: Path | None,
    sampling: tuple[float, str, str, str] | None,
) -> Settings:
    """The settings to save: these choices over the ones loaded at launch.

    `sampling` is the Sample pane's (temperature, prefix, length text, top-k text); a
    length or top-k that does not parse keeps its remembered value.
    """
    out = settings.with_(
        theme=theme,
        corpus=corpus if corpus is not None else settings.corpus,
        run=str(run) if run is not None else settings.run,
    )
    if sampling is not None:
        temperature, prefix, length, top_k = sampling
        out = out.with_(temperature=float(temperature), prefix=prefix)
        try:
            out = out.with_(length=parse_length(length))
        except UserError:
            pass
        try:
            out = out.with_(top_k=parse_top_k(top_k))  # None: off, and not written
        except UserError:
            pass
    return out

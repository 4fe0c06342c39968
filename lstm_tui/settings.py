"""What the app remembers between launches, in a small TOML file.

Kept: the last corpus and run, the Sample pane's temperature, prefix, length and
top-k, and the theme. The file is `$LSTM_TUI_HOME/settings.toml` when that variable is
set, else `settings.toml` in the user config folder (platformdirs).

Reading never raises: a missing file gives the defaults; an unreadable or invalid one
gives the defaults and a one-line problem for the app to show (the next save replaces
the file). A value of the wrong type or out of range is dropped on its own, so one bad
line does not cost the others. Writing goes through core/atomic.py, so a crash never
leaves half a file. Torch-free and Textual-free: the app reads it before its first paint.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from lstm_tui.core.atomic import atomic_write_text
from lstm_tui.core.checked_read import read_regular_text
from lstm_tui.core.sampling_options import MAX_APP_LENGTH, MAX_TEMPERATURE, MAX_TOP_K, MIN_TEMPERATURE
from lstm_tui.errors import UserError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

FILE_NAME = "settings.toml"
MAX_PREFIX = 1_000  # a prefix is a few words; a megabyte one is a damaged file
MAX_TEXT = 4_096  # corpus, run and theme names or paths
MAX_FILE_BYTES = 256 * 1024  # a settings file is a few hundred bytes; more is not one


@dataclass(frozen=True)
class Settings:
    """The remembered choices; None means "not chosen yet" (the app's own default)."""

    corpus: str | None = None  # a corpus name or a text file's path
    run: str | None = None  # a run folder's path
    temperature: float | None = None
    prefix: str | None = None
    length: int | None = None
    top_k: int | None = None  # None: off, the app's default (a saved 0 from older files reads as off)
    theme: str | None = None  # a Textual theme name

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def settings_path() -> Path:
    """`$LSTM_TUI_HOME/settings.toml`, else settings.toml in the user config folder."""
    env = os.environ.get("LSTM_TUI_HOME")
    if env:
        return Path(env).expanduser() / FILE_NAME
    from platformdirs import user_config_dir

    return Path(user_config_dir("lstm-tui", appauthor=False)) / FILE_NAME


def _text(value: Any, limit: int) -> str | None:
    return value if isinstance(value, str) and 0 < len(value) <= limit and "\x00" not in value else None


def _number(value: Any, lo: float, hi: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) and lo <= value <= hi else None


def _whole(value: Any, lo: int, hi: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if lo <= value <= hi else None


def from_dict(data: dict[str, Any]) -> Settings:
    """Settings from a parsed file; each missing or bad value falls back on its own."""
    prefix = data.get("prefix")
    return Settings(
        corpus=_text(data.get("corpus"), MAX_TEXT),
        run=_text(data.get("run"), MAX_TEXT),
        temperature=_number(data.get("temperature"), MIN_TEMPERATURE, MAX_TEMPERATURE),
        # an empty prefix is a choice too ("no prefix")
        prefix=prefix if isinstance(prefix, str) and len(prefix) <= MAX_PREFIX and "\x00" not in prefix else None,
        length=_whole(data.get("length"), 1, MAX_APP_LENGTH),
        top_k=_whole(data.get("top_k"), 1, MAX_TOP_K),
        theme=_text(data.get("theme"), 200),
    )


def load(path: Path | None = None) -> tuple[Settings, str | None]:
    """(settings, problem): the defaults and None when there is no file yet; the
    defaults and a one-line reason when the file cannot be read or is not TOML.

    Never raises and never blocks: a FIFO or device in the file's place, a file over
    MAX_FILE_BYTES, bytes that are not UTF-8 and TOML nested past the parser's
    recursion limit all come back as the defaults and a reason.
    """
    path = path or settings_path()
    if not os.path.lexists(path):
        return Settings(), None
    try:
        text = read_regular_text(path, MAX_FILE_BYTES, fix="using the defaults; it will be replaced")
    except UserError as exc:
        return Settings(), f"cannot read the settings: {exc}"
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError, MemoryError) as exc:
        # RecursionError: 100,000 nested [ ; ValueError: anything else the parser raises
        first = "nested too deeply" if isinstance(exc, RecursionError) else (str(exc).splitlines() or [""])[0][:120]
        return (
            Settings(),
            f"{path} is not valid TOML ({first or type(exc).__name__}); using the defaults, it will be replaced",
        )
    return from_dict(data), None


def _toml_value(value: str | int | float) -> str:
    """One TOML scalar. JSON's string escapes (\\" \\\\ \\n \\uXXXX) are TOML's too."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)  # finite (from_dict and the app check), so never nan/inf
    return str(int(value))


def dumps(settings: Settings) -> str:
    """The file's text: a comment line, then one `key = value` line per chosen field."""
    lines = ["# lstm-tui settings: written when the app quits; safe to edit or delete"]
    for f in fields(settings):
        value = getattr(settings, f.name)
        if value is not None:
            lines.append(f"{f.name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically; returns the path. OSError when it cannot be written."""
    path = path or settings_path()
    atomic_write_text(path, dumps(settings))
    return path

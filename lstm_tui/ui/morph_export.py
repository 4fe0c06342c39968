"""Writing the Morphemes pane's tables (csv, json or seed) and keyness (csv or json) to the user folder."""

from __future__ import annotations

import time
from pathlib import Path

from lstm_tui import paths
from lstm_tui.core.atomic import atomic_write_text
from lstm_tui.errors import ConfigError
from lstm_tui.morph.frequency import FreqTable, render
from lstm_tui.morph.keyness import Keyness

EXTENSIONS = {"csv": "csv", "json": "json", "seed": "txt"}


def exports_dir() -> Path:
    """home_dir()/exports, where the pane writes its tables."""
    return paths.home_dir() / "exports"


def export_tables(tables: dict[str, FreqTable], fmt: str, folder: Path | None = None) -> list[Path]:
    """Write each table (keyed by side: corpus / generated) in fmt; return the files written.

    Names carry the side, part of speech, form and time, so exports never overwrite
    each other: morphemes-corpus-adjective-base-20250101-120000.csv.
    """
    folder = folder or exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    written: list[Path] = []
    for side, table in tables.items():
        form = "surface" if table.options.use_surface else "base"
        stem = f"morphemes-{side}-{table.options.pos}-{form}-{stamp}"
        path = folder / f"{stem}.{EXTENSIONS[fmt]}"
        n = 2
        while path.exists():  # two exports in one second
            path, n = folder / f"{stem}-{n}.{EXTENSIONS[fmt]}", n + 1
        atomic_write_text(path, render(table, fmt) + "\n")
        written.append(path)
    return written


def export_keyness(result: Keyness, fmt: str, folder: Path | None = None) -> Path:
    """Write a keyness table as csv or json (the CLI's shapes); return the file written."""
    from lstm_tui.morph.keyness import render

    if fmt not in ("csv", "json"):
        raise ConfigError(f"keyness exports as csv or json, not {fmt!r}")
    folder = folder or exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"keyness-{_safe(result.label_a)}-vs-{_safe(result.label_b)}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{stem}.{fmt}", 2
    while path.exists():
        path, n = folder / f"{stem}-{n}.{fmt}", n + 1
    atomic_write_text(path, render(result, fmt) + "\n")
    return path


def _safe(label: str) -> str:
    """A label fit for a file name."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in label)[:40] or "text"

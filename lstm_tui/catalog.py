"""Listing corpora: the bundled ones (corpora/corpora.toml) and the user's imports.

Each imported corpus is NAME.txt with a NAME.json sidecar holding its metadata and
counts. Bundled files are counted once and the counts cached in the user folder (keyed
by path, size and mtime), so `lstm-tui corpora` stays fast. Nothing here imports torch.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lstm_tui import paths
from lstm_tui.core.atomic import atomic_write_text
from lstm_tui.errors import CorpusError

METADATA_FORMAT = 1


@dataclass(frozen=True)
class CorpusInfo:
    """One corpus as listed by `lstm-tui corpora` and the Corpus pane."""

    name: str
    title: str
    language: str
    chars: int
    distinct: int
    lines: int
    path: Path
    source: str
    description: str = ""
    licence: str = ""
    bundled: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (path as a string)."""
        d = asdict(self)
        d["path"] = str(self.path)
        return d


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _cache_file() -> Path:
    return paths.home_dir() / "cache" / "corpus-counts.json"


def _count_file(path: Path) -> dict[str, Any]:
    """chars, distinct, lines and a language guess of a text file (decoded as the
    importer would)."""
    from lstm_tui.core.encoding import read_text
    from lstm_tui.core.facts import count_lines, guess_language, script_mix

    text = read_text(path)
    counts = Counter(text)
    return {
        "chars": len(text),
        "distinct": len(counts),
        "lines": count_lines(text),
        "language": guess_language(script_mix(text, counts)),
    }


def file_counts(path: Path, cache: dict[str, Any] | None = None) -> dict[str, Any]:
    """Counts for a file, from the cache when its size and mtime still match.

    Pass a dict loaded with load_count_cache to batch many files; it is updated in place.
    An unreadable file gives zero counts and an "error" entry instead of raising.
    """
    try:
        st = path.stat()
    except OSError as exc:
        return {"chars": 0, "distinct": 0, "lines": 0, "language": "und", "error": str(exc)}
    key = str(path.resolve())
    if cache is not None:
        hit = cache.get(key)
        if isinstance(hit, dict) and hit.get("size") == st.st_size and hit.get("mtime_ns") == st.st_mtime_ns:
            return hit
    try:
        entry = _count_file(path)
    except CorpusError as exc:
        return {"chars": 0, "distinct": 0, "lines": 0, "language": "und", "error": str(exc)}
    entry.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
    if cache is not None:
        cache[key] = entry
    return entry


def load_count_cache() -> dict[str, Any]:
    """The cached counts (empty when missing or unreadable)."""
    return _read_json(_cache_file()) or {}


def save_count_cache(cache: dict[str, Any]) -> None:
    """Store the counts; a read-only user folder only costs speed, so errors are ignored."""
    try:
        atomic_write_text(_cache_file(), json.dumps(cache, ensure_ascii=False, indent=1) + "\n")
    except OSError:
        pass


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except (OSError, ValueError):
        return {}
    # accept both [NAME] tables and [corpora.NAME] tables
    if isinstance(data.get("corpora"), dict) and all(isinstance(v, dict) for v in data["corpora"].values()):
        data = data["corpora"]
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def bundled_corpora(cache: dict[str, Any] | None = None) -> list[CorpusInfo]:
    """Corpora shipped with the project, described by corpora.toml; a .txt the toml
    does not describe is listed too, with what can be counted."""
    folder = paths.bundled_corpora_dir()
    described = _load_toml(paths.bundled_catalog_file())
    out: list[CorpusInfo] = []
    seen: set[Path] = set()
    for name, meta in described.items():
        path = folder / str(meta.get("file", f"{name}.txt"))
        if not path.is_file():
            continue
        seen.add(path)
        counts = file_counts(path, cache)
        out.append(
            CorpusInfo(
                name=name,
                title=str(meta.get("title", name)),
                language=str(meta.get("language", counts["language"])),
                chars=counts["chars"],
                distinct=counts["distinct"],
                lines=counts["lines"],
                path=path,
                source=str(meta.get("source", "bundled")),
                description=str(meta.get("description", "")),
                licence=str(meta.get("licence", meta.get("license", ""))),
                bundled=True,
            )
        )
    if folder.is_dir():
        for path in sorted(folder.glob("*.txt")):
            if path not in seen:
                out.append(_undescribed(path, cache, bundled=True))
    return out


def _undescribed(path: Path, cache: dict[str, Any] | None, bundled: bool) -> CorpusInfo:
    counts = file_counts(path, cache)
    return CorpusInfo(
        name=path.stem,
        title=path.stem,
        language=counts["language"],
        chars=counts["chars"],
        distinct=counts["distinct"],
        lines=counts["lines"],
        path=path,
        source="bundled" if bundled else "user folder",
        description=counts.get("error", ""),
        bundled=bundled,
    )


def info_from_metadata(meta: dict[str, Any], path: Path) -> CorpusInfo:
    """A CorpusInfo from an imported corpus's NAME.json contents."""

    def num(key: str) -> int:
        value = meta.get(key, 0)
        return value if isinstance(value, int) and value >= 0 else 0

    return CorpusInfo(
        name=str(meta.get("name", path.stem)),
        title=str(meta.get("title", path.stem)),
        language=str(meta.get("language", "und")),
        chars=num("chars"),
        distinct=num("distinct"),
        lines=num("lines"),
        path=path,
        source=str(meta.get("source", "")),
        description=str(meta.get("description", "")),
        licence=str(meta.get("licence", "")),
        bundled=False,
    )


def user_corpora(cache: dict[str, Any] | None = None) -> list[CorpusInfo]:
    """Imported corpora in the user corpora folder (NAME.txt, with NAME.json if any)."""
    folder = paths.user_corpora_dir()
    if not folder.is_dir():
        return []
    out: list[CorpusInfo] = []
    for path in sorted(folder.glob("*.txt"), key=lambda p: p.stem):
        if path.name.startswith("."):
            continue  # a temporary file of an import in progress
        meta = _read_json(path.with_suffix(".json"))
        try:
            size = path.stat().st_size
        except OSError:
            continue
        if meta is not None and meta.get("bytes") == size:
            out.append(info_from_metadata(meta, path))
        else:
            # no sidecar, or the text was edited since: count it (cached)
            info = _undescribed(path, cache, bundled=False)
            if meta is not None:
                info = info_from_metadata({**meta, **_counts_only(info)}, path)
            out.append(info)
    return out


def _counts_only(info: CorpusInfo) -> dict[str, int]:
    return {"chars": info.chars, "distinct": info.distinct, "lines": info.lines}


def list_corpora() -> list[CorpusInfo]:
    """Every corpus: bundled first, then imported, each group sorted as found.

    An imported corpus with the name of a bundled one hides it, as resolve_corpus does.
    """
    cache = load_count_cache()
    before = json.dumps(cache, sort_keys=True)
    user = user_corpora(cache)
    user_names = {c.name for c in user}
    out = [c for c in bundled_corpora(cache) if c.name not in user_names] + user
    if json.dumps(cache, sort_keys=True) != before:
        save_count_cache(cache)
    return out


def find_corpus(name: str) -> CorpusInfo | None:
    """The listed corpus with this name, or None."""
    for info in list_corpora():
        if info.name == name:
            return info
    return None

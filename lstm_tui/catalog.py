"""Listing corpora: the bundled ones (corpora/corpora.toml) and the user's imports.

Each imported corpus is NAME.txt with a NAME.json sidecar holding its metadata and
counts. Bundled files are counted once and the counts cached in the user folder (keyed
by path, size and mtime), so `lstm-tui corpora` stays fast. Nothing here imports torch.

corpora.toml is written by scripts/build_corpora.py: per corpus its file, title,
language, description, source, licence, `default` (the one the app opens on) and
`works`, the bibliographic record of each work it holds.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from lstm_tui import paths
from lstm_tui.core.atomic import atomic_write_text, remove_stale_temp_files
from lstm_tui.core.checked_read import read_regular_bytes, read_regular_text
from lstm_tui.errors import CorpusError, UserError

# corpora.toml, sidecars and the count cache are kilobytes; a file far past this is not one
SIDECAR_LIMIT = 64 * 2**20

METADATA_FORMAT = 1
# The keys of one work's record (CorpusInfo.works), always all present, "" when unknown.
# title/subtitle/author come from the work's header; teihon (底本), teihon_parent
# (底本の親本), first_published (初出), input (入力) and proofing (校正) from its Aozora
# footer; source is where the original came from and sha256 that original's hash.
WORK_KEYS = (
    "title",
    "subtitle",
    "author",
    "teihon",
    "teihon_parent",
    "first_published",
    "input",
    "proofing",
    "source",
    "sha256",
)


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
    # the bundled corpus the app opens on; corpora.toml marks exactly one
    default: bool = False
    # one dict per work with every key of WORK_KEYS; not hashed (dicts cannot be)
    works: tuple[dict[str, str], ...] = field(default=(), hash=False)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (path as a string)."""
        d = asdict(self)
        d["path"] = str(self.path)
        d["works"] = [dict(w) for w in self.works]
        return d


def _works(value: Any) -> tuple[dict[str, str], ...]:
    """Work records from a toml or JSON list, each with every key of WORK_KEYS (a
    malformed entry is skipped: a listing never fails over metadata)."""
    if not isinstance(value, list):
        return ()
    return tuple({k: str(w.get(k, "")) for k in WORK_KEYS} for w in value if isinstance(w, dict))


def _read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a sidecar or cache file, or None when it is missing, not a
    regular file (a FIFO would block the read), damaged or not an object: these files
    are rebuilt or ignored, never fatal."""
    try:
        data = json.loads(read_regular_bytes(path, SIDECAR_LIMIT))
    except (UserError, ValueError, UnicodeDecodeError, RecursionError):
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
        if (
            isinstance(hit, dict)
            and hit.get("size") == st.st_size
            and hit.get("mtime_ns") == st.st_mtime_ns
            and _counts_ok(hit)
        ):
            return hit
    try:
        entry = _count_file(path)
    except CorpusError as exc:
        return {"chars": 0, "distinct": 0, "lines": 0, "language": "und", "error": str(exc)}
    entry.update(size=st.st_size, mtime_ns=st.st_mtime_ns)
    if cache is not None:
        cache[key] = entry
    return entry


def _counts_ok(entry: dict[str, Any]) -> bool:
    """A cache entry a hand edit has not broken: whole counts and a language string
    (anything else is counted again and the cache rewritten, never fatal)."""
    ints = all(
        isinstance(entry.get(k), int) and not isinstance(entry.get(k), bool) for k in ("chars", "distinct", "lines")
    )
    return ints and isinstance(entry.get("language"), str)


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
        data = tomllib.loads(read_regular_text(path, SIDECAR_LIMIT))
    except (UserError, ValueError, RecursionError):  # TOMLDecodeError is a ValueError
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
                default=meta.get("default") is True,
                works=_works(meta.get("works")),
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
        works=_works(meta.get("works")),
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
        if not path.is_file():
            continue  # a folder named x.txt is not a corpus (resolve_corpus skips it too)
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
    remove_stale_temp_files(paths.user_corpora_dir())  # an import killed mid-write (never others' files)
    cache = load_count_cache()
    before = json.dumps(cache, sort_keys=True)
    user = user_corpora(cache)
    user_names = {c.name for c in user}
    out = [c for c in bundled_corpora(cache) if c.name not in user_names] + user
    if json.dumps(cache, sort_keys=True) != before:
        save_count_cache(cache)
    return out


def default_corpus_name() -> str:
    """The bundled corpus the app opens on: the one corpora.toml marks `default = true`.

    Without such a mark (a stand-in bundle in tests, an edited toml) it is the first
    described corpus whose file exists, then the first bundled .txt; "" when there are
    none. Reads only the toml and file names: no counting, no torch.
    """
    folder = paths.bundled_corpora_dir()
    described = _load_toml(paths.bundled_catalog_file())
    present = [
        (name, meta) for name, meta in described.items() if (folder / str(meta.get("file", f"{name}.txt"))).is_file()
    ]
    for name, meta in present:
        if meta.get("default") is True:
            return name
    if present:
        return present[0][0]
    loose = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return loose[0].stem if loose else ""


def find_corpus(name: str) -> CorpusInfo | None:
    """The listed corpus with this name, or None."""
    for info in list_corpora():
        if info.name == name:
            return info
    return None

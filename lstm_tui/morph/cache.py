"""Cache of morpheme counts and frequency tables, keyed by the text's sha256 and options.

frequency_table(text, opts) is the entry point: analyse once, cached, then derive.

Two levels: in memory (tables keyed by sha256 + options, counts by sha256) and on disk
under home_dir()/cache as JSON (counts only — tables are derived from them in
milliseconds). JSON, never pickle: a cache file must not be able to run code.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter, OrderedDict
from pathlib import Path

from lstm_tui.core.atomic import atomic_write_text
from lstm_tui.core.checked_read import read_regular_text
from lstm_tui.core.encoding import sha256_text
from lstm_tui.errors import UserError
from lstm_tui.morph.analyzer import Morpheme, get_analyzer
from lstm_tui.morph.frequency import FreqOptions, FreqTable, table_from_counts
from lstm_tui.morph.tokens import TokenizedText, from_parts, tokenize

# Bump when the analyzer's output changes, so old cache files are ignored.
CACHE_VERSION = 2  # 2: URLs removed before counting
_PREFIX = "morph-"
CACHE_FILE_LIMIT = 1 << 30  # token streams of a large corpus run to hundreds of MB
_TOKENS_PREFIX = "tokens-"  # token streams (KWIC, collocations, compounds): a separate file


def _dictionary_tag() -> str:
    """Names the dictionary build, so a new unidic-lite invalidates old entries."""
    try:
        from lstm_tui.morph.analyzer import dictionary_dir

        return (dictionary_dir() / "version").read_text(encoding="utf-8").strip()
    except Exception:  # the tag only sharpens the key; never fail because of it
        return "unknown"


def default_cache_dir() -> Path:
    """home_dir()/cache, resolved now (LSTM_TUI_HOME may change between calls)."""
    from lstm_tui.paths import home_dir

    return home_dir() / "cache"


def _read_cache(path: Path) -> str:
    """A cache file's text; OSError for anything but a regular UTF-8 file under
    CACHE_FILE_LIMIT (a FIFO would block, /dev/zero never ends): it is then rebuilt."""
    try:
        return read_regular_text(path, CACHE_FILE_LIMIT)
    except UserError as exc:
        raise OSError(str(exc)) from None


class MorphCache:
    """Memory + disk cache; a second request for the same text and options is instant."""

    def __init__(self, folder: Path | None = None, max_memory: int = 8, max_files: int = 64) -> None:
        self._folder = folder
        self._max_memory = max_memory
        self._max_files = max_files
        self._counts: OrderedDict[str, Counter[Morpheme]] = OrderedDict()
        self._tables: OrderedDict[tuple[str, str], FreqTable] = OrderedDict()
        self._tokens: OrderedDict[str, TokenizedText] = OrderedDict()
        self._lock = threading.Lock()
        self._tag: str | None = None

    @property
    def folder(self) -> Path:
        """Where the JSON files go."""
        return self._folder if self._folder is not None else default_cache_dir()

    def _file(self, digest: str) -> Path:
        return self.folder / f"{_PREFIX}{digest}.json"

    def _remember(self, store: OrderedDict, key, value) -> None:
        """LRU insert: bounded so a long session cannot grow without limit."""
        with self._lock:
            store[key] = value
            store.move_to_end(key)
            # token streams are the biggest items (the text and two int arrays): keep 4
            limit = 8 * self._max_memory if store is self._tables else self._max_memory
            if store is self._tokens:
                limit = min(limit, 4)
            while len(store) > limit:
                store.popitem(last=False)

    def _tag_now(self) -> str:
        if self._tag is None:
            self._tag = f"v{CACHE_VERSION}/{_dictionary_tag()}"
        return self._tag

    def _load(self, digest: str) -> Counter[Morpheme] | None:
        """Counts from disk, or None when absent, stale or unreadable."""
        try:
            data = json.loads(_read_cache(self._file(digest)))
            if data.get("tag") != self._tag_now() or data.get("sha256") != digest:
                return None
            return Counter({Morpheme(s, p1, p2, b): int(n) for s, p1, p2, b, n in data["morphemes"]})
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None  # a damaged cache file (a list, a hand edit) is rebuilt, never fatal

    def _save(self, digest: str, counts: Counter[Morpheme]) -> None:
        """Write counts atomically; a read-only or full disk just means no disk cache."""
        data = {
            "tag": self._tag_now(),
            "sha256": digest,
            "morphemes": [[*m, n] for m, n in counts.items()],
        }
        try:
            folder = self.folder
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self._file(digest), json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            self._prune(folder)
        except OSError:
            return

    def _prune(self, folder: Path, prefix: str = _PREFIX) -> None:
        """Keep only the newest max_files cache files of one kind."""
        files = sorted(folder.glob(f"{prefix}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[self._max_files :]:
            old.unlink(missing_ok=True)

    def counts(self, text: str, digest: str | None = None) -> Counter[Morpheme]:
        """Morpheme counts of text: from memory, else disk, else MeCab (then stored)."""
        digest = digest or sha256_text(text)
        with self._lock:
            hit = self._counts.get(digest)
        if hit is not None:
            return hit
        counts = self._load(digest)
        if counts is None:
            counts = get_analyzer().count(strip_urls(text))
            self._save(digest, counts)
        self._remember(self._counts, digest, counts)
        return counts

    def table(self, text: str, opts: FreqOptions) -> FreqTable:
        """The frequency table of text under opts, cached by (sha256, options)."""
        digest = sha256_text(text)
        key = (digest, opts.key())
        with self._lock:
            hit = self._tables.get(key)
        if hit is not None:
            return hit
        table = table_from_counts(self.counts(text, digest), opts)
        self._remember(self._tables, key, table)
        return table

    def tokens(self, text: str, digest: str | None = None) -> TokenizedText:
        """The text's token stream (morphemes with offsets): memory, else disk, else MeCab."""
        digest = digest or sha256_text(text)
        with self._lock:
            hit = self._tokens.get(digest)
        if hit is not None:
            return hit
        tok = self._load_tokens(text, digest)
        if tok is None:
            tok = tokenize(text)
            self._save_tokens(digest, tok)
        self._remember(self._tokens, digest, tok)
        return tok

    def _tokens_file(self, digest: str) -> Path:
        return self.folder / f"{_TOKENS_PREFIX}{digest}.json"

    def _load_tokens(self, text: str, digest: str) -> TokenizedText | None:
        """A token stream from disk, or None when absent, stale or damaged."""
        try:
            data = json.loads(_read_cache(self._tokens_file(digest)))
            if data.get("tag") != self._tag_now() or data.get("sha256") != digest:
                return None
            forms = [Morpheme(s, p1, p2, b) for s, p1, p2, b in data["forms"]]
            tok = from_parts(text, forms, data["readings"], data["ids"], data["starts"], data["lines"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None  # a damaged cache file (a list, a hand edit) is rebuilt, never fatal
        # a damaged file could point past the text; one cheap check of the last token
        if len(tok) and tok.span(len(tok) - 1)[1] > len(text):
            return None
        return tok

    def _save_tokens(self, digest: str, tok: TokenizedText) -> None:
        """Write the stream atomically (JSON: ~2 s of MeCab on a novel becomes ~0.1 s)."""
        data = {
            "tag": self._tag_now(),
            "sha256": digest,
            "forms": [list(m) for m in tok.forms],
            "readings": list(tok.readings),
            "ids": tok.ids.tolist(),
            "starts": tok.starts.tolist(),
            "lines": tok.lines.tolist(),
        }
        try:
            folder = self.folder
            folder.mkdir(parents=True, exist_ok=True)
            atomic_write_text(self._tokens_file(digest), json.dumps(data, ensure_ascii=False, separators=(",", ":")))
            self._prune(folder, _TOKENS_PREFIX)
        except OSError:
            return

    def clear_memory(self) -> None:
        """Forget everything held in memory (the disk files stay)."""
        with self._lock:
            self._counts.clear()
            self._tables.clear()
            self._tokens.clear()


_shared: MorphCache | None = None
_shared_lock = threading.Lock()


_URL = re.compile(r"https?://[!-~]+")


def strip_urls(text: str) -> str:
    """URLs are not words: left in, they would top the noun table as https, example, com."""
    return _URL.sub(" ", text)


def get_cache() -> MorphCache:
    """The process-wide cache used by frequency_table, compare_texts and the app."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = MorphCache()
        return _shared


def frequency_table(text: str, opts: FreqOptions | None = None) -> FreqTable:
    """Analyse text (cached by its sha256) and return the table selected by opts."""
    return get_cache().table(text, opts or FreqOptions())

"""The import pipeline: any text file or Aozora Bunko work → a UTF-8 corpus in the
user corpora folder (NAME.txt + NAME.json, and NAME-wakati.* on request).

Every output is written under a temporary name in the same folder and renamed into
place only after all of them are complete, so a failed import leaves nothing behind.
Plain text is streamed in chunks (a 100 MB file never sits in memory as one string);
an Aozora work is cleaned whole, as those are a few MB at most.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lstm_tui import paths
from lstm_tui.catalog import METADATA_FORMAT, CorpusInfo, info_from_metadata
from lstm_tui.core import aozora as az
from lstm_tui.core import encoding
from lstm_tui.core.atomic import open_temp, remove_stale_temp_files
from lstm_tui.core.facts import LineCounter, guess_language, script_mix
from lstm_tui.errors import CorpusError

AozoraMode = bool | Literal["auto"]
# Files up to this size are decoded whole (simplest, and Aozora detection needs the
# tail); bigger ones are streamed.
WHOLE_FILE_LIMIT = 32 * 1024 * 1024
WAKATI_BLOCK_LINES = 2000  # lines handed to MeCab at a time, to bound memory


@dataclass
class _Tally:
    """Counts gathered while text is written, so no second pass is needed."""

    chars: int = 0
    line_counter: LineCounter = field(default_factory=LineCounter)
    seen: set[str] = field(default_factory=set)
    sample: list[str] = field(default_factory=list)
    sample_len: int = 0
    # sha256 of the UTF-8 file as written: the decoders never yield a lone surrogate,
    # so this equals encoding.sha256_text of the corpus text, streamed
    sha: Any = field(default_factory=hashlib.sha256)
    nbytes: int = 0

    def add(self, text: str) -> bytes:
        """Count a piece of the corpus and return its UTF-8 bytes to write."""
        self.chars += len(text)
        self.line_counter.add(text)
        self.seen.update(text)
        if self.sample_len < 200_000:  # enough to guess the language
            self.sample.append(text[:200_000])
            self.sample_len += min(len(text), 200_000)
        data = text.encode("utf-8")
        self.sha.update(data)
        self.nbytes += len(data)
        return data

    @property
    def lines(self) -> int:
        return self.line_counter.lines

    @property
    def blank(self) -> bool:
        return not any(not c.isspace() for c in self.seen)


class _Staging:
    """Temporary files in the corpora folder, renamed into place together on commit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.pending: list[tuple[Path, Path]] = []

    def open(self, final: Path) -> tuple[Path, Any]:
        # named as lstm-tui's own (core/atomic.py), so one a SIGKILL leaves is removed
        # by the next import and no one else's file ever is
        tmp, f = open_temp(self.folder / final.name)
        self.pending.append((tmp, final))
        return tmp, f

    def commit(self) -> None:
        # text files first, metadata last: a listed .json always has its .txt
        done: list[Path] = []
        try:
            for tmp, final in sorted(self.pending, key=lambda p: p[1].suffix == ".json"):
                fresh = not final.exists()
                os.replace(tmp, final)
                if fresh:
                    done.append(final)
        except BaseException:
            # a half-committed import must not show up as a corpus
            for final in done:
                final.unlink(missing_ok=True)
            self.discard()
            raise
        self.pending.clear()

    def discard(self) -> None:
        for tmp, _ in self.pending:
            tmp.unlink(missing_ok=True)
        self.pending.clear()


def _write_text(staging: _Staging, final: Path, pieces: Iterable[str]) -> tuple[Path, _Tally]:
    tally = _Tally()
    tmp, f = staging.open(final)
    with f:
        for piece in pieces:
            f.write(tally.add(piece))
    return tmp, tally


def _write_meta(staging: _Staging, final: Path, meta: dict[str, Any]) -> None:
    import json

    _, f = staging.open(final)
    with f:
        f.write((json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _is_zip(path: Path) -> bool:
    try:
        return path.suffix.lower() == ".zip" or zipfile.is_zipfile(path)
    except OSError:
        return False


def _load_whole(path: Path) -> tuple[str, str, str]:
    """(decoded text, encoding, sha256 of the bytes) of a small file or of the .txt
    inside a zip."""
    if _is_zip(path):
        try:
            data = az.read_zip_text(path)
        except (zlib.error, EOFError, zipfile.BadZipFile, ValueError) as exc:
            # a corrupt deflate stream surfaces only while the member is read
            raise CorpusError(
                f"{path} is a damaged zip file ({str(exc).splitlines()[0][:100] or type(exc).__name__}); "
                "download it again, or unpack it and import the .txt"
            ) from None
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CorpusError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise CorpusError(f"{path} holds only whitespace; give a file with some text in it")
    try:
        codec = encoding.detect_encoding(data)
    except CorpusError as exc:
        raise CorpusError(f"{path}: {exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    return encoding.normalize_text(data.decode(codec, errors="replace")), codec, digest


def _wakati_pieces(pieces: Iterable[str]) -> Iterable[str]:
    """Morpheme-split text, fed to MeCab a block of whole lines at a time."""
    try:
        from lstm_tui.morph.analyzer import wakati
    except ImportError as exc:
        raise CorpusError(
            f"--wakati needs the morphology module and MeCab with unidic-lite ({exc}); "
            "install mecab-python3 and unidic-lite, or import without --wakati"
        ) from None
    carry = ""
    for piece in pieces:
        text = carry + piece
        cut = text.rfind("\n")
        if cut < 0:
            carry = text
            continue
        carry = text[cut + 1 :]
        block = text[: cut + 1]
        # hand whole lines in bounded blocks so a huge text is never analysed at once
        lines = block.split("\n")[:-1]
        for i in range(0, len(lines), WAKATI_BLOCK_LINES):
            chunk = "\n".join(lines[i : i + WAKATI_BLOCK_LINES])
            yield wakati(chunk).rstrip("\n") + "\n"
    if carry:
        yield wakati(carry).rstrip("\n") + "\n"


def _check_free(name: str, force: bool) -> None:
    txt, meta = paths.user_corpus_files(name)
    if force:
        return
    if txt.exists() or meta.exists():
        raise CorpusError(
            f"a corpus named {name!r} already exists; add --force to replace it or --name to choose another name"
        )
    if (paths.bundled_corpora_dir() / f"{name}.txt").exists():
        raise CorpusError(f"{name!r} is a bundled corpus; choose another --name, or add --force to hide it")


def import_corpus(
    path: str | Path,
    name: str | None = None,
    wakati: bool = False,
    aozora: AozoraMode = "auto",
    force: bool = False,
) -> CorpusInfo:
    """Import a text file (or an Aozora Bunko .txt/.zip) as a corpus; return its info.

    aozora: "auto" cleans Aozora Bunko notation when the file is recognised as an
    Aozora work, True always cleans it, False never does. wakati also writes
    NAME-wakati, the text split into morphemes with spaces. An existing corpus of the
    same name is replaced only with force. Raises CorpusError for anything unusable.
    """
    src = encoding.check_text_file(path)
    # --name "" is a mistake to report, not a request for the default name
    name = paths.check_corpus_name(name) if name is not None else paths.name_from_path(src)
    _check_free(name, force)
    if wakati:
        _check_free(f"{name}-wakati", force)

    try:
        size = src.stat().st_size
    except OSError as exc:
        raise CorpusError(f"cannot read {src}: {exc.strerror or exc}") from None
    title, author, cleaned = name, "", False
    works: list[dict[str, str]] = []
    pieces: Iterable[str]
    if size <= WHOLE_FILE_LIMIT or _is_zip(src):
        text, codec, digest = _load_whole(src)
        if aozora is True or (aozora == "auto" and az.is_aozora(text)):
            if az.is_aozora(text):
                # Aozora Bunko asks that a redistributed text keep its 底本 and its
                # 入力/校正 credits: the record travels in the metadata
                bib = az.bibliography(text)
                title, author = bib["title"] or name, bib["author"]
                works = [{**bib, "source": str(src.resolve()), "sha256": digest}]
            text = az.clean_aozora(text)
            cleaned = True
        pieces = [text]
    else:
        codec = encoding.detect_file_encoding(src)
        pieces = encoding.iter_text_chunks(src, codec)

    folder = paths.user_corpora_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusError(f"cannot create the corpora folder {folder}: {exc.strerror or exc}") from None
    remove_stale_temp_files(folder)  # left by an import that was killed mid-write
    staging = _Staging(folder)
    try:
        txt, meta_path = paths.user_corpus_files(name)
        tmp_txt, tally = _write_text(staging, txt, pieces)
        if tally.blank:
            raise CorpusError(
                f"{src} holds no text"
                + (" after removing Aozora Bunko notation" if cleaned else "")
                + "; give a file with some text in it"
            )
        if wakati:
            # read the staged UTF-8 text back in chunks: bounded memory for any size
            wtxt, wmeta_path = paths.user_corpus_files(f"{name}-wakati")
            _, wtally = _write_text(staging, wtxt, _wakati_pieces(encoding.iter_text_chunks(tmp_txt, "utf-8")))
        meta = _metadata(name, title, author, src, codec, cleaned, tally, works)
        _write_meta(staging, meta_path, meta)
        if wakati:
            wmeta = _metadata(f"{name}-wakati", title, author, src, codec, cleaned, wtally, works)
            wmeta["description"] = f"{name} split into morphemes with spaces (MeCab, unidic-lite)"
            wmeta["wakati_of"] = name
            _write_meta(staging, wmeta_path, wmeta)
        staging.commit()
    except OSError as exc:
        staging.discard()
        raise CorpusError(f"cannot write to {folder}: {exc.strerror or exc}") from None
    except BaseException:
        staging.discard()
        raise
    return info_from_metadata(meta, txt)


def _metadata(
    name: str,
    title: str,
    author: str,
    src: Path,
    codec: str,
    cleaned: bool,
    tally: _Tally,
    works: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    language = guess_language(script_mix("".join(tally.sample)))
    description = f"{title} / {author}" if author else f"imported from {src.name}"
    return {
        "format": METADATA_FORMAT,
        "name": name,
        "title": title,
        "author": author,
        "language": language,
        "description": description,
        "source": str(src.resolve()),
        "licence": (
            "see the work's Aozora Bunko card (most are public domain)"
            if cleaned and author
            else "unknown (imported by the user)"
        ),
        "encoding": codec,
        "aozora_cleaned": cleaned,
        "chars": tally.chars,
        "distinct": len(tally.seen),
        "lines": tally.lines,
        "bytes": tally.nbytes,
        "sha256": tally.sha.hexdigest(),
        "imported_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        # per work: title, subtitle, author, teihon, teihon_parent, first_published,
        # input, proofing (from the file's own header and footer), source, sha256
        "works": works or [],
    }

"""Bytes → clean text: encoding detection and normalisation shared by every reader.

Detection order: a BOM, then UTF-16 without a BOM (NUL-byte pattern), then strict
UTF-8, then the Japanese legacy codecs (cp932, EUC-JP and their JIS X 0213 siblings).
When more than one legacy codec decodes the bytes, charset-normalizer breaks the tie;
when none does, charset-normalizer gets the last word, and text that still looks like
garbage is refused with a CorpusError.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from lstm_tui.errors import CorpusError

# Legacy codecs tried in order after UTF-8; the *_2004 ones cover JIS X 0213 text.
_LEGACY_CODECS = ("cp932", "euc_jp", "shift_jis_2004", "euc_jis_2004")
# Control characters other than \t and \n (C0, DEL and C1); \r is gone by then.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# File signatures of common binary formats, refused before any decoding is tried.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x7fELF",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"RIFF",
    b"SQLite format 3",
)
_SAMPLE = 1 << 20  # bytes looked at by the heuristics and by charset-normalizer
CHUNK = 1 << 22  # bytes per streamed read


def _fail() -> CorpusError:
    return CorpusError(
        "could not decode the file as UTF-8, UTF-16, Shift_JIS (cp932) or EUC-JP text; save it as UTF-8 and try again"
    )


def normalize_text(text: str) -> str:
    """CRLF and CR to LF; NUL and other control characters except tab and LF removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # search first: on a clean 100 MB text this avoids a needless copy
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text


def sha256_text(text: str) -> str:
    """Hex sha256 of the text's UTF-8 bytes: the one hash of a text in this project.

    It names the corpus a run was trained on (run.json's corpus sha256, checked on
    resume) and keys the morpheme cache. Surrogate policy: a lone surrogate (no decoder
    here produces one, but a str made elsewhere can hold it) is encoded with
    "surrogatepass" as its 3-byte form. Ordinary text hashes exactly as plain UTF-8, so
    every hash already stored stays valid; hashing never raises; and two different texts
    never share a hash, as they would if surrogates were replaced by "?".
    """
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def looks_binary(data: bytes) -> bool:
    """True for a known binary file signature, or for many NUL bytes that are not UTF-16.

    A few stray NULs in text are tolerated: normalize_text removes them.
    """
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:8192]
    nuls = head.count(0)
    if nuls <= max(2, len(head) // 100):
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head):
        return False
    # ASCII text with NULs sprinkled in (a NUL every 24 bytes was seen): text, whose
    # NULs normalize_text drops; binary data is not almost all printable ASCII
    return not (nuls < len(head) * 0.3 and _ascii_like(head))


_PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D}


def _ascii_like(data: bytes) -> bool:
    """True when the bytes other than NUL are (almost) all printable ASCII."""
    rest = data.replace(b"\x00", b"")
    if not rest:
        return False
    printable = sum(1 for b in rest if b in _PRINTABLE)
    return printable >= 0.97 * len(rest)


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the share of NUL bytes at even or odd offsets."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    # Japanese UTF-16 has few NULs (only in ASCII such as line ends), but all of one
    # parity; accept it when the sample then decodes to clean text. ASCII text with a
    # stray NUL at regular steps has them all of one parity too, and its byte pairs read
    # as UTF-16 are CJK ideographs ("the " → "桴⁥"), which the check below would pass:
    # bytes that are printable ASCII apart from the NULs are never that UTF-16.
    if (odd and not even) or (even and not odd):
        if _ascii_like(sample):
            return None
    if odd and not even:
        return _clean_utf16(sample, "utf-16-le")
    if even and not odd:
        return _clean_utf16(sample, "utf-16-be")
    return None


def _clean_utf16(sample: bytes, codec: str) -> str | None:
    text = sample[: len(sample) // 2 * 2].decode(codec, errors="replace")
    # a little noise is allowed (a cut surrogate pair at the sample's end, a stray
    # control character); binary data gives far more
    noise = text.count("\ufffd") + len(_CONTROL.findall(text.replace("\r", "")))
    if noise > max(1, len(text) // 50):
        return None
    # other bytes read as UTF-16 scatter over the whole BMP (Hangul, Indic, …);
    # Japanese or English text stays in a few blocks
    common = sum(1 for ch in text if _common(ord(ch)))
    return codec if common >= 0.9 * len(text) else None


def _common(cp: int) -> bool:
    return (
        cp < 0x250  # ASCII, Latin-1, Latin Extended
        or 0x2000 <= cp <= 0x30FF  # punctuation, symbols, CJK punctuation, kana
        or 0x3400 <= cp <= 0x9FFF  # CJK ideographs
        or 0xFF00 <= cp <= 0xFFEF  # full- and half-width forms
    )


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _normalizer_guess(sample: bytes, candidates: tuple[str, ...] | None) -> str | None:
    """charset-normalizer's best codec for the sample, limited to candidates if given."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # an optional helper; the strict checks still work without it
        return None
    try:
        matches = from_bytes(sample, cp_isolation=list(candidates)) if candidates else from_bytes(sample)
        best = matches.best()
    except Exception:  # the detector is a heuristic: any failure just means "no opinion"
        return None
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    return name


def _tie_break(sample: bytes, passing: list[str]) -> str:
    """Pick one of several codecs that all decode the bytes strictly."""
    if len(passing) == 1:
        return passing[0]
    guess = _normalizer_guess(sample, tuple(passing))
    for codec in passing:
        if guess and codecs.lookup(codec).name == guess:
            return codec
    return passing[0]


def _detect(head: bytes, decodes: Callable[[str], bool]) -> str:
    """The one detection order (see the module docstring), shared by bytes and files.

    head is what the heuristics look at (all the bytes, or a file's first _SAMPLE);
    decodes(codec) says whether the whole content decodes strictly with codec.
    """
    if looks_binary(head):
        raise CorpusError("the file looks binary (an image, archive or program), not text")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _looks_utf16(head)
    if utf16 and decodes(utf16):
        return utf16
    if decodes("utf-8"):
        return "utf-8"
    # cp932 and EUC-JP first: the JIS X 0213 codecs accept more and would win ties wrongly
    passing = [c for c in _LEGACY_CODECS[:2] if decodes(c)] or [c for c in _LEGACY_CODECS[2:] if decodes(c)]
    if passing:
        return _tie_break(head[:_SAMPLE], passing)
    return _lenient_choice(head)


def detect_encoding(data: bytes) -> str:
    """The codec name to decode these bytes with; raises CorpusError for non-text.

    The returned name works with bytes.decode and codecs.getincrementaldecoder
    ("utf-8-sig" and "utf-16" keep a BOM out of the text).
    """
    return _detect(data, lambda codec: _decodes(data, codec))


def _lenient_choice(data: bytes) -> str:
    """No codec decodes every byte: take the one with the fewest bad bytes (a cut
    character at the end, a stray byte), else charset-normalizer's guess, if clean."""
    noise = {}
    for codec in ("utf-8",) + _LEGACY_CODECS:
        text = data.decode(codec, errors="replace")
        noise[codec] = text.count("\ufffd")
    best = min(noise, key=noise.__getitem__)
    if _acceptable(data, best):
        return best
    guess = _normalizer_guess(data[:_SAMPLE], None)
    if guess and _acceptable(data, guess):
        return guess
    raise _fail()


def _acceptable(data: bytes, codec: str) -> bool:
    """A lenient decode is only trusted when almost nothing is replaced or control."""
    try:
        text = data.decode(codec, errors="replace")
    except (LookupError, UnicodeError):
        return False
    if not text:
        return False
    bad = text.count("\ufffd") + len(_CONTROL.findall(text.replace("\r", "")))
    return bad <= max(2, len(text) // 1000)


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), cp932/Shift_JIS, EUC-JP or UTF-16; normalise.

    Raises CorpusError (never anything else) when the bytes are not text in a known
    encoding.
    """
    return _decode(data, detect_encoding(data))


def _decode(data: bytes, codec: str) -> str:
    try:
        return normalize_text(data.decode(codec, errors="replace"))
    except (LookupError, UnicodeError):  # a codec name charset-normalizer knows and Python lacks
        raise _fail() from None


def decode_file_bytes(data: bytes, source: str | Path) -> tuple[str, str]:
    """(normalised text, codec) of the bytes read from source (a file, or a member of a
    zip), refusing whitespace-only, binary or undecodable bytes with a CorpusError that
    names source. The one path from a whole file's bytes to a corpus text."""
    blank = CorpusError(f"{source} holds only whitespace; give a file with some text in it")
    if not data.strip():
        raise blank
    try:
        codec = detect_encoding(data)
        text = _decode(data, codec)
    except CorpusError as exc:
        raise CorpusError(f"{source}: {exc}") from None
    if not text.strip():  # only control characters, which normalising removed
        raise blank
    return text, codec


def check_text_file(path: str | Path) -> Path:
    """Path of an existing, readable, non-empty regular file, else a CorpusError."""
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"no such file: {p}; check the path")
    if p.is_dir():
        raise CorpusError(f"{p} is a directory; give a text file")
    try:
        st = p.stat()
    except OSError as exc:
        raise CorpusError(f"cannot read {p}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        # a FIFO would block the read forever and /dev/zero never ends; neither is "empty"
        kind = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else ("a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
        )
        raise CorpusError(f"{p} is {kind}, not a regular file; save the text to a file and give that")
    size = st.st_size
    if size == 0:
        raise CorpusError(f"{p} is empty; give a file with some text in it")
    return p


def read_text(path: str | Path) -> str:
    """Read a text file of any supported encoding, with clear errors for non-text input."""
    p = check_text_file(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {p}: {exc.strerror or exc}") from None
    return decode_file_bytes(data, p)[0]


def _stream_decodes(stream: BinaryIO, codec: str) -> bool:
    """Strictly decode a whole stream chunk by chunk without keeping the text."""
    stream.seek(0)
    dec = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        while chunk := stream.read(CHUNK):
            dec.decode(chunk)
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_file_encoding(path: str | Path) -> str:
    """Like detect_encoding, but streams the file: memory stays small for huge files."""
    p = check_text_file(path)
    try:
        with p.open("rb") as f:
            head = f.read(_SAMPLE)
            if not head.strip():
                # whitespace-only in the head: look at the rest before refusing
                while chunk := f.read(CHUNK):
                    if chunk.strip():
                        break
                else:
                    raise CorpusError(f"{p} holds only whitespace; give a file with some text in it")
            try:
                return _detect(head, lambda codec: _stream_decodes(f, codec))
            except CorpusError as exc:
                raise CorpusError(f"{p}: {exc}") from None
    except OSError as exc:
        raise CorpusError(f"cannot read {p}: {exc.strerror or exc}") from None


def iter_text_chunks(path: str | Path, codec: str, chunk_bytes: int = CHUNK) -> Iterator[str]:
    """Decoded, normalised text of a file in pieces; CRLF split across pieces still joins.

    Undecodable bytes (possible only after a lenient guess) become U+FFFD.
    """
    p = Path(path)
    dec = codecs.getincrementaldecoder(codec)(errors="replace")
    carry = ""
    try:
        with p.open("rb") as f:
            while True:
                chunk = f.read(chunk_bytes)
                final = not chunk
                text = carry + dec.decode(chunk, final=final)
                carry = ""
                if not final and text.endswith("\r"):
                    # the \n of a CRLF may open the next piece
                    text, carry = text[:-1], "\r"
                if text:
                    yield normalize_text(text)
                if final:
                    return
    except OSError as exc:
        raise CorpusError(f"cannot read {p}: {exc.strerror or exc}") from None

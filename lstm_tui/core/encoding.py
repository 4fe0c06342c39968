"""Bytes → clean text: encoding detection and normalisation shared by every reader."""

from __future__ import annotations

import codecs
from pathlib import Path

from lstm_tui.errors import CorpusError

# Tried in order after the BOM checks; strict decoding rejects the wrong ones quickly.
_JAPANESE_CODECS = ("utf-8", "cp932", "euc_jp")


def normalize_text(text: str) -> str:
    """CRLF and CR to LF, NUL removed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


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
    return None


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), cp932/Shift_JIS, EUC-JP or UTF-16; normalise.

    Raises CorpusError when the bytes are not text in any of those encodings.
    """
    if data.startswith(codecs.BOM_UTF8):
        return normalize_text(data[3:].decode("utf-8", errors="replace"))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return normalize_text(data.decode("utf-16"))
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return normalize_text(data.decode(utf16))
        except UnicodeDecodeError:
            pass
    for codec in _JAPANESE_CODECS:
        try:
            return normalize_text(data.decode(codec))
        except UnicodeDecodeError:
            continue
    raise CorpusError(
        "could not decode the file as UTF-8, UTF-16, Shift_JIS (cp932) or EUC-JP text; "
        "save it as UTF-8 and try again"
    )


def read_text(path: str | Path) -> str:
    """Read a text file of any supported encoding, with clear errors for non-text input."""
    p = Path(path)
    if not p.exists():
        raise CorpusError(f"no such file: {p}")
    if p.is_dir():
        raise CorpusError(f"{p} is a directory; give a text file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise CorpusError(f"cannot read {p}: {exc.strerror or exc}") from None
    if not data.strip():
        raise CorpusError(f"{p} is empty; give a file with some text in it")
    if b"\x00" in data[:8192] and _looks_utf16(data) is None and not data.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        raise CorpusError(f"{p} looks like a binary file, not text")
    text = decode_bytes(data)
    if not text.strip():
        raise CorpusError(f"{p} holds only whitespace; give a file with some text in it")
    return text

"""Encoding detection and normalisation: every supported encoding, bad input, fuzzing."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_tui.core.encoding import (
    decode_bytes,
    decode_file_bytes,
    detect_encoding,
    detect_file_encoding,
    iter_text_chunks,
    normalize_text,
    read_text,
    sha256_text,
)
from lstm_tui.errors import CorpusError

JA = "吾輩は猫である。名前はまだ無い。\nどこで生れたかとんと見当がつかぬ。ライブ楽しかった！(^^)\n" * 5
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\r]")


@pytest.mark.parametrize(
    "codec", ["utf-8", "utf-8-sig", "cp932", "shift_jis", "euc_jp", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_each_encoding_decodes_to_the_same_text(codec: str) -> None:
    assert decode_bytes(JA.encode(codec)) == JA


def test_short_ambiguous_legacy_text_is_decoded_right() -> None:
    # a few characters can be valid in both cp932 and EUC-JP; the tie-break must pick right
    for text in ("日本語のテキストです。", "こんにちは、世界。", "東京は晴れ"):
        assert decode_bytes(text.encode("euc_jp")) == text
        assert decode_bytes(text.encode("cp932")) == text


def test_line_ends_and_control_characters() -> None:
    raw = "a\r\nb\rc\x00d\x07e\tf\x1bg\x7fh\x85i\n".encode()
    assert decode_bytes(raw) == "a\nb\ncde\tfghi\n"
    assert normalize_text("x\r\ny") == "x\ny"


def test_jis_x0213_text_decodes() -> None:
    text = "扭る眶" * 10  # outside cp932/EUC-JP, inside JIS X 0213
    assert decode_bytes(text.encode("euc_jis_2004")) == text


def test_binary_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(CorpusError, match="binary"):
        decode_bytes(png)


def test_read_text_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(CorpusError, match="directory"):
        read_text(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CorpusError, match="empty"):
        read_text(tmp_path / "empty.txt")
    (tmp_path / "blank.txt").write_bytes(b" \r\n\t\n")
    with pytest.raises(CorpusError, match="whitespace"):
        read_text(tmp_path / "blank.txt")


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "cp932", "euc_jp", "utf-16"])
def test_streaming_matches_whole_decoding(tmp_path: Path, codec: str) -> None:
    text = ("行一\r\n二行目です\r\n" * 300) + "終わり"
    p = tmp_path / "t.txt"
    data = text.encode(codec)
    p.write_bytes(data)
    found = detect_file_encoding(p)
    assert codecs.lookup(found).name == codecs.lookup(detect_encoding(data)).name
    # an odd, tiny chunk size splits CRLF pairs and multi-byte characters
    pieces = list(iter_text_chunks(p, found, chunk_bytes=7))
    assert "".join(pieces) == decode_bytes(data) == normalize_text(text)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_fuzz_decode_bytes_only_raises_corpus_error(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except CorpusError:
        return
    assert not CONTROL.search(text)  # removed characters never survive


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_fuzz_utf8_round_trip(text: str) -> None:
    # hypothesis' text() has no lone surrogates, so every example is valid UTF-8
    data = text.encode("utf-8")
    try:
        out = decode_bytes(data)
    except CorpusError:
        return  # e.g. mostly NULs: refused as binary, which is allowed
    if not data.startswith(codecs.BOM_UTF8) and b"\x00" not in data:
        assert out == normalize_text(text)


@settings(max_examples=150, deadline=None)
@given(st.binary(min_size=1, max_size=600))
def test_file_detection_is_byte_detection(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    # one detection order serves both: a file and its bytes get the same codec or both fail
    if not data.strip():
        return  # files refuse whitespace-only content before detecting; bytes leave that to read_text
    p = tmp_path_factory.mktemp("f") / "t.txt"
    p.write_bytes(data)
    try:
        from_bytes = detect_encoding(data)
    except CorpusError:
        with pytest.raises(CorpusError):
            detect_file_encoding(p)
        return
    assert detect_file_encoding(p) == from_bytes


def test_binary_file_errors_name_the_file(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    for read in (read_text, detect_file_encoding):
        with pytest.raises(CorpusError, match=rf"^{re.escape(str(p))}: the file looks binary"):
            read(p)


def test_sha256_text_policy() -> None:
    # ordinary text: plain UTF-8, so hashes already stored in run.json and cache names stay valid
    assert sha256_text(JA) == hashlib.sha256(JA.encode("utf-8")).hexdigest()
    # a lone surrogate neither raises nor collides with another one
    assert sha256_text("a\ud800") != sha256_text("a\udc00") != sha256_text("a?")


def test_imported_corpus_hash_is_sha256_text(tiny_ja_file: Path) -> None:
    from lstm_tui.importing import import_corpus

    info = import_corpus(tiny_ja_file, name="hashed")
    meta = json.loads(info.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["sha256"] == sha256_text(read_text(info.path))


def test_decode_file_bytes_gives_text_and_codec_and_names_the_source() -> None:
    assert decode_file_bytes(JA.encode("cp932"), "a.txt") == (JA, "cp932")
    for data, message in (
        (b" \r\n", "a.txt holds only whitespace"),
        (b"\x00\x01\n", "a.txt holds only whitespace"),
        (b"\x89PNG\r\n\x1a\n" + bytes(300), "a.txt: the file looks binary"),
    ):
        with pytest.raises(CorpusError, match=f"^{re.escape(message)}"):
            decode_file_bytes(data, "a.txt")


# ---- issue 16: NUL patterns must not decide the encoding alone ----


def _with_nuls(text: bytes, every: int) -> bytes:
    out = bytearray()
    for i, b in enumerate(text):
        out.append(b)
        if i % every == every - 1:
            out.append(0)
    return bytes(out)


@pytest.mark.parametrize("every", [2 * 12 - 1, 24, 7, 40, 101])
def test_ascii_with_regular_nuls_is_ascii_not_utf16(every: int) -> None:
    from lstm_tui.core.encoding import detect_encoding

    ascii_text = b"the cat sat on the mat and then it went home again. " * 60
    data = _with_nuls(ascii_text, every)
    assert detect_encoding(data) == "utf-8"
    text = decode_bytes(data)
    assert text == ascii_text.decode("ascii")  # the NULs are dropped, nothing else changes


def test_real_utf16_without_a_bom_still_decodes() -> None:
    ja = "日本語のテキストです。吾輩は猫である。名前はまだ無い。\n" * 40
    en = "To be, or not to be, that is the question.\n" * 40
    for text in (ja, en):
        for codec in ("utf-16-le", "utf-16-be"):
            assert decode_bytes(text.encode(codec)) == text


def test_special_files_are_named_not_called_empty(tmp_path: Path) -> None:
    import os

    from lstm_tui.core.encoding import check_text_file

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(CorpusError, match="FIFO"):
        check_text_file(fifo)
    for dev in ("/dev/zero", "/dev/urandom", "/dev/null"):
        with pytest.raises(CorpusError, match="a device"):
            check_text_file(dev)

"""The import pipeline: encodings, Aozora works, names, atomic writes, wakati, streaming."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from lstm_tui import importing, paths
from lstm_tui.errors import CorpusError
from lstm_tui.importing import import_corpus

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "aozora"
TEXT = "吾輩は猫である。名前はまだ無い。\nライブありがとう！また来てね(^^) #live\nhttps://example.com/ｐ１\n" * 30


def _folder_files() -> set[str]:
    folder = paths.user_corpora_dir()
    return {p.name for p in folder.iterdir()} if folder.is_dir() else set()


def test_same_text_in_four_encodings_gives_identical_corpora(tmp_path: Path) -> None:
    outputs = []
    for codec in ("utf-8", "cp932", "euc_jp", "utf-16"):
        src = tmp_path / f"t-{codec}.txt"
        src.write_bytes(TEXT.replace("\n", "\r\n").encode(codec))
        info = import_corpus(src, name=f"t-{codec.replace('_', '-')}")
        outputs.append(info.path.read_bytes())
        assert (info.chars, info.language) == (len(TEXT), "ja")
    assert all(o == outputs[0] for o in outputs)
    assert outputs[0].decode("utf-8") == TEXT


def test_aozora_fixture_txt_and_zip() -> None:
    expected = (FIXTURES / "ame_no_hi.expected.txt").read_text(encoding="utf-8")
    info = import_corpus(FIXTURES / "ame_no_hi.txt")
    assert info.name == "ame_no_hi" and info.title == "雨の日の猫"
    assert info.path.read_text(encoding="utf-8") == expected
    meta = json.loads(info.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["aozora_cleaned"] and meta["author"] == "架空太郎" and meta["encoding"] == "cp932"
    assert meta["chars"] == len(expected) and meta["bytes"] == len(expected.encode())
    z = import_corpus(FIXTURES / "ame_no_hi_ruby.zip")
    assert z.name == "ame_no_hi_ruby" and z.path.read_text(encoding="utf-8") == expected


def test_real_aozora_excerpt_title_author_and_record() -> None:
    # 河童: line 2 is a subtitle, the author is on line 3
    info = import_corpus(FIXTURES / "excerpt_kappa.txt")
    assert info.title == "河童"
    meta = json.loads(info.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["author"] == "芥川龍之介" and meta["encoding"] == "cp932" and meta["aozora_cleaned"]
    (work,) = meta["works"]
    assert work["teihon"].startswith("「河童・或る阿呆の一生」旺文社文庫") and work["input"] == "もりみつじゅんじ"
    assert work["sha256"] == hashlib.sha256((FIXTURES / "excerpt_kappa.txt").read_bytes()).hexdigest()
    assert info.path.read_text(encoding="utf-8").startswith("序\n\n　これはある精神病院の患者")


def test_no_aozora_keeps_the_notation() -> None:
    info = import_corpus(FIXTURES / "ame_no_hi.txt", aozora=False)
    assert "《えんがは》" in info.path.read_text(encoding="utf-8")


def test_forced_aozora_on_plain_text(tiny_ja_file: Path) -> None:
    info = import_corpus(tiny_ja_file, aozora=True)
    assert info.path.read_text(encoding="utf-8").startswith("こんにちは")


def test_existing_name_needs_force(tiny_ja_file: Path, tiny_en_file: Path) -> None:
    import_corpus(tiny_ja_file, name="mine")
    with pytest.raises(CorpusError, match="--force"):
        import_corpus(tiny_en_file, name="mine")
    info = import_corpus(tiny_en_file, name="mine", force=True)
    assert info.language == "en" and info.path.read_text(encoding="utf-8").startswith("To be")
    assert _folder_files() == {"mine.txt", "mine.json"}


def test_bundled_name_needs_force(tiny_en_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "ja-soseki.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: bundled)
    with pytest.raises(CorpusError, match="bundled"):
        import_corpus(tiny_en_file, name="ja-soseki")


@pytest.mark.parametrize(
    "content, message",
    [(b"", "empty"), (b"  \r\n\t \n", "whitespace"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary")],
)
def test_bad_files_leave_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(content)
    with pytest.raises(CorpusError, match=message):
        import_corpus(src)
    assert _folder_files() == set()


def test_only_notation_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "notes.txt"
    src.write_text("【テキスト中に現れる記号について】\n［＃ここから２字下げ］\n《》\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no text"):
        import_corpus(src, aozora=True)
    assert _folder_files() == set()


def test_failure_mid_write_leaves_nothing(tiny_ja_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object, meta_path: Path, meta: dict) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importing, "_write_meta", lambda *a: broken(*a))
    with pytest.raises(CorpusError, match="cannot write"):
        import_corpus(tiny_ja_file)
    assert _folder_files() == set()


def test_streamed_import_equals_whole_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "big.txt"
    src.write_bytes((TEXT * 5).replace("\n", "\r\n").encode("cp932"))
    whole = import_corpus(src, name="whole")
    monkeypatch.setattr(importing, "WHOLE_FILE_LIMIT", 10)
    monkeypatch.setattr(importing.encoding, "CHUNK", 333)
    streamed = import_corpus(src, name="streamed")
    assert streamed.path.read_bytes() == whole.path.read_bytes()
    assert (streamed.chars, streamed.distinct, streamed.lines) == (whole.chars, whole.distinct, whole.lines)


def test_wakati(tiny_ja_file: Path) -> None:
    info = import_corpus(tiny_ja_file, name="posts", wakati=True)
    assert _folder_files() == {"posts.txt", "posts.json", "posts-wakati.txt", "posts-wakati.json"}
    split = (info.path.parent / "posts-wakati.txt").read_text(encoding="utf-8")
    assert " " in split
    assert split.count("\n") == info.path.read_text(encoding="utf-8").count("\n")
    assert split.replace(" ", "").split("\n")[0] == info.path.read_text(encoding="utf-8").split("\n")[0]
    meta = json.loads((info.path.parent / "posts-wakati.json").read_text(encoding="utf-8"))
    assert meta["wakati_of"] == "posts"

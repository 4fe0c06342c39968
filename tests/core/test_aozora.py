"""Aozora Bunko notation → plain text: fixtures written for these tests, the real
files in ../shared/corpora when present, and fuzzing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_tui.core.aozora import (
    clean_aozora,
    clean_markup,
    gaiji_to_char,
    is_aozora,
    jis_x0213_to_unicode,
    read_zip_text,
    strip_footer,
    strip_header,
)
from lstm_tui.core.encoding import decode_bytes, read_text
from lstm_tui.errors import CorpusError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aozora"
MARKUP = ("《", "》", "｜", "［＃", "※［＃", "／＼", "／″＼")


@pytest.mark.parametrize("name", ["ame_no_hi", "mijikai"])
def test_fixture_cleans_to_expected(name: str) -> None:
    raw = (FIXTURES / f"{name}.txt").read_bytes()
    assert b"\r\n" in raw  # saved like the real files: cp932 with CRLF
    text = read_text(FIXTURES / f"{name}.txt")
    assert is_aozora(text)
    expected = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8")
    assert clean_aozora(text) == expected


def test_zip_as_distributed() -> None:
    data = read_zip_text(FIXTURES / "ame_no_hi_ruby.zip")
    expected = (FIXTURES / "ame_no_hi.expected.txt").read_text(encoding="utf-8")
    assert clean_aozora(decode_bytes(data)) == expected


def test_zip_without_txt_and_broken_zip(tmp_path: Path) -> None:
    z = tmp_path / "no_txt.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("readme.png", b"\x89PNG")
    with pytest.raises(CorpusError, match="no .txt"):
        read_zip_text(z)
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CorpusError, match="zip"):
        read_zip_text(bad)


def test_jis_x0213_plane_row_cell() -> None:
    assert jis_x0213_to_unicode(2, 12, 93) == "扭"  # てへん＋丑, 第4水準 (plane 2)
    assert jis_x0213_to_unicode(1, 88, 81) == "眶"  # 目＋匡, 第3水準 (plane 1)
    assert jis_x0213_to_unicode(1, 2, 22) == "〻"  # 二の字点
    assert jis_x0213_to_unicode(1, 89, 54) == "窻"  # 窗／心
    assert jis_x0213_to_unicode(3, 1, 1) is None
    assert jis_x0213_to_unicode(1, 0, 5) is None
    assert jis_x0213_to_unicode(1, 95, 1) is None


def test_gaiji_forms() -> None:
    assert gaiji_to_char("「てへん＋丑」、第4水準2-12-93") == "扭"
    assert gaiji_to_char("二の字点、1-2-22") == "〻"
    assert gaiji_to_char("「口＋世」、U+546D、12-3") == "呭"
    assert gaiji_to_char("小書き平仮名ん、183-7") == ""  # page-line only: dropped
    assert gaiji_to_char("「金＋挿のつくり」、10-上-12") == ""
    assert gaiji_to_char("「変な字」") == ""


def test_markup_pieces() -> None:
    assert clean_markup("いろ／＼な") == "いろいろな"
    assert clean_markup("しみ／″＼と") == "しみじみと"
    assert clean_markup("すが／＼しく") == "すがすがしく"
    assert clean_markup("白い｜子猫《こねこ》") == "白い子猫"
    assert clean_markup("［＃「※［＃「口＋世」、U+546D］」に傍点］犬") == "犬"
    assert clean_markup("あ\n［＃ここから２字下げ］\nい\n") == "あ\nい\n"
    # malformed leftovers are dropped, not kept
    assert clean_markup("《ルビ閉じ忘れ\n［＃閉じ忘れ") == "ルビ閉じ忘れ\n閉じ忘れ"
    assert clean_markup("／＼だけ") == "だけ"


def test_not_aozora() -> None:
    assert not is_aozora("普通の文章です。\n二行目。\n")
    text = "題\n\n本文です。\n"
    assert strip_header(text) == text  # no Aozora signs: nothing dropped
    assert strip_footer(text) == text


# ---- fuzzing ---------------------------------------------------------------

_PIECES = st.sampled_from(
    ["《", "》", "｜", "［", "］", "＃", "※", "／", "＼", "″", "\n", "\r", "\x00",
     "-" * 55, "底本：", "あ", "漢", "Ａ", "a", " ", "　", "［＃", "※［＃", "U+546D", "2-12-93", "、"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=60).map("".join))
def test_fuzz_cleaner_removes_all_markup(text: str) -> None:
    for fn in (clean_markup, clean_aozora):
        try:
            out = fn(text)
        except CorpusError:
            continue
        for mark in MARKUP:
            assert mark not in out, (fn.__name__, mark, out)
        assert "\r" not in out and "\x00" not in out


# ---- the real files --------------------------------------------------------

REAL = {
    "aozora_botchan.txt": "親譲りの無鉄砲で",
    "aozora_wagahai_wa_neko_de_aru.txt": "吾輩は猫である。名前はまだ無い。",
    "aozora_rashomon.txt": "ある日の暮方の事である。",
    "aozora_ginga_tetsudo_no_yoru.txt": "「ではみなさんは、",
    "aozora_maihime.txt": "石炭をば早や積み果てつ。",
}


def _hand_body(raw: str) -> str:
    """The body counted simply and independently of the cleaner: lines after
    the second 55-hyphen rule up to the last line starting with 底本：, with 《…》 and
    ［＃…］ spans deleted by a plain regex (a gaiji ※［＃…］ thus counts as its ※, one
    character, as the character it becomes), and outer blank lines stripped."""
    lines = raw.split("\n")
    rules = [i for i, line in enumerate(lines) if line == "-" * 55]
    footer = max(i for i, line in enumerate(lines) if line.startswith("底本："))
    body = "\n".join(lines[rules[1] + 1 : footer])
    body = re.sub(r"《[^》]*》", "", body)
    body = re.sub(r"［＃[^］]*］", "", body)
    return body.strip("\n")


@pytest.mark.parametrize("file_name", sorted(REAL))
def test_real_aozora_files(shared_corpora: Path, file_name: str) -> None:
    raw = read_text(shared_corpora / file_name)
    assert is_aozora(raw)
    out = clean_aozora(raw)
    for mark in ("《", "》", "｜", "［＃", "※［＃", "底本："):
        assert mark not in out
    assert not re.search(r"^-{10,}$", out, re.M)
    # the work's opening words come first, after at most a chapter heading (一…)
    assert REAL[file_name] in out[:40]
    assert out.split("\n", 1)[0] == _hand_body(raw).split("\n", 1)[0]
    expected = len(_hand_body(raw))
    assert abs(len(out) - expected) <= 0.02 * expected, (len(out), expected)


def test_wagahai_gaiji_all_mapped(shared_corpora: Path) -> None:
    raw = read_text(shared_corpora / "aozora_wagahai_wa_neko_de_aru.txt")
    body = strip_footer(strip_header(raw))
    gaiji = re.findall(r"※［＃([^［］]*)］", body)
    assert len(gaiji) == 34
    chars = [gaiji_to_char(g) for g in gaiji]
    assert all(chars), [g for g, c in zip(gaiji, chars) if not c]
    assert "※" not in clean_aozora(raw)

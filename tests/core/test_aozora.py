"""Aozora Bunko notation → plain text: fixtures written for these tests, excerpts of
the real originals (tests/fixtures/aozora/excerpt_*.txt, cut by cut_excerpts.py), the
whole originals in ../shared/corpora when present, and fuzzing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lstm_tui.core.aozora import (
    BIBLIOGRAPHY_KEYS,
    bibliography,
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
    # a small kana named by description: small where Unicode has it, else full size
    assert gaiji_to_char("小書き平仮名ん、183-7") == "ん"
    assert gaiji_to_char("小書き片仮名ク、183-7") == "ㇰ"
    assert gaiji_to_char("感嘆符三つ、63-8") == ""  # page-line only: dropped
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
    [
        "《",
        "》",
        "｜",
        "［",
        "］",
        "＃",
        "※",
        "／",
        "＼",
        "″",
        "\n",
        "\r",
        "\x00",
        "-" * 55,
        "底本：",
        "あ",
        "漢",
        "Ａ",
        "a",
        " ",
        "　",
        "［＃",
        "※［＃",
        "U+546D",
        "2-12-93",
        "、",
    ]
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


# ---- excerpts of the real originals (no ../shared needed) --------------------

# excerpt → (text the cleaned excerpt starts with, pieces it must contain)
EXCERPTS = {
    "botchan": (
        "一\n\n　親譲りの無鉄砲で小供の時から",
        ["大層怒って", "兄の横っ面", "紫の袱紗包", "清の墓は小日向の養源寺にある。\n（明治三十九年四月）\n"],
    ),
    "wagahai": (
        "一\n\n　吾輩は猫である。名前はまだ無い。\n",
        [
            "見当がつかぬ",
            "一番獰悪な種族",
            "一廉の水彩画家",  # between ［＃ここから２字下げ］ and ［＃ここで字下げ終わり］
            "一日御饍をいただかないと",  # gaiji 第4水準 2-92-71 inside a ｜…《》 ruby base
            "α１α２……α６を縄",  # ［＃「１」は下付き小文字］ removed
            "措しい事",  # ［＃「措しい」はママ］ removed
            "〔Quid aliud est mulier nisi amicitiae& inimica〕……こりゃ君羅甸語じゃないか",
        ],
    ),
    "maihime": (
        "　石炭をば早や積み果てつ。",
        ["はらはらと落つる", "すがすがしくも", "屡〻芝居", "葬らでは愜はぬ", "\n（明治二十三年一月"],
    ),
    "jigokuhen": ("一\n\n　が、その中でも", ["次第に切れ切れな語", "「兼ね兼ね御云ひつけ"]),
    "kappa": (
        "序\n\n　これはある精神病院の患者",
        [
            "……\n遺伝的義勇隊を募る\n健全なる男女の河童よ\n",  # the ruled box's annotations go
            "親だった河童も親である河童も",  # 傍点
        ],
    ),
    "ginga": (
        "一　午後の授業\n\n「ではみなさんは、",
        ["　ジョバンニは窓の", "牛乳が僕んとこへ来なかった", "〔二十分停車〕と時計の下"],
    ),
}


def _excerpt(name: str) -> str:
    path = FIXTURES / f"excerpt_{name}.txt"
    raw = path.read_bytes()
    # cut from the originals byte for byte: cp932, CRLF, the 55-hyphen rules
    assert raw.count(b"\r\n") > 20 and b"\r\n" + b"-" * 55 + b"\r\n" in raw
    raw.decode("cp932")
    return read_text(path)


@pytest.mark.parametrize("name", sorted(EXCERPTS))
def test_real_excerpts(name: str) -> None:
    raw = _excerpt(name)
    assert is_aozora(raw) and "【テキスト中に現れる記号について】" in raw
    out = clean_aozora(raw)
    start, pieces = EXCERPTS[name]
    assert out.startswith(start)
    for piece in pieces:
        assert piece in out, piece
    for mark in ("《", "》", "｜", "［＃", "※", "／＼", "／″＼", "底本：", "入力：", "【テキスト"):
        assert mark not in out, mark
    assert not re.search(r"^-{10,}$", out, re.M)
    expected = _hand_body(raw)
    assert out.split("\n", 1)[0] == expected.split("\n", 1)[0]
    assert abs(len(out) - len(expected)) <= 0.01 * len(expected), (len(out), len(expected))


def test_rashomon_whole_from_fixture() -> None:
    """羅生門 is small enough to keep whole: the whole-file checks without ../shared."""
    raw = _excerpt("rashomon")
    out = clean_aozora(raw)
    assert out.startswith("　ある日の暮方の事である。") and out.endswith("誰も知らない。\n（大正四年九月）\n")
    assert len(out) == 5750 and len(out) == len(_hand_body(raw))
    gaiji = re.findall(r"※［＃([^［］]*)］", strip_footer(strip_header(raw)))
    assert len(gaiji) == 3 and all(gaiji_to_char(g) for g in gaiji)


def test_wagahai_gaiji_all_mapped_from_fixture() -> None:
    lines = (FIXTURES / "wagahai_gaiji.txt").read_bytes().decode("cp932").split("\r\n")[:-1]
    assert len(lines) == 34 and all(g.startswith("※［＃") for g in lines)
    chars = [clean_markup(g) for g in lines]
    assert all(len(c) == 1 for c in chars), [g for g, c in zip(lines, chars) if len(c) != 1]
    assert chars[:3] == ["譃", "饀", "蹰"]  # 言＋墟のつくり 2-88-74, 飮のへん＋稻のつくり 2-92-68, 足へん＋厨 1-92-39


# ---- bibliography: a work's record from its header and footer ---------------


def test_bibliography_of_excerpts() -> None:
    kappa = bibliography(_excerpt("kappa"))
    # line 2 is a subtitle; the author is the last header line before the rule
    assert (kappa["title"], kappa["subtitle"], kappa["author"]) == (
        "河童",
        "どうか Kappa と発音してください。",
        "芥川龍之介",
    )
    assert (
        kappa["teihon"]
        == "「河童・或る阿呆の一生」旺文社文庫、旺文社\n1966（昭和41）年10月20日初版発行\n1984（昭和59）年重版発行"
    )
    assert kappa["first_published"] == "「改造」\n1927（昭和2）年3月1日"
    assert (kappa["input"], kappa["proofing"], kappa["teihon_parent"]) == ("もりみつじゅんじ", "かとうかおり", "")

    botchan = bibliography(_excerpt("botchan"))
    assert (botchan["title"], botchan["subtitle"], botchan["author"]) == ("坊っちゃん", "", "夏目漱石")
    assert botchan["teihon_parent"] == "「夏目漱石全集2」ちくま文庫、筑摩書房\n1987（昭和62）年10月27日第1刷発行"
    assert (botchan["input"], botchan["proofing"]) == ("真先芳秋", "柳沢成雄")

    maihime = bibliography(_excerpt("maihime"))
    assert (maihime["input"], maihime["proofing"]) == ("青空文庫", "")  # no 校正 line
    wagahai = bibliography(_excerpt("wagahai"))
    assert wagahai["proofing"].startswith("渡部峰子（一）、おのしげひこ（二、五）")
    assert wagahai["first_published"].count("\n") == 2  # 初出 runs on over two date lines
    for name in ("rashomon", "ginga", "jigokuhen"):
        bib = bibliography(_excerpt(name))
        assert set(bib) == set(BIBLIOGRAPHY_KEYS)
        assert all(bib[k] for k in ("title", "author", "teihon", "input", "proofing")), bib
        assert not any(mark in v for v in bib.values() for mark in ("：", "《", "※")), bib


def test_bibliography_of_written_fixtures_and_plain_text() -> None:
    ame = bibliography(read_text(FIXTURES / "ame_no_hi.txt"))
    # the footer's own notation (a ruby in the 底本 title) is removed
    assert ame["teihon"] == "「雨の日の猫」架空書房\n2020（令和2）年1月1日第1刷"
    assert (ame["title"], ame["author"], ame["proofing"]) == ("雨の日の猫", "架空太郎", "テスト校正者")
    short = bibliography(read_text(FIXTURES / "mijikai.txt"))  # no notation block
    assert (short["title"], short["author"], short["input"]) == ("短い話", "架空花子", "テスト入力者")
    plain = bibliography("ただの文章。\n")
    assert plain["teihon"] == "" and plain["author"] == "" and set(plain) == set(BIBLIOGRAPHY_KEYS)


# ---- the real files (whole; only where ../shared is present) ------------------

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
    character, as the character it becomes), lines of annotations only dropped, and
    outer blank lines stripped."""
    lines = raw.split("\n")
    rules = [i for i, line in enumerate(lines) if line == "-" * 55]
    footer = max(i for i, line in enumerate(lines) if line.startswith("底本："))
    # a line of annotations only is a layout instruction, not an empty line of text
    kept = [line for line in lines[rules[1] + 1 : footer] if not re.fullmatch(r"(［＃[^］]*］)+", line)]
    body = "\n".join(kept)
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

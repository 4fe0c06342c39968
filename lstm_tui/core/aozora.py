"""Aozora Bunko notation → plain text, and reading a work as Aozora Bunko ships it.

An Aozora .txt is: title and author lines, a block between two 55-hyphen rules
headed 【テキスト中に現れる記号について】, the body, and a footer from 底本：. In the
body, 《…》 is ruby (dropped, the base text kept), ｜ marks where a ruby base starts,
［＃…］ is an editor's annotation, ※［＃…］ stands for a character outside JIS X 0208
(gaiji), and ／＼ / ／″＼ are the two-character repetition marks of vertical text.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from lstm_tui.core.encoding import normalize_text
from lstm_tui.errors import CorpusError

NOTATION_BLOCK = "【テキスト中に現れる記号について】"
# a rule line; Aozora uses 55 hyphens, some files a few less
_RULE = re.compile(r"^-{20,}[ \t]*$", re.M)
_FOOTER = re.compile(r"^底本：", re.M)
# innermost annotations first (no brackets inside), so nested ones peel off in rounds
_GAIJI = re.compile(r"※［＃([^［］\n]*)］")
_ANNOTATION = re.compile(r"［＃[^［］\n]*］")
_RUBY = re.compile(r"《[^《》\n]*》")
_REPEAT = re.compile(r"([^\n／＼″])([^\n／＼″])／(″?)＼")
_JIS_CODE = re.compile(r"(?<![\d-])([12])-(\d{1,2})-(\d{1,2})(?![\d-])")
_UNICODE_CODE = re.compile(r"(?:U\+|UCS-)([0-9A-Fa-f]{4,6})")
# stands in for a removed annotation until empty lines are judged (NUL never survives
# normalize_text, so it cannot clash with the text)
_MARK = "\x00"
_MARK_ONLY_LINE = re.compile(r"^[ \t\u3000\x00]*\x00[ \t\u3000\x00]*\n?", re.M)
# leftovers that a malformed file may hold; removed until none is left
_STRAY = ("［＃", "／″＼", "／＼")
_STRAY_CHARS = str.maketrans("", "", "《》｜")
# ※［＃小書き平仮名ん、183-7］: a small kana described by name. Kana with a small form
# in Unicode 3.2 (so every Python gives the same text) map to it; the rest (small ん
# has no code point) to the full-size kana, which keeps the word (僕んとこ) readable.
_SMALL_KANA = re.compile(r"^小書き(?:平仮名|片仮名)(.)(?:[、，]|$)")
_TO_SMALL = str.maketrans(
    "あいうえおつやゆよわかけアイウエオツヤユヨワカケクシストヌハヒフヘホムラリルレロ",
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ",
)
MAX_ZIP_MEMBER = 512 * 1024 * 1024  # refuse zip bombs: Aozora texts are a few MB


def is_aozora(text: str) -> bool:
    """True when the text has the notation block near the top or an Aozora footer."""
    head, tail = text[:4000], text[-6000:]
    if NOTATION_BLOCK in head:
        return True
    return bool(_FOOTER.search(tail)) and "青空文庫" in tail


def jis_x0213_to_unicode(plane: int, row: int, cell: int) -> str | None:
    """The character at JIS X 0213 plane-row-cell (e.g. 2-12-93), or None if unmapped.

    Python has no JIS X 0213 table of its own, but EUC-JIS-2004 lays the planes out
    directly: plane 1 is bytes (0xA0+row, 0xA0+cell), plane 2 the same after 0x8F.
    """
    if plane not in (1, 2) or not (1 <= row <= 94 and 1 <= cell <= 94):
        return None
    raw = bytes((0xA0 + row, 0xA0 + cell))
    if plane == 2:
        raw = b"\x8f" + raw
    try:
        ch = raw.decode("euc_jis_2004")
    except UnicodeDecodeError:
        return None
    return ch or None


def gaiji_to_char(annotation: str) -> str:
    """The character a gaiji annotation (the text inside ※［＃…］) names, or "".

    A Unicode code point (U+XXXX) wins over a JIS X 0213 plane-row-cell code. A
    small kana described by name (小書き平仮名ん) gives that kana, small where Unicode
    has a small form; any other description with only a page-line number (感嘆符三つ、
    63-8) names nothing usable.
    """
    m = _UNICODE_CODE.search(annotation)
    if m:
        cp = int(m.group(1), 16)
        if cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF:
            ch = chr(cp)
            if unicodedata.category(ch) not in ("Cc", "Cs", "Cn"):
                return ch
    m = _JIS_CODE.search(annotation)
    if m:
        jis = jis_x0213_to_unicode(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if jis:
            return jis
    m = _SMALL_KANA.match(annotation)
    if m:
        return m.group(1).translate(_TO_SMALL)
    return ""


def strip_header(text: str) -> str:
    """Drop the title/author lines and the 【テキスト中に現れる記号について】 block.

    Without a notation block, the title and author lines up to the first blank line
    (within the first few lines) are dropped.
    """
    head = text[:4000]
    block = head.find(NOTATION_BLOCK)
    if block >= 0:
        rules = [m for m in _RULE.finditer(text, 0, block + 20000)]
        before = [m for m in rules if m.end() <= block]
        after = [m for m in rules if m.start() > block]
        if before and after:
            return text[after[0].end() :].lstrip("\n")
    if not is_aozora(text):
        return text
    lines = text.split("\n", 8)
    for i, line in enumerate(lines[:7]):
        if not line.strip():
            return "\n".join(lines[i + 1 :]).lstrip("\n") if i > 0 else text
    return text


# footer fields kept as a work's bibliographic record, by the label Aozora Bunko uses;
# 侏儒の言葉 writes 親本： where the others write 底本の親本：
_FOOTER_FIELDS = {
    "底本": "teihon",
    "底本の親本": "teihon_parent",
    "親本": "teihon_parent",
    "初出": "first_published",
    "入力": "input",
    "校正": "proofing",
}
_FOOTER_LINE = re.compile(r"^([^\s：]{1,12})：(.*)$")
BIBLIOGRAPHY_KEYS = ("title", "subtitle", "author", "teihon", "teihon_parent", "first_published", "input", "proofing")


def _last_footer(text: str) -> re.Match[str] | None:
    """The last line starting with 底本： (the body may quote an earlier one)."""
    matches = list(_FOOTER.finditer(text))
    return matches[-1] if matches else None


def _header_lines(text: str) -> list[str]:
    """The non-blank lines above the first rule (or, with no rule, above the first
    blank line): title, any subtitle lines, then the author."""
    m = _RULE.search(text, 0, 4000)
    if m:
        head = text[: m.start()]
    else:
        head = text[:2000].split("\n\n", 1)[0]
    return [line.strip() for line in head.split("\n") if line.strip()][:6]


def bibliography(text: str) -> dict[str, str]:
    """A work's record from its own header and footer: title, subtitle, author, 底本
    (teihon), 底本の親本 (teihon_parent), 初出 (first_published), 入力 (input), 校正
    (proofing). Every key of BIBLIOGRAPHY_KEYS is present; an absent field is "".

    The header is read up to the first rule, not as "line 2 is the author": 河童 puts
    a subtitle on line 2 and the author on line 3. A footer field may run on over
    indented lines (printing dates); those are kept, one per line. Notation inside a
    field (a ruby 《…》 in a title) is removed.
    """
    text = normalize_text(text)
    out = dict.fromkeys(BIBLIOGRAPHY_KEYS, "")
    head = _header_lines(text)
    if head:
        out["title"] = head[0]
    if len(head) >= 2:
        out["author"] = head[-1]
        out["subtitle"] = "\n".join(head[1:-1])
    last = _last_footer(text)
    if last is not None:
        key: str | None = None
        for line in text[last.start() :].split("\n"):
            m = _FOOTER_LINE.match(line)
            if m:
                key = _FOOTER_FIELDS.get(m.group(1))
                if key is not None and not out[key]:
                    out[key] = m.group(2).strip()
                else:
                    key = None  # a field we do not keep, or a repeat: its run-on lines go too
            elif key is not None and line[:1] in (" ", "\u3000", "\t") and line.strip():
                out[key] += "\n" + line.strip()
            else:
                key = None  # a ※ note, a date, a blank line: ends the field
    return {k: clean_markup(v).strip() for k, v in out.items()}


def strip_footer(text: str) -> str:
    """Drop everything from the last line that starts with 底本： (the colophon)."""
    last = _last_footer(text)
    if last is None:
        return text
    return text[: last.start()].rstrip("\n \u3000") + "\n"


def _voiced(ch: str) -> str:
    """ch with a dakuten when one composes (か → が), else ch unchanged."""
    composed = unicodedata.normalize("NFC", ch + "\u3099")
    return composed if len(composed) == 1 else ch


def _expand_repeat(m: re.Match[str]) -> str:
    first, second, voiced = m.group(1), m.group(2), m.group(3)
    again = _voiced(first) if voiced else first
    return f"{first}{second}{again}{second}"


def clean_markup(text: str) -> str:
    """Remove ruby, ｜, annotations and gaiji notation; expand repetition marks.

    Works on a body (header and footer already gone) or on any string; never raises.
    Lines that held only annotations disappear. No 《, 》, ｜, ［＃, ／＼ or ／″＼ is
    left, even from malformed input.
    """
    text = normalize_text(text)
    # peel nested annotations from the inside: gaiji first, so ［＃「※［＃…］」に傍点］
    # keeps its character until the outer annotation goes
    while True:
        new = _GAIJI.sub(lambda m: gaiji_to_char(m.group(1)) or _MARK, text)
        new = _ANNOTATION.sub(_MARK, new)
        if new == text:
            break
        text = new
    if _MARK in text:
        text = _MARK_ONLY_LINE.sub("", text).replace(_MARK, "")
    text = _RUBY.sub("", text)
    text = text.translate(_STRAY_CHARS)
    text = _REPEAT.sub(_expand_repeat, text)
    # malformed leftovers (an unclosed ［＃, a mark at the start of a line): drop them;
    # one removal can join the halves of another, so repeat until none is left
    while any(s in text for s in _STRAY):
        for s in _STRAY:
            text = text.replace(s, "")
    return text


def clean_aozora(text: str) -> str:
    """A whole Aozora .txt (decoded) → the plain body text, ending with one newline."""
    text = normalize_text(text)
    body = clean_markup(strip_footer(strip_header(text)))
    body = body.strip("\n")
    return body + "\n" if body else ""


def read_zip_text(path: str | Path) -> bytes:
    """The bytes of the .txt inside an Aozora Bunko .zip (the largest, if several)."""
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as zf:
            members = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".txt")]
            if not members:
                raise CorpusError(f"{p} holds no .txt file; give a zip with a text file inside")
            member = max(members, key=lambda i: i.file_size)
            if member.file_size > MAX_ZIP_MEMBER:
                raise CorpusError(
                    f"{p}: {member.filename} unpacks to {member.file_size} bytes, more than "
                    f"{MAX_ZIP_MEMBER}; unpack it yourself and import the .txt"
                )
            with zf.open(member) as f:
                return f.read(MAX_ZIP_MEMBER + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
        raise CorpusError(f"{p} is not a readable zip file ({exc}); unpack it and import the .txt") from None
    except OSError as exc:
        raise CorpusError(f"cannot read {p}: {exc.strerror or exc}") from None

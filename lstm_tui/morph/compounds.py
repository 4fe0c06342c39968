"""User compounds: words MeCab splits (赤シャツ → 赤 + シャツ, 野だ → 野 + だ) counted as one.

KH Coder calls this 強制抽出. Here a compound joins a run of consecutive tokens when
their surfaces spell it exactly and they touch in the text (no gap): it then becomes one
noun (pos1 名詞, pos2 COMPOUND_POS2) whose surface and base form are the compound. A
compound whose edges fall inside a token (野だいこ: 野 + だいこ, not 野 + だ) is not
forced, so "野だ" never cuts 野だいこ in two.

Also here: reading the word-list files users write (compounds and stop-lists), one
word per line, strictly: UTF-8 only, so a file saved in Shift_JIS is refused with a
line that says so rather than counted as mojibake. Never imports textual.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from itertools import islice
from pathlib import Path

from lstm_tui.core.checked_read import read_regular_bytes
from lstm_tui.errors import ConfigError
from lstm_tui.morph.analyzer import Morpheme
from lstm_tui.morph.tokens import TokenizedText, to_katakana

COMPOUND_POS1 = "名詞"
COMPOUND_POS2 = "複合語"  # marks a user compound (unidic never uses it)
MAX_WORD_CHARS = 50
MAX_WORDS = 10_000


# A list of MAX_WORDS words of MAX_WORD_CHARS characters, with comments, fits well
# below this; anything bigger is not a word list (and /dev/zero never gets this far).
MAX_FILE_BYTES = 8 * 2**20
_SEPARATORS = re.compile(r"[,、，\t]")


def parse_words(text: str, limit: int | None = None) -> tuple[str, ...]:
    """Words from a list: one per line (commas also separate); # starts a comment.

    Duplicates are dropped in one pass (a dict keeps the first-seen order). With
    `limit`, parsing stops at the first word past it, so a 100,000-line file is
    refused by check_words after limit + 1 words, not after reading them all.
    """
    words: dict[str, None] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        for w in _SEPARATORS.split(line):
            w = w.strip().strip("\u3000")
            if w:
                words[w] = None
                if limit is not None and len(words) > limit:
                    return tuple(words)
    return tuple(words)


def _not_utf8_hint(data: bytes) -> str:
    """ " (it looks like Shift_JIS)" when the bytes decode in a legacy Japanese codec."""
    for codec, name in (("cp932", "Shift_JIS"), ("euc_jp", "EUC-JP")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return f" (it looks like {name})"
    return ""


def read_word_list(path: str | Path, what: str = "word list") -> tuple[str, ...]:
    """The words of a file (see parse_words), or ConfigError naming the file and the fix:
    missing, not a regular file (a FIFO would hang, /dev/zero never ends), over
    MAX_FILE_BYTES, binary, not UTF-8, or empty. Read through core/checked_read.py."""
    p = Path(path).expanduser()
    fix = "give a UTF-8 text file, one word per line"
    try:
        data = read_regular_bytes(p, MAX_FILE_BYTES, ConfigError, fix)
    except ConfigError as exc:
        raise ConfigError(f"{what} file: {exc}") from None
    if b"\x00" in data:
        raise ConfigError(f"{what} file {p} is not text (it holds NUL bytes); give a UTF-8 file, one word per line")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        hint = _not_utf8_hint(data)
        raise ConfigError(f"{what} file {p} is not UTF-8{hint}; save it as UTF-8, one word per line") from None
    words = parse_words(text, limit=MAX_WORDS)
    if not words:
        raise ConfigError(f"{what} file {p} has no words; write one word per line")
    return check_words(words, what)


def check_words(words: Iterable[str], what: str = "word list") -> tuple[str, ...]:
    """The words if none is absurdly long and there are not too many, else ConfigError."""
    words = tuple(islice(words, MAX_WORDS + 1))  # a generator of a million words stops here
    if len(words) > MAX_WORDS:
        raise ConfigError(f"{what} has more than {MAX_WORDS:,} words; at most {MAX_WORDS:,} are allowed")
    for w in words:
        if len(w) > MAX_WORD_CHARS:
            raise ConfigError(f"{what}: {w[:20]}… is longer than {MAX_WORD_CHARS} characters")
    return words


def merge_compounds(tokens: TokenizedText, compounds: Iterable[str]) -> TokenizedText:
    """tokens with every run of tokens that spells a compound joined into one token.

    Longer compounds win where two could start at the same token. Returns tokens
    itself when there is nothing to join.
    """
    wanted = sorted({c for c in compounds if c}, key=len, reverse=True)
    if not wanted or not len(tokens):
        return tokens
    text = tokens.text
    first_chars = {c[0] for c in wanted}
    forms = list(tokens.forms)
    readings = list(tokens.readings)
    compound_ids: dict[str, int] = {}
    ids, starts, lines = array("i"), array("i"), array("i")
    n, i = len(tokens), 0
    while i < n:
        start = tokens.starts[i]
        if text[start] in first_chars:
            joined = _match_at(tokens, i, wanted)
            if joined is not None:
                word, j = joined
                k = compound_ids.get(word)
                if k is None:
                    k = compound_ids[word] = len(forms)
                    forms.append(Morpheme(word, COMPOUND_POS1, COMPOUND_POS2, word))
                    readings.append("".join(tokens.readings[tokens.ids[t]] for t in range(i, j)) or to_katakana(word))
                ids.append(k)
                starts.append(start)
                lines.append(tokens.lines[i])
                i = j
                continue
        ids.append(tokens.ids[i])
        starts.append(start)
        lines.append(tokens.lines[i])
        i += 1
    if not compound_ids:
        return tokens
    return TokenizedText(text, tuple(forms), tuple(readings), ids, starts, lines)


def _match_at(tokens: TokenizedText, i: int, wanted: list[str]) -> tuple[str, int] | None:
    """(compound, index after its last token) for the longest compound that the tokens
    from i spell exactly, touching, on one line; else None."""
    text = tokens.text
    start = tokens.starts[i]
    for word in wanted:
        if not text.startswith(word, start):
            continue
        end, j = start, i
        while j < len(tokens) and end < start + len(word):
            s, e = tokens.span(j)
            if s != end or tokens.lines[j] != tokens.lines[i]:
                break
            end, j = e, j + 1
        if end == start + len(word) and j - i >= 2:  # one token is already one word
            return word, j
    return None


def user_compounds_file(corpus: str | None = None) -> Path | None:
    """The user's compounds file for this corpus: home/compounds/<corpus>.txt when it
    exists, else the global home/compounds.txt when that exists, else None."""
    from lstm_tui.paths import home_dir

    home = home_dir()
    candidates = ([home / "compounds" / f"{corpus}.txt"] if corpus else []) + [home / "compounds.txt"]
    return next((p for p in candidates if p.is_file()), None)


def words_or_file(spec: str, what: str) -> tuple[str, ...]:
    """A field's value: a file path (one word per line) or the words themselves
    (comma- or space-separated). ConfigError for a bad file, as read_word_list says."""
    spec = spec.strip()
    if not spec:
        return ()
    if spec.startswith(("/", "~", "./", "../")) or spec.endswith(".txt"):
        return read_word_list(spec, what)
    return check_words((w for w in re.split(r"[,\s、，]+", spec) if w), what)

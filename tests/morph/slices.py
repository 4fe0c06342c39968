"""Slices of the bundled corpora (corpora/) for the "must show" checks: one work each."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
BOCCHAN_END = "（明治三十九年四月）\n"  # 坊っちゃん, the first work of ja-soseki, ends here
GINGA_END = "\n\nどっどど"  # 銀河鉄道の夜, the first of ja-kenji, ends before 風の又三郎 begins


@cache
def bocchan() -> str:
    """坊っちゃん: ja-soseki up to its closing date line."""
    text = (CORPORA / "ja-soseki.txt").read_text(encoding="utf-8")
    return text[: text.index(BOCCHAN_END) + len(BOCCHAN_END)]


@cache
def ginga() -> str:
    """銀河鉄道の夜: ja-kenji up to the blank line before 風の又三郎."""
    text = (CORPORA / "ja-kenji.txt").read_text(encoding="utf-8")
    return text[: text.index(GINGA_END) + 1]


@cache
def neko() -> str:
    """吾輩は猫である, the whole of ja-neko."""
    return (CORPORA / "ja-neko.txt").read_text(encoding="utf-8")

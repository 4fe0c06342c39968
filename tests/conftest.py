"""Shared fixtures: an isolated user folder, tiny corpora, and ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"

TINY_JA = (
    "こんにちは！今日は晴れです。写真を撮ってくださいました。楽しかったです。\n"
    "ライブありがとうございました！また来てね(^^)\n"
    "おはようございます。今日もよろしくお願いします。\n"
) * 20
TINY_EN = ("To be, or not to be, that is the question.\nROMEO: What light through yonder window breaks?\n") * 30


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own LSTM_TUI_HOME so nothing touches the real user folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LSTM_TUI_HOME", str(home))
    return home


@pytest.fixture
def tiny_ja_file(tmp_path: Path) -> Path:
    """A small UTF-8 Japanese corpus file."""
    p = tmp_path / "tiny-ja.txt"
    p.write_text(TINY_JA, encoding="utf-8")
    return p


@pytest.fixture
def tiny_en_file(tmp_path: Path) -> Path:
    """A small English corpus file."""
    p = tmp_path / "tiny-en.txt"
    p.write_text(TINY_EN, encoding="utf-8")
    return p


@pytest.fixture
def shared_corpora() -> Path:
    """../shared/corpora, or skip: those real-data tests need the folder beside the project."""
    if not SHARED_CORPORA.is_dir():
        pytest.skip("../shared/corpora is absent; real-data tests need it beside the project")
    return SHARED_CORPORA

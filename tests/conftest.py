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
    """../shared/corpora: the whole original files, for the extra whole-file checks.

    Those tests are deselected (not skipped) when the folder is absent, see below; every
    other test runs on the small excerpts in tests/fixtures/.
    """
    return SHARED_CORPORA


def _needs_shared(item: pytest.Item) -> bool:
    return "shared_corpora" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without ../shared beside the clone, the whole-file extras are left out of the run."""
    if SHARED_CORPORA.is_dir():
        return
    extras = [item for item in items if _needs_shared(item)]
    if extras:
        config.hook.pytest_deselected(items=extras)
        items[:] = [item for item in items if not _needs_shared(item)]


def pytest_report_header(config: pytest.Config) -> str:
    """Say which optional data the run has, so a deselected extra is never a surprise."""
    if SHARED_CORPORA.is_dir():
        return f"whole-file extras: on ({SHARED_CORPORA})"
    return "whole-file extras: off (../shared/corpora is absent; the tests that read whole originals are deselected)"

"""Where corpora are found and written; corpus names."""

from __future__ import annotations

from pathlib import Path

import pytest

from lstm_tui import paths
from lstm_tui.errors import CorpusError


def test_home_override(isolated_home: Path) -> None:
    assert paths.home_dir() == isolated_home
    assert paths.user_corpora_dir() == isolated_home / "corpora"
    assert paths.user_models_dir() == isolated_home / "models"
    assert paths.user_corpus_files("x") == (
        isolated_home / "corpora" / "x.txt",
        isolated_home / "corpora" / "x.json",
    )


def test_default_home_uses_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LSTM_TUI_HOME")
    assert "lstm-tui" in str(paths.home_dir())


def test_bundled_dirs() -> None:
    assert paths.bundled_corpora_dir().name == "corpora"
    assert paths.bundled_catalog_file() == paths.bundled_corpora_dir() / "corpora.toml"


@pytest.mark.parametrize("name", ["ja-soseki", "吾輩", "my_corpus-2", "A"])
def test_good_names(name: str) -> None:
    assert paths.check_corpus_name(name) == name


@pytest.mark.parametrize("name", ["", "../x", "a/b", ".hidden", "a.txt", "-x", "x" * 65, "a b"])
def test_bad_names(name: str) -> None:
    with pytest.raises(CorpusError, match="bad corpus name"):
        paths.check_corpus_name(name)


def test_name_from_path() -> None:
    assert paths.name_from_path("/x/吾輩は猫である 1.txt") == "吾輩は猫である-1"
    assert paths.name_from_path("/x/789_ruby_5639.zip") == "789_ruby_5639"
    assert paths.name_from_path("/x/.txt") == "txt"
    assert paths.name_from_path("/x/!!!.txt") == "corpus"
    for p in ("/x/a b.c.txt", "/x/ü.txt"):
        paths.check_corpus_name(paths.name_from_path(p))


def test_resolve_corpus(tmp_path: Path) -> None:
    user = paths.user_corpora_dir()
    user.mkdir(parents=True)
    (user / "mine.txt").write_text("text", encoding="utf-8")
    assert paths.resolve_corpus("mine") == user / "mine.txt"
    f = tmp_path / "f.txt"
    f.write_text("x", encoding="utf-8")
    assert paths.resolve_corpus(str(f)) == f
    with pytest.raises(CorpusError, match="unknown corpus"):
        paths.resolve_corpus("no-such-corpus")
    with pytest.raises(CorpusError, match="no such corpus file"):
        paths.resolve_corpus(str(tmp_path / "missing.txt"))


def test_a_run_is_found_by_the_name_runs_lists(
    isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `sample --model base-ja` worked, `sample --model <a run of one's own>` said "no such
    # run folder" although `lstm-tui runs` listed that name.
    bundled = tmp_path / "bundled"
    monkeypatch.setattr(paths, "bundled_models_dir", lambda: bundled)
    (paths.user_models_dir() / "mine").mkdir(parents=True)
    (bundled / "base-ja").mkdir(parents=True)
    (bundled / "mine").mkdir()
    assert paths.resolve_run("mine") == paths.user_models_dir() / "mine"  # the user's first
    assert paths.resolve_run("base-ja") == bundled / "base-ja"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here").mkdir()
    assert paths.resolve_run("here") == Path("here")  # a folder that exists wins
    assert paths.resolve_run("nowhere") == Path("nowhere")  # load_run says it is missing

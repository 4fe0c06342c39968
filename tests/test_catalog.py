"""Listing corpora: bundled (corpora.toml), imported (JSON sidecars), cached counts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lstm_tui import catalog, paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in bundled folder with a toml, so the test does not depend on corpora/."""
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "ja-small.txt").write_text("こんにちは。\n今日は晴れ。\n", encoding="utf-8")
    (folder / "en-small.txt").write_text("Hello there.\nGood day.\n", encoding="utf-8")
    (folder / "loose.txt").write_text("no toml entry\n", encoding="utf-8")
    (folder / "corpora.toml").write_text(
        '[ja-small]\nfile = "ja-small.txt"\ntitle = "小さな"\nlanguage = "ja"\n'
        'description = "d"\nsource = "written for lstm-tui"\nlicence = "CC0"\n\n'
        '[en-small]\nfile = "en-small.txt"\ntitle = "Small"\nlanguage = "en"\n'
        '[gone]\nfile = "missing.txt"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: folder)
    return folder


def test_bundled_from_toml(bundled: Path) -> None:
    by_name = {c.name: c for c in catalog.list_corpora()}
    assert set(by_name) == {"ja-small", "en-small", "loose"}
    ja = by_name["ja-small"]
    assert (ja.title, ja.language, ja.licence, ja.source) == ("小さな", "ja", "CC0", "written for lstm-tui")
    text = "こんにちは。\n今日は晴れ。\n"
    assert (ja.chars, ja.lines, ja.distinct) == (len(text), 2, len(set(text)))
    assert ja.bundled and ja.path == bundled / "ja-small.txt"
    assert by_name["loose"].language == "en"


def test_counts_are_cached(bundled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog.list_corpora()
    assert (paths.home_dir() / "cache" / "corpus-counts.json").is_file()

    def boom(path: Path) -> dict:
        raise AssertionError("recounted a cached file")

    monkeypatch.setattr(catalog, "_count_file", boom)
    assert len(catalog.list_corpora()) == 3


def test_user_corpora_with_and_without_sidecar(bundled: Path) -> None:
    folder = paths.user_corpora_dir()
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("abc\n", encoding="utf-8")
    meta = {"name": "a", "title": "A!", "language": "en", "chars": 4, "distinct": 4,
            "lines": 1, "bytes": 4, "source": "/src/a.txt", "licence": "mine"}
    (folder / "a.json").write_text(json.dumps(meta), encoding="utf-8")
    (folder / "b.txt").write_text("漢字です\n", encoding="utf-8")  # no sidecar
    (folder / "c.txt").write_text("edited later\n", encoding="utf-8")
    (folder / "c.json").write_text(json.dumps({**meta, "name": "c", "bytes": 1}), encoding="utf-8")
    (folder / "d.txt").write_text("x\n", encoding="utf-8")
    (folder / "d.json").write_text("{not json", encoding="utf-8")
    (folder / ".e.txt.abc.tmp").write_text("half", encoding="utf-8")
    by_name = {c.name: c for c in catalog.list_corpora()}
    assert by_name["a"].title == "A!" and by_name["a"].source == "/src/a.txt"
    assert by_name["b"].language == "ja" and by_name["b"].chars == 5
    assert by_name["c"].chars == len("edited later\n")  # stale sidecar: recounted
    assert by_name["d"].chars == 2
    assert not any(n.startswith(".") for n in by_name)
    assert catalog.find_corpus("a") is not None and catalog.find_corpus("zz") is None
    assert json.loads(json.dumps(by_name["a"].to_json()))["path"].endswith("a.txt")


def test_imported_name_hides_bundled(bundled: Path) -> None:
    folder = paths.user_corpora_dir()
    folder.mkdir(parents=True)
    (folder / "ja-small.txt").write_text("mine\n", encoding="utf-8")
    hits = [c for c in catalog.list_corpora() if c.name == "ja-small"]
    assert len(hits) == 1 and not hits[0].bundled


def test_listing_does_not_import_torch() -> None:
    code = "import sys; from lstm_tui.catalog import list_corpora; list_corpora(); " \
           "sys.exit('torch' in sys.modules or 'textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0

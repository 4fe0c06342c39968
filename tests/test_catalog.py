"""Listing corpora: bundled (corpora.toml), imported (JSON sidecars), cached counts."""

from __future__ import annotations

import hashlib
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
    meta = {
        "name": "a",
        "title": "A!",
        "language": "en",
        "chars": 4,
        "distinct": 4,
        "lines": 1,
        "bytes": 4,
        "source": "/src/a.txt",
        "licence": "mine",
    }
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
    code = (
        "import sys; from lstm_tui.catalog import list_corpora; list_corpora(); "
        "sys.exit('torch' in sys.modules or 'textual' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_default_flag_and_works(bundled: Path) -> None:
    # the stand-in toml marks nothing: the first described corpus whose file exists
    assert catalog.default_corpus_name() == "ja-small"
    # "synthetic" is a key older tomls carried; it is ignored, not listed
    (bundled / "corpora.toml").write_text(
        '[ja-small]\nfile = "ja-small.txt"\nsynthetic = true\n\n'
        '[en-small]\nfile = "en-small.txt"\ndefault = true\n\n'
        '[[en-small.works]]\ntitle = "Small"\nauthor = "Me"\nsha256 = "ab"\n\n'
        '[[en-small.works]]\nnot_a_key = "dropped"\n',
        encoding="utf-8",
    )
    assert catalog.default_corpus_name() == "en-small"
    by_name = {c.name: c for c in catalog.list_corpora()}
    assert not by_name["ja-small"].default
    en = by_name["en-small"]
    assert en.default
    assert [w["title"] for w in en.works] == ["Small", ""]
    assert all(set(w) == set(catalog.WORK_KEYS) for w in en.works)
    assert not by_name["loose"].default and by_name["loose"].works == ()
    row = json.loads(json.dumps(en.to_json(), ensure_ascii=False))
    assert row["default"] is True and "synthetic" not in row and row["works"][0]["author"] == "Me"
    hash(en)  # a frozen CorpusInfo stays hashable although works holds dicts


def test_default_without_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "b"
    monkeypatch.setattr(paths, "bundled_corpora_dir", lambda: folder)
    assert catalog.default_corpus_name() == ""
    folder.mkdir()
    (folder / "zz.txt").write_text("z\n", encoding="utf-8")
    (folder / "aa.txt").write_text("a\n", encoding="utf-8")
    assert catalog.default_corpus_name() == "aa"


def test_imported_aozora_keeps_its_record() -> None:
    from lstm_tui.importing import import_corpus

    import_corpus(ROOT / "tests" / "fixtures" / "aozora" / "excerpt_kappa.txt", name="kappa")
    info = catalog.find_corpus("kappa")
    assert info is not None and not info.default
    (work,) = info.works
    assert (work["title"], work["subtitle"], work["author"]) == (
        "河童",
        "どうか Kappa と発音してください。",
        "芥川龍之介",
    )
    assert work["proofing"] == "かとうかおり" and work["source"].endswith("excerpt_kappa.txt")
    assert len(work["sha256"]) == 64


# ---- the real bundled corpora (corpora/, written by scripts/build_corpora.py) ----

BUNDLED = ROOT / "corpora"


def _real_bundle() -> dict[str, catalog.CorpusInfo]:
    return {c.name: c for c in catalog.bundled_corpora()}


def test_real_bundle_has_one_real_japanese_default() -> None:
    corpora = _real_bundle()
    defaults = [c.name for c in corpora.values() if c.default]
    assert defaults == ["ja-soseki"] == [catalog.default_corpus_name()]
    # only real text is bundled: the synthetic corpora made for the project are gone
    assert set(corpora) == {"ja-soseki", "ja-neko", "ja-kenji", "ja-akutagawa", "ja-torahiko", "en-shakespeare"}
    real_ja = [c for c in corpora.values() if c.language == "ja"]
    assert len(real_ja) >= 3 and sum(c.chars for c in real_ja) >= 600_000
    assert corpora["ja-soseki"] in real_ja
    # the Japanese benchmark text: the n-gram reference figures are on exactly this
    assert (corpora["ja-neko"].chars, corpora["ja-neko"].distinct) == (321_079, 3_068)
    en = corpora["en-shakespeare"]
    assert en.language == "en" and en.chars >= 1_000_000
    digest = hashlib.sha256(en.path.read_bytes()).hexdigest()
    assert digest == "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed"  # karpathy's input.txt


def test_real_bundle_records_and_hashes() -> None:
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    toml = tomllib.loads((BUNDLED / "corpora.toml").read_text(encoding="utf-8"))
    corpora = _real_bundle()
    assert set(toml) == set(corpora)
    for name, info in corpora.items():
        # the file is exactly what the build wrote
        assert hashlib.sha256(info.path.read_bytes()).hexdigest() == toml[name]["sha256"], name
        assert info.works, name
        for work in info.works:
            assert all(work[k] for k in ("title", "author", "source", "sha256")), work
            assert work["source"].startswith("https://github.com/") and len(work["sha256"]) == 64
            if info.language == "ja":
                # Aozora Bunko's terms: keep the 底本 and the 入力/校正 credits
                assert work["teihon"] and work["input"] and work["proofing"], work
                assert "aozorahack/aozorabunko_text/blob/" in work["source"]
    kappa = next(w for w in corpora["ja-akutagawa"].works if w["title"] == "河童")
    assert (kappa["author"], kappa["subtitle"]) == ("芥川龍之介", "どうか Kappa と発音してください。")

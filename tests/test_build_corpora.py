"""scripts/build_corpora.py: sources checked against the shared README, works joined
through the project's own importer, records read from each work's footer; and, where
../shared is present, a rebuild that reproduces corpora/ byte for byte."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from lstm_tui.core.aozora import clean_aozora
from lstm_tui.core.encoding import read_text
from tests.script_loading import load_script

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "aozora"
AOZORA_COMMIT = "0984f7dc18a2270bdfd2ff99bf14fd1b3ebb4f65"
CHARRNN_COMMIT = "6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e"


build_corpora = load_script("build_corpora")


def _fake_shared(tmp_path: Path, files: dict[str, str]) -> Path:
    """A shared folder holding fixture excerpts under the originals' names, with a
    README in the shared README's own format."""
    shared = tmp_path / "shared"
    shared.mkdir()
    rows = []
    for name, excerpt in files.items():
        shutil.copyfile(FIXTURES / excerpt, shared / name)
        digest = hashlib.sha256((shared / name).read_bytes()).hexdigest()
        rows.append(f"| {name} | cards/000001/files/1_ruby_1/1_ruby_1.txt | 底本 | {digest} |")
    (shared / "README.md").write_text(
        "## Sources\n\n"
        f"- tinyshakespeare.txt: GitHub `karpathy/char-rnn`, `data/tinyshakespeare/input.txt`,\n"
        f"  commit {CHARRNN_COMMIT}. First line.\n  sha256 {'0' * 64}.\n"
        f"- Aozora files: GitHub `aozorahack/aozorabunko_text`, commit {AOZORA_COMMIT}\n\n"
        "| file | path | 底本 | sha256 |\n|---|---|---|---|\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return shared


def test_bundle_joins_cleaned_works_and_keeps_records(tmp_path: Path) -> None:
    shared = _fake_shared(tmp_path, {"aozora_kappa.txt": "excerpt_kappa.txt", "aozora_ginga.txt": "excerpt_ginga.txt"})
    record = build_corpora.read_readme(shared)
    assert record["_aozora_commit"]["path"] == AOZORA_COMMIT
    bundle = build_corpora.Bundle("ja-test", ("aozora_kappa.txt", "aozora_ginga.txt"), "t", "ja", "d", "PD")
    text, works = build_corpora.build_bundle(bundle, shared, record, [0])
    kappa = clean_aozora(read_text(FIXTURES / "excerpt_kappa.txt"))
    ginga = clean_aozora(read_text(FIXTURES / "excerpt_ginga.txt"))
    assert text == kappa + "\n" + ginga  # one blank line between works
    assert [w["title"] for w in works] == ["河童", "銀河鉄道の夜"]
    assert works[0]["subtitle"] == "どうか Kappa と発音してください。" and works[0]["author"] == "芥川龍之介"
    assert works[1]["input"] == "幸野素子" and "subtitle" not in works[1]  # empty fields are left out
    url = (
        f"https://github.com/aozorahack/aozorabunko_text/blob/{AOZORA_COMMIT}/cards/000001/files/1_ruby_1/1_ruby_1.txt"
    )
    assert works[0]["source"] == url
    assert works[0]["sha256"] == hashlib.sha256((shared / "aozora_kappa.txt").read_bytes()).hexdigest()


def test_a_changed_source_stops_the_build(tmp_path: Path) -> None:
    shared = _fake_shared(tmp_path, {"aozora_kappa.txt": "excerpt_kappa.txt"})
    with (shared / "aozora_kappa.txt").open("ab") as f:
        f.write(b"\r\n")
    record = build_corpora.read_readme(shared)
    bundle = build_corpora.Bundle("ja-test", ("aozora_kappa.txt",), "t", "ja", "d", "PD")
    with pytest.raises(build_corpora.BuildError, match="sha256"):
        build_corpora.build_bundle(bundle, shared, record, [0])
    missing = build_corpora.Bundle("ja-test", ("aozora_nothing.txt",), "t", "ja", "d", "PD")
    with pytest.raises(build_corpora.BuildError, match="no path"):
        build_corpora.build_bundle(missing, shared, record, [0])


def test_rebuild_reproduces_the_bundle(shared_corpora: Path, tmp_path: Path) -> None:
    """Extra check, only where ../shared is present: corpora/ is exactly the build's output."""
    out = tmp_path / "corpora"
    assert build_corpora.main(["--shared", str(shared_corpora), "--out", str(out)]) == 0
    for path in sorted(out.iterdir()):
        assert path.read_bytes() == (ROOT / "corpora" / path.name).read_bytes(), path.name
    assert {p.name for p in out.iterdir()} == {p.name for p in (ROOT / "corpora").iterdir()}

"""scripts/build_pretrain.py on a small archive made from the real cp932 excerpts in
tests/fixtures/aozora: sha256 checked, works cleaned by core/aozora, whole works held
out, credits read from each work's own footer."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from tests.script_loading import load_script

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "aozora"
WORKS = ["excerpt_botchan.txt", "excerpt_ginga.txt", "excerpt_kappa.txt", "excerpt_maihime.txt",
         "excerpt_rashomon.txt", "excerpt_wagahai.txt", "excerpt_jigokuhen.txt"]  # fmt: skip


def _shared(tmp_path: Path, corrupt: str | None = None) -> Path:
    shared = tmp_path / "shared"
    (shared / "pretrain").mkdir(parents=True)
    rows = []
    with tarfile.open(shared / "pretrain" / "aozora-ja-pretrain.tar.xz", "w:xz") as tar:
        for name in WORKS:
            data = (FIXTURES / name).read_bytes()
            member = f"cards/{name}"
            digest = hashlib.sha256(data + (b"x" if name == corrupt else b"")).hexdigest()
            rows.append([member, name, "?", "0", digest])
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with (shared / "pretrain" / "manifest.tsv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["path", "title", "author", "chars", "sha256"])
        w.writerows(rows)
    return shared


def test_builds_splits_of_whole_works_and_credits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = load_script("build_pretrain")
    monkeypatch.setattr(script, "HELD_OUT_FRACTION", 0.15)  # a few excerpts: a bigger share each
    out, credits = tmp_path / "out", tmp_path / "CREDITS.tsv"
    assert script.main(["--shared", str(_shared(tmp_path)), "--out", str(out), "--credits", str(credits)]) == 0
    split = json.loads((out / "split.json").read_text(encoding="utf-8"))["works"]
    assert split["val"] and split["test"] and split["train"]
    assert sorted(split["train"] + split["val"] + split["test"]) == sorted(f"cards/{w}" for w in WORKS)
    train = (out / "train.txt").read_text(encoding="utf-8")
    assert "《" not in train and "［＃" not in train and "底本：" not in train  # cleaned by core/aozora
    rows = list(csv.DictReader(credits.read_text(encoding="utf-8").splitlines()[1:], delimiter="\t"))
    assert len(rows) == len(WORKS) and all(r["teihon"] for r in rows)  # 底本 from each footer
    again = tmp_path / "again"
    script.main(["--shared", str(_shared(tmp_path / "b")), "--out", str(again), "--credits", str(credits)])
    assert (again / "train.txt").read_bytes() == (out / "train.txt").read_bytes()  # deterministic


def test_a_work_whose_sha256_differs_stops_the_build(tmp_path: Path) -> None:
    script = load_script("build_pretrain")
    shared = _shared(tmp_path, corrupt="excerpt_kappa.txt")
    with pytest.raises(SystemExit, match="excerpt_kappa.txt: sha256"):
        script.main(["--shared", str(shared), "--out", str(tmp_path / "out"), "--credits", str(tmp_path / "c.tsv")])
    assert not (tmp_path / "out").exists()

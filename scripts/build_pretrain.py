#!/usr/bin/env python3
"""Build the base model's pretraining text from ../shared/pretrain.

    python scripts/build_pretrain.py [--shared PATH] [--out DIR] [--credits FILE]

Reads aozora-ja-pretrain.tar.xz (791 Aozora Bunko works by 40 authors, Shift_JIS) and
its manifest.tsv, checks every work's sha256 against the manifest, decodes and cleans
each with lstm-tui's own Aozora code (lstm_tui.core.aozora: ruby, annotations, gaiji,
header and footer), and writes to DIR (default build/pretrain, not bundled):

- train.txt, val.txt, test.txt: whole works joined by a blank line. Validation and
  test are whole works held out (about 2% of the characters each, chosen by sha256
  so the choice is deterministic), never a slice of positions inside a work.
- split.json: which work went where, with the characters of each split.

It also writes the works' credits (title, author, 底本, 入力, 校正, read from each
original's own header and footer) as a compact TSV, by default to
models/base-ja/CREDITS.tsv, because Aozora Bunko asks that a redistributed derivative
keep them. None of these works is in a bundled corpus (the manifest was made so).
The output is deterministic: running the script twice gives identical files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

from lstm_tui.core.aozora import bibliography, clean_aozora  # noqa: E402
from lstm_tui.core.encoding import decode_bytes  # noqa: E402

HELD_OUT_FRACTION = 0.02  # of all characters, for validation and again for test
HELD_OUT_MAX_WORK = 40_000  # held-out works are short ones, so each split has many authors
CREDIT_FIELDS = ("path", "title", "author", "teihon", "input", "proofing")


def read_manifest(shared: Path) -> list[dict[str, str]]:
    """The manifest's rows: path, title, author, chars, sha256."""
    with (shared / "pretrain" / "manifest.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def read_works(shared: Path, rows: list[dict[str, str]]) -> dict[str, bytes]:
    """path → original bytes, each checked against the manifest's sha256."""
    wanted = {r["path"]: r["sha256"] for r in rows}
    out: dict[str, bytes] = {}
    with tarfile.open(shared / "pretrain" / "aozora-ja-pretrain.tar.xz") as tar:
        for member in tar:
            if not member.isfile() or member.name not in wanted:
                continue
            f = tar.extractfile(member)
            assert f is not None
            data = f.read()
            digest = hashlib.sha256(data).hexdigest()
            if digest != wanted[member.name]:
                sys.exit(f"{member.name}: sha256 {digest} differs from the manifest's {wanted[member.name]}")
            out[member.name] = data
    missing = sorted(set(wanted) - set(out))
    if missing:
        sys.exit(f"the archive lacks {len(missing)} work(s) of the manifest, e.g. {missing[0]}")
    return out


def choose_held_out(rows: list[dict[str, str]], lengths: dict[str, int]) -> tuple[set[str], set[str]]:
    """(validation paths, test paths): short works in sha256 order, alternating, until
    each split holds HELD_OUT_FRACTION of the characters."""
    target = HELD_OUT_FRACTION * sum(lengths.values())
    val: set[str] = set()
    test: set[str] = set()
    sizes = [0, 0]
    for r in sorted(rows, key=lambda r: r["sha256"]):
        n = lengths[r["path"]]
        if n == 0 or n > HELD_OUT_MAX_WORK:
            continue
        k = 0 if sizes[0] <= sizes[1] else 1
        if sizes[k] >= target:
            k = 1 - k
            if sizes[k] >= target:
                break
        (val, test)[k].add(r["path"])
        sizes[k] += n
    return val, test


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "pretrain")
    ap.add_argument("--credits", type=Path, default=ROOT / "models" / "base-ja" / "CREDITS.tsv")
    args = ap.parse_args(argv)
    rows = read_manifest(args.shared)
    originals = read_works(args.shared, rows)
    texts: dict[str, str] = {}
    credits: list[dict[str, str]] = []
    for r in rows:
        decoded = decode_bytes(originals[r["path"]])
        texts[r["path"]] = clean_aozora(decoded)
        bib = bibliography(decoded)
        credits.append({"path": r["path"], **{k: bib.get(k, "") for k in CREDIT_FIELDS[1:]}})
    lengths = {p: len(t) for p, t in texts.items()}
    val, test = choose_held_out(rows, lengths)
    args.out.mkdir(parents=True, exist_ok=True)
    split: dict[str, list[str]] = {"train": [], "val": [], "test": []}
    for r in rows:  # manifest order inside each split
        name = "val" if r["path"] in val else "test" if r["path"] in test else "train"
        if lengths[r["path"]]:
            split[name].append(r["path"])
    summary = {}
    for name, works in split.items():
        text = "\n".join(texts[p] for p in works)
        (args.out / f"{name}.txt").write_text(text, encoding="utf-8")
        summary[name] = {"works": len(works), "chars": len(text)}
        print(f"{name}: {len(works)} works, {len(text):,} characters")
    (args.out / "split.json").write_text(
        json.dumps({"summary": summary, "works": split}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    args.credits.parent.mkdir(parents=True, exist_ok=True)
    with args.credits.open("w", encoding="utf-8", newline="") as f:
        f.write("# Aozora Bunko works the base model was pretrained on (scripts/build_pretrain.py)\n")
        w = csv.DictWriter(f, CREDIT_FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        for c in credits:
            w.writerow({k: " / ".join(c[k].split("\n")) for k in CREDIT_FIELDS})
    print(f"credits: {args.credits}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

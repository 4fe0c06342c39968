#!/usr/bin/env python3
"""Rebuild the bundled real-text corpora and corpora/corpora.toml from ../shared/corpora.

    python scripts/build_corpora.py [--shared PATH] [--out DIR]

Every Aozora Bunko original (cp932, with ruby and editor's notes) goes through the
project's own importer (lstm_tui.importing.import_corpus, which cleans it with
lstm_tui.core.aozora) in a throw-away user folder; the cleaned works of one corpus are
joined with a blank line between them. Tiny Shakespeare goes through the same importer
and must come out byte-identical to karpathy's input.txt. Each original's sha256 and
its path in aozorahack/aozorabunko_text are read from ../shared/corpora/README.md and
checked before anything is written; a mismatch stops the build.

Each work's bibliographic record (title, author, 底本, 入力, 校正 …) is read from the
original's own header and footer by lstm_tui.core.aozora.bibliography, never typed by
hand, because Aozora Bunko asks that a redistributed text keep those credits.

Every bundled corpus is real text built here, so the whole of corpora/ (texts and
toml) is this script's output. The output is deterministic: running it twice gives
identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing

AOZORA_REPO = "aozorahack/aozorabunko_text"
CHARRNN_REPO = "karpathy/char-rnn"
SHAKESPEARE_PATH = "data/tinyshakespeare/input.txt"
LICENCE_AOZORA = "Public domain (Aozora Bunko: 著作権なし; author died {died})"


@dataclass(frozen=True)
class Bundle:
    """One bundled corpus: its name, the shared files it joins, and its labels."""

    name: str
    files: tuple[str, ...]
    title: str
    language: str
    description: str
    licence: str
    default: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


BUNDLES = (
    Bundle(
        "ja-soseki",
        ("aozora_botchan.txt", "aozora_kokoro.txt", "aozora_sanshiro.txt"),
        "夏目漱石: 坊っちゃん・こころ・三四郎",
        "ja",
        "Three novels by 夏目漱石 (Natsume Sōseki), whole: 坊っちゃん (1906), こころ (1914) and "
        "三四郎 (1908), in modern kana, from Aozora Bunko. Ruby, editor's notes and the "
        "header and footer were removed by lstm-tui's own Aozora importer; the works are "
        "separated by a blank line.",
        LICENCE_AOZORA.format(died=1916),
        default=True,
    ),
    Bundle(
        "ja-neko",
        ("aozora_wagahai_wa_neko_de_aru.txt",),
        "夏目漱石: 吾輩は猫である",
        "ja",
        "吾輩は猫である (1905–06) by 夏目漱石, whole, from Aozora Bunko, cleaned by lstm-tui's "
        "own Aozora importer. It is this project's Japanese benchmark text.",
        LICENCE_AOZORA.format(died=1916),
    ),
    Bundle(
        "ja-kenji",
        ("aozora_ginga_tetsudo_no_yoru.txt", "aozora_kaze_no_matasaburo.txt", "aozora_polano_no_hiroba.txt"),
        "宮沢賢治: 銀河鉄道の夜・風の又三郎・ポラーノの広場",
        "ja",
        "Three stories by 宮沢賢治 (Miyazawa Kenji), whole: 銀河鉄道の夜, 風の又三郎 and "
        "ポラーノの広場, from Aozora Bunko, cleaned by lstm-tui's own Aozora importer; the "
        "works are separated by a blank line.",
        LICENCE_AOZORA.format(died=1933),
    ),
    Bundle(
        "ja-akutagawa",
        ("aozora_rashomon.txt", "aozora_kappa.txt", "aozora_jigokuhen.txt", "aozora_shuju_no_kotoba.txt"),
        "芥川龍之介: 羅生門・河童・地獄変・侏儒の言葉",
        "ja",
        "Four works by 芥川龍之介 (Akutagawa Ryūnosuke), whole: 羅生門 (1915), 河童 (1927), "
        "地獄変 (1918, in historical kana) and the aphorisms of 侏儒の言葉, from Aozora Bunko, "
        "cleaned by lstm-tui's own Aozora importer; the works are separated by a blank line.",
        LICENCE_AOZORA.format(died=1927),
    ),
    Bundle(
        "ja-torahiko",
        ("aozora_kaki_no_tane.txt", "aozora_hanashi_no_tane.txt"),
        "寺田寅彦: 柿の種・話の種",
        "ja",
        "Two collections of short essays by the physicist 寺田寅彦 (Terada Torahiko), whole: "
        "柿の種 and 話の種, from Aozora Bunko, cleaned by lstm-tui's own Aozora importer; the "
        "works are separated by a blank line.",
        LICENCE_AOZORA.format(died=1935),
    ),
    Bundle(
        "en-shakespeare",
        ("tinyshakespeare.txt",),
        "Tiny Shakespeare",
        "en",
        "About 1 MB of extracts from Shakespeare's plays, compiled by Andrej Karpathy for "
        "char-rnn: byte-identical to its input.txt, the char-rnn / nanoGPT character-level "
        "benchmark, so figures compare with theirs.",
        "Public domain (Shakespeare died 1616)",
    ),
)

TOML_HEADER = """\
# Bundled corpora, one table per corpus keyed by its name.
# Written by scripts/build_corpora.py from ../shared/corpora: edit that script, not this file.
# default = true: the corpus the app opens on (exactly one).
# works: each work's record, read from the Aozora original's own header and footer
# (teihon = 底本, teihon_parent = 底本の親本, first_published = 初出, input = 入力,
# proofing = 校正), its source and the sha256 of that original.
"""


class BuildError(Exception):
    """A source is missing or differs from what the shared README records."""


def read_readme(shared: Path) -> dict[str, dict[str, str]]:
    """file name → {"path", "sha256"} for every source the shared README lists, plus
    "_aozora_commit" and "_charrnn_commit"."""
    readme = shared / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError as exc:
        raise BuildError(f"cannot read {readme}: {exc}") from None
    out: dict[str, dict[str, str]] = {}
    # table rows: | aozora_x.txt | … | cards/…txt | … | <sha256> |
    for line in text.splitlines():
        m = re.match(r"^\|\s*(aozora_\w+\.txt)\s*\|", line)
        path = re.search(r"(cards/\d+/files/[\w/]+\.txt)", line)
        sha = re.search(r"\b([0-9a-f]{64})\b", line)
        if m and path and sha:
            out[m.group(1)] = {"path": path.group(1), "sha256": sha.group(1)}
    m = re.search(r"tinyshakespeare\.txt: .*?commit ([0-9a-f]{40}).*?sha256 ([0-9a-f]{64})", text, re.S)
    if m:
        out["tinyshakespeare.txt"] = {"path": SHAKESPEARE_PATH, "sha256": m.group(2)}
        out["_charrnn_commit"] = {"path": m.group(1), "sha256": ""}
    m = re.search(r"aozorahack/aozorabunko_text`, commit ([0-9a-f]{40})", text)
    if m:
        out["_aozora_commit"] = {"path": m.group(1), "sha256": ""}
    return out


def source_url(file_name: str, record: dict[str, dict[str, str]]) -> str:
    """Where an original lives upstream, pinned to the commit the README names."""
    if file_name == "tinyshakespeare.txt":
        return f"https://github.com/{CHARRNN_REPO}/blob/{record['_charrnn_commit']['path']}/{SHAKESPEARE_PATH}"
    return f"https://github.com/{AOZORA_REPO}/blob/{record['_aozora_commit']['path']}/{record[file_name]['path']}"


def checked_bytes(shared: Path, file_name: str, record: dict[str, dict[str, str]]) -> bytes:
    """The original's bytes, after checking its sha256 against the README's."""
    if file_name not in record or "_aozora_commit" not in record or "_charrnn_commit" not in record:
        raise BuildError(f"{shared / 'README.md'} gives no path/sha256/commit for {file_name}")
    try:
        data = (shared / file_name).read_bytes()
    except OSError as exc:
        raise BuildError(f"cannot read {shared / file_name}: {exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != record[file_name]["sha256"]:
        raise BuildError(f"{file_name}: sha256 {digest} differs from the README's {record[file_name]['sha256']}")
    return data


def import_work(path: Path, index: int) -> tuple[str, dict[str, Any]]:
    """(cleaned text, import metadata) of one original, through lstm-tui's importer
    into the current (throw-away) LSTM_TUI_HOME."""
    from lstm_tui.importing import import_corpus

    info = import_corpus(path, name=f"work-{index:02d}")
    meta = json.loads(info.path.with_suffix(".json").read_text(encoding="utf-8"))
    return info.path.read_text(encoding="utf-8"), meta


def build_bundle(
    bundle: Bundle, shared: Path, record: dict[str, dict[str, str]], counter: list[int]
) -> tuple[str, list[dict[str, str]]]:
    """(corpus text, work records) of one bundle."""
    from lstm_tui.core.aozora import bibliography
    from lstm_tui.core.encoding import decode_bytes

    texts: list[str] = []
    works: list[dict[str, str]] = []
    for file_name in bundle.files:
        data = checked_bytes(shared, file_name, record)
        counter[0] += 1
        text, meta = import_work(shared / file_name, counter[0])
        if file_name == "tinyshakespeare.txt":
            # the benchmark text must stay exactly karpathy's, so figures compare
            if text.encode("utf-8") != data:
                raise BuildError("the importer changed tinyshakespeare.txt; it must stay byte-identical")
            works.append(
                {
                    "title": "Tiny Shakespeare (extracts from the plays)",
                    "author": "William Shakespeare",
                    "source": source_url(file_name, record),
                    "sha256": record[file_name]["sha256"],
                }
            )
        else:
            if not meta.get("aozora_cleaned") or meta.get("encoding") != "cp932":
                raise BuildError(f"{file_name}: the importer did not read it as a cp932 Aozora work ({meta})")
            bib = bibliography(decode_bytes(data))
            works.append(
                {
                    **{k: v for k, v in bib.items() if v},
                    "source": source_url(file_name, record),
                    "sha256": record[file_name]["sha256"],
                }
            )
        texts.append(text)
    # each cleaned work ends with one newline; one more gives the blank line between works
    return "\n".join(texts), works


def _toml_value(value: Any) -> str:
    # a JSON string is a valid TOML basic string (same escapes), and keeps kanji as is
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def _toml_table(name: str, entry: dict[str, Any], works: list[dict[str, str]]) -> str:
    lines = [f"[{name}]"]
    lines += [f"{k} = {_toml_value(v)}" for k, v in entry.items()]
    for work in works:
        lines += ["", f"[[{name}.works]]"]
        lines += [f"{k} = {_toml_value(v)}" for k, v in work.items()]
    return "\n".join(lines) + "\n"


def build(shared: Path, out: Path) -> list[dict[str, Any]]:
    """Write every bundled real corpus and corpora.toml into out; return one summary row
    per corpus (name, works, chars, distinct, sha256)."""
    from lstm_tui.core.atomic import atomic_write_text

    record = read_readme(shared)
    out.mkdir(parents=True, exist_ok=True)
    tables: list[str] = []
    rows: list[dict[str, Any]] = []
    counter = [0]
    old_home = os.environ.get("LSTM_TUI_HOME")
    with tempfile.TemporaryDirectory(prefix="build-corpora-") as home:
        # the importer writes to the user folder: point it at a throw-away one
        os.environ["LSTM_TUI_HOME"] = home
        try:
            built = [(b, *build_bundle(b, shared, record, counter)) for b in BUNDLES]
        finally:
            if old_home is None:
                os.environ.pop("LSTM_TUI_HOME", None)
            else:
                os.environ["LSTM_TUI_HOME"] = old_home
    for bundle, text, works in built:
        atomic_write_text(out / f"{bundle.name}.txt", text)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        entry = {
            "file": f"{bundle.name}.txt",
            "title": bundle.title,
            "language": bundle.language,
            "description": bundle.description,
            "source": "Aozora Bunko, via https://github.com/" + AOZORA_REPO
            if bundle.language == "ja"
            else "https://github.com/" + CHARRNN_REPO,
            "licence": bundle.licence,
            "default": bundle.default,
            "sha256": digest,
        }
        tables.append(_toml_table(bundle.name, entry, works))
        rows.append(
            {
                "name": bundle.name,
                "works": " + ".join(w["title"] for w in works),
                "chars": len(text),
                "distinct": len(set(text)),
                "sha256": digest,
            }
        )
    atomic_write_text(out / "corpora.toml", TOML_HEADER + "\n" + "\n".join(tables))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Build, print a table of the corpora, return 0 (2 when a source is wrong)."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder (holds corpora/)")
    p.add_argument("--out", type=Path, default=ROOT / "corpora", help="where to write (default: corpora/)")
    args = p.parse_args(argv)
    shared = args.shared / "corpora" if (args.shared / "corpora").is_dir() else args.shared
    try:
        rows = build(shared, args.out)
    except BuildError as exc:
        print(f"build_corpora: {exc}", file=sys.stderr)
        return 2
    print(f"{'name':<16}{'chars':>10}{'distinct':>10}  works")
    for r in rows:
        print(f"{r['name']:<16}{r['chars']:>10,}{r['distinct']:>10,}  {r['works']}")
    ja = sum(r["chars"] for r in rows if r["name"].startswith("ja-"))
    print(f"Japanese, all bundles: {ja:,} characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The bad-input matrix: what a person sees for each wrong thing they can type.

Every case runs the real command line in this process (run_main) and asserts the exit
code, that stderr is exactly one line without a traceback, and the key words of that
line. A few cases are not errors (a one-character corpus, unknown prefix characters);
they assert what the person gets instead.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.helpers import run_main
from tests.reliability.helpers import SMALL, TEXT, assert_one_line, make_run


class Files:
    """The inputs the matrix points at, made once per module."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.good = root / "good.txt"
        self.good.write_text(TEXT, encoding="utf-8")
        self.other = root / "other.txt"
        self.other.write_text(TEXT.upper(), encoding="utf-8")
        self.foreign = root / "foreign.txt"
        self.foreign.write_text("日本語のテキストです。" * 50, encoding="utf-8")
        self.empty = root / "empty.txt"
        self.empty.write_bytes(b"")
        self.blank = root / "blank.txt"
        self.blank.write_text(" \n\t\n\u3000\n" * 50, encoding="utf-8")
        self.binary = root / "image.txt"
        self.binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
        self.undecodable = root / "noise.txt"
        self.undecodable.write_bytes(bytes(range(128, 256)) * 40)
        self.short = root / "short.txt"
        self.short.write_text("too short", encoding="utf-8")
        self.one_char = root / "aaaa.txt"
        self.one_char.write_text("a" * 3000, encoding="utf-8")
        self.folder = root / "a-folder"
        self.folder.mkdir()
        self.a_file = root / "a-file"
        self.a_file.write_text("not a folder")
        self.run = make_run(root / "run")
        self.pickles = root / "pickles"
        self.pickles.mkdir()
        (self.pickles / "model.pt").write_bytes(pickle.dumps({"w": [1.0]}))

    def __getattr__(self, name: str) -> str:  # f.s_good → str(f.good)
        if name.startswith("s_"):
            return str(getattr(self, name[2:]))
        raise AttributeError(name)


@pytest.fixture(scope="module")
def f(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files(tmp_path_factory.mktemp("matrix"))


def train(f: Files, *args: str) -> list[str]:
    return ["train", "--corpus", f.s_good, "--steps", "1", *SMALL, *args]


Case = tuple[str, Callable[[Files], list[str]], tuple[str, ...]]

# (id, argv from the files, key words of the one stderr line); all exit 2
CASES: list[Case] = [
    # ---- train: the corpus ----
    ("train-missing-file", lambda f: ["train", "--corpus", str(f.root / "nope.txt")], ("no such corpus file",)),
    ("train-corpus-is-a-folder", lambda f: ["train", "--corpus", f.s_folder], ("is a directory",)),
    ("train-empty-corpus", lambda f: ["train", "--corpus", f.s_empty], ("is empty",)),
    ("train-blank-corpus", lambda f: ["train", "--corpus", f.s_blank], ("only whitespace",)),
    ("train-binary-corpus", lambda f: ["train", "--corpus", f.s_binary], ("looks binary",)),
    ("train-undecodable-corpus", lambda f: ["train", "--corpus", f.s_undecodable], ("could not decode", "UTF-8")),
    ("train-corpus-too-short", lambda f: ["train", "--corpus", f.s_short, *SMALL], ("too short", "--seq-len")),
    (
        "train-unknown-corpus-name",
        lambda f: ["train", "--corpus", "no-such-corpus"],
        ("unknown corpus", "lstm-tui corpora"),
    ),
    ("train-no-corpus", lambda f: ["train"], ("needs --corpus",)),
    # ---- train: numbers out of range and huge ----
    ("train-hidden-1e8", lambda f: train(f, "--hidden", "100000000"), ("hidden must be between 1 and 8192",)),
    ("train-hidden-0", lambda f: train(f, "--hidden", "0"), ("hidden",)),
    ("train-layers-1000", lambda f: train(f, "--layers", "1000"), ("layers must be between 1 and 8",)),
    ("train-embed-negative", lambda f: train(f, "--embed", "-8"), ("embed",)),
    ("train-seq-len-1e6", lambda f: train(f, "--seq-len", "1000000"), ("seq_len",)),
    ("train-batch-size-1e6", lambda f: train(f, "--batch-size", "1000000"), ("batch_size",)),
    ("train-steps-0", lambda f: train(f, "--steps", "0"), ("steps must be between 1",)),
    ("train-steps-1e13", lambda f: ["train", "--corpus", f.s_good, "--steps", str(10**13)], ("steps",)),
    ("train-time-limit-1e300", lambda f: ["train", "--corpus", f.s_good, "--time-limit", "1e300"], ("time_limit",)),
    ("train-time-limit-0", lambda f: ["train", "--corpus", f.s_good, "--time-limit", "0"], ("time_limit",)),
    ("train-lr-1e10", lambda f: train(f, "--lr", "1e10"), ("lr",)),
    ("train-lr-0", lambda f: train(f, "--lr", "0"), ("lr",)),
    ("train-dropout-1", lambda f: train(f, "--dropout", "1"), ("dropout",)),
    ("train-threads-0", lambda f: train(f, "--threads", "0"), ("threads",)),
    ("train-seed-negative", lambda f: train(f, "--seed", "-1"), ("seed",)),
    ("train-seed-2**70", lambda f: train(f, "--seed", str(2**70)), ("seed",)),
    ("train-hidden-words", lambda f: train(f, "--hidden", "ten"), ("invalid int value",)),
    ("train-steps-and-time", lambda f: train(f, "--time-limit", "5"), ("not allowed with",)),
    ("train-bad-preset", lambda f: train(f, "--preset", "turbo"), ("invalid choice",)),
    # ---- train: paths ----
    (
        "train-out-below-a-file",
        lambda f: train(f, "--out", str(f.a_file / "run")),
        ("cannot create the run folder", "Not a directory"),
    ),
    ("train-out-holds-a-run", lambda f: train(f, "--out", f.s_run), ("already holds a run", "--resume")),
    ("train-resume-missing", lambda f: ["train", "--resume", str(f.root / "nope")], ("no such run folder",)),
    ("train-resume-a-file", lambda f: ["train", "--resume", f.s_good], ("not a run folder",)),
    ("train-resume-pickles", lambda f: ["train", "--resume", f.s_pickles], ("pickle",)),
    (
        "train-resume-other-corpus",
        lambda f: ["train", "--resume", f.s_run, "--corpus", f.s_other, "--steps", "1"],
        ("another text",),
    ),
    (
        "train-resume-other-size",
        lambda f: ["train", "--resume", f.s_run, "--corpus", f.s_good, "--hidden", "99", "--steps", "1"],
        ("cannot resume", "hidden"),
    ),
    (
        "train-resume-other-preset",
        lambda f: ["train", "--resume", f.s_run, "--corpus", f.s_good, "--preset", "seed"],
        ("preset",),
    ),
    # ---- sample ----
    ("sample-no-model", lambda f: ["sample"], ("--model",)),
    ("sample-model-missing", lambda f: ["sample", "--model", str(f.root / "nope")], ("no such run folder",)),
    ("sample-model-is-a-file", lambda f: ["sample", "--model", f.s_good], ("not a run folder",)),
    ("sample-model-empty-folder", lambda f: ["sample", "--model", f.s_folder], ("no run.json",)),
    (
        "sample-temperature-negative",
        lambda f: ["sample", "--model", f.s_run, "--temperature", "-1"],
        ("temperature must be between 0 and 2",),
    ),
    ("sample-temperature-6", lambda f: ["sample", "--model", f.s_run, "--temperature", "6"], ("temperature",)),
    ("sample-length-1e12", lambda f: ["sample", "--model", f.s_run, "--length", str(10**12)], ("length must be",)),
    ("sample-length-negative", lambda f: ["sample", "--model", f.s_run, "--length", "-1"], ("length",)),
    ("sample-top-k-0", lambda f: ["sample", "--model", f.s_run, "--top-k", "0"], ("top-k",)),
    # ---- freq ----
    ("freq-no-source", lambda f: ["freq"], ("one of the arguments",)),
    ("freq-text-file-folder", lambda f: ["freq", "--text-file", f.s_folder], ("is a directory",)),
    ("freq-text-file-binary", lambda f: ["freq", "--text-file", f.s_binary], ("binary",)),
    ("freq-top-negative", lambda f: ["freq", "--text-file", f.s_good, "--top", "-1"], ("top",)),
    ("freq-min-freq-0", lambda f: ["freq", "--text-file", f.s_good, "--min-freq", "0"], ("minimum frequency",)),
    ("freq-chars-0", lambda f: ["freq", "--model", f.s_run, "--chars", "0"], ("--chars",)),
    ("freq-chars-1e12", lambda f: ["freq", "--model", f.s_run, "--chars", str(10**12)], ("length",)),
    ("freq-model-pickles", lambda f: ["freq", "--model", f.s_pickles], ("pickle",)),
    # ---- eval ----
    (
        "eval-corpus-all-unknown",
        lambda f: ["eval", "--model", f.s_run, "--corpus", f.s_foreign],
        ("fewer than 2 validation characters",),
    ),
    ("eval-corpus-empty", lambda f: ["eval", "--model", f.s_run, "--corpus", f.s_empty], ("empty",)),
    # ---- import ----
    ("import-missing", lambda f: ["import", str(f.root / "nope.txt")], ("no such file",)),
    ("import-folder", lambda f: ["import", f.s_folder], ("is a directory",)),
    ("import-empty", lambda f: ["import", f.s_empty], ("is empty",)),
    ("import-binary", lambda f: ["import", f.s_binary], ("binary",)),
    ("import-undecodable", lambda f: ["import", f.s_undecodable], ("could not decode",)),
    ("import-bad-name", lambda f: ["import", f.s_good, "--name", "../../etc/evil"], ("bad corpus name",)),
    ("import-bundled-name", lambda f: ["import", f.s_good, "--name", "ja-soseki"], ("bundled corpus",)),
]


# ---- issue 16: every file lstm-tui reads back, damaged by hand or by accident ----
# Each variant is a copy of the good run with one thing wrong (made once, on first use).


def _edit_json(key: str, value: object) -> Callable[[Path], None]:
    """Set run.json's entry at a dotted key (progress.step) to value."""

    def mutate(run: Path) -> None:
        meta = json.loads((run / "run.json").read_text(encoding="utf-8"))
        *parents, last = key.split(".")
        node = meta
        for k in parents:
            node = node[k]
        node[last] = value
        (run / "run.json").write_text(json.dumps(meta), encoding="utf-8")

    return mutate


def _raw_json(text: str | bytes) -> Callable[[Path], None]:
    def mutate(run: Path) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        (run / "run.json").write_bytes(data)

    return mutate


def _edit_tensors(file: str, edit: Callable[[dict], None]) -> Callable[[Path], None]:
    """Load a safetensors file of the run, edit the dict of tensors, save it back."""

    def mutate(run: Path) -> None:
        from safetensors.torch import load_file, save_file

        tensors = load_file(str(run / file))
        edit(tensors)
        save_file(tensors, str(run / file))

    return mutate


def _replace_with(file: str, kind: str) -> Callable[[Path], None]:
    """Put a folder, a FIFO, random bytes or a truncated copy where a run file was."""

    def mutate(run: Path) -> None:
        target = run / file
        data = target.read_bytes() if target.exists() else b""
        target.unlink(missing_ok=True)
        if kind == "dir":
            target.mkdir()
        elif kind == "fifo":
            os.mkfifo(target)
        elif kind == "noise":
            target.write_bytes(bytes(range(256)) * 8)
        elif kind == "truncated":
            target.write_bytes(data[: len(data) // 2])
        elif kind == "empty":
            target.write_bytes(b"")

    return mutate


def _first_opt(tensors: dict, suffix: str) -> str:
    return next(k for k in tensors if k.startswith("opt.") and k.endswith(suffix))


def _set(key: str | Callable[[dict], str], make: Callable[[dict, str], object]) -> Callable[[dict], None]:
    def edit(t: dict) -> None:
        k = key(t) if callable(key) else key
        t[k] = make(t, k)

    return edit


def _drop(key: str) -> Callable[[dict], None]:
    return lambda t: t.pop(key)


def _broken(f: Files, name: str) -> str:
    """The path of the run variant `name` (see BROKEN), made on first use."""
    cache = f.__dict__.setdefault("_broken", {})
    if name not in cache:
        target = f.root / f"broken-{name}"
        shutil.copytree(f.run, target)
        BROKEN[name][0](target)
        cache[name] = str(target)
    return cache[name]


def _torch() -> object:
    import torch

    return torch


# name → (mutation, key words of the one line). All exit 2, naming the file.
BROKEN: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "step-string": (_edit_json("progress.step", "12"), ("run.json", "progress.step", "whole number")),
    "step-negative": (_edit_json("progress.step", -3), ("run.json", "progress.step")),
    "step-float": (_edit_json("progress.step", 2.5), ("run.json", "progress.step")),
    "elapsed-null": (_edit_json("progress.elapsed_s", None), ("run.json", "elapsed_s", "finite")),
    "elapsed-nan": (_edit_json("progress.elapsed_s", float("nan")), ("run.json", "elapsed_s", "finite")),
    "elapsed-string": (_edit_json("progress.elapsed_s", "3s"), ("run.json", "elapsed_s")),
    "budget-s-negative": (_edit_json("progress.budget_s", -5.0), ("run.json", "budget_s")),
    "budget-steps-true": (_edit_json("progress.budget_steps", True), ("run.json", "budget_steps")),
    "loss-string": (_edit_json("progress.best_val_loss", "low"), ("run.json", "best_val_loss")),
    "segments-object": (_edit_json("progress.segments", {"a": 1}), ("run.json", "segments")),
    "progress-list": (_edit_json("progress", [1, 2]), ("run.json", "progress must be an object")),
    "config-list": (_edit_json("config", [1]), ("run.json", "config")),
    "config-hidden-string": (_edit_json("config.hidden", "24"), ("run.json", "hidden")),
    "vocab-number": (_edit_json("vocab", 5), ("run.json", "vocab")),
    "corpus-list": (_edit_json("corpus", ["tiny"]), ("run.json", "corpus must be an object")),
    "json-nested": (_raw_json("[" * 100_000 + "]" * 100_000), ("run.json", "not valid json", "nested")),
    "json-huge-int": (_raw_json('{"format_version": ' + "9" * 5000 + "}"), ("run.json", "not valid json")),
    "json-latin1": (_raw_json(b'{"vocab": "\xe9"}'), ("run.json", "not valid json")),
    "json-empty": (_raw_json(""), ("run.json", "not valid json")),
    "json-list": (_raw_json("[]"), ("run.json", "json object")),
    "json-future": (_edit_json("format_version", 99), ("newer than this lstm-tui",)),
    "run-json-dir": (_replace_with("run.json", "dir"), ("run.json", "a folder")),
    "run-json-fifo": (_replace_with("run.json", "fifo"), ("run.json", "fifo")),
    "model-truncated": (_replace_with("model.safetensors", "truncated"), ("model.safetensors", "damaged")),
    "model-noise": (_replace_with("model.safetensors", "noise"), ("model.safetensors", "damaged")),
    "model-empty": (_replace_with("model.safetensors", "empty"), ("model.safetensors",)),
    "model-dir": (_replace_with("model.safetensors", "dir"), ("model.safetensors", "a folder")),
    "model-fifo": (_replace_with("model.safetensors", "fifo"), ("model.safetensors", "fifo")),
    "model-float64": (
        _edit_tensors("model.safetensors", lambda t: t.update({k: v.double() for k, v in t.items()})),
        ("model.safetensors", "float64"),
    ),
    "model-wrong-shape": (
        _edit_tensors("model.safetensors", _set(lambda t: next(iter(t)), lambda t, k: t[k][:1].clone())),
        ("model.safetensors", "expected"),
    ),
    "model-missing-tensor": (
        _edit_tensors("model.safetensors", lambda t: t.pop(next(iter(t)))),
        ("model.safetensors", "does not match"),
    ),
}
# the optimizer file, metrics.jsonl and samples.txt are read on resume
BROKEN_RESUME: dict[str, tuple[Callable[[Path], None], tuple[str, ...]]] = {
    "rng-short": (
        _edit_tensors("optimizer.safetensors", _set("rng.torch", lambda t, k: t[k][:100].clone())),
        ("optimizer.safetensors", "rng.torch", "fresh optimizer"),
    ),
    "rng-float": (
        _edit_tensors("optimizer.safetensors", _set("rng.torch", lambda t, k: t[k].float())),
        ("optimizer.safetensors", "rng.torch"),
    ),
    "lstm-c-missing": (_edit_tensors("optimizer.safetensors", _drop("lstm.c")), ("optimizer.safetensors", "lstm.h")),
    "lstm-h-wrong-size": (
        _edit_tensors("optimizer.safetensors", _set("lstm.h", lambda t, k: t[k][..., :3].clone())),
        ("optimizer.safetensors", "lstm.h"),
    ),
    "exp-avg-int32": (
        _edit_tensors(
            "optimizer.safetensors", _set(lambda t: _first_opt(t, ".exp_avg"), lambda t, k: t[k].to(_torch().int32))
        ),
        ("optimizer.safetensors", "exp_avg", "int32"),
    ),
    "exp-avg-nan": (
        _edit_tensors(
            "optimizer.safetensors", _set(lambda t: _first_opt(t, ".exp_avg"), lambda t, k: t[k] * float("nan"))
        ),
        ("optimizer.safetensors", "NaN", "not the learning rate"),
    ),
    "exp-avg-wrong-shape": (
        _edit_tensors(
            "optimizer.safetensors", _set(lambda t: _first_opt(t, ".exp_avg"), lambda t, k: t[k].flatten()[:2].clone())
        ),
        ("optimizer.safetensors", "exp_avg", "expected"),
    ),
    "optimizer-truncated": (_replace_with("optimizer.safetensors", "truncated"), ("optimizer.safetensors", "damaged")),
    "optimizer-fifo": (_replace_with("optimizer.safetensors", "fifo"), ("optimizer.safetensors", "fifo")),
    "metrics-dir": (_replace_with("metrics.jsonl", "dir"), ("metrics.jsonl", "a folder")),
    "metrics-fifo": (_replace_with("metrics.jsonl", "fifo"), ("metrics.jsonl", "fifo")),
    "samples-dir": (_replace_with("samples.txt", "dir"), ("samples.txt", "a folder")),
    "samples-fifo": (_replace_with("samples.txt", "fifo"), ("samples.txt", "fifo")),
}
BROKEN.update(BROKEN_RESUME)

for _name, (_, _needles) in BROKEN.items():
    if _name not in BROKEN_RESUME:
        CASES.append(
            (f"sample-run-{_name}", lambda f, n=_name: ["sample", "--model", _broken(f, n), "--length", "3"], _needles)
        )
    CASES.append(
        (
            f"resume-run-{_name}",
            lambda f, n=_name: ["train", "--resume", _broken(f, n), "--corpus", f.s_good, "--steps", "1"],
            _needles,
        )
    )
for _name in ("step-string", "elapsed-nan", "json-nested", "model-fifo", "model-float64"):
    CASES.append(
        (
            f"eval-run-{_name}",
            lambda f, n=_name: ["eval", "--model", _broken(f, n), "--corpus", f.s_good],
            BROKEN[_name][1],
        )
    )


def _special(f: Files, name: str) -> str:
    """A FIFO or a damaged zip beside the other inputs, made on first use."""
    path = f.root / name
    if not os.path.lexists(path):
        if name.endswith(".fifo"):
            os.mkfifo(path)
        elif name == "bad-deflate.zip":
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.writestr("work.txt", TEXT * 20)
            data = bytearray(buf.getvalue())
            start = 30 + len("work.txt")  # the member's compressed bytes follow its local header
            for i in range(start + 10, start + 60):
                data[i] ^= 0x5A
            path.write_bytes(bytes(data))
        elif name == "no-text.zip":
            with zipfile.ZipFile(path, "w") as zf:
                zf.writestr("image.png", b"\x89PNG")
        elif name == "foreign-out":
            path.mkdir()
            (path / "notes.txt").write_text("mine")
            (path / "model.safetensors").write_bytes(b"not lstm-tui's")
        elif name == "dir-x.txt":
            path.mkdir()
    return str(path)


CASES += [
    # ---- issue 16: special files where text is expected ----
    ("train-corpus-fifo", lambda f: ["train", "--corpus", _special(f, "c.fifo")], ("fifo", "not a regular file")),
    ("train-corpus-dev-zero", lambda f: ["train", "--corpus", "/dev/zero"], ("a device", "not a regular file")),
    ("train-corpus-dev-urandom", lambda f: ["train", "--corpus", "/dev/urandom"], ("a device",)),
    ("import-fifo", lambda f: ["import", _special(f, "i.fifo")], ("fifo", "not a regular file")),
    ("import-dev-zero", lambda f: ["import", "/dev/zero"], ("a device",)),
    ("freq-text-file-fifo", lambda f: ["freq", "--text-file", _special(f, "q.fifo")], ("fifo",)),
    ("eval-corpus-dev-urandom", lambda f: ["eval", "--model", f.s_run, "--corpus", "/dev/urandom"], ("a device",)),
    ("import-zip-bad-deflate", lambda f: ["import", _special(f, "bad-deflate.zip")], ("damaged zip",)),
    ("import-zip-no-text", lambda f: ["import", _special(f, "no-text.zip")], ("no .txt",)),
    # ---- issue 16: folders lstm-tui must not write into ----
    ("train-out-foreign-files", lambda f: train(f, "--out", _special(f, "foreign-out")),
     ("did not write", "notes.txt")),
    (
        "train-resume-out-other-run",
        lambda f: ["train", "--resume", f.s_run, "--corpus", f.s_good, "--steps", "1",
                   "--out", _broken(f, "json-future")],
        ("already holds a run",),
    ),
    ("train-out-is-a-file", lambda f: train(f, "--out", f.s_a_file), ("it is a file",)),
    # ---- issue 16: unclear messages made clear ----
    ("sample-prefix-dash", lambda f: ["sample", "--model", f.s_run, "--prefix", "-abc"], ("--prefix=-abc",)),
    ("train-corpus-dash", lambda f: ["train", "--corpus", "-x"], ("--corpus=-abc",)),
    ("import-empty-name", lambda f: ["import", f.s_good, "--name", ""], ("bad corpus name",)),
    ("import-blank-name", lambda f: ["import", f.s_good, "--name", "   "], ("bad corpus name",)),
    (
        "train-model-too-big-for-memory",
        lambda f: ["train", "--corpus", f.s_good, "--steps", "1", "--hidden", "8192", "--layers", "8",
                   "--embed", "4096", "--out", str(f.root / "huge")],
        ("needs about", "GB", "smaller"),
    ),
]  # fmt: skip

# "nan" and "inf" for every numeric option: whole-number options are refused by
# argparse, real-number options by validation.
INT_OPTIONS = {
    "train": ["--steps", "--hidden", "--layers", "--embed", "--seq-len", "--batch-size", "--threads", "--seed"],
    "sample": ["--length", "--top-k", "--seed"],
    "freq": ["--top", "--min-freq", "--chars", "--seed"],
}
FLOAT_OPTIONS = {
    "train": [("--time-limit", "time_limit"), ("--lr", "lr"), ("--dropout", "dropout")],
    "sample": [("--temperature", "temperature")],
    "freq": [("--temperature", "temperature")],
}


def _base(command: str, option: str, f: Files) -> list[str]:
    if command == "train":
        base = ["train", "--corpus", f.s_good, *SMALL]
        return base if option in ("--time-limit", "--steps") or option in SMALL else [*base, "--steps", "1"]
    if command == "sample":
        return ["sample", "--model", f.s_run, "--length", "5"]
    return ["freq", "--model", f.s_run, "--chars", "20"]


def _strip(argv: list[str], option: str) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
        elif a == option:
            skip = True
        else:
            out.append(a)
    return out


for _cmd, _opts in INT_OPTIONS.items():
    for _opt in _opts:
        for _v in ("nan", "inf"):
            CASES.append(
                (
                    f"{_cmd}{_opt}-{_v}",
                    lambda f, c=_cmd, o=_opt, v=_v: [*_strip(_base(c, o, f), o), o, v],
                    (f"argument {_opt}", f"invalid int value: '{_v}'"),
                )
            )
for _cmd, _fopts in FLOAT_OPTIONS.items():
    for _opt, _field in _fopts:
        for _v in ("nan", "inf", "-inf"):
            CASES.append(
                (
                    f"{_cmd}{_opt}-{_v}",
                    lambda f, c=_cmd, o=_opt, v=_v: [*_strip(_base(c, o, f), o), o + "=" + v],
                    (_field, "finite number"),
                )
            )


@pytest.mark.parametrize("make_argv,needles", [pytest.param(a, n, id=i) for i, a, n in CASES])
def test_bad_input(capsys, f: Files, make_argv: Callable[[Files], list[str]], needles: tuple[str, ...]) -> None:
    code, out, err = run_main(capsys, *make_argv(f))
    assert_one_line(code, err, *needles)
    assert "Traceback" not in out


def test_matrix_is_big_enough() -> None:
    # 107 before issue 16, which asked for at least 60 more
    assert len(CASES) >= 107 + 60


# ---- inputs that are odd but fine: what the person gets instead of an error ----


def test_one_repeated_character_trains_and_samples_it(capsys, f: Files, tmp_path: Path) -> None:
    out = tmp_path / "aaaa"
    code, _, err = run_main(capsys, "train", "--corpus", f.s_one_char, "--steps", "3", "--out", str(out), *SMALL)
    assert code == 0, err
    code, text, err = run_main(capsys, "sample", "--model", str(out), "--length", "10", "--seed", "1")
    assert code == 0 and err == "" and text == "a" * 10 + "\n"


def test_unknown_prefix_characters_are_named_and_skipped(capsys, f: Files) -> None:
    code, text, err = run_main(
        capsys, "sample", "--model", f.s_run, "--prefix", "the 猫 😀 cat", "--length", "5", "--seed", "3"
    )
    assert code == 0
    line = err.strip()
    assert len(err.strip().splitlines()) == 1 and line.startswith("lstm-tui: warning:")
    assert "'猫'" in line and "'😀'" in line and "skipped" in line
    assert text.startswith("the 猫 😀 cat") and len(text) == len("the 猫 😀 cat") + 5 + 1


def test_a_prefix_of_only_unknown_characters(capsys, f: Files) -> None:
    code, text, err = run_main(capsys, "sample", "--model", f.s_run, "--prefix", "漢字", "--length", "5", "--seed", "3")
    assert code == 0 and "never saw" in err and len(text) == 2 + 5 + 1


def test_a_huge_prefix(capsys, f: Files) -> None:
    code, text, err = run_main(capsys, "sample", "--model", f.s_run, "--prefix", "the cat " * 5000, "--length", "3")
    assert code == 0 and err == "" and len(text) == 8 * 5000 + 3 + 1


@pytest.mark.parametrize("command", ["sample", "freq"])
def test_seed_too_big_for_torch(capsys, f: Files, command: str) -> None:
    argv = (
        ["sample", "--model", f.s_run, "--length", "3"]
        if command == "sample"
        else ["freq", "--model", f.s_run, "--chars", "20"]
    )
    code, _, err = run_main(capsys, *argv, "--seed", str(10**30))
    assert_one_line(code, err, "seed")


def test_prefix_with_undecodable_bytes(f: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    from lstm_tui.cli import main

    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")  # a UTF-8 terminal
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    # b"\xff" in argv arrives in Python as the lone surrogate "\udcff"
    code = main(["sample", "--model", f.s_run, "--prefix", "the \udcff cat", "--length", "3"])
    assert code == 0 and "never saw" in stderr.getvalue()


# ---- the app part of the matrix ----
# In tests/ui/test_app_bad_inputs.py (Textual Pilot): every Train field typed "nan",
# "inf", "-1", "1e309", "", "abc" or a huge number, the Sample pane's fields, imports of
# a folder / missing file / PNG, Start pressed twice quickly, quitting mid-import and a
# prefix of only unknown characters, each asserting what the person sees.

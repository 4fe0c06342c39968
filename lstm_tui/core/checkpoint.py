"""Run folders: save atomically, load with validation, never unpickle.

models/<run>/
  model.safetensors      the last weights (what a resumed run continues from)
  best.safetensors       the best-validation weights (what sample and eval use)
  run.json               format version, config, vocab, corpus, progress, losses
  optimizer.safetensors  optimizer moments, LSTM state and RNG state, for true resume
  metrics.jsonl          one event per line
  samples.txt            preview samples
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from lstm_tui import __version__, json_out
from lstm_tui.core.atomic import atomic_write_bytes, atomic_write_text
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.hybrid import HybridEntry
from lstm_tui.core.model import CharLSTM, State
from lstm_tui.core.runfiles import (  # noqa: F401  (re-exported: the run folder's vocabulary)
    BEST_FILE,
    FORMAT_VERSION,
    LOCK_FILE,
    METRICS_FILE,
    MODEL_FILE,
    OPTIMIZER_FILE,
    PICKLE_SUFFIXES,
    RUN_FILE,
    SAMPLES_FILE,
    RunLock,
    RunProgress,
    check_regular,
    list_runs,
    progress_from_json,
    read_metrics,
    read_run_meta,
    read_samples,
)
from lstm_tui.core.schedule import Segment
from lstm_tui.errors import CheckpointError, UserError
from lstm_tui.paths import resolve_run

HALF_DTYPES = (torch.float16, torch.bfloat16)


@dataclass
class Run:
    """A loaded run: the model, its vocabulary and everything in run.json."""

    path: Path
    model: CharLSTM
    vocab: Vocab
    config: TrainConfig
    corpus: dict[str, Any]
    progress: RunProgress
    extra: dict[str, torch.Tensor] = field(default_factory=dict)  # optimizer.safetensors
    weights: str = "last"  # which file `model` holds: "last" (MODEL_FILE) or "best" (BEST_FILE)
    hybrid: HybridEntry | None = None  # the LSTM + n-gram mixture sample and eval use, if any
    parent: dict[str, Any] | None = None  # run.json's "from": the run it started from, if any

    @property
    def name(self) -> str:
        return self.path.name


def build_model(config: TrainConfig, vocab_size: int) -> CharLSTM:
    """The model a config describes."""
    return CharLSTM(
        vocab_size,
        embed=config.embed,
        hidden=config.hidden,
        layers=config.layers,
        dropout=config.dropout,
        cell=config.cell,
        one_hot=config.one_hot,
        tie=config.tie,
        init_std=config.init_std,
    )


def _tensors_bytes(tensors: dict[str, torch.Tensor]) -> bytes:
    return save({k: v.detach().cpu().contiguous() for k, v in tensors.items()})


def train_state_tensors(
    model: CharLSTM, optimizer: torch.optim.Optimizer, hidden: State | None
) -> dict[str, torch.Tensor]:
    """Optimizer moments, the carried LSTM state and the torch RNG as plain tensors
    (OPTIMIZER_FILE): with the weights, everything a resumed run needs to go on exactly."""
    out: dict[str, torch.Tensor] = {"rng.torch": torch.get_rng_state()}
    names = {id(p): n for n, p in model.named_parameters()}
    for group in optimizer.param_groups:
        for p in group["params"]:
            for key, value in optimizer.state.get(p, {}).items():
                t = value if isinstance(value, torch.Tensor) else torch.tensor(float(value))
                out[f"opt.{names[id(p)]}.{key}"] = t
    if hidden is not None:
        out["lstm.h"], out["lstm.c"] = hidden
    return out


def _optimizer_entries(
    extra: dict[str, torch.Tensor], model: CharLSTM
) -> Iterator[tuple[str, torch.nn.Parameter, str, torch.Tensor]]:
    """The optimizer tensors in train_state_tensors' output ("opt.<param>.<state>") whose
    parameter the model has: (key, parameter, state name, tensor) each; others are skipped."""
    params = dict(model.named_parameters())
    for key, value in extra.items():
        if not key.startswith("opt."):
            continue
        pname, _, skey = key[4:].rpartition(".")
        if pname in params:
            yield key, params[pname], skey, value


def restore_train_state(
    extra: dict[str, torch.Tensor], model: CharLSTM, optimizer: torch.optim.Optimizer, batch_size: int
) -> State | None:
    """Put train_state_tensors' output back: sets the torch RNG and the optimizer's state
    and returns the carried LSTM state (None when absent or cut for another batch size)."""
    if "rng.torch" in extra:
        torch.set_rng_state(extra["rng.torch"].to(torch.uint8))
    # fused and capturable optimizers keep their step counter beside the weights
    on_device = any(g.get("fused") or g.get("capturable") for g in optimizer.param_groups)
    for _, p, skey, value in _optimizer_entries(extra, model):
        if skey == "step":
            optimizer.state[p][skey] = value.to(torch.float32).to(p.device if on_device else "cpu")
        elif value.shape == p.shape:
            optimizer.state[p][skey] = value.to(p.device)
    if "lstm.h" in extra and "lstm.c" in extra and extra["lstm.h"].shape[1] == batch_size:
        device = next(model.parameters()).device
        return extra["lstm.h"].to(device), extra["lstm.c"].to(device)
    return None


def save_run(
    path: Path,
    model: CharLSTM,
    vocab: Vocab,
    config: TrainConfig,
    corpus: dict[str, Any],
    progress: RunProgress,
    extra: dict[str, torch.Tensor] | None = None,
    metrics: list[dict[str, Any]] | None = None,
    samples: list[str] | None = None,
    best: dict[str, torch.Tensor] | None = None,
    hybrid: HybridEntry | None = None,
    parent: dict[str, Any] | None = None,
) -> None:
    """Write the run folder. Each file goes to a temporary name and is renamed, and
    run.json goes last. A crash between two renames leaves complete files from two
    neighbouring saves, which still load and resume.

    `best` (a state dict) replaces BEST_FILE; without it the file is left as it is,
    and run.json names it while `progress.best_step` is set and the file exists.
    `hybrid` is the mixture to record (run.json's "hybrid": λ, n-gram order, corpus
    sha256, the best step it was fitted for), null for a pure LSTM. `parent` is the
    run it started from ("from": name, path, characters added), null from scratch."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path / MODEL_FILE, _tensors_bytes(model.state_dict()))
    if best is not None:
        atomic_write_bytes(path / BEST_FILE, _tensors_bytes(best))
    if extra is not None:
        atomic_write_bytes(path / OPTIMIZER_FILE, _tensors_bytes(extra))
    if metrics is not None:
        atomic_write_text(path / METRICS_FILE, "".join(json_out.dumps(m) + "\n" for m in metrics))
    if samples is not None:
        atomic_write_text(path / SAMPLES_FILE, "".join(s.rstrip("\n") + "\n\n" for s in samples))
    meta = {
        "format_version": FORMAT_VERSION,
        "lstm_tui_version": __version__,
        "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": config.to_dict(),
        "vocab": vocab.chars,
        "corpus": corpus,
        "progress": progress.__dict__,
        "model_file": MODEL_FILE,
        "best_file": BEST_FILE if progress.best_step is not None and (path / BEST_FILE).exists() else None,
        "optimizer_file": OPTIMIZER_FILE if (extra is not None or (path / OPTIMIZER_FILE).exists()) else None,
        "hybrid": hybrid.to_json() if hybrid is not None else None,
        "from": parent,
    }
    # Strict JSON (a NaN loss is written null): other tools read these files too.
    atomic_write_text(path / RUN_FILE, json_out.dumps(meta, indent=1))


def _load_tensors(file: Path) -> dict[str, torch.Tensor]:
    check_regular(file)  # never block on a FIFO or read a device forever
    try:
        return load_file(str(file))
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"{file} is damaged or truncated ({str(exc).splitlines()[0]})") from None


def _check_weights(file: Path, tensors: dict[str, torch.Tensor], expected: dict[str, torch.Tensor]) -> None:
    """Every tensor the model expects, with its shape and dtype, all finite."""
    if set(tensors) != set(expected):
        odd = sorted(set(tensors) ^ set(expected))[:3]
        raise CheckpointError(f"{file} does not match run.json's model (unexpected or missing: {', '.join(odd)})")
    for name, want in expected.items():
        got = tensors[name]
        half_ok = got.dtype in HALF_DTYPES and want.dtype == torch.float32
        if got.shape != want.shape or (got.dtype != want.dtype and not half_ok):
            raise CheckpointError(
                f"{file}: {name} is {tuple(got.shape)} {got.dtype}, expected "
                f"{tuple(want.shape)} {want.dtype} (does the vocabulary match the weights?)"
            )
        if got.is_floating_point() and not bool(torch.isfinite(got).all()):
            raise CheckpointError(f"{file}: {name} holds NaN or infinite weights; the run is unusable")


def _progress(raw: object) -> RunProgress:
    progress = progress_from_json(raw)
    try:
        for seg in progress.segments:
            Segment.from_dict(seg)
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"progress.segments holds a malformed entry ({exc!r})") from None
    return progress


def check_train_state(file: Path, extra: dict[str, torch.Tensor], model: CharLSTM) -> None:
    """Refuse an optimizer file that resuming would choke on, naming the file and the tensor.

    Checked: the RNG state's length and type, every optimizer moment's shape, dtype and
    finiteness against its weight, and the carried LSTM state's shape (both h and c, or
    neither). The way on is always the same: without the file the run still resumes,
    with a fresh optimizer.
    """
    hint = f"delete {file.name} to resume with a fresh optimizer state"
    rng = extra.get("rng.torch")
    if rng is not None:
        want = torch.get_rng_state()
        if rng.dtype != torch.uint8 or rng.shape != want.shape:
            raise CheckpointError(
                f"{file}: rng.torch is {tuple(rng.shape)} {rng.dtype}, expected {tuple(want.shape)} torch.uint8; {hint}"
            )
    for key, p, skey, value in _optimizer_entries(extra, model):
        if not value.is_floating_point():
            raise CheckpointError(f"{file}: {key} is {value.dtype}, expected a floating-point tensor; {hint}")
        if skey != "step" and value.shape != p.shape:
            raise CheckpointError(f"{file}: {key} is {tuple(value.shape)}, expected {tuple(p.shape)}; {hint}")
        if not bool(torch.isfinite(value).all()):
            raise CheckpointError(
                f"{file}: {key} holds NaN or infinite values (the optimizer state is damaged, "
                f"not the learning rate); {hint}"
            )
    h, c = extra.get("lstm.h"), extra.get("lstm.c")
    if (h is None) != (c is None):
        raise CheckpointError(f"{file} holds {'lstm.h' if c is None else 'lstm.c'} without its partner; {hint}")
    if h is not None and c is not None:
        for name, t in (("lstm.h", h), ("lstm.c", c)):
            ok = t.dim() == 3 and t.shape[0] == model.layers and t.shape[2] == model.hidden
            if not ok or t.shape != h.shape or not t.is_floating_point():
                raise CheckpointError(
                    f"{file}: {name} is {tuple(t.shape)} {t.dtype}, expected "
                    f"({model.layers}, batch, {model.hidden}) floats; {hint}"
                )


def load_run(path: str | Path, device: str | torch.device = "cpu", weights: str = "best") -> Run:
    """Load and validate a run folder. Raises CheckpointError with one clear line.

    weights="best" (the default, for sampling and evaluation) gives the best-validation
    weights where the run has them, else the last; weights="last" gives the weights
    training stopped at, which is what a resumed run must continue from (Trainer
    reloads them itself when handed a "best" Run).
    """
    if weights not in ("best", "last"):
        raise ValueError(f"weights must be 'best' or 'last', not {weights!r}")
    path = resolve_run(path)
    meta = read_run_meta(path)
    try:
        config = TrainConfig.from_dict(meta["config"])
        if not isinstance(meta["vocab"], str):
            raise CheckpointError("vocab must be a string")
        vocab = Vocab(meta["vocab"])
        progress = _progress(meta["progress"])
    except CheckpointError as exc:
        raise CheckpointError(f"{path / RUN_FILE}: {exc}") from None
    except (UserError, TypeError) as exc:
        raise CheckpointError(f"{path / RUN_FILE} is not valid: {exc}") from None
    if not isinstance(meta["corpus"], dict):
        raise CheckpointError(f"{path / RUN_FILE}: corpus must be an object")
    try:
        mixture = HybridEntry.from_json(meta.get("hybrid"))
    except ValueError as exc:
        raise CheckpointError(f"{path / RUN_FILE}: {exc}") from None
    # Compare names, shapes and dtypes on a weightless (meta) model first, so a run.json
    # claiming a huge model costs nothing before the weights file is checked.
    with torch.device("meta"):
        expected = build_model(config, len(vocab)).state_dict()
    # The last weights are checked even when the best are wanted: a folder whose
    # resume point is damaged is refused everywhere, with the same one line.
    tensors = _load_tensors(path / MODEL_FILE)
    _check_weights(path / MODEL_FILE, tensors, expected)
    use_best = weights == "best" and meta.get("best_file") == BEST_FILE and (path / BEST_FILE).exists()
    if use_best:
        tensors = _load_tensors(path / BEST_FILE)
        _check_weights(path / BEST_FILE, tensors, expected)
    with torch.random.fork_rng(devices=[]):  # initialising weights we overwrite must not move the RNG
        model = build_model(config, len(vocab))
    # Bundled runs may store float16 weights (half the wheel); they train and score in float32.
    model.load_state_dict({k: v.float() if v.dtype in HALF_DTYPES else v for k, v in tensors.items()})
    model.to(device)
    extra: dict[str, torch.Tensor] = {}
    if meta.get("optimizer_file") and (path / OPTIMIZER_FILE).exists():
        extra = _load_tensors(path / OPTIMIZER_FILE)
        check_train_state(path / OPTIMIZER_FILE, extra, model)
    parent = meta.get("from")
    if parent is not None and not (isinstance(parent, dict) and isinstance(parent.get("name"), str)):
        raise CheckpointError(f'{path / RUN_FILE}: "from" must be an object with a name')
    return Run(
        path, model, vocab, config, meta["corpus"], progress, extra, "best" if use_best else "last", mixture, parent
    )


def check_resumable(run: Run, vocab: Vocab, sha256: str, config: TrainConfig) -> None:
    """Raise CheckpointError unless `run` can continue on a corpus with this vocabulary
    and text hash under `config`: same text, same architecture."""
    if run.vocab.chars != vocab.chars or run.corpus.get("sha256") not in (None, sha256):
        raise CheckpointError(
            f"run {run.path} was trained on corpus {run.corpus.get('name')!r} with another text; "
            "resume it with the same corpus"
        )
    mine, theirs = config.to_dict(), run.config.to_dict()
    for key in ("embed", "hidden", "layers", "cell", "one_hot", "tie"):
        if mine[key] != theirs[key]:
            raise CheckpointError(f"cannot resume: the run has {key}={theirs[key]}, the settings say {mine[key]}")

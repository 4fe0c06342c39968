"""Run folders: save atomically, load with validation, never unpickle.

models/<run>/
  model.safetensors      weights
  run.json               format version, config, vocab, corpus, progress, losses
  optimizer.safetensors  optimizer moments, LSTM state and RNG state, for true resume
  metrics.jsonl          one event per line
  samples.txt            preview samples
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save

from lstm_tui import __version__
from lstm_tui.core.atomic import atomic_write_bytes, atomic_write_text
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.corpus import Vocab
from lstm_tui.core.model import CharLSTM
from lstm_tui.core.runfiles import (  # noqa: F401  (re-exported: the run folder's vocabulary)
    FORMAT_VERSION,
    METRICS_FILE,
    MODEL_FILE,
    OPTIMIZER_FILE,
    PICKLE_SUFFIXES,
    RUN_FILE,
    SAMPLES_FILE,
    RunProgress,
    list_runs,
    read_metrics,
    read_run_meta,
    read_samples,
)
from lstm_tui.errors import CheckpointError, UserError



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
    )


def _tensors_bytes(tensors: dict[str, torch.Tensor]) -> bytes:
    return save({k: v.detach().cpu().contiguous() for k, v in tensors.items()})


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
) -> None:
    """Write the run folder. Each file goes to a temporary name and is renamed, and
    run.json goes last. A crash between two renames leaves complete files from two
    neighbouring saves, which still load and resume."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path / MODEL_FILE, _tensors_bytes(model.state_dict()))
    if extra is not None:
        atomic_write_bytes(path / OPTIMIZER_FILE, _tensors_bytes(extra))
    if metrics is not None:
        atomic_write_text(path / METRICS_FILE, "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in metrics))
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
        "optimizer_file": OPTIMIZER_FILE if (extra is not None or (path / OPTIMIZER_FILE).exists()) else None,
    }
    atomic_write_text(path / RUN_FILE, json.dumps(meta, ensure_ascii=False, indent=1))


def _load_tensors(file: Path) -> dict[str, torch.Tensor]:
    if not file.exists():
        raise CheckpointError(f"{file} is missing; the run cannot be loaded")
    try:
        return load_file(str(file))
    except (SafetensorError, OSError, ValueError, RuntimeError) as exc:
        raise CheckpointError(f"{file} is damaged or truncated ({str(exc).splitlines()[0]})") from None


def load_run(path: str | Path, device: str | torch.device = "cpu") -> Run:
    """Load and validate a run folder. Raises CheckpointError with one clear line."""
    path = Path(path).expanduser()
    meta = read_run_meta(path)
    try:
        config = TrainConfig.from_dict(meta["config"])
        if not isinstance(meta["vocab"], str):
            raise CheckpointError("vocab must be a string")
        vocab = Vocab(meta["vocab"])
        raw = meta["progress"]
        if not isinstance(raw, dict):
            raise CheckpointError("progress must be an object")
        progress = RunProgress(**raw)
    except CheckpointError as exc:
        raise CheckpointError(f"{path / RUN_FILE}: {exc}") from None
    except (UserError, TypeError) as exc:
        raise CheckpointError(f"{path / RUN_FILE} is not valid: {exc}") from None
    if not isinstance(meta["corpus"], dict):
        raise CheckpointError(f"{path / RUN_FILE}: corpus must be an object")
    # Compare names, shapes and dtypes on a weightless (meta) model first, so a run.json
    # claiming a huge model costs nothing before the weights file is checked.
    with torch.device("meta"):
        expected = build_model(config, len(vocab)).state_dict()
    tensors = _load_tensors(path / MODEL_FILE)
    if set(tensors) != set(expected):
        odd = sorted(set(tensors) ^ set(expected))[:3]
        raise CheckpointError(
            f"{path / MODEL_FILE} does not match run.json's model (unexpected or missing: {', '.join(odd)})"
        )
    for name, want in expected.items():
        got = tensors[name]
        if got.shape != want.shape or got.dtype != want.dtype:
            raise CheckpointError(
                f"{path / MODEL_FILE}: {name} is {tuple(got.shape)} {got.dtype}, expected "
                f"{tuple(want.shape)} {want.dtype} (does the vocabulary match the weights?)"
            )
        if got.is_floating_point() and not bool(torch.isfinite(got).all()):
            raise CheckpointError(f"{path / MODEL_FILE}: {name} holds NaN or infinite weights; the run is unusable")
    model = build_model(config, len(vocab))
    model.load_state_dict(tensors)
    model.to(device)
    extra: dict[str, torch.Tensor] = {}
    if meta.get("optimizer_file") and (path / OPTIMIZER_FILE).exists():
        extra = _load_tensors(path / OPTIMIZER_FILE)
    return Run(path, model, vocab, config, meta["corpus"], progress, extra)

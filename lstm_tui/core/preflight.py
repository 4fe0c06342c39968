"""Checks before a Trainer builds anything: may the run folder be written (and its lock
held), will the model fit in memory, and what a failed allocation means to the user.

They live apart from the training loop so that a run that must not start fails in
seconds, with one line, before torch allocates a thing.
"""

from __future__ import annotations

import os
from pathlib import Path

import torch

from lstm_tui.core import checkpoint as ckpt
from lstm_tui.core.atomic import remove_stale_temp_files
from lstm_tui.core.config import TrainConfig
from lstm_tui.core.runfiles import check_out_folder
from lstm_tui.errors import CheckpointError, ConfigError


def check_writable(out: Path, resuming: Path | None = None) -> ckpt.RunLock:
    """Fail before training, not after, when the run folder cannot or must not be written.

    The folder must be new, empty, lstm-tui's own leftovers only, or the run being
    resumed (runfiles.check_out_folder): files lstm-tui did not write are never touched.
    Returns the folder's lock, held: a second trainer on the same folder is refused
    instead of silently replacing this one's run. Stale temporary files of lstm-tui's
    own (a crash mid-write) are removed once the lock is held; others stay.
    """
    check_out_folder(out, resuming)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CheckpointError(f"cannot create the run folder {out} ({exc.strerror or exc})") from None
    if not os.access(out, os.W_OK):
        raise CheckpointError(f"the run folder {out} is not writable; choose another --out")
    lock = ckpt.RunLock(out).acquire()
    try:
        # again, under the lock: a trainer that finished between the first check and
        # the lock has written run.json by now
        check_out_folder(out, resuming)
    except BaseException:
        lock.release()
        raise
    remove_stale_temp_files(out)
    return lock


def estimate_memory(config: TrainConfig, vocab_size: int) -> tuple[int, int]:
    """(parameters, bytes) a training run of this config needs, roughly.

    Counted on a weightless (meta) model, so even an absurd size costs nothing: the
    weights, their gradients, Adam's two moments, the best-weights copy and the
    last-good snapshot (weights and moments again) make ~8 float32 copies of the
    parameters; activations are ~16 floats per hidden unit, layer and character of a
    batch, plus a block of the fused loss's logits.
    """
    with torch.device("meta"):
        n = sum(p.numel() for p in ckpt.build_model(config, vocab_size).parameters())
    chars = config.batch_size * config.seq_len
    width = max(config.hidden, config.embed if not config.one_hot else vocab_size)
    activations = 4 * chars * (16 * config.hidden * config.layers + width) + 4 * min(chars, 4096) * vocab_size
    return n, 4 * 8 * n + activations + (64 << 20)


def check_memory(config: TrainConfig, vocab_size: int, device: torch.device) -> None:
    """Refuse a model this process cannot hold before building it (an allocation of
    many gigabytes would otherwise end in the kernel's OOM killer or a RuntimeError).

    On the CPU the room is the smallest of free RAM, the cgroup limits and the
    process's own limits (ulimit -v, RLIMIT_DATA): core/memory_limits.py.
    """
    from lstm_tui.core.devices import available_memory
    from lstm_tui.core.memory_limits import cpu_available

    params, need = estimate_memory(config, vocab_size)
    if device.type == "cpu":
        found = cpu_available()
        have, what = found if found is not None else (None, "")
    else:
        have, what = available_memory(device), f"{device.type} memory available"
    if have is not None and need > have:
        raise ConfigError(
            f"this model ({params:,} weights, --hidden {config.hidden} --layers {config.layers}"
            f"{'' if config.one_hot else f' --embed {config.embed}'}, a {vocab_size:,}-character vocabulary) "
            f"needs about {need / 2**30:.1f} GB to train and {what} leaves {have / 2**30:.1f} GB; "
            "choose a smaller --hidden, --layers or --embed"
        )


def remove_if_only_lock(folder: Path) -> None:
    """Undo a run folder this Trainer made and then refused to train into."""
    try:
        if [p.name for p in folder.iterdir()] in ([], [ckpt.LOCK_FILE]):
            (folder / ckpt.LOCK_FILE).unlink(missing_ok=True)
            folder.rmdir()
    except OSError:
        pass


def allocation_error(exc: BaseException, config: TrainConfig | None = None) -> ConfigError | None:
    """A failed allocation as a ConfigError, or None for other errors.

    Without a config (the command line's last resort, cli.py) the message names no
    model settings."""
    text = str(exc)
    if isinstance(exc, MemoryError) or "alloc" in text.lower() or "out of memory" in text.lower():
        model = f" (--hidden {config.hidden} --layers {config.layers})" if config is not None else ""
        return ConfigError(
            f"not enough memory for this model{model}: "
            f"{text.splitlines()[0][:120] if text else 'out of memory'}; choose a smaller model"
        )
    return None
